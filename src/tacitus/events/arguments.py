"""Arguments of a trigger: who acts (source) and to whom it is done (target), read off
the dependency parse of verbs, event nouns and the light verbs that carry them."""

from __future__ import annotations

from spacy.tokens import Token

from tacitus.events.lexicon import Lexicon, load_lexicon
from tacitus.events.phrases import _resolve_relative
from tacitus.nlp.headline_passive import headline_passive
from tacitus.quantities.categories import is_person
from tacitus.quantities.lexicon import load_lexicon as quantity_lexicon

_SUBJECTS = frozenset({"nsubj", "csubj"})
_PASSIVE_SUBJECTS = frozenset({"nsubjpass", "csubjpass"})


def _child(tok: Token, deps: frozenset[str] | tuple[str, ...]) -> Token | None:
    for c in tok.children:
        if c.dep_ in deps:
            return c
    return None


def _subject(verb: Token, depth: int = 0) -> Token | None:
    """Who does it: the subject, or the subject inherited from the governing clause."""
    subj = _child(verb, _SUBJECTS)
    if subj is not None:
        return _resolve_relative(subj)
    if depth > 4 or verb.head.i == verb.i:
        return None
    head = verb.head
    if verb.dep_ == "conj" and _child(verb, _PASSIVE_SUBJECTS) is None:
        nearer = _nearer_conjunct_subject(verb)
        if nearer is not None:
            return nearer
        shared = _child(head, _PASSIVE_SUBJECTS)   # "was indicted ... and will resign"
        if shared is not None and _child(head, _SUBJECTS) is None:
            return _resolve_relative(shared)
        return _subject(head, depth + 1)
    if verb.dep_ in ("xcomp", "advcl", "ccomp", "pcomp", "acomp"):
        if verb.dep_ == "xcomp" and _child(head, ("dobj",)) is not None and head.lemma_.lower() in (
                "urge", "ask", "order", "tell", "force", "call", "press", "allow", "persuade"):
            return _child(head, ("dobj",))          # object control: "urged Iran to stop"
        if verb.dep_ == "xcomp" and head.lemma_.lower() in ("force", "compel", "oblige") \
                and not any(c.dep_ == "auxpass" for c in verb.children):
            made = _child(head, _PASSIVE_SUBJECTS)  # "the police were forced to fire": the
            if made is not None and _child(head, _SUBJECTS) is None:   # one made to act acts
                return _resolve_relative(made)
        if head.pos_ == "ADJ":                      # "ready to act": subject of the copula
            return _subject(head.head, depth + 1)
        if verb.dep_ == "pcomp":                    # "accused X of attacking"
            return _subject(head.head, depth + 1) if head.head.i != head.i else None
        return _subject(head, depth + 1)
    if verb.dep_ in ("advmod", "prep", "npadvmod") and verb.pos_ in ("ADV", "ADJ", "ADP") \
            and head.pos_ in ("VERB", "AUX"):
        return _subject(head, depth + 1)        # "stopped short of endorsing": who stopped
    if _misparsed_main(verb):
        return verb.sent.root
    if verb.dep_ == "acl" and verb.tag_ == "VBG":
        if head.lemma_.lower() in load_lexicon().cues["message_nouns"] and head.dep_ == "dobj":
            return _subject(head.head, depth + 1)   # "issued a statement demanding ...": the issuer
        return head
    return None


def _nearer_conjunct_subject(verb: Token) -> Token | None:
    """"The gunmen opened fire, but guards posted there killed one": a verb coordinated
    with the first clause takes the subject of the nearest clause before it that names
    one, not the first clause's."""
    for sibling in sorted((c for c in verb.head.children
                           if c.dep_ == "conj" and c.i < verb.i), key=lambda c: -c.i):
        subj = _child(sibling, _SUBJECTS)
        if subj is not None:
            return _resolve_relative(subj)
        if _child(sibling, _PASSIVE_SUBJECTS) is not None:
            return None
    return None


def _raised_passive(tok: Token) -> Token | None:
    """"three persons are reported to have been injured": the passive's subject was
    raised to the reporting verb above it."""
    if tok.dep_ != "xcomp" or not any(c.dep_ == "auxpass" for c in tok.children):
        return None
    return next((c for c in tok.head.children if c.dep_ in _PASSIVE_SUBJECTS), None)


def _agent(verb: Token) -> Token | None:
    agent = _child(verb, ("agent",))
    if agent is not None:
        return _child(agent, ("pobj",))
    return None


def _means_agent(verb: Token, lex: Lexicon) -> Token | None:
    """"was killed in police firing", "died in firing by the army": with no "by" agent, the
    one who acted is named on the violent act the victim fell in."""
    means = lex.cues["harm_means_nouns"]
    # Every "in" phrase: "the clash in which a man was killed in police firing".
    for prep in verb.children:
        if prep.dep_ != "prep" or prep.lemma_.lower() not in ("in", "during"):
            continue
        act = _child(prep, ("pobj",))
        if act is None:
            continue
        if act.lemma_.lower() in means:
            return _agent_modifier(act)
        if act.lemma_.lower() not in lex.cues["harm_setting_nouns"]:
            # "killed in police custody", a typo ("police firng"): a state force
            # modifying whatever the victim fell in is who acted
            force = next((c for c in act.children if c.dep_ == "compound"
                          and c.lemma_.lower() in lex.cues["security_agent_nouns"]), None)
            if force is not None:
                return force
        if act.pos_ == "NOUN" and any(c.dep_ == "acl" and c.lower_ in means for c in act.children):
            return act                    # parsed as "in [police] <firing>": the agent noun
    return None


def _agent_modifier(noun: Token) -> Token | None:
    """Who does what a noun names: "firing by the police", "police firing", "an Israeli
    raid" (a common-noun compound or a nationality adjective; a place name is not an agent)."""
    by = _prep_object(noun, frozenset({"by"}))
    if by is not None:
        return by
    for child in noun.children:
        if child.dep_ == "compound" and child.pos_ == "NOUN" or \
                child.dep_ == "amod" and child.ent_type_ == "NORP":
            return child
    return None


def _prep_object(tok: Token, preps: frozenset[str]) -> Token | None:
    for c in tok.children:
        if c.dep_ == "prep" and c.lemma_.lower() in preps:
            obj = _child(c, ("pobj",))
            if obj is not None and obj.ent_type_ not in load_lexicon().cues["non_argument_entities"]:
                return obj
    return None


def _measured(obj: Token, lex: Lexicon) -> Token:
    """What a measure noun is "of" ("dozens of rockets", "a barrage of mortars"): the
    measured thing decides what the object is; any other object is itself."""
    if obj.lemma_.lower() in lex.cues["measure_nouns"]:
        return _prep_object(obj, frozenset({"of"})) or obj
    return obj


def _is_means(obj: Token, lex: Lexicon) -> bool:
    """The object names the weapon or means ("tear gas", "fire"), not the victim."""
    obj = _measured(obj, lex)
    lemma = obj.lemma_.lower()
    if is_person(obj, quantity_lexicon()):
        return False                      # "killed three gunmen": people, named by their weapon
    return lemma in lex.cues["assault_instruments"] or lemma in lex.cues["means_nouns"]


def _verb_arguments(verb: Token, lex: Lexicon) -> tuple[Token | None, Token | None]:
    passive = _child(verb, _PASSIVE_SUBJECTS) or _raised_passive(verb)
    if passive is not None:
        return _agent(verb) or _means_agent(verb, lex), _resolve_relative(passive)
    if headline_passive(verb, lex.cues["patient_verbs"]):
        return None, _child(verb, _SUBJECTS)      # "Journalist murdered": the victim
    if _elided_passive(verb):
        # "four were wounded and two killed in police firing": "were" is left out.
        return _agent(verb) or _means_agent(verb, lex), _resolve_relative(_child(verb, _SUBJECTS))
    if verb.lemma_.lower() in lex.cues["harm_outcome_verbs"]:
        # "125 people died in police firing": the dead are the target, the firer the source.
        return _means_agent(verb, lex), _resolve_relative(_child(verb, _SUBJECTS))
    target = _resolve_relative(_child(verb, ("dobj", "dative")))
    aimed = _prep_object(verb, frozenset({"at", "on", "against"}))
    if target is not None and _is_means(target, lex):
        # "fired tear gas at protesters", "set fire to a car": the object is the means.
        target = aimed or _prep_object(target, lex.cues["target_preps"]) \
            or _prep_object(verb, lex.cues["target_preps"])
    elif target is None:
        target = aimed or _prep_object(verb, lex.cues["target_preps"])
    if _misparsed_main(verb):
        return verb.sent.root, target
    if target is None and verb.dep_ == "acl" and verb.tag_ == "VBN":
        target = verb.head                        # "the town attacked by rebels"
        shared = next((_agent(c) for c in verb.children if c.dep_ == "conj" and _agent(c)), None)
        # "forces armed and trained by X"; "one person killed in police firing"
        return _agent(verb) or shared or _means_agent(verb, lex), target
    if verb.lemma_.lower() in lex.cues["transfer_verbs"]:
        # "granted asylum to five officers": the object is what is given, not to whom.
        to = frozenset({"to", "into"})            # "sends troops into Afghanistan"
        target = _child(verb, ("dative",)) or _prep_object(verb, to) \
            or (_prep_object(target, to) if target is not None else None) or target
    elif target is not None and (target.lemma_.lower() in lex.nouns
                                 or target.lemma_.lower() in lex.cues["flow_nouns"]):
        # "halted economic aid to Serbia", "cut gas supplies to Moldova": the object is
        # itself an act or what flows to someone; its recipient is the one named by the
        # preposition.
        preps = lex.cues["target_preps"]
        target = _prep_object(verb, preps) or _prep_object(target, preps) or target
    elif target is not None and _owned_by_pronoun(target):
        # "withdraw its troops from Lebanon": the object is the actor's own; the place or
        # party named by the preposition is the one the event is directed at.
        own = lex.cues["own_object_preps"]
        target = _prep_object(verb, own) or _prep_object(target, own) or target
    if _child(verb, ("auxpass",)) is not None:
        # A passive without its own subject ("two persons being killed in police firing"):
        # who acted is its agent, never the subject of the clause above.
        return _agent(verb) or _means_agent(verb, lex), target
    return _subject(verb), target


def _elided_passive(verb: Token) -> bool:
    """A participle coordinated with a passive, its own "were" left out: its subject is
    the one it was done to ("four were wounded and two killed")."""
    return verb.dep_ == "conj" and verb.tag_ == "VBN" and _child(verb, _SUBJECTS) is not None \
        and not any(c.dep_ in ("aux", "auxpass", "dobj") for c in verb.children) \
        and _child(verb.head, ("auxpass",)) is not None


def _misparsed_main(verb: Token) -> bool:
    """"Doctors from two aid groups donated goods": the small model hangs the main verb on
    the last noun of the subject when it misses the clause; the sentence then has a noun
    as its root, and that noun is the subject."""
    return verb.dep_ == "acl" and verb.tag_ in ("VBD", "VBN") and verb.head.dep_ == "pobj" \
        and verb.sent.root.pos_ == "NOUN" and _child(verb, ("agent",)) is None \
        and verb.i > verb.sent.root.i


def _coercive_controller(host: Token, lex: Lexicon) -> tuple[Token | None, Token] | None:
    """"X ordered Y to suspend publication": the event is imposed by the one who orders it
    (source X) on the one ordered (target Y)."""
    head = host.head
    if host.dep_ != "xcomp" or head.lemma_.lower() not in lex.cues["coercive_control_verbs"]:
        return None
    obj = _child(head, ("dobj",))
    if obj is None:
        return None
    return _subject(head), obj


def _ordered_undergoer(host: Token, lex: Lexicon) -> Token | None:
    """"Pinochet is ordered to stand trial", "the paper was ordered to close": the one
    ordered, named as the passive subject of the order."""
    head = host.head
    if host.dep_ != "xcomp" or head.lemma_.lower() not in lex.cues["coercive_control_verbs"] \
            or _agent(head) is not None:
        return None
    undergoer = _child(head, _PASSIVE_SUBJECTS)
    return _resolve_relative(undergoer) if undergoer is not None else None


def _owned_by_pronoun(tok: Token) -> bool:
    return any(c.dep_ == "poss" and c.lower_ in ("its", "their") for c in tok.children)


def _addressee(tok: Token) -> Token | None:
    """"demanded that the US cancel ...": the subject of the demanded clause."""
    for clause in tok.children:
        marks = {m.lower_ for m in clause.children if m.dep_ == "mark"}
        if clause.dep_ in ("ccomp", "acl") and "that" in marks:
            return _child(clause, _SUBJECTS)
        if clause.dep_ in ("ccomp", "advcl") and "for" in marks:
            return _child(clause, _SUBJECTS)    # "called for the country to suspend ..."
    return None


def _conditional_party(host: Token) -> Token | None:
    """"threatened to kill the hostage unless France repeals the law", "warned it would
    strike if the army advanced": a threat is aimed at the one whose act is its condition."""
    verb: Token | None = host
    for _ in range(3):
        if verb is None:
            return None
        for clause in verb.children:
            if clause.dep_ == "advcl" and any(
                    m.dep_ == "mark" and m.lower_ in ("if", "unless") for m in clause.children):
                party = _child(clause, _SUBJECTS)
                if party is not None and party.pos_ in ("NOUN", "PROPN"):
                    return party
        verb = _child(verb, ("xcomp", "ccomp"))
    return None


# Talks and meetings: walking out of "African Union peace talks" rejects the body named.
TALK_NOUNS = frozenset({"talk", "negotiation", "meeting", "summit", "conference", "dialogue"})


def _talks_party(verb: Token, event_type: str, lex: Lexicon) -> Token | None:
    """"walked away from African Union peace talks", "boycotted the EU summit": the party
    named on the talks left or refused is the recipient."""
    # "walked away from X" (advmod), "walked out of X" ("out" parsed as a preposition)
    for prep in (c for t in (verb, *verb.children) if t.dep_ in ("advmod", "prt", "prep")
                 or t is verb for c in t.children if c.dep_ == "prep"):
        noun = _child(prep, ("pobj",))
        if noun is not None and noun.lemma_.lower() in TALK_NOUNS:
            return _naming_modifier(noun, event_type, lex)
    noun = _child(verb, ("dobj",))
    if noun is not None and noun.lemma_.lower() in TALK_NOUNS:
        return _naming_modifier(noun, event_type, lex)
    return None


def _noun_arguments(noun: Token, host: Token, lex: Lexicon,
                    event_type: str) -> tuple[Token | None, Token | None]:
    source = _child(noun, ("poss",))
    if source is None:
        source = _prep_object(noun, frozenset({"by"}))
    if source is None and event_type in lex.cues["source_from_types"]:
        source = _prep_object(noun, frozenset({"from"}))
    if source is None:
        source = _prep_object(noun, frozenset({"between"}))   # "clashes between X and Y"
    if source is None and noun.lemma_.lower() in lex.cues["harm_means_nouns"]:
        source = _agent_modifier(noun)                        # "police firing"
    if source is None:
        source = _naming_modifier(noun, event_type, lex)      # "US sanctions", "Israeli raid"
    target = _prep_object(noun, lex.cues["target_preps"])
    of_obj = _prep_object(noun, frozenset({"of"}))
    if of_obj is not None:
        if event_type in lex.cues["patient_of_types"]:
            target = target or of_obj
        else:
            source = source or of_obj
    if host.i != noun.i and _carried_by(noun, host):
        # A light verb carries the noun: its subject acts ("The EU imposed sanctions").
        undergone = _child(host, _PASSIVE_SUBJECTS)
        if noun.dep_ == "nsubjpass":
            source = source or _agent(host)
        elif undergone is not None and noun.dep_ == "pobj" and event_type in lex.cues["patient_of_types"]:
            # "X was placed under arrest", "was taken into custody": X undergoes it.
            source = source or _agent(host)
            target = target or _resolve_relative(undergone)
        else:
            source = source or _subject(host)
        target = target or _prep_object(host, lex.cues["target_preps"])
    return source, target


def _naming_modifier(noun: Token, event_type: str, lex: Lexicon) -> Token | None:
    """The actor a modifier names: "Israeli raid" (a nationality), "NATO strikes" (an
    organisation), "US sanctions" (a state). A place name before an attack, an arrest or
    a protest says where it was ("Najaf fighting", "Minsk protest"), not who did it."""
    for child in noun.children:
        if child.i > noun.i:
            continue
        if child.dep_ == "amod" and child.ent_type_ == "NORP":
            return child
        if child.dep_ == "compound" and child.pos_ == "PROPN":
            if child.ent_type_ == "ORG" or child.ent_type_ == "NORP":
                return child
            if child.ent_type_ == "GPE" and event_type not in lex.cues["place_modified_types"]:
                return child
    return None


def _carried_by(noun: Token, host: Token) -> bool:
    """The light verb carries the noun: its object ("imposed sanctions"), a prepositional
    object ("went on strike"), or the noun reached through a measure or head noun
    ("launched ten days of war games", "launched a mediation effort")."""
    if noun.head.i == host.i:
        return noun.dep_ in ("dobj", "pobj", "attr", "nsubjpass") \
            or noun.dep_ == "xcomp" and noun.tag_ == "NN"        # "ordered firing"
    cur = noun
    for _ in range(3):
        if cur.dep_ not in ("pobj", "prep", "compound") or cur.head.i == cur.i:
            return False
        if cur.dep_ == "prep" and cur.lemma_.lower() != "of":
            # "acquitted five suspects in the bombing": a noun's "in" phrase is a detail
            # of that noun, not something the verb carries ("ten days *of* war games").
            return False
        cur = cur.head
        if cur.head.i == host.i:
            if cur.dep_ == "prep" and _child(host, ("dobj",)) is not None:
                return False      # "acquitted five suspects in the bombing": a circumstance
            return cur.dep_ in ("dobj", "prep", "attr", "nsubjpass")
    return False
