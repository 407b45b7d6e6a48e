"""Noun phrases: the whole phrase an argument word heads, and relative pronouns resolved
to the noun they stand for."""

from __future__ import annotations

from spacy.tokens import Span, Token

_NP_CUT = frozenset({"relcl", "acl", "appos", "advcl", "parataxis"})
_RELATIVE_PRONOUNS = frozenset({"who", "which", "that", "whom"})


def _phrase(tok: Token) -> Span:
    """The whole noun phrase headed by `tok`, with conjuncts, compounds and modifiers,
    without relative clauses, appositions or "including ..." tails."""
    cut: set[int] = set()
    for child in tok.subtree:
        if child.i == tok.i:
            continue
        if child.dep_ in _NP_CUT or (child.dep_ == "prep" and child.lemma_.lower() in ("including", "such", "like")):
            cut.update(t.i for t in child.subtree)
    left = right = tok.i
    subtree = {t.i for t in tok.subtree} - cut
    doc = tok.doc
    while left - 1 in subtree:
        left -= 1
    while True:
        if right + 1 in subtree:
            right += 1
            continue
        close = _parenthetical_end(doc, right + 1)   # "the Azadliq (Freedom) coalition"
        if close is None or close + 1 not in subtree:
            break
        right = close + 1
    while right > left and (doc[right].is_punct or doc[right].dep_ == "cc"):
        right -= 1
    while left < right and (doc[left].is_punct or doc[left].dep_ == "cc"):
        left += 1
    return doc[left:right + 1]


def _parenthetical_end(doc, i: int) -> int | None:
    """Index of the ")" closing a short bracketed aside that starts at token i, if any."""
    if i >= len(doc) or doc[i].text != "(":
        return None
    for j in range(i + 1, min(i + 8, len(doc))):
        if doc[j].text == ")":
            return j
    return None


def _resolve_relative(tok: Token | None) -> Token | None:
    """"rebels who attacked", "refugees, whom authorities blame": the relative pronoun
    stands for the noun the clause modifies."""
    if tok is not None and tok.lemma_.lower() in _RELATIVE_PRONOUNS and tok.head.dep_ == "relcl":
        return tok.head.head
    return tok
