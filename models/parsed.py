"""A parsed draft with its tokens, heads and children materialized once.

spaCy builds a new Python Token object on every `doc[i]`, iteration, `.head` or `.children`
access; the rules and features walk the tree many times, so sharing one set of objects
keeps them cheap next to the parse itself.
"""

import numpy as np
from spacy.tokens import Doc, Token


class Parsed:
    def __init__(self, doc: Doc):
        self.doc = doc
        self.tokens: list[Token] = list(doc)
        offsets = doc.to_array("HEAD").astype(np.int64)
        self.heads: list[Token] = [self.tokens[i + int(rel)] for i, rel in enumerate(offsets)]
        self.children: list[list[Token]] = [[] for _ in self.tokens]
        for token, head in zip(self.tokens, self.heads):
            if head.i != token.i:
                self.children[head.i].append(token)

    def subtree(self, token: Token) -> list[Token]:
        """The token and its descendants (contiguous: the English parser is projective)."""
        return self.tokens[token.left_edge.i:token.right_edge.i + 1]
