"""Modality of a trigger's clause: asserted, negated, planned or hypothetical, from
auxiliaries, negation, control verbs, denials and condition clauses."""

from __future__ import annotations

from spacy.tokens import Token

from tacitus.events.lexicon import Lexicon
from tacitus.events.triggers import _Match
from tacitus.quantities.categories import no_one_argument


def _clause_chain(host: Token) -> list[Token]:
    """The host verb and the non-event control verbs above it ("plans to *impose*")."""
    chain = [host]
    cur = host
    while cur.dep_ in ("xcomp", "acomp", "conj") and cur.head.i != cur.i and len(chain) < 6:
        cur = cur.head
        chain.append(cur)
    return chain


def _in_condition(tok: Token, lex: Lexicon) -> bool:
    cur = tok
    for _ in range(8):
        if any(c.dep_ == "mark" and c.lemma_.lower() in lex.cues["condition_marks"] for c in cur.children) \
                and cur.dep_ in ("advcl", "ccomp", "csubj"):
            return True
        if cur.head.i == cur.i:
            return False
        cur = cur.head
    return False


def _has_condition_clause(tok: Token, lex: Lexicon) -> bool:
    return any(c.dep_ == "advcl" and any(m.dep_ == "mark" and m.lemma_.lower() in lex.cues["condition_marks"]
                                         for m in c.children) for c in tok.children)


def _under_speech(tok: Token, lex: Lexicon) -> Token | None:
    """The reporting verb ("said") whose complement this clause is, if any."""
    cur = tok
    for _ in range(3):
        if cur.dep_ == "conj":
            cur = cur.head
            continue
        if cur.dep_ in ("ccomp", "xcomp") and cur.head.lemma_.lower() in lex.cues["speech_verbs"]:
            return cur.head
        return None
    return None


def _modality(match: _Match, lex: Lexicon) -> str:
    host = match.host
    chain = _clause_chain(host)
    auxes = {c.lower_ for t in chain for c in t.children if c.dep_ in ("aux", "auxpass")}
    lemmas = {t.lemma_.lower() for t in chain[1:]}
    # Auxiliaries are shared by coordinated verbs ("will meet and sign"), a negation is
    # not ("did not attack but negotiated"): only the verb and its control verbs count.
    own = [host] + [t for t in chain[1:] if t.dep_ != "conj" and host.dep_ != "conj"]
    negated = any(c.dep_ == "neg" or c.lemma_.lower() == "never" for t in own for c in t.children)
    if match.token.i != host.i and any(c.lower_ == "no" and c.dep_ == "det" for c in match.token.children):
        negated = True
    if no_one_argument(host):
        negated = True                           # "nobody was arrested", "no one was hurt"
    if negated or lemmas & lex.cues["control_negating"] or _denied(host, lex) or _short_of(host):
        return "negated"
    if auxes & lex.cues["hypothetical_aux"] or _in_condition(host, lex) or _inverted_condition(host):
        return "hypothetical"
    if any(_has_condition_clause(t, lex) for t in chain):
        return "hypothetical"
    future = auxes & lex.cues["future_aux"]
    if future and future <= {"would", "'d"} and _under_speech(host, lex) is None:
        return "hypothetical"                    # "would" outside reported speech
    if future or lemmas & lex.cues["control_planned"] or _going_to(chain):
        return "planned"
    if match.token.i != host.i and not match.light and host.lemma_.lower() in \
            lex.cues["control_planned"] - {"be", "go"}:
        return "planned"                         # "is considering a ban", "plans a crackdown"
    if any(c.dep_ == "amod" and c.lemma_.lower() in ("plan", "planned", "proposed", "possible", "threatened")
           for c in match.token.children):
        return "planned"
    return "asserted"


def _denied(host: Token, lex: Lexicon) -> bool:
    """"denied attacking", "denied that it attacked", "denied reports that troops fired",
    "rejected claims that the army shelled": the act is what is denied."""
    head = host.head
    if host.dep_ in ("xcomp", "ccomp", "pcomp") and head.lemma_.lower() == "deny":
        return True
    return host.dep_ in ("acl", "ccomp") and head.lemma_.lower() in lex.cues["claim_nouns"] \
        and head.dep_ in ("dobj", "nsubjpass") \
        and head.head.lemma_.lower() in lex.cues["denial_verbs"]


def _inverted_condition(host: Token) -> bool:
    """"had the leader been detained earlier, ...": "had" before the subject is a condition
    contrary to fact (the detention did not happen)."""
    had = next((c for c in host.children if c.dep_ == "aux" and c.lower_ == "had"), None)
    return had is not None and any(c.dep_ in ("nsubj", "nsubjpass") and c.i > had.i
                                   for c in host.children)


def _short_of(host: Token) -> bool:
    """"stopped short of endorsing", "fell short of condemning": the act was not done."""
    prep = host.head
    return host.dep_ == "pcomp" and prep.lower_ == "of" and prep.head.lower_ == "short"


def _going_to(chain: list[Token]) -> bool:
    return any(t.lemma_.lower() == "go" and t.tag_ == "VBG" for t in chain[1:])
