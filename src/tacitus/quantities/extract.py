"""extract_quantities: the counts and the money amount a sentence states."""

from __future__ import annotations

from spacy.tokens import Span, Token

from tacitus.quantities.categories import (
    AGENT,
    PATIENT,
    categorise,
    clause_role,
    conj_root,
    unrealised,
    verb_category,
)
from tacitus.quantities.lexicon import QuantityLexicon, load_lexicon
from tacitus.quantities.numbers import NumberPhrase, find_numbers
from tacitus.records import Count, Money, Quantities

# categories where "a soldier was killed" states a count of one
_SINGULAR_CATEGORIES = ("fatalities", "injuries", "arrests")
_ONE_PERSON_PRONOUNS = frozenset({"he", "she", "him", "her"})
_NO_COUNT_DETS = frozenset({"no", "any", "every", "each", "some", "whose"})


def extract_quantities(sent: Span, event_type: str | None = None,
                       trigger: Token | None = None) -> Quantities:
    """Counts of participants, arrests, fatalities, injuries and one money amount.

    Only what the sentence states. `event_type` (PLOVER) and `trigger` let bare counts
    of people count as a protest's participants or a COERCE trigger's arrests; with
    several candidates for one field the one nearest the trigger wins.
    """
    lex = load_lexicon()
    # candidates per field, with a sort key (toll first, then nearest the trigger)
    counts: dict[str, list[tuple[tuple[int, int], Count]]] = {}
    money: list[tuple[tuple[int, int], Money]] = []
    listed_counts: dict[str, dict[tuple[int, int], tuple[int, Count]]] = {}
    for phrase in _numbers(sent, lex):
        text = phrase.text(sent)
        if phrase.currency is not None:
            if not _fits("money", event_type, lex):
                continue
            amount = Money(amount=phrase.value, currency=phrase.currency,
                           approximate=phrase.approximate, text=text)
            money.append(((1, _distance(phrase.head.i, trigger)), amount))
            continue
        category, att = categorise(phrase, event_type, trigger, lex)
        if category is None or not _fits(category, event_type, lex):
            continue
        where = att.verb.i if att.verb is not None else phrase.head.i
        if phrase.end <= att.noun.i <= phrase.end + 3:   # "140 people", "3 US servicemen"
            text = sent.doc[phrase.start:att.noun.i + 1].text
        rank = (0 if att.by_toll else 1, _distance(where, trigger))
        count = _count(phrase, text)
        listed = _listed_with(att, listed_counts.setdefault(category, {}), count, sent)
        if listed is None:
            counts.setdefault(category, []).append((rank, count))
    for category in _SINGULAR_CATEGORIES:
        if category not in counts and _fits(category, event_type, lex):
            single = _singular_count(sent, category, trigger, lex)
            if single is not None:
                counts[category] = [single]
    if "fatalities" not in counts and _fits("fatalities", event_type, lex):
        killed = _killing_trigger(trigger, lex)
        if killed is not None:
            counts["fatalities"] = [killed]
    fields = {name: _nearest(found) for name, found in counts.items()}
    return Quantities(**fields, money=_nearest(money))


def _killing_trigger(trigger: Token | None, lex: QuantityLexicon) -> tuple[tuple[int, int], Count] | None:
    """"with two persons being killed", "firing that killed": a killing that happened
    kills at least one, though the victims are not counted where the parse can see them."""
    if trigger is None or trigger.pos_ != "VERB" or unrealised(trigger):
        return None
    if "fatalities" not in (verb_category(trigger, PATIENT, lex), verb_category(trigger, AGENT, lex)):
        return None
    return (3, 0), Count(min=1, approximate=True, text=trigger.text)


def _fits(category: str, event_type: str | None, lex: QuantityLexicon) -> bool:
    """A count belongs to events of the types that can have it (no injuries on a REQUEST)."""
    if event_type is None:
        return True
    types = lex.event_types.get(category)
    return types is None or event_type in types


def _numbers(sent: Span, lex: QuantityLexicon) -> list[NumberPhrase]:
    # cheap pre-check: most sentences hold no number at all
    if not any(t.text[:1].isdigit() or t.lower_ in lex.vague or t.lower_ in lex.units
               or t.lower_ in lex.scales for t in sent):
        return []
    return find_numbers(sent, lex)


def _count(phrase: NumberPhrase, text: str) -> Count:
    return Count(min=_int(phrase.min), max=_int(phrase.max),
                 approximate=phrase.approximate, text=text)


def _listed_with(att, seen: dict, count: Count, sent: Span) -> Count | None:
    """Add a count to an earlier one of the same list: "killed 6 policemen and 20 civilians".

    Counts are added when they hang from the same verb as conjoined nouns; returns the
    earlier (now grown) count, or None when this is a count of its own.
    """
    if att.verb is None:
        return None
    root = conj_root(att.clause)
    key = (att.verb.i, root.i)
    earlier = seen.get(key)
    if earlier is None:
        seen[key] = (att.clause.i, count)
        return None
    first_clause, first = earlier
    if first_clause == att.clause.i:
        return first                       # two numbers on one noun: keep the first
    first.min = None if first.min is None or count.min is None else first.min + count.min
    first.max = None if first.max is None or count.max is None else first.max + count.max
    first.approximate = first.approximate or count.approximate
    first.text = f"{first.text} and {count.text}"
    return first


def _int(value: float | None) -> int | None:
    return None if value is None else round(value)


def _distance(i: int, trigger: Token | None) -> int:
    """Sort key: nearest to the trigger, else first in the sentence."""
    return abs(i - trigger.i) if trigger is not None else i


def _nearest(found):
    return min(found, key=lambda pair: pair[0])[1] if found else None


def _singular_count(sent: Span, category: str, trigger: Token | None,
                    lex: QuantityLexicon) -> tuple[tuple[int, int], Count] | None:
    """"A journalist was killed", "killed the deputy chief": one, though no number is written."""
    best: tuple[tuple[int, int], Count] | None = None
    states = lex.kind("state")
    for verb in sent:
        if verb.pos_ != "VERB" or unrealised(verb):
            continue
        # "was found dead", "left a soldier wounded": the state word decides.
        state = next((states[c.lower_] for c in verb.children
                      if c.dep_ in ("oprd", "acomp") and c.lower_ in states), None)
        for person, role in _arguments(verb):
            if (state or verb_category(verb, role, lex)) != category:
                continue
            people = _singular_people(person, lex)
            if people:
                text = sent.doc[person.left_edge.i:people[-1].i + 1].text
                candidate = ((1, _distance(verb.i, trigger)),
                             Count(min=len(people), max=len(people), text=text))
            elif category == "fatalities" and _unnumbered_people(person, lex):
                # "people died in the firing", "those killed": deaths are stated, their
                # number is not; at least one died (a lower bound, no maximum).
                text = sent.doc[person.left_edge.i:person.i + 1].text
                candidate = ((2, _distance(verb.i, trigger)),
                             Count(min=1, approximate=True, text=text))
            else:
                continue
            if best is None or candidate[0] < best[0]:
                best = candidate
    return best


def _arguments(verb: Token):
    """The verb's subject and object, with their roles; the noun a participle modifies."""
    for child in verb.children:
        if child.dep_ in ("nsubj", "nsubjpass", "dobj"):
            role = clause_role(child)[1]
            if role is not None:
                yield child, role
    if verb.dep_ == "acl" and verb.tag_ == "VBN":
        yield verb.head, PATIENT
    elif verb.dep_ == "acl" and verb.tag_ == "VBG":
        yield verb.head, AGENT


def _unnumbered_people(noun: Token, lex: QuantityLexicon) -> bool:
    """A plural of people with no number or negation: "people", "the protesters", "those"."""
    if noun.lower_ == "those" and noun.dep_ != "det":
        return True
    if noun.tag_ not in ("NNS", "NNPS") or noun.lower_ in lex.units or noun.lower_ in lex.vague:
        return False
    if any(c.dep_ in ("nummod", "quantmod") or c.dep_ == "det" and c.lower_ in _NO_COUNT_DETS
           or c.dep_ == "neg" for c in noun.children):
        return False
    return noun.lemma_.lower() in lex.kind("person") or noun.ent_type_ in ("PERSON", "NORP")


def _singular_people(noun: Token, lex: QuantityLexicon) -> list[Token]:
    """The noun and its conjuncts if each is one person ("a soldier and a civilian")."""
    people = [noun] + [c for c in noun.conjuncts if c.i > noun.i]
    for person in people:
        if person.lower_ in _ONE_PERSON_PRONOUNS:
            continue                       # "he was killed", "police arrested her"
        if person.tag_ not in ("NN", "NNP") or person.lower_ in lex.units:
            return []
        if any(c.dep_ in ("nummod", "quantmod") for c in person.children):
            return []
        if any(c.dep_ == "det" and c.lower_ in _NO_COUNT_DETS for c in person.children):
            return []
        if not (person.lemma_.lower() in lex.kind("person")
                or person.ent_type_ in ("PERSON", "NORP")):
            return []
        if person.lemma_.lower() in lex.kind("collective"):
            return []                      # "the staff was arrested" is not one person
    return people
