"""Measures a model beside the keyword baseline on the test split and on real apologies."""

import json
from pathlib import Path

import numpy as np
from sklearn.metrics import brier_score_loss, confusion_matrix, precision_recall_fscore_support, roc_auc_score

from models.featurizer import Analysis
from models.labels import HEADLINE, LABELS
from models.metrics import macro_f1
from training import baseline
from training.dataset import Example, label_matrix


def read_real_dev(path: Path) -> list[Example]:
    """The held-out real apologies (measurement only; their `context` is free text)."""
    examples = []
    for number, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), 1):
        if line.strip():
            record = json.loads(line)
            examples.append(Example(record["id"], record["text"], tuple(int(record["labels"][k]) for k in LABELS),
                                    "other", record.get("source", ""), "real_dev", (), f"real_dev:{number}"))
    return examples


def dimension_metrics(y_true: np.ndarray, y_pred: np.ndarray, proba: np.ndarray | None) -> dict:
    precision, recall, f1, support = precision_recall_fscore_support(y_true, y_pred, labels=[0, 1], zero_division=0)
    both_classes = len(set(y_true.tolist())) == 2
    return {
        "macro_f1": macro_f1(y_true, y_pred),
        "precision": [float(p) for p in precision], "recall": [float(r) for r in recall],
        "f1": [float(x) for x in f1], "support": [int(s) for s in support],
        "roc_auc": float(roc_auc_score(y_true, proba)) if both_classes and proba is not None else None,
        "brier": float(brier_score_loss(y_true, proba)) if proba is not None else None,
        "confusion": confusion_matrix(y_true, y_pred, labels=[0, 1]).tolist(),
    }


def score_set(Y: np.ndarray, pred: np.ndarray, proba: np.ndarray | None) -> dict:
    per = {label: dimension_metrics(Y[:, j], pred[:, j], None if proba is None else proba[:, j]) for j, label in enumerate(LABELS)}
    return {"dimensions": per, "headline_mean": float(np.mean([per[label]["macro_f1"] for label in HEADLINE])), "n": int(len(Y))}


def evaluate(classifier, examples: list[Example], analyses: list[Analysis]) -> dict:
    """Model and baseline metrics on one set, from its analysed drafts (analyse once, score any model)."""
    texts = [e.text for e in examples]
    proba = classifier.predict_proba(analyses)
    thresholds = np.array([classifier.thresholds_[label] for label in LABELS])
    Y = label_matrix(examples)
    return {
        "model": score_set(Y, (proba >= thresholds).astype(int), proba),
        "baseline": score_set(Y, baseline.predict(texts), None),
        "proba": proba.tolist(),
        "labels": Y.tolist(),
        "thresholds": thresholds.tolist(),
        "words": [len(text.split()) for text in texts],
    }


def comparison_table(name: str, result: dict) -> str:
    """Markdown: model vs baseline macro-F1 per dimension, with AUC and Brier of the model."""
    rows = [f"### {name} (n={result['model']['n']})", "",
            "| dimension | positives | model macro-F1 | baseline macro-F1 | model ROC AUC | model Brier |", "|---|---|---|---|---|---|"]
    for label in LABELS:
        m, b = result["model"]["dimensions"][label], result["baseline"]["dimensions"][label]
        auc = "n/a" if m["roc_auc"] is None else f"{m['roc_auc']:.3f}"
        rows.append(f"| {label} | {m['support'][1]} | {m['macro_f1']:.3f} | {b['macro_f1']:.3f} | {auc} | {m['brier']:.3f} |")
    rows.append(f"| **headline mean** | | **{result['model']['headline_mean']:.3f}** | **{result['baseline']['headline_mean']:.3f}** | | |")
    return "\n".join(rows)


LENGTH_BANDS = (("short (under 30 words)", 0, 30), ("medium (30-89)", 30, 90), ("long (90 and over)", 90, 10**9))


def length_table(result: dict) -> str:
    """Headline macro-F1 per length band: a model that learned "long means good" fails the long band."""
    proba, Y, words = np.array(result["proba"]), np.array(result["labels"]), np.array(result["words"])
    thresholds = np.array(result["thresholds"])
    rows = ["| length | drafts | " + " | ".join(HEADLINE) + " |", "|---|---|" + "---|" * len(HEADLINE)]
    for name, low, high in LENGTH_BANDS:
        band = (words >= low) & (words < high)
        if band.any():
            cells = [f"{macro_f1(Y[band, j], proba[band, j] >= thresholds[j]):.3f}" for j in range(len(HEADLINE))]
            rows.append(f"| {name} | {int(band.sum())} | " + " | ".join(cells) + " |")
    return "\n".join(rows)


def detail_table(result: dict) -> str:
    rows = ["| dimension | P(not) | R(not) | F1(not) | P(flag) | R(flag) | F1(flag) | confusion [[tn, fp], [fn, tp]] |", "|---|---|---|---|---|---|---|---|"]
    for label in LABELS:
        m = result["model"]["dimensions"][label]
        rows.append(f"| {label} | {m['precision'][0]:.2f} | {m['recall'][0]:.2f} | {m['f1'][0]:.2f} | "
                    f"{m['precision'][1]:.2f} | {m['recall'][1]:.2f} | {m['f1'][1]:.2f} | {m['confusion']} |")
    return "\n".join(rows)


def write_report(out_dir: Path, version: str, results: dict[str, dict], thresholds: dict, extra: str = "") -> Path:
    """Markdown report plus a calibration plot and a per-dimension bar chart (PNG)."""
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    fig, axes = plt.subplots(1, len(results), figsize=(6 * len(results), 4), squeeze=False)
    for ax, (name, result) in zip(axes[0], results.items()):
        x = np.arange(len(LABELS))
        ax.bar(x - 0.2, [result["model"]["dimensions"][k]["macro_f1"] for k in LABELS], 0.4, label="Amends model")
        ax.bar(x + 0.2, [result["baseline"]["dimensions"][k]["macro_f1"] for k in LABELS], 0.4, label="keyword baseline")
        ax.set_xticks(x, [k.replace("_", "\n") for k in LABELS], fontsize=8)
        ax.set_ylim(0, 1)
        ax.set_title(f"{name}: two-class macro-F1")
        ax.legend(loc="lower right", fontsize=8)
    fig.tight_layout()
    fig.savefig(out_dir / "macro_f1.png", dpi=100)
    plt.close(fig)

    first = next(iter(results.values()))
    proba, Y = np.array(first["proba"]), np.array(first["labels"])
    fig, ax = plt.subplots(figsize=(5, 5))
    bins = np.linspace(0, 1, 11)
    for j, label in enumerate(LABELS):
        which = np.digitize(proba[:, j], bins[1:-1])
        xs = [proba[which == b, j].mean() for b in range(10) if (which == b).sum() >= 3]
        ys = [Y[which == b, j].mean() for b in range(10) if (which == b).sum() >= 3]
        ax.plot(xs, ys, marker="o", label=label)
    ax.plot([0, 1], [0, 1], "k--", linewidth=1)
    ax.set_xlabel("predicted probability")
    ax.set_ylabel("observed frequency")
    ax.set_title(f"Calibration on {next(iter(results))}")
    ax.legend(fontsize=7)
    fig.tight_layout()
    fig.savefig(out_dir / "calibration.png", dpi=100)
    plt.close(fig)

    sections = [f"# Evaluation of model {version}", "", extra, "",
                "Metric: two-class macro-F1 (mean of the F1 of 'flagged' and 'not flagged').", ""]
    for name, result in results.items():
        sections += [comparison_table(name, result), "", detail_table(result), "",
                     f"Headline macro-F1 of the model by length, {name}:", "", length_table(result), ""]
    sections += ["## Thresholds (tuned by cross-validation on the train split)", "",
                 "| dimension | threshold |", "|---|---|"] + [f"| {k} | {thresholds[k]:.2f} |" for k in LABELS]
    sections += ["", "![macro-F1 per dimension](macro_f1.png)", "", "![calibration](calibration.png)", ""]
    path = out_dir / "report.md"
    path.write_text("\n".join(sections))
    return path
