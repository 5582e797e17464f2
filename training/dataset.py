"""Loads labelled examples (the corpus batch files, or any JSONL in the domain.md format)."""

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from models.labels import LABELS


@dataclass(frozen=True)
class Example:
    id: str
    text: str
    labels: tuple[int, ...]  # in LABELS order
    context: str
    source: str
    split: str = "train"
    tags: tuple[str, ...] = field(default=())
    location: str = ""  # file:line, for messages


def read_jsonl(path: Path) -> list[Example]:
    """Read one JSONL file of examples; raises ValueError naming the line on a malformed record."""
    examples = []
    with open(path, encoding="utf-8") as handle:
        for number, line in enumerate(handle, 1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
                examples.append(Example(
                    id=str(record["id"]), text=record["text"],
                    labels=tuple(int(record["labels"][k]) for k in LABELS),
                    context=record.get("context", "other"), source=record.get("source", ""),
                    split=record.get("split", "train"), tags=tuple(record.get("tags", ())),
                    location=f"{path.name}:{number}",
                ))
            except (ValueError, KeyError, TypeError) as error:
                raise ValueError(f"{path}:{number}: {error}") from None
    return examples


def corpus_files(corpus_dir: Path) -> list[Path]:
    return sorted(Path(corpus_dir).glob("*.jsonl"))


def load_corpus(corpus_dir: Path) -> list[Example]:
    return [e for path in corpus_files(corpus_dir) for e in read_jsonl(path)]


def label_matrix(examples: list[Example]) -> np.ndarray:
    return np.array([e.labels for e in examples], dtype=int).reshape(len(examples), len(LABELS))


def data_hash(examples: list[Example]) -> str:
    """Hash of the exact training data (ids, texts, labels, splits), recorded in every artifact."""
    digest = hashlib.sha256()
    for e in sorted(examples, key=lambda e: e.id):
        digest.update(json.dumps([e.id, e.text, e.labels, e.split]).encode())
    return digest.hexdigest()
