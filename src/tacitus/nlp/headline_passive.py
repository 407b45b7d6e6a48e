"""Headline passives: headlines drop "was" ("Mexican columnist murdered", "4 policemen also
killed"), and the small model then reads the victim as the verb's active subject. Shared by
the events stage (who is the target) and the quantities stage (who is counted)."""

from __future__ import annotations

from collections.abc import Container

from spacy.tokens import Token

# dependents that show the verb is an active clause after all ("killed a man", "have killed",
# "killed by troops", "killed to protest")
# ("killed in Kabul" is no sign: a verb that always takes a victim has none here)
_ACTIVE_SIGNS = frozenset({"dobj", "aux", "auxpass", "agent", "ccomp", "xcomp", "dative", "prt"})


def headline_passive(verb: Token, victim_verbs: Container[str]) -> bool:
    """A verb that always takes a victim (`victim_verbs`, lemmas), with a subject before it,
    no object, no auxiliary and no final full stop, is a passive whose subject is the
    victim."""
    if verb.lemma_.lower() not in victim_verbs:
        return False
    subject = next((c for c in verb.children if c.dep_ in ("nsubj", "csubj")), None)
    # a clause before the subject is another headline clause hung on this verb ("Bomb hits
    # market; 4 policemen also killed"), not what the verb says
    if subject is None or subject.i > verb.i or any(
            c.dep_ in _ACTIVE_SIGNS and not (c.dep_ == "ccomp" and c.i < subject.i)
            for c in verb.children):
        return False
    if not verb.sent.text.rstrip().endswith("."):
        return True
    # A bulleted summary line keeps its full stop ("Four policemen also killed."): a verb
    # that always takes a victim, standing alone with none, is still the passive.
    return verb.dep_ == "ROOT" and verb.tag_ in ("VBD", "VBN") and not any(
        c.dep_ in ("conj", "cc", "advcl", "npadvmod", "oprd", "acomp") for c in verb.children)
