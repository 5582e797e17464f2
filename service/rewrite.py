"""Rewrite suggestions built on the spaCy parse: one replacement per problem span, one revised draft.

Every edit works on token boundaries of the parsed draft (never a blind string replace), and
only touches sentences that carry a flagged problem, so names, numbers, dates and concrete
steps in the other sentences survive untouched. Placeholders are in square brackets.
"""

import re
from dataclasses import dataclass

from spacy.tokens import Doc, Span

from models.evidence import NO_STEP_RULE, Evidence
from models.rules import APOLOGY_WORDS, RULES_BY_ID

ACT_PLACEHOLDER = "[what you did and how it affected them]"
STEP_PLACEHOLDER = "[a specific step you will take] by [when]"
FEELING_SENTENCE = "I feel awful about what I did."
IRREGULAR_PAST = {
    "broken": "broke", "taken": "took", "given": "gave", "written": "wrote", "forgotten": "forgot",
    "done": "did", "seen": "saw", "shown": "showed", "hidden": "hid", "eaten": "ate", "chosen": "chose",
    "driven": "drove", "spoken": "spoke", "stolen": "stole", "thrown": "threw", "known": "knew",
    "gotten": "got", "begun": "began", "drawn": "drew", "fallen": "fell", "mistaken": "mistook",
    "overtaken": "overtook", "withdrawn": "withdrew", "undone": "undid", "shaken": "shook",
}


@dataclass(frozen=True)
class Change:
    """One edit of the draft: replace text[start:end] with `replacement`."""

    start: int
    end: int
    replacement: str
    rule_id: str
    dimension: str
    reason: str

    def as_json(self, text: str) -> dict:
        return {"offset": self.start, "length": self.end - self.start, "original": text[self.start:self.end],
                "replacement": self.replacement, "rule_id": self.rule_id, "dimension": self.dimension,
                "reason": self.reason}


def _span_at(doc: Doc, ev: Evidence) -> Span | None:
    return doc.char_span(ev.start, ev.end, alignment_mode="expand")


def _sentence_edit(span: Span) -> tuple[int, int]:
    """Characters of the whole sentence holding `span`, with its trailing space."""
    sent = span.sent
    end = sent.end_char
    text = span.doc.text
    while end < len(text) and text[end] in " \t":
        end += 1
    return sent.start_char, end


def _clause_edit(span: Span) -> tuple[int, int]:
    """Characters of the smallest clause around `span` that is not the apology itself.

    When the sentence holds no apology word the whole sentence goes; otherwise only the clause
    headed by the verb above the span, with the comma or conjunction that joins it.
    """
    sent = span.sent
    if not _has_apology(sent):
        return _sentence_edit(span)
    head = span.root
    while head.head.i != head.i and head.dep_ not in ("conj", "advcl", "ccomp", "parataxis"):
        head = head.head
    if any(t.lower_ in APOLOGY_WORDS for t in head.subtree) or head.dep_ == "ROOT":
        return span.start_char, span.end_char
    tokens = list(head.subtree)
    while len(tokens) > 1 and tokens[-1].is_punct:  # the sentence keeps its full stop
        tokens.pop()
    start, end = tokens[0].i, tokens[-1].i + 1
    doc = span.doc
    while start > sent.start and (doc[start - 1].is_punct or doc[start - 1].dep_ in ("cc", "mark")):
        start -= 1
    return doc[start].idx, doc[end - 1].idx + len(doc[end - 1])


def _apology_clause(span: Span) -> tuple[int, int, Span]:
    """From the apology word to the end of the clause the hit governs ('sorry if you were offended by X')."""
    doc = span.doc
    apology = next((t for t in span if t.lower_ in APOLOGY_WORDS), None) or next(
        (t for t in span.sent if t.lower_ in APOLOGY_WORDS and t.i <= span.start), None)
    if apology is None:
        return span.start_char, span.end_char, span
    last = span.end - 1
    for token in span:
        if token.dep_ in ("mark", "nsubj", "nsubjpass") and token.head.i > apology.i:
            last = max(last, max(t.i for t in token.head.subtree))
    last = min(last, span.sent.end - 1)
    while last > apology.i and doc[last].is_punct:
        last -= 1
    return apology.idx, doc[last].idx + len(doc[last]), doc[apology.i:last + 1]


def _named_act(clause: Span) -> str | None:
    """The writer's own words for the act, if the clause names one ('my joke about your accent')."""
    for token in clause:
        if token.lower_ in ("my", "our") and token.head.pos_ == "NOUN":
            words = list(token.head.subtree)
            return clause.doc[words[0].i:words[-1].i + 1].text
    return None


def _writer(doc: Doc) -> tuple[str, str]:
    """'I' or 'we', whichever the draft speaks as."""
    we = sum(t.lower_ in ("we", "our", "us") for t in doc)
    me = sum(t.lower_ in ("i", "my", "me") for t in doc)
    return ("we", "We") if we > me else ("I", "I")


def _own(span: Span) -> tuple[int, int, str]:
    start, end, clause = _apology_clause(span)
    act = _named_act(clause)
    word = clause[0].text
    if act:
        return start, end, f"{word} for {act}"
    subject = _writer(span.doc)[0]
    return start, end, f"{word} that {subject} {ACT_PLACEHOLDER}"


def _activate(span: Span) -> tuple[int, int, str] | None:
    """'Mistakes were made' -> 'I made mistakes' (or 'we', as the draft speaks).

    A negated passive ('the data was not encrypted') is left alone: turning it around needs the
    verb's base form, which the pipeline (without its lemmatizer) does not give.
    """
    verb = span[-1]
    if any(c.dep_ == "neg" for c in verb.children):
        return None
    subject_words = [t for t in span.doc[span.start:verb.i] if t.dep_ not in ("auxpass", "aux")]
    obj = span.doc[subject_words[0].i:subject_words[-1].i + 1].text if subject_words else "it"
    if subject_words and subject_words[0].is_sent_start and subject_words[0].pos_ != "PROPN":
        obj = obj[0].lower() + obj[1:]
    lower, upper = _writer(span.doc)
    who = upper if span[0].is_sent_start else lower
    return span.start_char, span.end_char, f"{who} {IRREGULAR_PAST.get(verb.lower_, verb.text)} {obj}"


def _step_hint(doc: Doc) -> str:
    """A hint for the commitment: the thing the first apology sentence is about, if it names one."""
    sent = next((s for s in doc.sents if _has_apology(s)), None)
    chunks = [c for c in (sent.noun_chunks if sent is not None else ())
              if c.root.pos_ == "NOUN" and c[0].lower_ in ("your", "the", "our", "my") and c.root.dep_ in ("dobj", "pobj")]
    chunks.sort(key=lambda c: c.root.dep_ != "dobj")  # what the apology verb acts on comes first
    return f"[a specific step you will take about {chunks[0].text}] by [when]" if chunks else STEP_PLACEHOLDER


def plan_change(doc: Doc, ev: Evidence) -> Change | None:
    """The edit that fixes one piece of evidence, or None where only the person can fix it."""
    span = _span_at(doc, ev)
    if span is None:
        return None
    fix = RULES_BY_ID[ev.rule_id].fix if ev.rule_id in RULES_BY_ID else None
    if fix == "own":
        start, end, text = _own(span)
        return Change(start, end, text, ev.rule_id, ev.dimension, "Own the act directly instead of their reaction or a condition.")
    if fix == "drop_clause":
        start, end = _clause_edit(span)
        return Change(start, end, "", ev.rule_id, ev.dimension, "Removed the excuse; if you want to explain, do it after you have owned the act.")
    if fix == "activate":
        active = _activate(span)
        return Change(*active, ev.rule_id, ev.dimension, "Say who did it.") if active else None
    if fix == "placeholder":
        return _placeholder(span, ev)
    if fix in ("drop_sentence", "trim") and ev.dimension != "self_focus":
        start, end = _clause_edit(span)
        return Change(start, end, "", ev.rule_id, ev.dimension, REASONS[ev.dimension])
    if fix is None and ev.dimension in ("minimizing", "forgiveness_pressure", "blame_shifting") and not _has_apology(span.sent):
        start, end = _sentence_edit(span)  # words the model weighs: only a whole non-apology sentence goes
        return Change(start, end, "", ev.rule_id, ev.dimension, REASONS[ev.dimension])
    return None


def _has_apology(sent: Span) -> bool:
    return any(t.lower_ in APOLOGY_WORDS for t in sent)


def _placeholder(span: Span, ev: Evidence) -> Change:
    """Swap a boilerplate object ('any inconvenience', 'everything') for what to name."""
    preps = [t for t in span if t.lower_ in ("for", "about") and t.i + 1 < span.end]
    if preps:
        return Change(span.doc[preps[0].i + 1].idx, span.end_char, ACT_PLACEHOLDER, ev.rule_id, ev.dimension, REASONS["generic"])
    # A stock phrase with no object ("my bad", "we hear you") becomes a whole apology for the act.
    subject = "We are" if _writer(span.doc)[0] == "we" else "I'm"
    opening = subject if span[0].is_sent_start or subject == "I'm" else "we are"
    return Change(span.start_char, span.end_char, f"{opening} sorry for {ACT_PLACEHOLDER}", ev.rule_id, ev.dimension, REASONS["generic"])


REASONS = {
    "minimizing": "Removed: it plays down the harm. Let them judge how big it was.",
    "forgiveness_pressure": "Removed: it pushes them to forgive on your timeline.",
    "self_focus": "Cut to one honest sentence, so they do not have to comfort you.",
    "blame_shifting": "Removed the excuse.",
    "generic": "Name the specific act and its impact.",
    "missing_steps": "Add a concrete step and when.",
}


def _name_the_act(doc: Doc) -> Change:
    """A generic draft with no boilerplate phrase to swap: ask for the act after the first apology."""
    sent = next((s for s in doc.sents if _has_apology(s)), next(doc.sents))
    subject = "We are" if _writer(doc)[0] == "we" else "I'm"
    end = sent.end_char
    return Change(end, end, f" {subject} sorry for {ACT_PLACEHOLDER}.", "GEN_BOILERPLATE", "generic", REASONS["generic"])


def _non_overlapping(changes: list[Change]) -> list[Change]:
    """Keep the first of overlapping edits (merging overlapping removals); insertions always survive,
    moved to the end of an edit they would fall inside."""
    kept, inserts = [], [c for c in changes if c.start == c.end]
    edits = sorted((c for c in changes if c.start < c.end), key=lambda c: (c.start, -(c.end - c.start)))
    for change in edits:
        if kept and change.start < kept[-1].end:
            if change.end > kept[-1].end and not change.replacement and not kept[-1].replacement:
                kept[-1] = Change(kept[-1].start, change.end, "", kept[-1].rule_id, kept[-1].dimension, kept[-1].reason)
            elif change.rule_id == NO_STEP_RULE:  # the commitment sentence is kept beside the edit
                inserts.append(Change(kept[-1].end, kept[-1].end, change.replacement, change.rule_id, change.dimension, change.reason))
            continue
        kept.append(change)
    for insert in inserts:
        inside = next((k for k in kept if k.start < insert.start < k.end), None)
        position = inside.end if inside else insert.start
        kept.append(Change(position, position, insert.replacement, insert.rule_id, insert.dimension, insert.reason))
    return sorted(kept, key=lambda c: (c.start, c.end))


def rewrite(doc: Doc, evidence: list[Evidence], flags: dict[str, bool]) -> tuple[str, list[Change], dict[Evidence, Change]]:
    """The revised draft, the changes applied, and the change proposed for each piece of evidence."""
    proposals = {ev: plan_change(doc, ev) for ev in evidence}
    if flags.get("self_focus"):
        proposals.update(_self_focus_changes(doc, [ev for ev in evidence if ev.dimension == "self_focus"]))
    if flags.get("missing_steps"):
        commitment = _commitment(doc, evidence)
        owner = next((ev for ev in evidence if ev.rule_id == "MS_VAGUE_PROMISE" and commitment.start < commitment.end), None) or next(
            (ev for ev in evidence if ev.rule_id == NO_STEP_RULE), None)
        proposals[owner or Evidence(commitment.start, commitment.end, "missing_steps", NO_STEP_RULE, "")] = commitment
    changes = [c for c in proposals.values() if c]
    if flags.get("generic") and not any(c.dimension == "generic" for c in changes):
        changes.append(_name_the_act(doc))
    changes = _non_overlapping(changes)
    text = doc.text
    for change in sorted(changes, key=lambda c: (c.start, c.end), reverse=True):  # removals before insertions at a seam
        text = text[:change.start] + change.replacement + text[change.end:]
    return _tidy(text), changes, {ev: c for ev, c in proposals.items() if c}


def _commitment(doc: Doc, evidence: list[Evidence]) -> Change:
    """The step template: in place of the first vague promise, or appended at the end."""
    step = f"{_writer(doc)[1]} will {_step_hint(doc)}."
    vague = [ev for ev in evidence if ev.rule_id == "MS_VAGUE_PROMISE"]
    span = _span_at(doc, vague[0]) if vague else None
    if span is not None and not _has_apology(span.sent):
        start, end = _sentence_edit(span)
        return Change(start, end, step + " ", NO_STEP_RULE, "missing_steps", "Say what you will do and by when, instead of a promise nobody can check.")
    end = len(doc.text.rstrip())
    glue = " " if doc.text[:end].endswith((".", "!", "?")) else ". "
    return Change(end, end, glue + step, NO_STEP_RULE, "missing_steps", "Add a concrete step and when.")


SELF_WORDS = frozenset(
    "awful terrible horrible ashamed guilty sick devastated miserable heartbroken gutted broken embarrassed worthless "
    "crying cry cried tears sleep slept hate mess failure wreck anxiety anxious hardest hard panic deserve pathetic "
    "spiralling spiraling breaking worst useless stupid".split()
)


def _self_focus_changes(doc: Doc, evidence: list[Evidence]) -> dict:
    """Cut the writer's own suffering to one honest sentence: the first such sentence becomes it, the rest go."""
    flagged = {span.sent.start for span in map(lambda ev: _span_at(doc, ev), evidence) if span is not None}
    sentences = [s for s in doc.sents if not _has_apology(s) and (s.start in flagged or (
        any(t.lower_ in ("i", "me", "my", "myself") for t in s) and any(t.lower_ in SELF_WORDS for t in s)))]
    changes = {}
    for k, sent in enumerate(sentences):
        start, end = _sentence_edit(sent)
        replacement = FEELING_SENTENCE + " " if k == 0 else ""
        key = next((ev for ev in evidence if start <= ev.start < end), Evidence(start, end, "self_focus", "SF_SELF_PUNISHMENT", ""))
        changes[key] = Change(start, end, replacement, "SF_SELF_PUNISHMENT", "self_focus", REASONS["self_focus"])
    return changes


def _tidy(text: str) -> str:
    """Fix the seams edits leave: doubled spaces, space before punctuation, stray commas."""
    text = re.sub(r"[ \t]{2,}", " ", text)
    text = re.sub(r" +([,.!?;:])", r"\1", text)
    text = re.sub(r"([,;:])\s*([.!?])", r"\2", text)
    text = re.sub(r"^\s*[,;:]\s*", "", text)
    return text.strip()
