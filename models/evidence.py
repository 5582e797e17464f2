"""The spans that drove each flagged dimension: rule hits first, then the model's strongest n-grams."""

from dataclasses import dataclass

from spacy.tokens import Doc

from models.featurizer import DELEX, Analysis
from models.labels import LABELS, TITLES
from models.rules import APOLOGY_WORDS, RULES_BY_ID, Hit

NO_STEP_RULE = "MS_NO_CONCRETE_STEP"
NO_STEP_MESSAGE = "No concrete repair or prevention step: add what you will do (or did) and by when."


def model_rule_id(label: str) -> str:
    """Stable id for evidence found by the classifier's n-gram weights, e.g. MODEL_GENERIC."""
    return "MODEL_" + label.upper()


@dataclass(frozen=True)
class Evidence:
    start: int
    end: int
    dimension: str
    rule_id: str
    message: str


def _locate(doc: Doc, ngram: str) -> tuple[int, int] | None:
    """Character span of the first token sequence that spells `ngram` as the featurizer wrote it."""
    words = ngram.split()
    tokens = [t for t in doc if not t.is_space]
    forms = [DELEX.get(t.pos_, t.lower_) for t in tokens]
    for i in range(len(tokens) - len(words) + 1):
        if forms[i:i + len(words)] == words:
            return tokens[i].idx, tokens[i + len(words) - 1].idx + len(tokens[i + len(words) - 1])
    return None


def _anchor(doc: Doc) -> tuple[int, int]:
    """Where a 'missing' problem is pinned: the first apology word, else the first sentence."""
    for token in doc:
        if token.lower_ in APOLOGY_WORDS:
            return token.idx, token.idx + len(token)
    first = next(doc.sents)
    return first.start_char, first.end_char


def _outermost(hits: list[Hit]) -> list[Hit]:
    """Drop hits lying inside another hit of the same dimension: one problem, one suggestion."""
    return [h for h in hits if not any(o is not h and o.start <= h.start and h.end <= o.end and (o.end - o.start) > (h.end - h.start) for o in hits)]


def find_evidence(doc: Doc, hits: list[Hit], flags: dict[str, bool], analysis: Analysis, classifier) -> list[Evidence]:
    evidence = []
    unexplained = [k for k in LABELS if flags[k] and k != "missing_steps" and not any(h.dimension == k for h in hits)]
    ngrams = classifier.top_ngrams(analysis, unexplained, k=8) if unexplained else {}
    for label in LABELS:
        if not flags[label]:
            continue
        own = _outermost([h for h in hits if h.dimension == label])
        evidence += [Evidence(h.start, h.end, label, h.rule_id, RULES_BY_ID[h.rule_id].message) for h in own]
        if own:
            continue
        if label == "missing_steps":
            start, end = _anchor(doc)
            evidence.append(Evidence(start, end, label, NO_STEP_RULE, NO_STEP_MESSAGE))
            continue
        found = []
        for ngram in ngrams[label]:
            if all(doc.vocab[w].is_stop or not w.isalpha() for w in ngram.split()):
                continue  # "i am" explains nothing to a person
            span = _locate(doc, ngram)
            if span and not any(s < span[1] and span[0] < e for s, e in found) and len(found) < 2:
                found.append(span)
                message = f"These words weigh most toward '{TITLES[label]}' in the model: {EXPLAINED[label]}"
                evidence.append(Evidence(span[0], span[1], label, model_rule_id(label), message))
    return sorted(evidence, key=lambda e: (e.start, e.end))


EXPLAINED = {
    "blame_shifting": "check that nothing here moves responsibility off you.",
    "generic": "say what you actually did instead.",
    "missing_steps": "add a concrete step and a time.",
    "minimizing": "let them judge how big the harm was.",
    "self_focus": "keep the focus on them, not on how bad you feel.",
    "forgiveness_pressure": "let them take the time they need.",
}
