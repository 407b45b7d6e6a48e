"""Trigger matching, argument finding and modality for one sentence."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from spacy.tokens import Span, Token

from tacitus.events.lexicon import Entry, Lexicon, load_lexicon

COOPERATIVE = frozenset({"AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT"})
# Edges across which an outer trigger does not swallow an inner one: coordinated and
# relative clauses report events of their own.
_INDEPENDENT_EDGES = frozenset({"relcl", "parataxis"})
_SUBJECTS = frozenset({"nsubj", "csubj"})
_PASSIVE_SUBJECTS = frozenset({"nsubjpass", "csubjpass"})
_NP_CUT = frozenset({"relcl", "acl", "appos", "advcl", "parataxis"})
_RELATIVE_PRONOUNS = frozenset({"who", "which", "that", "whom"})


# Mentions below this are dropped: a bare noun with no actor in a question or commentary.
MIN_CONFIDENCE = 0.35


@dataclass
class EventMention:
    trigger: Span            # the trigger words ("arrested", "sanctions", "agreed")
    event_type: str          # PLOVER type, one of records.EVENT_TYPES
    mode: str | None         # PLOVER mode or None
    source: Span | None      # full noun phrase of the actor (incl. conjuncts)
    target: Span | None      # full noun phrase of the recipient
    modality: str            # asserted | negated | planned | hypothetical
    cameo: str | None = None # optional finer CAMEO code if the lexicon knows it
    confidence: float = 0.5


@dataclass
class _Match:
    token: Token             # the trigger word
    entry: Entry
    host: Token              # the verb whose clause carries the event (light verb, or token)
    light: bool = False      # True when `host` is a light verb carrying the trigger noun


# ---------------------------------------------------------------- trigger matching

def _nearby_lemmas(tok: Token) -> set[str]:
    """Lemmas of a word's dependents and their dependents (for multiword triggers)."""
    found: set[str] = set()
    for child in tok.children:
        found.add(child.lemma_.lower())
        for grand in child.children:
            found.add(grand.lemma_.lower())
    return found


def _has_object(tok: Token) -> bool:
    return any(c.dep_ in ("dobj", "dative", "nsubjpass", "obj") for c in tok.children) \
        or tok.dep_ == "acl" and tok.tag_ == "VBN"


def _frame_ok(entry: Entry, tok: Token) -> bool:
    if entry.frame == "tr":
        return _has_object(tok)
    if entry.frame == "intr":
        return not _has_object(tok)
    return True


def _is_verb(tok: Token) -> bool:
    return tok.pos_ == "VERB" or (tok.tag_.startswith("VB") and tok.pos_ != "AUX")


def _verb_is_event(tok: Token) -> bool:
    """Participles used as adjectives or nouns ("the banned party", "the wounded")
    describe a state, not a reported event."""
    if tok.dep_ in ("amod", "compound"):
        return False
    nominal = tok.dep_ in ("dobj", "nsubj", "pobj", "nsubjpass", "attr")
    return not (nominal and tok.tag_ in ("VBN", "VBD"))


def _base_forms(form: str) -> Iterator[str]:
    """Candidate base forms of an inflected word, for when the small model's lemmatizer
    errs ("raped" -> "rap", "staged" -> "stag"): cheap suffix stripping, no dictionary."""
    for suffix, repl in (("ies", "y"), ("ied", "y"), ("ing", ""), ("ing", "e"), ("ed", ""),
                         ("ed", "e"), ("es", ""), ("s", "")):
        if form.endswith(suffix) and len(form) > len(suffix) + 2:
            yield form[: len(form) - len(suffix)] + repl


def _entries_for(tok: Token, table: dict[str, tuple[Entry, ...]]) -> tuple[Entry, ...]:
    entries = table.get(tok.lemma_.lower())
    if entries:
        return entries
    form = tok.lower_
    if form != tok.lemma_.lower():
        for base in _base_forms(form):
            if base in table:
                return table[base]
    return ()


def _match_entry(tok: Token, table: dict[str, tuple[Entry, ...]]) -> Entry | None:
    entries = _entries_for(tok, table)
    if not entries:
        return None
    near = None
    for entry in entries:
        if entry.extras:
            if near is None:
                near = _nearby_lemmas(tok)
            if not entry.extras <= near:
                continue
        if _frame_ok(entry, tok):
            return entry
    return None


def _noun_is_event(tok: Token, lex: Lexicon) -> bool:
    """Guards against nouns used in a non-event sense."""
    if tok.ent_type_ in lex.cues["non_event_entity_labels"]:
        return False                      # a name: "the Free Trade Agreement", a title
    if tok.dep_ == "compound" and tok.head.lemma_.lower() not in lex.cues["event_head_nouns"]:
        return False                      # a modifier: "sanctions relief" (but "mediation effort")
    if any(c.lemma_.lower() in lex.cues["non_event_modifiers"] for c in tok.children):
        return False
    if _background(tok, lex):
        return False
    if _described(tok):
        return False
    # "in protest", "in retaliation": a purpose phrase, not an event of its own.
    bare = not any(c.dep_ in ("det", "poss", "amod", "nummod", "compound") for c in tok.children)
    return not (bare and tok.head.dep_ == "prep" and tok.head.lemma_.lower() == "in")


def _described(tok: Token) -> bool:
    """"It was the largest demonstration since 1991": a copula describing an event already
    reported (the subject is a pronoun standing for it), not a new event."""
    if tok.dep_ != "attr" or tok.head.lemma_.lower() != "be":
        return False
    subject = _child(tok.head, ("nsubj",))
    return subject is not None and subject.lower_ in ("it", "this", "that")


def _background(tok: Token, lex: Lexicon) -> bool:
    """"after two days of fighting", "in the wake of the execution": an earlier event
    given as background to the one reported."""
    background = lex.cues["background_preps"]
    cur = tok
    for _ in range(3):
        if cur.dep_ != "pobj":
            return False
        prep = cur.head
        if prep.lemma_.lower() in background:
            return True
        if prep.lemma_.lower() == "of" and prep.head.lemma_.lower() in background:
            return True
        if prep.lemma_.lower() != "of":
            return False
        cur = prep.head                     # "after two days *of* fighting"
    return False


def _match_noun(tok: Token, lex: Lexicon) -> Entry | None:
    entry = _match_entry(tok, lex.nouns)
    if entry is None or not _noun_is_event(tok, lex):
        return None
    if entry.head == "strike" and not entry.extras:
        return _strike_sense(tok, entry, lex)
    return entry


def _strike_sense(tok: Token, entry: Entry, lex: Lexicon) -> Entry:
    """"air strike", "missile strike" are attacks; a bare strike is a labour protest."""
    mods = lex.cues["strike_assault_modifiers"]
    for child in tok.children:
        lemma = child.lemma_.lower()
        if child.dep_ in ("compound", "amod") and lemma in mods:
            return Entry(head="strike", extras=frozenset({lemma}), pos="NOUN",
                         event_type="ASSAULT", mode=mods[lemma], cameo="195", frame="")
    return entry


def _light_noun(verb: Token, lex: Lexicon) -> tuple[Token, Entry] | None:
    """The event noun carried by a light verb: "held talks", "went on strike"."""
    # Both lemma and form: the small model mis-lemmatizes some ("staged" -> "stag").
    if verb.lemma_.lower() not in lex.cues["light_verbs"] and verb.lower_ not in lex.cues["light_verbs"]:
        return None
    candidates = [c for c in verb.children if c.dep_ in ("dobj", "nsubjpass", "attr")]
    candidates += [g for c in verb.children if c.dep_ in ("prep", "prt")
                   for g in c.children if g.dep_ == "pobj"]
    # "launched a mediation effort", "began ten days of war games": look one step in.
    for noun in list(candidates):
        if noun.lemma_.lower() in lex.cues["event_head_nouns"]:
            candidates += [c for c in noun.children if c.dep_ == "compound"]
        of_obj = _prep_object(noun, frozenset({"of"}))
        if of_obj is not None and noun.pos_ == "NOUN" and noun.lemma_.lower() not in lex.nouns:
            candidates.append(of_obj)
    for noun in candidates:
        entry = _match_noun(noun, lex) if noun.pos_ in ("NOUN", "PROPN") else None
        if entry is not None:
            return noun, entry
    return None


def _intent_adjective(tok: Token, lex: Lexicon) -> Entry | None:
    """"is ready to send troops": the adjective states an intention."""
    if tok.lemma_.lower() in lex.cues["intent_adjectives"] and tok.pos_ == "ADJ" and \
            any(c.dep_ == "xcomp" for c in tok.children):
        return Entry(head=tok.lemma_.lower(), extras=frozenset(), pos="ADJ",
                     event_type="AGREE", mode=None, cameo="030", frame="intent")
    return None


def _find_matches(sent: Span, lex: Lexicon) -> dict[int, _Match]:
    matches: dict[int, _Match] = {}
    for tok in sent:
        if _is_verb(tok) and _verb_is_event(tok):
            entry = _match_entry(tok, lex.verbs)
            if entry is not None:
                matches[tok.i] = _Match(tok, entry, tok)
                continue
            light = _light_noun(tok, lex)
            if light is not None:
                noun, entry = light
                matches[noun.i] = _Match(noun, entry, tok, light=True)
        elif tok.pos_ == "NOUN" and tok.i not in matches:
            entry = _match_noun(tok, lex)
            if entry is not None:
                matches[tok.i] = _Match(tok, entry, _governing_verb(tok))
        elif tok.pos_ == "ADJ":
            entry = _intent_adjective(tok, lex)
            if entry is not None:
                matches[tok.i] = _Match(tok, entry, tok.head if tok.dep_ == "acomp" else tok)
    return matches


def _governing_verb(tok: Token) -> Token:
    """The clause a noun trigger sits in (for modality): nearest verb above it."""
    cur = tok
    for _ in range(4):
        if cur.head.i == cur.i:
            break
        cur = cur.head
        if cur.pos_ in ("VERB", "AUX"):
            return cur
    return tok


# ---------------------------------------------------------------- absorption

def _absorber(match: _Match, matches: dict[int, _Match]) -> _Match | None:
    """The trigger above this one that reports it ("agreed to *provide*", "called for
    *sanctions*"), if any. Coordinated clauses ("met and *agreed*") stand on their own."""
    child = match.token
    skip = {match.token.i, match.host.i} if match.light else {match.token.i}
    for _ in range(12):
        head = child.head
        if head.i == child.i or child.dep_ in _INDEPENDENT_EDGES:
            return None
        if child.dep_ == "acl" and child.tag_ == "VBN":
            return None                  # "the people arrested on Friday were charged": two events
        if head.i in matches and head.i not in skip and child.dep_ != "conj":
            return matches[head.i]
        # A light verb hosting another trigger noun ("launched attacks and ...").
        for other in matches.values():
            if other.light and other.host.i == head.i and other.token.i not in skip \
                    and child.dep_ not in ("conj", "nsubj"):
                return other
        child = head
    return None


# ---------------------------------------------------------------- noun phrases

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


# ---------------------------------------------------------------- arguments

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
        shared = _child(head, _PASSIVE_SUBJECTS)   # "was indicted ... and will resign"
        if shared is not None and _child(head, _SUBJECTS) is None:
            return _resolve_relative(shared)
        return _subject(head, depth + 1)
    if verb.dep_ in ("xcomp", "advcl", "ccomp", "pcomp", "acomp"):
        if verb.dep_ == "xcomp" and _child(head, ("dobj",)) is not None and head.lemma_.lower() in (
                "urge", "ask", "order", "tell", "force", "call", "press", "allow", "persuade"):
            return _child(head, ("dobj",))          # object control: "urged Iran to stop"
        if head.pos_ == "ADJ":                      # "ready to act": subject of the copula
            return _subject(head.head, depth + 1)
        if verb.dep_ == "pcomp":                    # "accused X of attacking"
            return _subject(head.head, depth + 1) if head.head.i != head.i else None
        return _subject(head, depth + 1)
    if _misparsed_main(verb):
        return verb.sent.root
    if verb.dep_ == "acl" and verb.tag_ == "VBG":
        if head.lemma_.lower() in load_lexicon().cues["message_nouns"] and head.dep_ == "dobj":
            return _subject(head.head, depth + 1)   # "issued a statement demanding ...": the issuer
        return head
    return None


def _agent(verb: Token) -> Token | None:
    agent = _child(verb, ("agent",))
    if agent is not None:
        return _child(agent, ("pobj",))
    return None


def _means_agent(verb: Token, lex: Lexicon) -> Token | None:
    """"was killed in police firing", "died in firing by the army": with no "by" agent, the
    one who acted is named on the violent act the victim fell in."""
    act = _prep_object(verb, frozenset({"in", "during"}))
    if act is None:
        return None
    means = lex.cues["harm_means_nouns"]
    if act.lemma_.lower() in means:
        return _agent_modifier(act)
    if act.pos_ == "NOUN" and any(c.dep_ == "acl" and c.lower_ in means for c in act.children):
        return act                        # parsed as "in [police] <firing>": the agent noun
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


def _is_means(obj: Token, lex: Lexicon) -> bool:
    """The object names the weapon or means ("tear gas", "fire"), not the victim."""
    lemma = obj.lemma_.lower()
    return lemma in lex.cues["assault_instruments"] or lemma in lex.cues["means_nouns"]


def _verb_arguments(verb: Token, lex: Lexicon) -> tuple[Token | None, Token | None]:
    passive = _child(verb, _PASSIVE_SUBJECTS)
    if passive is not None:
        return _agent(verb) or _means_agent(verb, lex), _resolve_relative(passive)
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
        return _agent(verb), target
    if verb.lemma_.lower() in lex.cues["transfer_verbs"]:
        # "granted asylum to five officers": the object is what is given, not to whom.
        to = frozenset({"to"})
        target = _child(verb, ("dative",)) or _prep_object(verb, to) \
            or (_prep_object(target, to) if target is not None else None) or target
    elif target is not None and target.lemma_.lower() in lex.nouns:
        # "halted economic aid to Serbia": the object is itself an act; its recipient is
        # the one named by the preposition.
        preps = lex.cues["target_preps"]
        target = _prep_object(verb, preps) or _prep_object(target, preps) or target
    elif target is not None and _owned_by_pronoun(target):
        # "withdraw its troops from Lebanon": the object is the actor's own; the place or
        # party named by the preposition is the one the event is directed at.
        own = lex.cues["own_object_preps"]
        target = _prep_object(verb, own) or _prep_object(target, own) or target
    return _subject(verb), target


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


def _owned_by_pronoun(tok: Token) -> bool:
    return any(c.dep_ == "poss" and c.lower_ in ("its", "their") for c in tok.children)


def _addressee(tok: Token) -> Token | None:
    """"demanded that the US cancel ...": the subject of the demanded clause."""
    for clause in tok.children:
        if clause.dep_ == "ccomp" and any(m.dep_ == "mark" and m.lower_ == "that"
                                          for m in clause.children):
            return _child(clause, _SUBJECTS)
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
    target = _prep_object(noun, lex.cues["target_preps"])
    of_obj = _prep_object(noun, frozenset({"of"}))
    if of_obj is not None:
        if event_type in lex.cues["patient_of_types"]:
            target = target or of_obj
        else:
            source = source or of_obj
    if host.i != noun.i and _carried_by(noun, host):
        # A light verb carries the noun: its subject acts ("The EU imposed sanctions").
        if noun.dep_ == "nsubjpass":
            source = source or _agent(host)
        else:
            source = source or _subject(host)
        target = target or _prep_object(host, lex.cues["target_preps"])
    return source, target


def _carried_by(noun: Token, host: Token) -> bool:
    """The light verb carries the noun: its object ("imposed sanctions"), a prepositional
    object ("went on strike"), or the noun reached through a measure or head noun
    ("launched ten days of war games", "launched a mediation effort")."""
    if noun.head.i == host.i:
        return noun.dep_ in ("dobj", "pobj", "attr", "nsubjpass")
    cur = noun
    for _ in range(3):
        if cur.dep_ not in ("pobj", "prep", "compound") or cur.head.i == cur.i:
            return False
        cur = cur.head
        if cur.head.i == host.i:
            return cur.dep_ in ("dobj", "prep", "attr", "nsubjpass")
    return False


# ---------------------------------------------------------------- modality

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
    if negated or lemmas & lex.cues["control_negating"] or _denied(host):
        return "negated"
    if auxes & lex.cues["hypothetical_aux"] or _in_condition(host, lex):
        return "hypothetical"
    if any(_has_condition_clause(t, lex) for t in chain):
        return "hypothetical"
    future = auxes & lex.cues["future_aux"]
    if future and future <= {"would", "'d"} and _under_speech(host, lex) is None:
        return "hypothetical"                    # "would" outside reported speech
    if future or lemmas & lex.cues["control_planned"] or _going_to(chain):
        return "planned"
    if any(c.dep_ == "amod" and c.lemma_.lower() in ("plan", "planned", "proposed", "possible", "threatened")
           for c in match.token.children):
        return "planned"
    return "asserted"


def _denied(host: Token) -> bool:
    """"denied attacking", "denied that it attacked"."""
    head = host.head
    return host.dep_ in ("xcomp", "ccomp", "pcomp") and head.lemma_.lower() == "deny"


def _going_to(chain: list[Token]) -> bool:
    return any(t.lemma_.lower() == "go" and t.tag_ == "VBG" for t in chain[1:])


# ---------------------------------------------------------------- building mentions

def _inner_match(match: _Match, matches: dict[int, _Match], absorbed_by: dict[int, int]) -> _Match | None:
    for idx, outer in absorbed_by.items():
        if outer == match.token.i:
            return matches[idx]
    return None


def _resolve_frame(match: _Match, inner: _Match | None, lex: Lexicon) -> tuple[str, str | None, str | None]:
    entry = match.entry
    if entry.frame not in ("intent", "threat"):
        return entry.event_type, entry.mode, entry.cameo
    hostile = inner is not None and inner.entry.event_type in lex.cues["hostile_types"]
    if entry.frame == "intent" and not hostile:
        return "AGREE", None, entry.cameo
    mode = _threat_mode(inner, lex) if inner is not None else entry.mode
    return "THREATEN", mode, "130"


def _threat_mode(inner: _Match, lex: Lexicon) -> str | None:
    modes = lex.cues["threat_modes"]
    key = f"{inner.entry.event_type}:{inner.entry.mode}"
    return modes.get(key) or modes.get(inner.entry.event_type)


def _assault_mode(sent: Span, lex: Lexicon) -> str | None:
    instruments = lex.cues["assault_instruments"]
    for tok in sent:
        mode = instruments.get(tok.lemma_.lower())
        if mode:
            return mode
    return None


def _obligation(host: Token, lex: Lexicon) -> bool:
    return any(c.dep_ == "aux" and c.lower_ in lex.cues["obligation_aux"] for c in host.children)


def _stated_intent(event_type: str, mode: str | None, host: Token, modality: str,
                   lex: Lexicon) -> tuple[str, str | None, str] | None:
    """PLOVER codes an announced future action as the statement itself: "said it will
    support" is AGREE, "said they would boycott" is THREATEN, "says it will not accept"
    is REJECT. Returns (type, mode, modality) or None when the rule does not apply."""
    auxes = {c.lower_ for c in host.children if c.dep_ in ("aux", "auxpass")}
    if _under_speech(host, lex) is None:
        # "Turkey will allow ...": a plain promise of cooperation is AGREE in PLOVER.
        # An announced resignation or withdrawal ("X will resign") stays a planned RETREAT.
        if modality == "planned" and event_type in COOPERATIVE and event_type != "RETREAT" \
                and auxes & {"will", "shall", "'ll"}:
            return "AGREE", None, "asserted"
        return None
    if not auxes & lex.cues["future_aux"] or auxes & lex.cues["hypothetical_aux"]:
        return None
    if modality != "negated" and _condition_mark(host) == "unless":
        # "will withdraw unless ...": an action held over the other side is a threat.
        fake = _Match(host, Entry(host.lemma_, frozenset(), "VERB", event_type, mode, None, ""), host)
        return "THREATEN", _threat_mode(fake, lex), "asserted"
    if modality == "negated":
        if event_type in COOPERATIVE:
            return "REJECT", None, "asserted"
        return None
    if event_type in COOPERATIVE:
        return "AGREE", None, "asserted"
    if event_type in lex.cues["hostile_types"] and event_type != "THREATEN":
        fake = _Match(host, Entry(host.lemma_, frozenset(), "VERB", event_type, mode, None, ""), host)
        return "THREATEN", _threat_mode(fake, lex), "asserted"
    return None


def _condition_mark(tok: Token) -> str | None:
    for clause in tok.children:
        if clause.dep_ == "advcl":
            for mark in clause.children:
                if mark.dep_ == "mark":
                    return mark.lemma_.lower()
    return None


def _confidence(kind_noun: bool, source, target, sent: Span, lex: Lexicon) -> float:
    score = 0.45 if kind_noun else 0.55
    score += 0.2 if source is not None else 0.0
    score += 0.1 if target is not None else 0.0
    if source is None and target is None:
        score -= 0.15
    if _opinion(sent, lex):
        score -= 0.25
    return round(max(0.05, min(0.95, score)), 2)


def _opinion(sent: Span, lex: Lexicon) -> bool:
    """"It is time to ...", "it is important that ...": commentary, not a report."""
    root = sent.root
    if root.lemma_.lower() != "be":
        return False
    return any(c.dep_ in ("attr", "acomp") and c.lemma_.lower() in lex.cues["opinion_predicates"]
               for c in root.children)


def _span_or_none(tok: Token | None, trigger: Token) -> Span | None:
    if tok is None or tok.i == trigger.i:
        return None
    return _phrase(tok)


def _obligation_requests(sent: Span, lex: Lexicon, taken: set[int]) -> list[EventMention]:
    """"X declared that China must drop barriers": a demand voiced as an obligation."""
    found = []
    for tok in sent:
        if tok.dep_ != "ccomp" or tok.i in taken or tok.head.lemma_.lower() not in lex.cues["speech_verbs"]:
            continue
        if tok.head.tag_ == "VBG" and tok.head.dep_ in ("advcl", "xcomp", "conj"):
            continue                     # "staged rallies, saying he must resign": part of the protest
        aux = next((c for c in tok.children if c.dep_ == "aux" and c.lower_ in lex.cues["obligation_aux"]), None)
        if aux is None:
            continue
        source = _subject(tok.head)
        target = _child(tok, _SUBJECTS)
        src = _span_or_none(source, aux)
        tgt = _span_or_none(target, aux)
        found.append(EventMention(trigger=sent.doc[aux.i:aux.i + 1], event_type="REQUEST", mode=None,
                                  source=src, target=tgt, modality="asserted", cameo="100",
                                  confidence=_confidence(False, src, tgt, sent, lex)))
    return found


def _mode_from_absorbed(match: _Match, event_type: str, absorbed: list[_Match]) -> str | None:
    """"An air strike hit a convoy": the swallowed noun knows the mode."""
    for other in absorbed:
        if other.entry.event_type == event_type and other.entry.mode:
            return other.entry.mode
    return None


def _build(match: _Match, inner: _Match | None, sent: Span, lex: Lexicon,
           absorbed: list[_Match], taken: dict[int, _Match]) -> EventMention | None:
    tok = match.token
    event_type, mode, cameo = _resolve_frame(match, inner, lex)
    modality = _modality(match, lex)
    is_noun = match.entry.pos == "NOUN" and not match.light   # a bare noun is weaker evidence
    if match.entry.pos == "ADJ":
        source, target = _subject(match.host), None
    elif match.entry.pos == "NOUN":
        source, target = _noun_arguments(tok, match.host, lex, event_type)
    else:
        source, target = _verb_arguments(tok, lex)
        if target is not None and target.lemma_.lower() in match.entry.extras:
            # "cut ties with Minsk", "took to the streets": the object is part of the trigger.
            target = _prep_object(target, frozenset({"with", "to", "against", "on"}))
    ordered = _coercive_controller(match.host, lex)
    if ordered is not None:
        source, target = ordered          # "the government ordered the paper to close"
    if target is None and event_type == "REQUEST":
        target = _addressee(tok) or (_addressee(match.host) if match.host.i != tok.i else None)
    if target is None and event_type == "THREATEN" and inner is None:
        # "threatened to cut off electricity to X": the threatened act is no trigger of its
        # own, but its recipient is the one threatened.
        act = _child(match.host, ("xcomp",))
        if act is not None and _is_verb(act):
            target = _prep_object(act, lex.cues["target_preps"]) or _verb_arguments(act, lex)[1]
    if target is None and inner is not None and inner.entry.pos == "VERB":
        target = _verb_arguments(inner.token, lex)[1]      # "threatened to attack Israel"
    if inner is not None and inner.entry.pos == "NOUN" and target is None:
        target = _noun_arguments(inner.token, inner.host, lex, inner.entry.event_type)[1]
    if _obligation(match.host, lex):
        if _under_speech(match.host, lex) is not None:
            return None                  # reported as a demand: see _obligation_requests
        modality = "hypothetical"        # "X must resign": wanted, not done
    stated = None
    if match.entry.pos == "VERB" or match.light:
        stated = _stated_intent(event_type, mode, match.host, modality, lex)
    if stated is not None:
        event_type, mode, modality = stated
        cameo = None
    if mode is None:
        mode = _mode_from_absorbed(match, event_type, absorbed)
    if event_type == "ASSAULT" and mode is None:
        mode = _assault_mode(sent, lex)
    if source is not None and source.i in taken:
        source = None                    # "The arrest of X sparked protests": an event, not an actor
    if source is not None and target is not None and source.i == target.i:
        target = None
    src = _span_or_none(source, tok)
    tgt = _span_or_none(target, tok)
    if src is not None and tgt is not None and src.start <= tgt.start < src.end:
        tgt = None
    trigger = _trigger_span(match)
    confidence = _confidence(is_noun, src, tgt, sent, lex)
    if is_noun and tok.dep_ == "nsubj" and not match.light:
        confidence += 0.15               # "Protests erupted": the noun is what happened
    if _in_relative_clause(match.host):
        confidence -= 0.15               # background detail about a participant
        if _relative_clause(match.host):
            confidence -= 0.3            # "X, which is preparing an offensive": background
                                         # to the reported event, kept only when well argued
    return EventMention(trigger=trigger, event_type=event_type, mode=mode, source=src, target=tgt,
                        modality=modality, cameo=cameo, confidence=round(min(confidence, 0.95), 2))


def _relative_clause(tok: Token) -> bool:
    cur = tok
    for _ in range(6):
        if cur.dep_ == "relcl":
            return True
        if cur.head.i == cur.i:
            return False
        cur = cur.head
    return False


def _in_relative_clause(tok: Token) -> bool:
    cur = tok
    for _ in range(6):
        if cur.dep_ in ("relcl", "acl"):
            return True
        if cur.head.i == cur.i:
            return False
        cur = cur.head
    return False


def _trigger_span(match: _Match) -> Span:
    """The trigger word with the adjacent words of its phrase ("opened fire", "broke off",
    "hunger strike"); words of the phrase further away stay out so the span is contiguous."""
    tok = match.token
    doc = tok.doc
    extras = match.entry.extras
    start, end = tok.i, tok.i + 1
    while end < len(doc) and end - tok.i <= len(extras) and doc[end].lemma_.lower() in extras:
        end += 1
    while start > 0 and tok.i - start < len(extras) and doc[start - 1].lemma_.lower() in extras:
        start -= 1
    return doc[start:end]


def find_mentions(sent: Span) -> list[EventMention]:
    """Event mentions in one parsed sentence, in text order."""
    lex = load_lexicon()
    if sent.text.rstrip().endswith("?"):
        return []                        # a question reports nothing ("Will Russia invade?")
    matches = _find_matches(sent, lex)
    absorbed_by: dict[int, int] = {}
    for idx, match in matches.items():
        outer = _absorber(match, matches)
        if outer is not None:
            absorbed_by[idx] = outer.token.i
    for idx, match in matches.items():
        # "killed one soldier and wounded two others": one event, not two.
        head = match.token.head
        if idx not in absorbed_by and match.token.dep_ == "conj" and head.i in matches \
                and matches[head.i].entry.event_type == match.entry.event_type \
                and matches[head.i].entry.mode == match.entry.mode:
            absorbed_by[idx] = head.i
    mentions = []
    for idx in sorted(matches):
        if idx in absorbed_by:
            continue
        match = matches[idx]
        inner = _inner_match(match, matches, absorbed_by)
        absorbed = [matches[i] for i, outer in absorbed_by.items() if outer == idx]
        mention = _build(match, inner, sent, lex, absorbed, matches)
        if mention is not None and mention.confidence >= MIN_CONFIDENCE:
            mentions.append(mention)
    mentions += _obligation_requests(sent, lex, set(matches))
    mentions.sort(key=lambda m: m.trigger.start)
    return mentions
