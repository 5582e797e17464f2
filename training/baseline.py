"""A keyword baseline in the style of "Just Not Sorry" and prose linters: words, no context.

It is what the product has to beat by a wide margin; it lives here so both are measured on
the same data in the same run.
"""

import re

import numpy as np

from models.labels import LABELS

KEYWORDS = {
    "blame_shifting": ("but", "if", "you feel", "didn't mean", "did not mean", "were made", "intention", "offended", "misunderstood", "busy"),
    "generic": ("everything", "any inconvenience", "sorry about that", "what happened", "my actions", "my behavior", "my behaviour", "the situation"),
    "minimizing": ("just", "only", "a little", "no big deal", "overreact", "joke"),
    "self_focus": ("i feel", "hate myself", "worst", "i'm so ashamed", "can't sleep", "crying"),
    "forgiveness_pressure": ("move on", "forget", "we good", "we're good", "already said sorry", "already apologized", "forgive"),
}
# Missing steps is flagged unless a promise word appears.
STEP_WORDS = ("will", "'ll", "i've", "we've")


def _has_any(text: str, words) -> bool:
    return any(re.search(r"(?<![\w'])" + re.escape(w) + r"(?![\w'])", text) for w in words)


def predict(texts: list[str]) -> np.ndarray:
    """0/1 predictions, shape (n, 6), columns in LABELS order."""
    rows = []
    for text in texts:
        lower = text.lower().replace("\u2019", "'")
        row = {label: int(_has_any(lower, words)) for label, words in KEYWORDS.items()}
        row["missing_steps"] = int(not _has_any(lower, STEP_WORDS))
        rows.append([row[label] for label in LABELS])
    return np.array(rows, dtype=int).reshape(len(texts), len(LABELS))
