"""Runs spaCy Matcher token patterns through an index of their first tokens.

spaCy's Matcher tries every pattern at every token, so ~130 rule patterns cost about as much
as a quarter of the parse. Nearly every pattern starts with a known word, so an index from
first words to patterns makes matching a dictionary lookup per token. It executes the subset of
the Matcher pattern language the rules use (LOWER with IN, LIKE_NUM, TAG, IS_PUNCT false, OP "?")
and returns the same (key, start, end) triples as `spacy.matcher.Matcher`; tests check that.
"""

from collections import defaultdict

from spacy.tokens import Doc, Token


def _test(spec: dict):
    """A predicate on a token for one pattern element."""
    if "LOWER" in spec:
        words = frozenset(spec["LOWER"]["IN"]) if isinstance(spec["LOWER"], dict) else frozenset([spec["LOWER"]])
        return lambda t: t.lower_ in words
    if "LIKE_NUM" in spec:
        return lambda t: t.like_num
    if "TAG" in spec:
        tag = spec["TAG"]
        return lambda t: t.tag_ == tag
    if spec.get("IS_PUNCT") is False:
        return lambda t: not t.is_punct
    raise ValueError(f"pattern element not supported by the index: {spec}")


class PatternIndex:
    """Add patterns like `Matcher.add(key, patterns)`; call on a Doc for (key, start, end) matches."""

    def __init__(self):
        self.by_word = defaultdict(list)  # first word -> [(key, elements, first element index)]
        self.unindexed = []  # patterns whose start is not a fixed word

    def add(self, key: str, patterns: list[list[dict]]) -> None:
        for pattern in patterns:
            elements = [(_test(spec), spec.get("OP") == "?") for spec in pattern]
            # A match can begin at any leading optional element or at the first required one.
            for i, spec in enumerate(pattern):
                words = spec.get("LOWER", {}).get("IN") if isinstance(spec.get("LOWER"), dict) else None
                if words is None:
                    self.unindexed.append((key, elements, i))
                else:
                    for word in words:
                        self.by_word[word].append((key, elements, i))
                if spec.get("OP") != "?":
                    break

    def _ends(self, tokens: list[Token], elements, i: int, position: int):
        """Every end position at which elements[i:] can match starting at `position`."""
        if i == len(elements):
            yield position
            return
        test, optional = elements[i]
        if optional:
            yield from self._ends(tokens, elements, i + 1, position)
        if position < len(tokens) and test(tokens[position]):
            yield from self._ends(tokens, elements, i + 1, position + 1)

    def __call__(self, doc: Doc, tokens: list[Token] | None = None) -> list[tuple[str, int, int]]:
        tokens = tokens if tokens is not None else list(doc)
        found = set()
        candidates = [(key, elements, first, start) for start, token in enumerate(tokens)
                      for key, elements, first in self.by_word.get(token.lower_, ())]
        candidates += [(key, elements, first, start) for start in range(len(tokens)) for key, elements, first in self.unindexed]
        for key, elements, first, start in candidates:
            test, _ = elements[first]
            if not test(tokens[start]):
                continue
            for end in self._ends(tokens, elements, first + 1, start + 1):
                found.add((key, start, end))
        return sorted(found, key=lambda m: (m[1], m[2], m[0]))
