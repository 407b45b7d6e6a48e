"""Decide what a number phrase counts: participants, arrests, fatalities, injuries.

The number is followed up the dependency tree to the noun it counts ("140 people") and
to the verb that governs that noun ("were arrested"). The role matters: the object of
"arrest" is counted as arrests, its subject is not. Order of evidence, strongest first:
a counting noun ("100 arrests", "a crowd of 5,000"), a state word ("left 3 dead"), the
governing verb ("killing 12"), a protester noun ("fired at 500 protesters"), and last the
event type of the sentence (a PROTEST's subjects are participants, a COERCE trigger's
objects are arrests).
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Token

from tacitus.nlp.headline_passive import headline_passive
from tacitus.quantities.lexicon import QuantityLexicon, load_lexicon
from tacitus.quantities.numbers import NumberPhrase

_NOUNISH = frozenset({"NOUN", "PROPN", "PRON", "ADJ", "NUM"})
_MODIFIER_DEPS = frozenset({"nummod", "quantmod", "amod", "compound", "nmod", "det"})
_STATE_DEPS = frozenset({"oprd", "acomp", "xcomp", "ccomp", "amod", "advcl", "conj"})
_PEOPLE_ENTS = frozenset({"NORP", "PERSON"})

# verbs that give the size of their subject
_SIZE_VERBS = frozenset({"number", "total"})
# subjects of "rose to 40" that are counts: "the number of arrests", "the tally of dead"
_TALLY_NOUNS = frozenset({"number", "tally", "count", "total", "figure"})

# auxiliaries of an infinitive or bare verb whose act has not (yet) happened
_IRREALIS_AUX = frozenset({"to", "will", "would", "could", "might", "may", "can", "should",
                           "must", "shall", "'ll", "wo"})

AGENT = "agent"
PATIENT = "patient"


@dataclass
class Attachment:
    """Where a number sits in the sentence."""

    noun: Token                # what is counted ("people"), or the number itself when bare
    clause: Token              # the token whose dependency links it to a verb
    verb: Token | None
    role: str | None           # agent | patient
    by_toll: bool = False      # the number is a toll: a total that wins over its parts


def attach(phrase: NumberPhrase) -> Attachment:
    doc = phrase.head.doc
    number = _head_within(doc, phrase.num_start, phrase.num_end)
    owner = number.head
    if owner.lower_ == "strong" and owner.head.pos_ in ("NOUN", "PROPN"):
        noun = owner.head                  # "a 2,000-strong crowd"
        return Attachment(noun, noun, *clause_role(noun), by_toll=False)
    if number.dep_ in _MODIFIER_DEPS and owner.pos_ in _NOUNISH \
            and not phrase.start <= owner.i < phrase.end:
        noun = clause = owner               # "140 people", "up to 16 advisers"
    else:
        clause = phrase.head
        noun = _of_object(clause) or _of_object(number) or number
    verb, role = clause_role(clause)
    if verb is None and clause.i < phrase.num_start and clause.dep_ == "prep" \
            and clause.head.pos_ == "VERB":
        verb, role = clause.head, _role_by_position(clause, clause.head)   # "numbering around 2,000"
    counted = _numbered(clause, verb)
    if counted is not None:                # "protesters numbered about 10,000"
        return Attachment(counted, counted, *clause_role(counted))
    return Attachment(noun, clause, verb, role)


def _numbered(clause: Token, verb: Token | None) -> Token | None:
    """The noun whose size the number gives: "protesters numbered 10,000",
    "demonstrators, numbering around 2,000", "arrests totalled 500"."""
    if verb is None or verb.lemma_.lower() not in _SIZE_VERBS or clause.i < verb.i:
        return None
    if verb.dep_ == "acl" and verb.head.pos_ in ("NOUN", "PROPN"):
        return verb.head
    return next((c for c in verb.children if c.dep_ == "nsubj"), None)


def conj_root(tok: Token) -> Token:
    """First of a list of nouns ("20 protesters" in "20 protesters and 3 journalists")."""
    while tok.dep_ == "conj" and tok.head.pos_ in _NOUNISH and tok.head.i != tok.i:
        tok = tok.head
    return tok


def _head_within(doc, start: int, end: int) -> Token:
    for tok in doc[start:end]:
        if not start <= tok.head.i < end or tok.head.i == tok.i:
            return tok
    return doc[end - 1]


def _of_object(tok: Token) -> Token | None:
    """"thousands of workers" -> workers; "one of the protesters" -> protesters."""
    for child in tok.children:
        if child.dep_ == "prep" and child.lower_ == "of":
            for obj in child.children:
                if obj.dep_ == "pobj" and not obj.like_num:
                    return obj
    return None


def clause_role(tok: Token) -> tuple[Token | None, str | None]:
    """The verb governing `tok` and whether `tok` is its agent or patient."""
    tok = conj_root(tok)                   # "30 protesters and 20 journalists"
    if tok.dep_ == "pobj" and tok.head.lower_ == "to" and tok.head.head.lower_ == "up":
        tok = tok.head.head                # "kidnapped up to 16 advisers": "up" hangs off the verb
    dep, head = tok.dep_, tok.head
    if head.i == tok.i:
        return None, None
    if dep == "nsubjpass":
        return head, PATIENT
    if dep in ("nummod", "npadvmod") and head.tag_ == "VBN" and tok.i < head.i \
            and not any(c.dep_ in ("aux", "auxpass") for c in head.children):
        return head, PATIENT               # headline passive: "At least 37 killed"
    if dep == "nsubj":
        passive = _reduced_passive(head) or headline_passive(head, _victim_verbs())
        return head, PATIENT if passive else AGENT
    if dep in ("dobj", "oprd"):
        return head, PATIENT
    if dep in ("advmod", "npadvmod", "quantmod", "prt") and head.pos_ in ("VERB", "AUX") \
            and tok.pos_ != "NOUN":        # "arrested him 20 minutes later" counts no one
        # "up to 100 were detained" parses "up" as the verb's adverb: go by position
        return head, _role_by_position(tok, head)
    return None, None


def _victim_verbs() -> dict[str, str]:
    return load_lexicon().kind("verb_patient")


def _role_by_position(tok: Token, verb: Token) -> str:
    if tok.i < verb.i:
        return PATIENT if _is_passive(verb) or _reduced_passive(verb) else AGENT
    return PATIENT


def _is_passive(verb: Token) -> bool:
    return any(c.dep_ in ("auxpass", "nsubjpass") for c in verb.children)


def _reduced_passive(verb: Token) -> bool:
    """Headline passive without "were": "12 killed in attack"."""
    return verb.tag_ == "VBN" and not any(c.dep_ == "aux" for c in verb.children)


def verb_key(verb: Token) -> tuple[str, ...]:
    """Lemma keys to look a verb up with, phrasal form first ("round up", "round")."""
    lemma = verb.lemma_.lower()
    keys = [f"{lemma} {c.lower_}" for c in verb.children if c.dep_ == "prt"]
    keys.append(lemma)
    return tuple(keys)


def verb_category(verb: Token, role: str | None, lex: QuantityLexicon) -> str | None:
    if _either_or(verb):
        return None                        # "killed or wounded 50": neither count is stated
    for key in verb_key(verb):
        if role == PATIENT and key in lex.kind("verb_patient"):
            return lex.kind("verb_patient")[key]
        if role == AGENT and key in lex.kind("verb_agent"):
            return lex.kind("verb_agent")[key]
    if role == AGENT and _does_protest(verb, lex):
        return "participants"
    return None


def _either_or(verb: Token) -> bool:
    """The verb is one side of "X or Y" with another verb."""
    first = verb.head if verb.dep_ == "conj" else verb
    if not any(c.dep_ == "cc" and c.lower_ == "or" for c in first.children):
        return False
    return any(c.dep_ == "conj" and c.pos_ == "VERB" for c in first.children)


def _does_protest(verb: Token, lex: QuantityLexicon) -> bool:
    """"staged a protest", "went on strike", "took to the streets"."""
    for child in verb.children:
        if child.dep_ == "dobj" and _protest_noun(child, lex):
            return True
        if child.dep_ == "prep" and any(g.dep_ == "pobj" and _protest_noun(g, lex)
                                        for g in child.children):
            return True
    return False


def _protest_noun(tok: Token, lex: QuantityLexicon) -> bool:
    # common nouns only: "till March 12" is a month, not a march (the small model may
    # still tag a lower-case "march" as a proper noun)
    if tok.ent_type_ or not (tok.pos_ == "NOUN" or tok.pos_ == "PROPN" and tok.text.islower()):
        return False
    return tok.lemma_.lower() in lex.kind("protest_object")


def is_person(tok: Token, lex: QuantityLexicon) -> bool:
    """A noun for people, or a bare number ("arrested 30", "thousands marched")."""
    if tok.like_num or tok.lower_ in lex.vague or tok.lower_ in lex.units:
        return True
    lemma = tok.lemma_.lower()
    if lemma in lex.kind("person") or lemma in lex.kind("participant_noun") \
            or lex.kind("event_noun").get(lemma) == "participants":   # "a 2,000-strong crowd"
        return True
    return tok.ent_type_ in _PEOPLE_ENTS or tok.tag_ == "NNPS"


_NO_ONE = frozenset({"nobody", "none", "no-one", "noone", "neither"})
_NONE_DETS = frozenset({"no", "neither"})


def no_one_argument(verb: Token) -> bool:
    """The verb's subject or object is nobody: "nobody was arrested", "no one was killed",
    "not a single activist has been held", "arrested none of them"."""
    for arg in verb.children:
        if arg.dep_ not in ("nsubj", "nsubjpass", "dobj"):
            continue
        if arg.lower_ in _NO_ONE:
            return True
        if any(c.dep_ == "det" and c.lower_ in _NONE_DETS or c.dep_ == "neg" for c in arg.children):
            return True
    return False


def unrealised(verb: Token) -> bool:
    """A verb whose act has not happened: "plotted to kill 5", "could kill", "did not
    arrest anyone". Nobody it counts was killed or arrested."""
    if any(c.dep_ == "neg" for c in verb.children) or no_one_argument(verb):
        return True
    if _alleged(verb):
        return True
    if verb.tag_ != "VB":
        return False
    return any(c.dep_ == "aux" and c.lower_ in _IRREALIS_AUX for c in verb.children)


def _alleged(verb: Token) -> bool:
    """"men accused of killing 10", "charged with kidnapping 3": the act a charge names
    is alleged and earlier; its victims are no count of the event that reports the charge
    (the arrest, trial or pardon of those men)."""
    prep = verb.head
    return verb.dep_ == "pcomp" and prep.dep_ == "prep" and prep.head.i != prep.i \
        and prep.head.lemma_.lower() in load_lexicon().kind("allegation")


def categorise(phrase: NumberPhrase, event_type: str | None, trigger: Token | None,
               lex: QuantityLexicon) -> tuple[str | None, Attachment]:
    att = attach(phrase)
    if att.verb is not None and unrealised(att.verb):
        return None, att
    category = _counting_noun(att, lex) or _state_word(att, lex) or _by_verb(att, lex)
    if category is None:
        category = _toll(att, lex)
        att.by_toll = category is not None
    if category == "participants" and not is_person(att.noun, lex):
        category = None                    # "3 missiles struck": not a crowd
    if category is None and att.noun.lemma_.lower() in lex.kind("participant_noun"):
        category = "participants"
    if category is None:
        category = _by_event(att, event_type, trigger, lex)
    return category, att


def _counting_noun(att: Attachment, lex: QuantityLexicon) -> str | None:
    """"100 arrests", "12 dead", "a crowd of 5,000", "the detention of 200 people"."""
    nouns = lex.kind("event_noun")
    found = nouns.get(att.noun.lemma_.lower()) or nouns.get(att.noun.lower_)
    if found:
        return found
    owner = _of_owner(att.clause)
    if owner is not None:
        return nouns.get(owner.lemma_.lower())
    by = att.clause.head
    if att.clause.dep_ == "pobj" and by.lower_ == "by" and _protest_noun(by.head, lex):
        return "participants"              # "a protest by 300 farmers"
    return None


def _of_owner(tok: Token) -> Token | None:
    """The noun that "of <tok>" hangs from ("crowd" in "a crowd of 5,000")."""
    if tok.dep_ == "pobj" and tok.head.lower_ == "of" and tok.head.head.pos_ in ("NOUN", "PROPN"):
        return tok.head.head
    return None


def _state_word(att: Attachment, lex: QuantityLexicon) -> str | None:
    """"left 3 people dead", "12 are feared dead", "12 people dead"."""
    states = lex.kind("state")
    places = [att.noun]
    if att.verb is not None:
        places.append(att.verb)
    for place in places:
        for child in place.children:
            # "leaving 20 injured": the participle tagged as a verb is the same state
            if child.dep_ in _STATE_DEPS and child.i != att.clause.i and child.lower_ in states \
                    and (child.pos_ == "ADJ" or child.tag_ == "VBN" and child.dep_ == "oprd"):
                return states[child.lower_]
    return None


def _by_verb(att: Attachment, lex: QuantityLexicon) -> str | None:
    if att.verb is not None:
        found = verb_category(att.verb, att.role, lex)
        if found:
            return found
        for child in att.verb.children:    # "were reported killed", "are believed to have died"
            if child.dep_ == "xcomp" and child.pos_ == "VERB":
                found = verb_category(child, _xcomp_role(child), lex)
                if found:
                    return found
    for child in att.noun.children:        # "140 people arrested", "the 5,000 marching"
        if child.dep_ == "acl" and child.pos_ == "VERB":
            role = PATIENT if child.tag_ == "VBN" or _is_passive(child) else AGENT
        elif child.dep_ == "relcl" and child.pos_ == "VERB":
            role = _relative_role(child)   # "100 people who were arrested"
        else:
            continue
        found = role and verb_category(child, role, lex)
        if found:
            return found
    return None


def _relative_role(verb: Token) -> str | None:
    """Role of the relative pronoun in its clause; None when the clause is about something
    else ("four coaches, in which 58 people were killed")."""
    for child in verb.children:
        if child.tag_ in ("WP", "WDT") and child.dep_ in ("nsubj", "nsubjpass", "dobj"):
            return AGENT if child.dep_ == "nsubj" else PATIENT
    return None


def _xcomp_role(verb: Token) -> str:
    """Role of the main clause's subject in a complement verb: "reported killed" -> patient,
    "believed to have been killed" -> patient, "helped to arrest" / "feared to have died" -> agent."""
    if _is_passive(verb) or _reduced_passive(verb):
        return PATIENT
    return AGENT


def _toll(att: Attachment, lex: QuantityLexicon) -> str | None:
    """"the death toll rose to 40", "the toll is 40", "a toll of 40"."""
    tolls = lex.kind("toll")
    owner = _of_owner(att.clause)
    if owner is not None and owner.lemma_.lower() in tolls:
        return _toll_kind(owner, lex)
    verb = att.verb
    clause = att.clause
    if verb is None and clause.dep_ == "pobj" and clause.head.lower_ in ("to", "at"):
        verb = clause.head.head
    if verb is None:
        return None
    for child in verb.children:
        if child.dep_ not in ("nsubj", "nsubjpass", "dobj") or child.i == clause.i:
            continue
        if child.lemma_.lower() in tolls:
            return _toll_kind(child, lex)
        if child.lemma_.lower() in _TALLY_NOUNS:
            counted = _of_object(child)
            if counted is not None:
                return _noun_category(counted, lex)
    return None


def _noun_category(noun: Token, lex: QuantityLexicon) -> str | None:
    """"arrests" -> arrests, "dead" -> fatalities, "protesters" -> participants."""
    lemma = noun.lemma_.lower()
    found = lex.kind("event_noun").get(lemma) or lex.kind("event_noun").get(noun.lower_)
    return found or lex.kind("participant_noun").get(lemma)


def _toll_kind(toll: Token, lex: QuantityLexicon) -> str:
    """A toll counts the dead unless it says otherwise ("injury toll")."""
    for child in toll.children:
        if child.dep_ in ("compound", "amod") and child.lemma_.lower() in lex.kind("event_noun"):
            return lex.kind("event_noun")[child.lemma_.lower()]
    return lex.kind("toll")[toll.lemma_.lower()]


def _by_event(att: Attachment, event_type: str | None, trigger: Token | None,
              lex: QuantityLexicon) -> str | None:
    if not is_person(att.noun, lex):
        return None
    if event_type == "PROTEST" and att.role == AGENT:
        return "participants"
    if event_type == "COERCE" and att.role == PATIENT and trigger is not None \
            and att.verb is not None and _near(att.verb, trigger):
        return "arrests"
    return None


def _near(verb: Token, trigger: Token) -> bool:
    return verb.i == trigger.i or verb.head.i == trigger.i or trigger.head.i == verb.i
