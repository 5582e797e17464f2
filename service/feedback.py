"""Turns scored drafts into the public result shape (scores, flags, overall, matches, rewrite).

Shared by the JSON API, the server-rendered page and `amends score`, so all three say the same.
"""

from models.evidence import NO_STEP_RULE, model_rule_id
from models.labels import CONTEXTS, HEADLINE, LABELS
from models.rules import PROBLEM_RULES
from models.scorer import Scored, Scorer
from service.errors import ApiError
from service.rewrite import rewrite

MAX_CHARS = 5000
MAX_BATCH = 100
# Weight of each dimension in `overall`: the headline problems cost more.
WEIGHTS = {label: (0.5 if label in HEADLINE else 0.35) for label in LABELS}
RULE_IDS = frozenset([r.rule_id for r in PROBLEM_RULES] + [model_rule_id(label) for label in LABELS] + [NO_STEP_RULE])


def check_text(text, where: str = "text") -> str:
    """The draft as submitted, after checking type and the 1-5,000 character limit (after trimming)."""
    if not isinstance(text, str):
        raise ApiError(400, f"`{where}` must be a string", "invalid_text")
    length = len(text.strip())
    if length == 0:
        raise ApiError(400, f"`{where}` is empty: paste a draft apology", "empty_text")
    if length > MAX_CHARS:
        raise ApiError(413, f"`{where}` has {length} characters; the limit is {MAX_CHARS}", "text_too_long")
    return text


def check_context(context) -> str | None:
    if context is None or context == "":
        return None
    if context not in CONTEXTS:
        raise ApiError(400, f"unknown context {context!r}; use one of: {', '.join(CONTEXTS)}", "invalid_context")
    return context


def check_disabled(disabled) -> frozenset[str]:
    """Dimension keys or rule ids the person switched off; unknown names are an error."""
    if disabled is None:
        return frozenset()
    if not isinstance(disabled, list) or not all(isinstance(d, str) for d in disabled):
        raise ApiError(400, "`disabled` must be a list of dimension keys or rule ids", "invalid_disabled")
    unknown = sorted(set(disabled) - set(LABELS) - RULE_IDS)
    if unknown:
        raise ApiError(400, f"unknown dimension or rule id in `disabled`: {', '.join(unknown)}", "invalid_disabled")
    return frozenset(disabled)


def overall(scores: dict[str, float], enabled: list[str]) -> int:
    """100 x product over enabled dimensions of (1 - weight x probability); documented in docs/api.md."""
    value = 1.0
    for label in enabled:
        value *= 1.0 - WEIGHTS[label] * scores[label]
    return int(round(100 * value))


def build_result(scored: Scored, version: str, disabled: frozenset[str] = frozenset()) -> dict:
    text = scored.doc.text
    flags = {label: bool(scored.flags[label]) and label not in disabled for label in LABELS}
    evidence = [e for e in scored.evidence if e.dimension not in disabled and e.rule_id not in disabled]
    revised, changes, proposals = rewrite(scored.doc, evidence, flags)
    matches = []
    for ev in evidence:
        match = {"offset": ev.start, "length": ev.end - ev.start, "text": text[ev.start:ev.end],
                 "dimension": ev.dimension, "rule_id": ev.rule_id, "message": ev.message, "replacements": []}
        change = proposals.get(ev)
        if change is not None:
            if ev.start <= change.start and change.end <= ev.end:
                match["replacements"] = [text[ev.start:change.start] + change.replacement + text[change.end:ev.end]]
            match["fix"] = {"offset": change.start, "length": change.end - change.start, "replacement": change.replacement}
        matches.append(match)
    enabled = [label for label in LABELS if label not in disabled]
    return {
        "model_version": version,
        "scores": {label: round(scored.scores[label], 4) for label in LABELS},
        "flags": flags,
        "overall": overall(scored.scores, enabled),
        "matches": matches,
        "rewrite": {"text": revised, "changes": [c.as_json(text) for c in changes]},
    }


def score_texts(scorer: Scorer, texts: list[str], disabled: frozenset[str] = frozenset()) -> list[dict]:
    """Score many drafts with one batched spaCy pass."""
    return [build_result(s, scorer.version, disabled) for s in scorer.score_texts(texts)]
