"""`amends data check`: schema, duplicates, balance, lengths and split of the labelled corpus."""

import json
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.metrics import roc_auc_score

from models.labels import CONTEXTS, HEADLINE, LABELS
from training.dataset import corpus_files

LENGTH_SHORTCUT = 0.15  # how far from 0.5 the ROC AUC of word count alone may be for a headline label
NEAR_DUPLICATE = 0.85  # cosine similarity of binary character 3-5-gram vectors (close to Jaccard overlap)
MIN_TEST = 400
MAX_TEXT = 5000
SENTENCE_END = re.compile(r"[.!?]+(?:\s|$)")


@dataclass
class Record:
    id: str
    text: str
    labels: dict
    context: str
    split: str
    tags: list
    where: str


@dataclass
class Report:
    records: list[Record] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    targets: list[tuple[str, bool]] = field(default_factory=list)

    def render(self) -> str:
        lines = [f"{len(self.records)} records"]
        lines += tables(self.records) if self.records else []
        lines += ["", "Corpus targets:"] + [f"  [{'ok' if ok else 'MISSED'}] {what}" for what, ok in self.targets]
        if self.errors:
            lines += ["", f"{len(self.errors)} errors:"] + [f"  {e}" for e in self.errors]
        else:
            lines += ["", "no errors"]
        return "\n".join(lines)


def check_fields(r: dict, where: str) -> list[str]:
    """The checks every labelled example must pass, wherever it comes from (domain.md format)."""
    problems = []
    text = r.get("text")
    if not isinstance(text, str) or not text.strip():
        problems.append(f"{where}: missing or empty `text`")
    elif len(text.strip()) > MAX_TEXT:
        problems.append(f"{where}: `text` has {len(text.strip())} characters (limit {MAX_TEXT})")
    labels = r.get("labels")
    if not isinstance(labels, dict) or set(labels) != set(LABELS):
        problems.append(f"{where}: `labels` must have exactly the six keys {', '.join(LABELS)}")
    elif any(v not in (0, 1) or isinstance(v, bool) for v in labels.values()):
        problems.append(f"{where}: every label must be 0 or 1")
    if r.get("context") not in CONTEXTS:
        problems.append(f"{where}: unknown context {r.get('context')!r}")
    return problems


def check_record(raw: str, where: str) -> tuple[Record | None, list[str]]:
    """Parse and check one JSONL line against the domain.md format."""
    try:
        r = json.loads(raw)
    except ValueError as error:
        return None, [f"{where}: not valid JSON ({error.msg})"]
    if not isinstance(r, dict):
        return None, [f"{where}: a record must be a JSON object"]
    problems = check_fields(r, where)
    if not isinstance(r.get("id"), str) or not r["id"]:
        problems.append(f"{where}: missing or empty `id`")
    if r.get("split") not in ("train", "test"):
        problems.append(f"{where}: `split` must be 'train' or 'test'")
    if not isinstance(r.get("source"), str):
        problems.append(f"{where}: missing `source`")
    if problems:
        return None, problems
    return Record(r["id"], r["text"], r["labels"], r["context"], r["split"], list(r.get("tags", [])), where), []


def sentences(text: str) -> int:
    return max(1, len(SENTENCE_END.findall(text.strip() + " ")))


def near_duplicates(records: list[Record]) -> list[tuple[Record, Record, float]]:
    """Pairs whose character n-gram TF-IDF cosine is at least NEAR_DUPLICATE."""
    if len(records) < 2:
        return []
    X = TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5), lowercase=True, use_idf=False, binary=True,
                        dtype=np.float32).fit_transform([r.text for r in records])
    sims = (X @ X.T).tocsr()  # nearly every pair shares some n-gram: drop the far ones before anything else
    sims.data[sims.data < NEAR_DUPLICATE] = 0
    sims.eliminate_zeros()
    sims = sparse.triu(sims, k=1).tocoo()
    return [(records[i], records[j], float(s)) for i, j, s in zip(sims.row, sims.col, sims.data)]


def tables(records: list[Record]) -> list[str]:
    """Balance per dimension, per context, lengths and split, as Markdown tables."""
    n = len(records)
    lines = ["", "| dimension | positives | share |", "|---|---|---|"]
    for label in LABELS:
        k = sum(r.labels[label] for r in records)
        lines.append(f"| {label} | {k} | {k / n:.1%} |")
    clean = sum(not any(r.labels.values()) for r in records)
    lines.append(f"| (no flag at all) | {clean} | {clean / n:.1%} |")
    lines += ["", "| context | drafts | share | " + " | ".join(LABELS) + " |", "|---|---|---|" + "---|" * len(LABELS)]
    for context in CONTEXTS:
        rows = [r for r in records if r.context == context]
        if rows:
            shares = " | ".join(f"{sum(r.labels[label] for r in rows) / len(rows):.0%}" for label in LABELS)
            lines.append(f"| {context} | {len(rows)} | {len(rows) / n:.1%} | {shares} |")
    lengths = [sentences(r.text) for r in records]
    words = [len(r.text.split()) for r in records]
    lines += ["", "| length | drafts | share |", "|---|---|---|"]
    for name, test in (("1 sentence or less", lambda s: s < 2), ("2-4 sentences", lambda s: 2 <= s <= 4), ("5+ sentences", lambda s: s > 4)):
        k = sum(test(s) for s in lengths)
        lines.append(f"| {name} | {k} | {k / n:.1%} |")
    lines.append(f"\nwords per draft: median {int(np.median(words))}, min {min(words)}, max {max(words)}")
    split = Counter(r.split for r in records)
    hard = sum(any(t.startswith("hard:") for t in r.tags) for r in records)
    lines.append(f"split: train {split['train']}, test {split['test']}; hard cases: {hard}")
    return lines


def length_aucs(records: list[Record]) -> dict[str, float]:
    """Per headline label, how well word count alone ranks flagged above unflagged drafts.

    0.5 means length says nothing. Far from it, a model learns the shortcut "long means good"
    (or bad) instead of reading the apology, and real drafts do not follow the shortcut.
    """
    words = [len(r.text.split()) for r in records]
    return {label: float(roc_auc_score([r.labels[label] for r in records], words))
            for label in HEADLINE if len({r.labels[label] for r in records}) == 2}


def corpus_targets(records: list[Record]) -> list[tuple[str, bool]]:
    n = max(len(records), 1)
    pos = {label: sum(r.labels[label] for r in records) for label in LABELS}
    contexts = Counter(r.context for r in records)
    lengths = [sentences(r.text) for r in records]
    aucs = length_aucs(records)
    return [
        (f"at least 2,000 drafts ({len(records)})", len(records) >= 2000),
        (f"no context under 8% (smallest {min(contexts.values(), default=0) / n:.1%})", all(contexts[c] / n >= 0.08 for c in CONTEXTS)),
        ("headline dimensions at least 25% positive", all(pos[label] / n >= 0.25 for label in LABELS[:3])),
        ("at least 150 positives for minimizing, self_focus, forgiveness_pressure", all(pos[label] >= 150 for label in LABELS[3:])),
        ("at least 15% with no flag", sum(not any(r.labels.values()) for r in records) / n >= 0.15),
        ("at least 20% over 4 sentences", sum(s > 4 for s in lengths) / n >= 0.20),
        ("at least 15% under 2 sentences", sum(s < 2 for s in lengths) / n >= 0.15),
        ("at least 300 hard cases", sum(any(t.startswith("hard:") for t in r.tags) for r in records) >= 300),
        ("length is no shortcut: word-count ROC AUC within 0.5 ± 0.15 for each headline label ("
         + ", ".join(f"{label} {auc:.2f}" for label, auc in aucs.items()) + ")",
         all(abs(auc - 0.5) <= LENGTH_SHORTCUT for auc in aucs.values())),
        (f"at least {MIN_TEST} test drafts", sum(r.split == "test" for r in records) >= MIN_TEST),
    ]


def validate_corpus(corpus_dir: Path, duplicates: bool = True) -> Report:
    """Every check of `amends data check`. `duplicates=False` skips the near-duplicate search: it
    compares every pair of drafts (seconds on the shipped corpus), and a near duplicate is a
    curation problem, not one that makes training go wrong."""
    report = Report()
    files = corpus_files(corpus_dir)
    if not files:
        report.errors.append(f"{corpus_dir}: no .jsonl files")
        return report
    seen: dict[str, str] = {}
    for path in files:
        split_of_batch = set()
        try:
            lines = path.read_text(encoding="utf-8").splitlines()
        except UnicodeDecodeError as error:
            report.errors.append(f"{path.name}: not UTF-8 ({error})")
            continue
        for number, raw in enumerate(lines, 1):
            if not raw.strip():
                continue
            record, problems = check_record(raw, f"{path.name}:{number}")
            report.errors += problems
            if record is None:
                continue
            if record.id in seen:
                report.errors.append(f"{record.where}: duplicate id {record.id!r} (first at {seen[record.id]})")
            seen[record.id] = record.where
            split_of_batch.add(record.split)
            report.records.append(record)
        if len(split_of_batch) > 1:
            report.errors.append(f"{path.name}: a batch file must be wholly train or wholly test")
    for a, b, similarity in near_duplicates(report.records) if duplicates else ():
        kind = "exact duplicate" if similarity > 0.999 else f"near duplicate (similarity {similarity:.2f})"
        report.errors.append(f"{b.where}: {kind} of {a.where} ({b.id} ~ {a.id})")
    report.targets = corpus_targets(report.records)
    return report
