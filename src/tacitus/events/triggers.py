"""Trigger matching: the words of a sentence that name a PLOVER event (lexicon verbs,
event nouns, nouns carried by light verbs, intent adjectives), and which trigger reports
another ("agreed to *provide*": absorption)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from spacy.tokens import Span, Token

from tacitus.events.arguments import _child, _means_agent, _prep_object, _raised_passive
from tacitus.events.lexicon import Entry, Lexicon, load_lexicon
from tacitus.quantities.categories import is_person
from tacitus.quantities.lexicon import load_lexicon as quantity_lexicon

# Edges across which an outer trigger does not swallow an inner one: coordinated and
# relative clauses report events of their own.
_INDEPENDENT_EDGES = frozenset({"relcl", "parataxis"})


@dataclass
class _Match:
    token: Token             # the trigger word
    entry: Entry
    host: Token              # the verb whose clause carries the event (light verb, or token)
    light: bool = False      # True when `host` is a light verb carrying the trigger noun


def _nearby_lemmas(tok: Token) -> set[str]:
    """Lemmas of a word's dependents and their dependents (for multiword triggers)."""
    found: set[str] = set()
    for child in tok.children:
        found.add(child.lemma_.lower())
        for grand in child.children:
            found.add(grand.lemma_.lower())
            if grand.lower_ == "of":      # "declared a state of emergency"
                found.update(g.lemma_.lower() for g in grand.children)
    return found


def _has_object(tok: Token) -> bool:
    return any(c.dep_ in ("dobj", "dative", "nsubjpass", "obj") for c in tok.children) \
        or tok.dep_ == "acl" and tok.tag_ == "VBN" or _raised_passive(tok) is not None


def _frame_ok(entry: Entry, tok: Token) -> bool:
    if entry.frame == "tr":
        return _has_object(tok)
    if entry.frame == "person":
        return _has_person_object(tok)
    if entry.frame == "intr":
        return not _has_object(tok)
    return True


_PERSON_PRONOUNS = frozenset({"he", "she", "they", "him", "her", "them", "we", "us", "i", "me",
                              "who", "whom"})


def _has_person_object(tok: Token) -> bool:
    """Frame "person": the verb is done to people ("50 persons were held", "police held
    him"), not to things ("talks were held", "held a rally")."""
    objects = [c for c in tok.children if c.dep_ in ("dobj", "nsubjpass")]
    if tok.dep_ == "acl" and tok.tag_ == "VBN":
        objects.append(tok.head)             # "the 50 persons held on Tuesday"
    lex = quantity_lexicon()
    return any(o.lower_ in _PERSON_PRONOUNS or o.pos_ != "PRON" and is_person(o, lex)
               for o in objects)


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


def _light_noun(verb: Token, lex: Lexicon, enacting: bool = False) -> tuple[Token, Entry] | None:
    """The event noun carried by a light verb: "held talks", "went on strike"."""
    # Both lemma and form: the small model mis-lemmatizes some ("staged" -> "stag").
    if not enacting and verb.lemma_.lower() not in lex.cues["light_verbs"] \
            and verb.lower_ not in lex.cues["light_verbs"]:
        return None
    candidates = [c for c in verb.children if c.dep_ in ("dobj", "nsubjpass", "attr")
                  or c.dep_ == "xcomp" and c.tag_ == "NN"]   # "ordered firing" misparsed
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
            if tok.lemma_.lower() in lex.cues["enacting_verbs"]:
                # "approved a $300 million loan", "adopted sanctions": what is approved is
                # the event, the approver its source
                light = _light_noun(tok, lex, enacting=True)
                if light is not None:
                    matches[light[0].i] = _Match(light[0], light[1], tok, light=True)
                    continue
            entry = _match_entry(tok, lex.verbs)
            if entry is not None:
                matches[tok.i] = _Match(tok, entry, tok)
                continue
            light = _light_noun(tok, lex)
            if light is not None:
                noun, entry = light
                matches[noun.i] = _Match(noun, entry, tok, light=True)
                continue
            entry = _harm_outcome(tok, lex)
            if entry is not None:
                matches[tok.i] = _Match(tok, entry, tok)
        elif tok.pos_ == "NOUN" and tok.i not in matches:
            entry = _match_noun(tok, lex)
            if entry is not None:
                matches[tok.i] = _Match(tok, entry, _governing_verb(tok))
        elif tok.pos_ == "ADJ":
            entry = _intent_adjective(tok, lex)
            if entry is not None:
                matches[tok.i] = _Match(tok, entry, tok.head if tok.dep_ == "acomp" else tok)
    return matches


def _harm_outcome(tok: Token, lex: Lexicon) -> Entry | None:
    """"125 people died in police firing": dying is no event, but dying in a violent act
    whose author is named is that author's attack."""
    if tok.lemma_.lower() not in lex.cues["harm_outcome_verbs"] or _means_agent(tok, lex) is None:
        return None
    return Entry(head=tok.lemma_.lower(), extras=frozenset(), pos="VERB", event_type="ASSAULT",
                 mode=None, cameo="190", frame="")


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

def _result_of(match: _Match, child: Token, head: Token, other: _Match) -> bool:
    """"A car bomb exploded, killing six": the killing is what the bomb (the subject noun
    trigger of the clause) did, one event with the bomb."""
    return child.i == match.token.i and child.dep_ in ("advcl", "conj") \
        and other.entry.pos == "NOUN" and not other.light and other.host.i == head.i \
        and other.token.dep_ == "nsubj" and other.entry.event_type == match.entry.event_type


def _clemency_for(match: _Match, person: Token, matches: dict[int, _Match]) -> _Match | None:
    """"Men accused of plotting X were pardoned": the pardon (acquittal, amnesty) of people
    described by the charge against them reports the clemency; the charge is what
    identifies them, told earlier, not a new accusation. Returns the clemency event."""
    if match.entry.event_type != "ACCUSE" or person.dep_ not in ("nsubjpass", "dobj"):
        return None
    verb = person.head
    clement = load_lexicon().cues["clemency_verbs"]
    other = matches.get(verb.i)
    if other is not None and verb.lemma_.lower() in clement:
        return other
    return None


def _absorber(match: _Match, matches: dict[int, _Match]) -> _Match | None:
    """The trigger above this one that reports it ("agreed to *provide*", "called for
    *sanctions*"), if any. Coordinated clauses ("met and *agreed*") stand on their own.
    An earlier event given as background to the sentence's event ("agreed to a truce
    after two days of fighting") is folded into it: the sentence reports the truce."""
    child = match.token
    skip = {match.token.i, match.host.i} if match.light else {match.token.i}
    for _ in range(12):
        head = child.head
        if head.i == child.i or child.dep_ in _INDEPENDENT_EDGES:
            return None
        if child.dep_ == "acl" and (child.tag_ == "VBN" or child.tag_ == "VBG" and _has_object(child)):
            # a participle on a noun that acts on someone is a clause of its own: "the
            # people arrested on Friday were charged", "demands by gunmen holding two
            # hostages": two events ("rebels fighting to ..." stays a description)
            return _clemency_for(match, head, matches)
        if head.i in matches and head.i not in skip and child.dep_ != "conj":
            return matches[head.i]
        # A light verb hosting another trigger noun ("launched attacks and ...").
        for other in matches.values():
            if other.light and other.host.i == head.i and other.token.i not in skip \
                    and child.dep_ not in ("conj", "nsubj"):
                return other
            if _result_of(match, child, head, other) and other.token.i not in skip:
                return other
        child = head
    return None
