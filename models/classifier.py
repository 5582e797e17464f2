"""Six calibrated per-dimension classifiers over one shared feature matrix, with tuned thresholds."""

import numpy as np
from joblib import Parallel, delayed
from sklearn.base import BaseEstimator, clone
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GroupKFold, StratifiedKFold, cross_val_predict

from models.featurizer import Analysis, Featurizer, tfidf_rows
from models.labels import LABELS
from models.metrics import best_threshold, macro_f1

C_GRID = (0.3, 1.0, 3.0, 10.0)
N_JOBS = 2  # folds fitted in parallel on the two cores this product targets
BLEND_GRID = (0.0, 0.25, 0.5, 0.75, 1.0)  # weight of the n-gram model against the parse-only model


def _base(C: float, seed: int) -> LogisticRegression:
    return LogisticRegression(C=C, class_weight="balanced", max_iter=3000, solver="liblinear", random_state=seed)


def _fit(model, X, y):
    """One final fit in a worker; joblib hands big inputs over read-only, liblinear needs its own copy."""
    return model.fit(X.copy(), y)


def _fold_proba(model, X, y, train, test) -> tuple[np.ndarray, np.ndarray]:
    """One cross-validation task: fit on the training folds, predict the held-out one."""
    return test, model.fit(X[train], y[train]).predict_proba(X[test])[:, 1]


def _logit(p: np.ndarray) -> np.ndarray:
    p = np.clip(p, 1e-6, 1 - 1e-6)
    return np.log(p / (1 - p))


class ApologyClassifier(BaseEstimator):
    """Per dimension, two logistic regressions blended by a third, over one shared feature matrix.

    One model sees everything (word and character n-grams plus parse features); the other sees
    only the parse features, which carry over to unfamiliar writing better than vocabulary does.
    Their logits are blended with a weight chosen on out-of-fold predictions, and a one-feature
    logistic regression on the blend calibrates the probability (Platt scaling).

    With `groups` (the writer of each draft) the folds hold out whole writers, so C, the blend and
    the threshold are chosen for writing the model has not seen. Thresholds are tuned on
    out-of-fold stacked probabilities of the training data, never on test data.
    """

    def __init__(self, featurizer: Featurizer | None = None, c_grid=C_GRID, folds=5, seed=13):
        self.featurizer = featurizer
        self.c_grid = c_grid
        self.folds = folds
        self.seed = seed

    def _best_oof(self, X, y, cv) -> tuple[float, np.ndarray]:
        """The C with the best out-of-fold macro-F1, and its out-of-fold probabilities.

        Every fold of every C is one task, so both cores stay busy to the end.
        """
        tasks = [delayed(_fold_proba)(_base(C, self.seed), X, y, train, test) for C in self.c_grid for train, test in cv]
        results = Parallel(n_jobs=N_JOBS)(tasks)
        best = None
        for i, C in enumerate(self.c_grid):
            oof = np.zeros(len(y))
            for test, proba in results[i * len(cv):(i + 1) * len(cv)]:
                oof[test] = proba
            score = macro_f1(y, oof >= best_threshold(y, oof))
            if best is None or score > best[0]:
                best = (score, C, oof)
        return best[1], best[2]

    def hyperparameters(self) -> dict:
        """What a full fit chose per dimension; `fit(..., reuse=...)` takes it back."""
        return {k: {"C": self.C_[k], "blend": self.blend_[k], "threshold": self.thresholds_[k],
                    "platt": [float(self.stack_[k].coef_[0, 0]), float(self.stack_[k].intercept_[0])]} for k in LABELS}

    def fit(self, analyses: list[Analysis], Y: np.ndarray, groups=None, progress=lambda message: None, reuse: dict | None = None):
        """Full fit (cross-validated search), or with `reuse` a quick refit on the chosen settings."""
        self.featurizer_ = clone(self.featurizer or Featurizer())
        X = self.featurizer_.fit_transform(analyses)
        P = X[:, -self.featurizer_.n_parse_features_:]
        if reuse:
            return self._refit(X, P, Y, reuse, progress)
        if groups is not None and len(set(groups)) >= self.folds:
            cv = list(GroupKFold(n_splits=self.folds).split(X, Y[:, 0], groups))
        else:
            cv = list(StratifiedKFold(n_splits=self.folds, shuffle=True, random_state=self.seed).split(X, Y[:, 0]))
        self.full_, self.parse_, self.stack_, self.blend_ = {}, {}, {}, {}
        self.thresholds_, self.cv_scores_, self.C_ = {}, {}, {}
        for j, label in enumerate(LABELS):
            y = Y[:, j]
            c_full, oof_full = self._best_oof(X, y, cv)
            c_parse, oof_parse = self._best_oof(P, y, cv)
            best = None
            for w in BLEND_GRID:  # a convex blend: neither model may count against the other
                z = (w * _logit(oof_full) + (1 - w) * _logit(oof_parse)).reshape(-1, 1)
                oof = cross_val_predict(LogisticRegression(max_iter=1000), z, y, cv=cv, method="predict_proba")[:, 1]
                score = macro_f1(y, oof >= best_threshold(y, oof))
                if best is None or score > best[0] + 1e-9:
                    best = (score, w, z, oof)
            _, w, z, oof = best
            self.blend_[label] = w
            self.thresholds_[label] = best_threshold(y, oof)
            self.cv_scores_[label] = macro_f1(y, oof >= self.thresholds_[label])
            self.C_[label] = {"full": c_full, "parse": c_parse}
            self.stack_[label] = LogisticRegression(max_iter=1000).fit(z, y)
            progress(f"{label}: C={c_full}/{c_parse} blend={w:.2f} "
                     f"cv macro-F1={self.cv_scores_[label]:.3f} threshold={self.thresholds_[label]:.2f}")
        self._fit_heads(X, P, Y)
        self._pack()
        return self

    def _fit_heads(self, X, P, Y) -> None:
        """Fit the twelve final regressions with the chosen C, both cores at once."""
        tasks = [(label, name, data, j) for j, label in enumerate(LABELS) for name, data in (("full", X), ("parse", P))]
        fitted = Parallel(n_jobs=N_JOBS)(delayed(_fit)(_base(self.C_[label][name], self.seed), data, Y[:, j])
                                         for label, name, data, j in tasks)
        for (label, name, _, _), model in zip(tasks, fitted):
            (self.full_ if name == "full" else self.parse_)[label] = model

    def _refit(self, X, P, Y, chosen: dict, progress):
        """Refit the twelve models with settings from an earlier full fit (seconds, not minutes)."""
        self.full_, self.parse_, self.stack_, self.blend_ = {}, {}, {}, {}
        self.thresholds_, self.cv_scores_, self.C_ = {}, {}, {}
        for label in LABELS:
            settings = chosen[label]
            self.C_[label], self.blend_[label], self.thresholds_[label] = settings["C"], settings["blend"], settings["threshold"]
            stacker = LogisticRegression()
            stacker.classes_, stacker.coef_, stacker.intercept_ = np.array([0, 1]), np.array([[settings["platt"][0]]]), np.array([settings["platt"][1]])
            self.stack_[label] = stacker
            self.cv_scores_[label] = None
            progress(f"{label}: refit with C={settings['C']['full']}/{settings['C']['parse']} blend={settings['blend']:.2f} threshold={settings['threshold']:.2f}")
        self._fit_heads(X, P, Y)
        self._pack()
        return self

    def _pack(self) -> None:
        """Stack the six heads into matrices, so scoring is two sparse products, not 18 sklearn calls.

        (The logit of a logistic regression's probability is its decision function.)
        """
        self.W_full_ = np.column_stack([self.full_[k].coef_.ravel() for k in LABELS])
        self.b_full_ = np.array([self.full_[k].intercept_[0] for k in LABELS])
        self.W_parse_ = np.column_stack([self.parse_[k].coef_.ravel() for k in LABELS])
        self.b_parse_ = np.array([self.parse_[k].intercept_[0] for k in LABELS])
        self.blend_w_ = np.array([self.blend_[k] for k in LABELS])
        self.stack_a_ = np.array([self.stack_[k].coef_[0, 0] for k in LABELS])
        self.stack_b_ = np.array([self.stack_[k].intercept_[0] for k in LABELS])
        self.word_names_ = self.featurizer_.words_.get_feature_names_out()

    def predict_proba(self, analyses: list[Analysis]) -> np.ndarray:
        """Probabilities, shape (n_drafts, 6), columns in LABELS order."""
        X = self.featurizer_.transform(analyses)
        full = X @ self.W_full_ + self.b_full_
        parse = X[:, -self.featurizer_.n_parse_features_:] @ self.W_parse_ + self.b_parse_
        z = self.blend_w_ * np.clip(full, -13.8, 13.8) + (1 - self.blend_w_) * np.clip(parse, -13.8, 13.8)
        return 1.0 / (1.0 + np.exp(-(self.stack_a_ * z + self.stack_b_)))

    def top_ngrams(self, analysis: Analysis, labels: list[str], k: int = 2) -> dict[str, list[str]]:
        """Per label, the word n-grams of this draft that push hardest toward it, strongest first."""
        row = tfidf_rows(self.featurizer_.words_, [analysis.tokens]).tocoo()
        out = {}
        for label in labels:
            coef = self.W_full_[:, LABELS.index(label)]
            contributions = sorted(((coef[j] * v, j) for j, v in zip(row.col, row.data) if coef[j] > 0), reverse=True)
            out[label] = [self.word_names_[j] for _, j in contributions[:k]]
        return out
