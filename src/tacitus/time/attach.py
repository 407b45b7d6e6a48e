"""Dependency-tree distances: which phrase belongs to the event trigger.

Shared by tacitus.time and tacitus.geo: a date or place modifies the event when it
hangs off the trigger's clause, not a reporting verb's ("..., police said on Tuesday").
"""

from __future__ import annotations

from functools import lru_cache

from spacy.tokens import Token

from tacitus.knowledge import read_json

# Extra cost for crossing into another clause: a phrase in a clause other than the
# trigger's can still be the best available, but loses to one in the same clause.
CLAUSE_PENALTY = {
    "ccomp": 3, "csubj": 3, "parataxis": 3, "relcl": 3, "advcl": 2, "conj": 2,
    "acl": 1, "xcomp": 1, "pcomp": 1,
}
UNREACHABLE = 1000


def path_cost(token: Token, trigger: Token) -> int:
    """Edges between two tokens in the tree, plus a penalty per clause boundary crossed."""
    path = tree_path(token, trigger)
    if path is None:
        return UNREACHABLE
    up_from_token, up_from_trigger = path
    return sum(_edge_cost(t) for t in up_from_token) + sum(_edge_cost(t) for t in up_from_trigger)


def tree_path(token: Token, trigger: Token) -> tuple[list[Token], list[Token]] | None:
    """The tokens climbed from each end to their lowest common ancestor (exclusive);
    None when they are in different trees."""
    chain = [token, *token.ancestors]
    depth = {t.i: k for k, t in enumerate(chain)}
    climbed = []
    node = trigger
    while node.i not in depth:
        climbed.append(node)
        if node.head.i == node.i:      # reached a root that is not above `token`
            return None
        node = node.head
    return chain[:depth[node.i]], climbed


def _edge_cost(child: Token) -> int:
    return 1 + CLAUSE_PENALTY.get(child.dep_, 0)


@lru_cache(maxsize=1)
def _future_words() -> tuple[frozenset, frozenset]:
    words = read_json("time_words.json")
    return frozenset(words["future_aux"]), frozenset(words["future_lemmas"])


def is_planned(trigger: Token) -> bool:
    """The trigger's clause speaks of the future: "will meet", "plans to hold"."""
    aux_words, plan_lemmas = _future_words()
    node = trigger
    for _ in range(6):
        if any(c.dep_ in ("aux", "auxpass") and c.lower_ in aux_words for c in node.children):
            return True
        if node.dep_ == "xcomp" and node.head.lemma_ in plan_lemmas:
            return True
        if node.dep_ in ("ccomp", "advcl", "relcl", "parataxis", "ROOT") or node.head.i == node.i:
            return False
        node = node.head
    return False
