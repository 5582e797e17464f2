"""Scores drafts: one spaCy parse per draft feeds the rules, the classifiers and the evidence."""

from dataclasses import dataclass

import numpy as np
from spacy.tokens import Doc

from models.artifact import Artifact
from models.evidence import Evidence, find_evidence
from models.featurizer import Analysis, analyze
from models.labels import LABELS
from models.nlp import load_nlp
from models.parsed import Parsed
from models.rules import Hit, RuleSet


@dataclass
class Scored:
    """Everything the service needs about one draft, computed from a single parse."""

    doc: Doc
    hits: list[Hit]
    scores: dict[str, float]
    flags: dict[str, bool]
    evidence: list[Evidence]


class Parser:
    """The spaCy pipeline plus the rule matcher built on its vocabulary."""

    def __init__(self, spacy_model: str | None = None):
        self.nlp = load_nlp(spacy_model)
        self.rules = RuleSet()

    def analyze_docs(self, docs) -> list[tuple[Doc, list[Hit], Analysis]]:
        out = []
        for doc in docs:
            parsed = Parsed(doc)
            hits = self.rules.find(doc, parsed)
            out.append((doc, hits, analyze(doc, hits, parsed)))
        return out

    def analyze_texts(self, texts: list[str], batch_size: int = 32):
        """Parse with spaCy's batched `nlp.pipe` (a lone draft skips the batching machinery)."""
        docs = [self.nlp(texts[0])] if len(texts) == 1 else self.nlp.pipe(texts, batch_size=batch_size)
        return self.analyze_docs(docs)


class Scorer:
    """A loaded model artifact bound to a parser; immutable, so it can be swapped atomically."""

    def __init__(self, artifact: Artifact, parser: Parser):
        self.artifact = artifact
        self.parser = parser
        self.version = artifact.version
        self.thresholds = artifact.classifier.thresholds_

    def score_texts(self, texts: list[str]) -> list[Scored]:
        analyzed = self.parser.analyze_texts(texts)
        if not analyzed:
            return []
        proba = self.artifact.classifier.predict_proba([a for _, _, a in analyzed])
        results = []
        for (doc, hits, analysis), row in zip(analyzed, proba):
            scores = {label: float(np.clip(p, 0.0, 1.0)) for label, p in zip(LABELS, row)}
            flags = {label: scores[label] >= self.thresholds[label] for label in LABELS}
            evidence = find_evidence(doc, hits, flags, analysis, self.artifact.classifier)
            results.append(Scored(doc, hits, scores, flags, evidence))
        return results
