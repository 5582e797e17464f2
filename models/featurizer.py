"""Turns a parsed draft into model features: parse-based signals plus word and character n-grams.

The parse features say what keyword lists cannot: whether "you" is the subject of a blame
verb or the object of care, whether "if" marks the apology itself, whether a first-person
clause names a concrete act, whether a promise has an object and a time.
"""

import math
from dataclasses import dataclass

import numpy as np
from scipy import sparse
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.feature_extraction import DictVectorizer
from sklearn.feature_extraction.text import TfidfVectorizer
from spacy.tokens import Doc

from models.parsed import Parsed
from models.rules import APOLOGY_WORDS, RULES, Hit

FIRST = frozenset({"i", "me", "my", "mine", "myself", "we", "us", "our", "ours", "ourselves"})
SECOND = frozenset({"you", "your", "yours", "yourself", "u", "ur"})
EMOTION = frozenset(
    "awful terrible horrible ashamed guilty sick devastated miserable heartbroken gutted broken "
    "embarrassed stupid worthless crying cry cried sleep slept hate deserve pathetic failure wreck "
    "disgusted disgusting anxious anxiety panic shaking".split()
)
BOILERPLATE_OBJECTS = frozenset(
    "everything that this it all inconvenience trouble confusion situation incident actions "
    "behavior behaviour words comments mistakes mistake conduct matter issue issues part".split()
)
ACT_DEPS = ("dobj", "pobj", "attr", "dative", "xcomp", "ccomp", "prep")
# Words that appear in any apology and so name nothing in particular.
GENERIC_WORDS = frozenset(
    "sorry apologize apologise apology apologies regret happen happened feel felt hurt hurting mistake "
    "mistakes thing things situation everything anything something behavior behaviour action actions word "
    "words comment comments way time inconvenience trouble issue issues matter part fault lot people "
    "anyone everyone someone person impact pain harm offense offence want know think mean meant make made "
    "do did done be is was were am are have has had take taken get got go going say said tell told".split()
)
# Verbs of promises nobody could check: "we will review", "I'll work on it", "we're going to learn".
VAGUE_VERBS = frozenset(
    "do be try work learn grow improve better strive ensure commit continue reflect review look consider "
    "listen change make keep hope promise aim seek endeavor endeavour evaluate assess explore".split()
)
FIRST_SUBJECTS = frozenset({"i", "we"})
# Things that carry a repair by themselves: "This PR reverts #1180", "the patch restores the loader"
# (a subject starting with a digit is a version: "1.8.1 reverts the change").
ARTIFACTS = frozenset("pr patch commit release version fix hotfix update change changes build this".split())
# Topic words are replaced by their part of speech in the n-gram text, so the n-gram model learns
# how apologies are built rather than what they were about (topics differ in every new draft).
DELEX = {"NOUN": "_noun_", "PROPN": "_propn_", "NUM": "_num_"}
# Verbs of observable repair or prevention, as base forms ("refunded", "will replace", "are removing").
REPAIR = frozenset(
    "refund reimburse pay repay replace fix restore repair return remove delete revert rename cancel book schedule "
    "call text email message contact send post publish correct update add set install block move buy order ship "
    "credit cover donate hire train retrain pull halt stop suspend reinstate reopen merge release rewrite redo "
    "reapply recover rotate revoke patch clean wash drive bring cook take arrange organise organize join "
    "attend enrol enroll sign apply lock change tell write meet hold renew resolve lift unblock unban restart "
    "rebuild reissue refile resend reship rebook reschedule retract withdraw pin unpin roll "
    "upload reupload unlock reactivate reverse waive ring phone migrate blur hide reset yank republish redeploy deploy "
    "rerun reinstall reprint refill relabel comp lift".split()
)
# Repair verbs whose simple past already reports the repair ("we fixed it", "I refunded you").
STRONG_REPAIR = frozenset("refund reimburse repay replace fix restore repair revert correct reinstate recover patch renew resolve reissue resend rebook reschedule retract unblock unban reopen republish reprint reinstall redeploy".split())
# Verb-particle pairs that undo something by themselves: "took down the post", "paid you back".
PHRASAL_REPAIR = frozenset({("take", "down"), ("pull", "down"), ("pay", "back"), ("put", "back"), ("give", "back"),
                            ("hand", "back"), ("roll", "back"), ("clean", "up"), ("sort", "out"),
                            ("switch", "off"), ("turn", "off")})
SUBJECTS = ("nsubj", "nsubjpass", "expl", "csubj")
IRREGULAR = {"paid": "pay", "repaid": "repay", "sent": "send", "bought": "buy", "told": "tell", "wrote": "write",
             "written": "write", "brought": "bring", "met": "meet", "drove": "drive", "driven": "drive", "took": "take",
             "taken": "take", "held": "hold", "set": "set", "withdrew": "withdraw", "withdrawn": "withdraw",
             "rewrote": "rewrite", "rewritten": "rewrite", "redone": "redo", "redid": "redo", "resent": "resend",
             "rang": "ring", "rung": "ring", "hid": "hide", "hidden": "hide"}
# Words that date a past act to after the harm, so "I emailed him this morning" reports a repair
# where a bare "I emailed him" may be the offence itself.
RECENT = frozenset("now already since just tonight today morning".split())
PRESENT_AUX = frozenset({"is", "are", "'s", "'re", "am", "'m"})


def verb_base(word: str) -> str:
    """A base form good enough for the repair lexicon (the lemmatizer is excluded for speed)."""
    if word in IRREGULAR or word in REPAIR:
        return IRREGULAR.get(word, word)
    for suffix, add in (("ing", ""), ("ing", "e"), ("ed", ""), ("ed", "e"), ("d", ""), ("es", ""), ("s", ""), ("ied", "y")):
        if word.endswith(suffix):
            stem = word[: -len(suffix)] + add
            if stem in REPAIR:
                return stem
            if len(stem) > 2 and stem[-1] == stem[-2] and stem[:-1] in REPAIR:  # stopped -> stop
                return stem[:-1]
    return word


@dataclass(frozen=True)
class Analysis:
    """What the classifiers see of one draft: its token text and its parse features."""

    tokens: str
    features: dict[str, float]


def _apology_objects(p: Parsed):
    """The words an apology is *for*: 'sorry for X', 'apologize for X', 'sorry (that) I X'."""
    for token in p.tokens:
        if token.lower_ not in APOLOGY_WORDS:
            continue
        for child in p.children[token.i]:
            if child.dep_ == "prep" and child.lower_ in ("for", "about"):
                yield from p.subtree(child)[1:]
            elif child.dep_ in ("ccomp", "xcomp", "advcl"):
                yield from p.subtree(child)


def _specific_acts(p: Parsed) -> int:
    """First-person clauses with a past/modal verb and a content-word object: 'I took your charger'."""
    count = 0
    for token in p.tokens:
        if token.pos_ not in ("VERB", "AUX") or token.lower_ in ("am", "'m", "m", "is", "was", "be", "feel", "felt"):
            continue
        children = p.children[token.i]
        if not any(c.dep_ == "nsubj" and c.lower_ in FIRST for c in children):
            continue
        objects = [c for c in children if c.dep_ in ACT_DEPS]
        if any(t.pos_ in ("NOUN", "PROPN", "NUM") and t.lower_ not in BOILERPLATE_OBJECTS for o in objects for t in p.subtree(o)):
            count += 1
    return count


def _dated_after_the_harm(p: Parsed, children) -> bool:
    """Whether a past act carries a 'recent' word: "I emailed him this morning", "it's now fixed"."""
    return any(t.lower_ in RECENT for c in children if c.dep_ in ("advmod", "npadvmod", "prep") for t in p.subtree(c))


def _steps(p: Parsed, timed_sentences: set[tuple[int, int]]) -> tuple[int, int, int]:
    """(concrete steps, concrete steps with a time, vague promises).

    A step is a repair verb with a content-word object, promised or done by the writer ("I'll pay
    for the cleaning", "we've restored the files", "we are removing the ad"), reported done in
    the passive ("the advisory has been corrected"), or carried by a change itself ("this PR
    reverts #1180", "1.8.1 restores the old default"). Terse reports drop the subject ("Fixed the
    off-by-one", "Took down my post", "Removing them now"): a sentence's main verb in the past or
    progressive with no subject is read as the writer's own. A vague promise is a promised act
    whose verb names nothing checkable ("we will review", "I'll do better").
    """
    concrete = timed = vague = 0
    for verb in p.tokens:
        if verb.pos_ not in ("VERB", "AUX"):
            continue
        children = p.children[verb.i]
        # A verb joined by "and" shares its head's subject and auxiliaries: "I've yanked 3.8.0 and republished".
        clause = p.children[p.heads[verb.i].i] if verb.dep_ == "conj" and not any(c.dep_ in SUBJECTS for c in children) else children
        both = children if clause is children else clause + children
        auxes = {c.lower_ for c in both if c.dep_ in ("aux", "auxpass")}
        elided = (verb.dep_ == "ROOT" or clause is not children) and verb.tag_ in ("VBD", "VBN", "VBG") and not any(
            c.dep_ in SUBJECTS for c in clause)
        first = elided or any(c.dep_ in ("nsubj", "nsubjpass") and c.lower_ in FIRST_SUBJECTS for c in clause)
        # Headline passives drop the auxiliary: "Block lifted", "call-out fee waived".
        headline = verb.tag_ in ("VBN", "VBD") and not auxes and not any(c.dep_ == "dobj" for c in children) and any(
            c.dep_ == "nsubj" and c.pos_ in ("NOUN", "PROPN") for c in children)
        passive = headline or any(c.dep_ == "auxpass" for c in both)
        promised = first and (bool(auxes & {"will", "'ll", "ll", "shall", "going", "gon"}) or verb.tag_ == "VBG")
        perfect = bool(auxes & {"'ve", "ve", "have", "has", "had"})
        base = verb_base(verb.lower_)
        undoes = base in STRONG_REPAIR or any(c.dep_ in ("prt", "advmod") and (base, c.lower_) in PHRASAL_REPAIR for c in children)
        present_state = headline or passive and bool(auxes & PRESENT_AUX)  # "the post is deleted", "invoices are attached"
        done = verb.tag_ in ("VBN", "VBD") and (first or passive) and (
            perfect or present_state or undoes or _dated_after_the_harm(p, children))
        carried = verb.tag_ == "VBZ" and any(c.dep_ == "nsubj" and (c.lower_ in ARTIFACTS or c.text[0].isdigit()) for c in children)
        if not (promised or done or carried):
            continue
        objects = [t for c in children if c.dep_ in ("dobj", "prep", "dative", "xcomp", "prt", "attr", "nsubjpass")
                   or headline and c.dep_ == "nsubj" for t in p.subtree(c)]
        # A passive repair reported done names its object as the subject, often a pronoun: "they've all been reopened".
        has_object = (passive and (perfect or present_state)) or any(
            t.pos_ in ("NOUN", "PROPN", "NUM") and t.lower_ not in GENERIC_WORDS for t in objects)
        if base not in REPAIR or not (has_object or undoes):
            vague += promised and base in VAGUE_VERBS
            continue
        concrete += 1
        timed += any(start <= verb.i < end for start, end in timed_sentences)
    return concrete, timed, vague


def analyze(doc: Doc, hits: list[Hit], parsed: Parsed | None = None) -> Analysis:
    """Compute the parse features of one draft (cheap: a few passes over shared token objects)."""
    p = parsed or Parsed(doc)
    words = [t for t in p.tokens if not t.is_punct and not t.is_space]
    n_words = max(len(words), 1)
    n_sentences = sum(t.is_sent_start for t in p.tokens) or 1
    lower = [t.lower_ for t in words]
    f: dict[str, float] = {}
    for hit in hits:
        f[f"rule:{hit.rule_id}"] = f.get(f"rule:{hit.rule_id}", 0.0) + 1.0
    for key in list(f):
        f[key] = math.log1p(f[key])
    timed = {(s.start, s.end) for s in (p.tokens[h.token_start].sent for h in hits if h.rule_id == "STEP_TIME")}
    concrete, concrete_timed, vague = _steps(p, timed)
    content = {t.lower_ for t in words if t.pos_ in ("NOUN", "PROPN", "VERB", "NUM") and t.lower_ not in GENERIC_WORDS}
    objects = [t for t in _apology_objects(p) if not t.is_punct]
    content_objects = [t for t in objects if t.pos_ in ("NOUN", "PROPN", "VERB", "NUM") and t.lower_ not in BOILERPLATE_OBJECTS]
    # Presence, not counts: a long draft has more of everything, and length says nothing about how
    # good an apology is (long public statements are often generic, short messages often exact).
    f.update({
        "len:mean_sentence": math.log1p(n_words / n_sentences),
        "apology:count": math.log1p(sum(w in APOLOGY_WORDS for w in lower)),
        "apology:object_words": float(bool(objects)),
        "apology:content_object_words": float(bool(content_objects)),
        "person:first_ratio": sum(w in FIRST for w in lower) / n_words,
        "person:second_ratio": sum(w in SECOND for w in lower) / n_words,
        "person:you_subject": float(any(t.lower_ in ("you", "u") and t.dep_ in ("nsubj", "nsubjpass") for t in words)),
        "person:i_subject": float(any(t.lower_ in ("i", "we") and t.dep_ == "nsubj" for t in words)),
        "emotion:first_person": sum(w in EMOTION for w in lower) / n_words * 10,
        "act:specific_clauses": float(_specific_acts(p) > 0),
        "act:content_ratio": len(content) / n_words,
        "step:concrete": math.log1p(concrete),
        "step:concrete_timed": math.log1p(concrete_timed),
        "step:vague": math.log1p(vague),
        "blame:other_subjects": float(any(t.dep_ in ("nsubj", "nsubjpass") and t.lower_ not in FIRST | SECOND for t in words)),
        "act:proper_nouns": float(any(t.pos_ == "PROPN" for t in words)),
        "act:numbers": float(any(t.like_num for t in words)),
        "act:your_noun": math.log1p(sum(t.lower_ in ("your", "ur") and p.heads[t.i].pos_ == "NOUN" for t in words)),
        "syntax:if_mark": math.log1p(sum(t.lower_ == "if" and t.dep_ == "mark" for t in words)),
        "syntax:but_cc": math.log1p(sum(t.lower_ == "but" for t in words)),
        "syntax:negations": math.log1p(sum(t.dep_ == "neg" for t in words)),
        "syntax:future_first": math.log1p(sum(t.lower_ in ("'ll", "ll", "will") and p.heads[t.i].pos_ == "VERB" and any(c.lower_ in ("i", "we") for c in p.children[t.head.i]) for t in words)),
        "syntax:questions": math.log1p(sum(t.text == "?" for t in p.tokens)),
        "syntax:exclamations": math.log1p(sum(t.text == "!" for t in p.tokens)),
    })
    return Analysis(" ".join(DELEX.get(t.pos_, t.lower_) for t in p.tokens if not t.is_space), f)


def tfidf_rows(vectorizer: TfidfVectorizer, texts: list[str]) -> sparse.csr_matrix:
    """What a fitted sublinear, L2-normalised `TfidfVectorizer.transform` returns, computed directly.

    scikit-learn's transform spends more time validating a one-draft input than counting it; this
    uses the fitted vocabulary and IDF weights as they are (a test checks the results match).
    """
    analyzer, vocabulary, idf = vectorizer.build_analyzer(), vectorizer.vocabulary_, vectorizer.idf_
    indptr, indices, values = [0], [], []
    for text in texts:
        counts: dict[int, int] = {}
        for gram in analyzer(text):
            j = vocabulary.get(gram)
            if j is not None:
                counts[j] = counts.get(j, 0) + 1
        columns = np.fromiter(counts, dtype=np.int32, count=len(counts))
        weights = (1.0 + np.log(np.fromiter(counts.values(), dtype=np.float64, count=len(counts)))) * idf[columns]
        norm = np.sqrt((weights * weights).sum())
        indices.append(columns)
        values.append(weights / norm if norm else weights)
        indptr.append(indptr[-1] + len(columns))
    return sparse.csr_matrix(
        (np.concatenate(values).astype(np.float32) if values else np.zeros(0, np.float32),
         np.concatenate(indices) if indices else np.zeros(0, np.int32), np.array(indptr)),
        shape=(len(texts), len(vocabulary)),
    )


class Featurizer(BaseEstimator, TransformerMixin):
    """Word and character TF-IDF plus the parse features, as one sparse matrix."""

    def __init__(self, word_ngrams=(1, 2), char_ngrams=(2, 4), min_df=2, parse_weight=1.0):
        self.word_ngrams = word_ngrams
        self.char_ngrams = char_ngrams
        self.min_df = min_df
        self.parse_weight = parse_weight

    def fit(self, analyses: list[Analysis], y=None):
        self.fit_transform(analyses)
        return self

    def fit_transform(self, analyses: list[Analysis], y=None):
        """Fit and return the training matrix in one pass over the texts (training's slowest step)."""
        texts = [a.tokens for a in analyses]
        self.words_ = TfidfVectorizer(
            analyzer="word", token_pattern=r"\S+", ngram_range=self.word_ngrams,
            min_df=self.min_df, sublinear_tf=True, dtype=np.float32,
        )
        blocks = [self.words_.fit_transform(texts)]
        self.chars_ = TfidfVectorizer(
            analyzer="char_wb", ngram_range=self.char_ngrams,
            min_df=self.min_df, sublinear_tf=True, dtype=np.float32, max_features=30000,
        ) if self.char_ngrams else None
        if self.chars_ is not None:
            blocks.append(self.chars_.fit_transform(texts))
        self.parse_ = DictVectorizer(dtype=np.float32).fit(
            [a.features for a in analyses] + [{f"rule:{r.rule_id}": 0.0 for r in RULES}]
        )
        parse_matrix = self.parse_.transform([a.features for a in analyses])
        self.parse_scale_ = 1.0 / np.maximum(np.asarray(abs(parse_matrix).max(axis=0).todense()).ravel(), 1e-6)
        return sparse.hstack(blocks + [self._scaled(parse_matrix)], format="csr")

    def _scaled(self, parse_matrix):
        parse_matrix = parse_matrix.tocsr()
        parse_matrix.data *= (self.parse_scale_ * self.parse_weight)[parse_matrix.indices]
        return parse_matrix

    def transform(self, analyses: list[Analysis]):
        texts = [a.tokens for a in analyses]
        blocks = [tfidf_rows(self.words_, texts)]
        if self.chars_ is not None:
            blocks.append(tfidf_rows(self.chars_, texts))
        return sparse.hstack(blocks + [self._scaled(self.parse_.transform([a.features for a in analyses]))], format="csr")

    def get_feature_names_out(self, input_features=None):
        return np.concatenate([
            np.char.add("word:", self.words_.get_feature_names_out().astype(str)),
            np.char.add("char:", self.chars_.get_feature_names_out().astype(str)) if self.chars_ is not None else np.array([], dtype=str),
            self.parse_.get_feature_names_out().astype(str),
        ])

    @property
    def n_parse_features_(self) -> int:
        return len(self.parse_.vocabulary_)
