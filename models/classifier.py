"""Six calibrated per-dimension classifiers over one shared feature matrix, with tuned thresholds."""

import numpy as np
from sklearn.base import BaseEstimator, clone
from sklearn.calibration import CalibratedClassifierCV
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GroupKFold, StratifiedKFold, cross_val_predict

from models.featurizer import Analysis, Featurizer
from models.labels import LABELS
from models.metrics import best_threshold, macro_f1

C_GRID = (0.3, 1.0, 3.0, 10.0)


def _base(C: float, seed: int) -> LogisticRegression:
    return LogisticRegression(C=C, class_weight="balanced", max_iter=3000, solver="liblinear", random_state=seed)


class ApologyClassifier(BaseEstimator):
    """Featurizer + one calibrated logistic regression per dimension.

    `fit` picks C per dimension by cross-validation on the training data, tunes the decision
    threshold on out-of-fold calibrated probabilities (never on test data), then refits. With
    `groups` (the writer of each draft), folds hold out whole writers, so the choices are made
    for writing the model has not seen rather than for near-copies of its training texts.
    """

    def __init__(self, featurizer: Featurizer | None = None, c_grid=C_GRID, folds=5, seed=13):
        self.featurizer = featurizer
        self.c_grid = c_grid
        self.folds = folds
        self.seed = seed

    def fit(self, analyses: list[Analysis], Y: np.ndarray, groups=None, progress=lambda message: None):
        self.featurizer_ = clone(self.featurizer or Featurizer()).fit(analyses)
        X = self.featurizer_.transform(analyses)
        if groups is not None and len(set(groups)) >= self.folds:
            cv = list(GroupKFold(n_splits=self.folds).split(X, Y[:, 0], groups))
        else:
            cv = StratifiedKFold(n_splits=self.folds, shuffle=True, random_state=self.seed)
        self.heads_, self.thresholds_, self.cv_scores_, self.C_ = {}, {}, {}, {}
        for j, label in enumerate(LABELS):
            y = Y[:, j]
            scores = {}
            for C in self.c_grid:
                oof = cross_val_predict(_base(C, self.seed), X, y, cv=cv, method="predict_proba")[:, 1]
                scores[C] = macro_f1(y, oof >= best_threshold(y, oof))
            C = max(scores, key=lambda c: (scores[c], -c))
            calibrated = CalibratedClassifierCV(_base(C, self.seed), method="sigmoid", cv=3, ensemble=False)
            oof = cross_val_predict(calibrated, X, y, cv=cv, method="predict_proba")[:, 1]
            self.thresholds_[label] = best_threshold(y, oof)
            self.cv_scores_[label] = macro_f1(y, oof >= self.thresholds_[label])
            self.C_[label] = C
            self.heads_[label] = clone(calibrated).fit(X, y)
            progress(f"{label}: C={C} cv macro-F1={self.cv_scores_[label]:.3f} threshold={self.thresholds_[label]:.2f}")
        return self

    def predict_proba(self, analyses: list[Analysis]) -> np.ndarray:
        """Probabilities, shape (n_drafts, 6), columns in LABELS order."""
        X = self.featurizer_.transform(analyses)
        return self._proba(X)

    def _proba(self, X) -> np.ndarray:
        return np.column_stack([self.heads_[label].predict_proba(X)[:, 1] for label in LABELS])

    def predict(self, analyses: list[Analysis]) -> np.ndarray:
        proba = self.predict_proba(analyses)
        return (proba >= np.array([self.thresholds_[label] for label in LABELS])).astype(int)

    def top_ngrams(self, analysis: Analysis, label: str, k: int = 2) -> list[str]:
        """Word n-grams of this draft that push hardest toward `label`, strongest first."""
        X = self.featurizer_.words_.transform([analysis.tokens])
        coef = self.heads_[label].calibrated_classifiers_[0].estimator.coef_.ravel()[: X.shape[1]]
        row = X.tocoo()
        contributions = sorted(
            ((coef[j] * v, j) for j, v in zip(row.col, row.data) if coef[j] > 0), reverse=True
        )
        names = self.featurizer_.words_.get_feature_names_out()
        return [names[j] for _, j in contributions[:k]]
