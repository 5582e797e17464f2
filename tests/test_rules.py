"""Evidence rules fire on the parse, not on bare words."""

import pytest

from models.rules import RULES, RuleSet, compile_pattern


@pytest.fixture(scope="module")
def rules():
    return RuleSet()


def rule_ids(nlp, rules, text):
    return {h.rule_id for h in rules.find(nlp(text))}


@pytest.mark.parametrize("text, rule_id", [
    ("I'm sorry if you were offended.", "BS_CONDITIONAL_APOLOGY"),
    ("I'm sorry you feel that way.", "BS_REACTION_BLAME"),
    ("I'm sorry, but I was exhausted after the shift.", "BS_EXCUSE_CLAUSE"),
    ("Mistakes were made and the data was exposed.", "BS_HIDDEN_AGENT"),
    ("It was never my intention to hurt anyone.", "BS_INTENT_OVER_IMPACT"),
    ("That's not who I am.", "BS_INTENT_OVER_IMPACT"),
    ("We apologize for any inconvenience.", "GEN_BOILERPLATE"),
    ("sorry for everything", "GEN_BOILERPLATE"),
    ("I'll do better, it won't happen again.", "MS_VAGUE_PROMISE"),
    ("It was just a joke.", "MIN_JUST"),
    ("You're overreacting, it's not a big deal.", "MIN_NO_BIG_DEAL"),
    ("I hate myself, I'm the worst friend.", "SF_SELF_PUNISHMENT"),
    ("Can we just move on?", "FP_CLOSE_TOPIC"),
    ("I've already refunded the $40.", "STEP_MONEY"),
    ("I'll call you before 6 tomorrow.", "STEP_TIME"),
])
def test_rule_fires(nlp, rules, text, rule_id):
    assert rule_id in rule_ids(nlp, rules, text)


@pytest.mark.parametrize("text, rule_id", [
    ("I'm sorry. I know it isn't enough, but I want to earn back your trust.", "BS_EXCUSE_CLAUSE"),
    ("The file was deleted by me, and I've restored it.", "BS_HIDDEN_AGENT"),
    ("If it happens again, I'll leave the moment you ask.", "BS_CONDITIONAL_APOLOGY"),
    ("I just got off the phone with the bank and the refund is through.", "MIN_JUST"),
    ("Sorry I took your charger without asking.", "GEN_BOILERPLATE"),
])
def test_benign_words_do_not_fire(nlp, rules, text, rule_id):
    assert rule_id not in rule_ids(nlp, rules, text)


def test_hits_are_character_spans_of_the_text(nlp, rules):
    text = "Honestly, I'm sorry if you were hurt by it."
    for hit in rules.find(nlp(text)):
        assert 0 <= hit.start < hit.end <= len(text)


def test_rule_ids_are_unique_and_patterns_compile():
    ids = [r.rule_id for r in RULES]
    assert len(ids) == len(set(ids))
    assert compile_pattern("sorry|apologize ~ if?") == [
        {"LOWER": {"IN": ["sorry", "apologize"]}}, {"IS_PUNCT": False, "OP": "?"}, {"LOWER": {"IN": ["if"]}, "OP": "?"}]


def test_pattern_index_finds_exactly_what_spacys_matcher_finds(nlp):
    """The first-word index is only a faster way to run the same spaCy Matcher patterns."""
    import json
    from pathlib import Path

    from spacy.matcher import Matcher

    from models.rules import build_index

    matcher = Matcher(nlp.vocab)
    for rule in RULES:
        if rule.patterns:
            matcher.add(rule.rule_id, [compile_pattern(p) for p in rule.patterns])
    index = build_index()
    corpus = Path(__file__).resolve().parents[1] / "data" / "corpus" / "H-b1.jsonl"
    texts = [json.loads(line)["text"] for line in corpus.read_text().splitlines()]
    compared = 0
    for doc in nlp.pipe(texts):
        expected = sorted((nlp.vocab.strings[k], s, e) for k, s, e in matcher(doc))
        assert index(doc) == sorted(expected, key=lambda m: (m[1], m[2], m[0]))
        compared += len(expected)
    assert compared > 50


def test_direct_tfidf_rows_equal_scikit_learns_transform(scorer):
    """The shortcut in the featurizer computes exactly what TfidfVectorizer.transform computes."""
    import numpy as np

    from models.featurizer import tfidf_rows
    featurizer = scorer.artifact.classifier.featurizer_
    texts = ["i 'm sorry i missed your _noun_ on _propn_ .", "", "zzz unknownword", "sorry sorry sorry"]
    for vectorizer in (featurizer.words_, featurizer.chars_):
        expected = vectorizer.transform(texts).toarray()
        assert np.allclose(tfidf_rows(vectorizer, texts).toarray(), expected, atol=1e-6)
