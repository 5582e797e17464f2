"""Trains a new versioned model, evaluates it, and promotes it only if it passes the quality gate."""

import time
from dataclasses import dataclass
from pathlib import Path

from models import artifact
from models.classifier import ApologyClassifier
from models.labels import LABELS
from models.nlp import describe
from models.scorer import Parser
from training.dataset import Example, data_hash, label_matrix
from training.evaluate import comparison_table, evaluate, read_real_dev, write_report
from training.parse_cache import parse_with_cache

MAX_HEADLINE_DROP = 0.01
MAX_DIMENSION_DROP = 0.03
MIN_PER_CLASS = 5  # cross-validation needs a few of each class in every fold


@dataclass
class TrainResult:
    version: str
    promoted: bool
    decision: str
    report_path: Path
    results: dict
    seconds: float
    parsed: int


def writer(example: Example) -> str:
    """Who wrote a draft ('written:C-b3' -> 'C'); user examples form their own group."""
    batch = example.source.removeprefix("written:")
    return batch.split("-")[0] if batch != example.source else example.source or "unknown"


def gate(candidate: dict, active: dict | None) -> tuple[bool, str]:
    """Promote unless the headline mean drops by more than 0.01 or any dimension by more than 0.03."""
    if active is None:
        return True, "no active model: promoted"
    problems = []
    drop = active["headline_mean"] - candidate["headline_mean"]
    if drop > MAX_HEADLINE_DROP:
        problems.append(f"headline mean macro-F1 drops {drop:.3f} (> {MAX_HEADLINE_DROP})")
    for label in LABELS:
        d = active["dimensions"][label]["macro_f1"] - candidate["dimensions"][label]["macro_f1"]
        if d > MAX_DIMENSION_DROP:
            problems.append(f"{label} macro-F1 drops {d:.3f} (> {MAX_DIMENSION_DROP})")
    if problems:
        return False, "kept as a candidate: " + "; ".join(problems)
    return True, (f"passed the gate: headline mean {candidate['headline_mean']:.3f} "
                  f"vs active {active['headline_mean']:.3f}")


def train(corpus: list[Example], *, models_dir: Path, cache_dir: Path, spacy_model: str | None = None,
          real_dev: Path | None = None, force: bool = False, full: bool = False, extra: list[Example] = (), progress=print,
          bar=None) -> TrainResult:
    """Fit on the train split (+ accepted examples), evaluate on the fixed test split, gate, save."""
    started = time.perf_counter()
    train_set = [e for e in corpus if e.split == "train"] + list(extra)
    test_set = [e for e in corpus if e.split == "test"]
    if not train_set or not test_set:
        raise ValueError("the corpus needs both a train and a test split")
    Y = label_matrix(train_set)
    for j, label in enumerate(LABELS):
        if min(Y[:, j].sum(), len(Y) - Y[:, j].sum()) < MIN_PER_CLASS:
            raise ValueError(f"too little training data: {label} needs at least {MIN_PER_CLASS} flagged and "
                             f"{MIN_PER_CLASS} unflagged examples (has {Y[:, j].sum()} of {len(Y)})")
    dev_set = read_real_dev(real_dev) if real_dev and Path(real_dev).is_file() else []
    parser = Parser(spacy_model)
    every = train_set + test_set + dev_set
    progress(f"parsing {len(every)} drafts with {describe(parser.nlp)} (cached parses are reused)")
    docs, parsed = parse_with_cache(parser.nlp, [e.text for e in every], cache_dir, bar)
    train_docs, test_docs, dev_docs = docs[:len(train_set)], docs[len(train_set):len(train_set) + len(test_set)], docs[len(train_set) + len(test_set):]
    progress(f"parsed {parsed} new drafts; fitting six classifiers on {len(train_set)} training drafts")
    analyses = [a for _, _, a in parser.analyze_docs(train_docs)]
    try:
        active = artifact.load(models_dir, artifact.active_version(models_dir))
    except artifact.ArtifactError as error:
        active = None
        progress(f"no usable active model to compare with or reuse ({error})")
    reuse = active.metadata.get("hyperparameters") if active and not full else None
    progress("reusing the active model's hyperparameters (use --full to search again)" if reuse else
             "searching hyperparameters by cross-validation over writers")
    groups = [writer(e) for e in train_set]
    classifier = ApologyClassifier().fit(analyses, Y, groups=groups, progress=progress, reuse=reuse)

    test_analyses = [a for _, _, a in parser.analyze_docs(test_docs)]
    results = {"test split": evaluate(classifier, test_set, test_analyses)}
    if dev_set:
        results["real_dev"] = evaluate(classifier, dev_set, [a for _, _, a in parser.analyze_docs(dev_docs)])

    active_metrics = evaluate(active.classifier, test_set, test_analyses)["model"] if active else None
    promoted, decision = gate(results["test split"]["model"], active_metrics)
    if not promoted and force:
        promoted, decision = True, "promoted with --force although " + decision.removeprefix("kept as a candidate: ")

    hash_ = data_hash(train_set + test_set)
    version = artifact.new_version(hash_)
    metadata = {
        "data_sha256": hash_, "n_train": len(train_set), "n_test": len(test_set), "n_extra": len(extra),
        "spacy_model": describe(parser.nlp), "thresholds": classifier.thresholds_,
        "hyperparameters": classifier.hyperparameters(), "cv_macro_f1": classifier.cv_scores_, "git_revision": artifact.git_revision(Path(models_dir)),
        "metrics": {name: {k: r[k] for k in ("model", "baseline")} for name, r in results.items()},
        "gate": decision,
    }
    summary = (f"Trained in {time.perf_counter() - started:.1f} s on {len(train_set)} drafts ({parsed} newly parsed). "
               f"Gate: {decision}.")
    path = artifact.save(models_dir, version, classifier, metadata,
                         extras=lambda staging: write_report(staging, version, results, classifier.thresholds_, summary))
    report = path / "report.md"
    seconds = time.perf_counter() - started
    if promoted:
        artifact.promote(models_dir, version)
    for name, result in results.items():
        progress("\n" + comparison_table(name, result))
    progress(f"\nmodel {version}: {decision}\nreport: {report}")
    return TrainResult(version, promoted, decision, report, results, seconds, parsed)

