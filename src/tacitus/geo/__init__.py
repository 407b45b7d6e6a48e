"""The geo stage: where did the event happen?

`Geocoder.geocode` turns a place name into a `Location`; `Geocoder.locate` finds the
place of the event in a sentence: a place named after a locative preposition ("in",
"at", "near", "outside of the town of ...") in the trigger's clause. Places that are
actors (the `exclude` spans), places in other clauses, and adjectives ("Belarusian")
are not event locations.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from spacy.tokens import Span, Token

from tacitus.geo.gazetteer import Gazetteer, Place, fold, shared_gazetteer
from tacitus.knowledge import read_json
from tacitus.nlp import span_ents
from tacitus.records import Location
from tacitus.time.attach import path_cost, tree_path

__all__ = ["Geocoder"]

PLACE_LABELS = ("GPE", "LOC", "FAC")
# Finer places win when two attach about equally well ("in Minsk, Belarus").
_PRECISION_COST = {"city": 0.0, "admin1": 0.5, "region": 1.0, "country": 1.0, "unknown": 3.0}
_DIRECTIONAL_COST = 2.0      # "to"/"from": a destination or origin, weaker evidence
_MAX_DIRECTIONAL_DISTANCE = 2
# Dependency labels through which a place name reaches the noun a preposition governs:
# "East Timor's capital Dili", "Minsk, Belarus", "Basra city".
_CLIMB_DEPS = ("compound", "appos", "conj", "amod", "nmod", "poss", "npadvmod")
_IN_ACTOR_COST = 1.0         # "police in Karachi arrested ...": the actor's place, second best
_MAX_OF_HOPS = 3             # "the outskirts of the town of X"
_ADMIN_SUFFIXES = frozenset({"province", "provinces", "governorate", "state", "region",
                             "prefecture", "district", "oblast", "county"})



@lru_cache(maxsize=1)
def _words() -> dict:
    words = read_json("geo_words.json")
    return {key: frozenset(value) if isinstance(value, list) else value
            for key, value in words.items()}


# The word lists for other stages (places named only to qualify something, place nouns).
geo_words = _words


@dataclass
class _Attachment:
    prep: Token
    directional: bool


class Geocoder:
    """Place names to Locations; shares one gazetteer per process."""

    def __init__(self, gazetteer: Gazetteer | None = None) -> None:
        self._gazetteer = gazetteer or shared_gazetteer()

    def geocode(self, name: str, country: str | None = None,
                countries: frozenset[str] = frozenset()) -> Location | None:
        """A Location for a place name, or None; `country` (ISO3) narrows cities,
        `countries` (the document's) pick among homonyms and allow small towns."""
        place = self._lookup(name, country, strict_case=True, countries=countries)
        return _to_location(place, name, None, None) if place else None

    @property
    def gazetteer(self) -> Gazetteer:
        return self._gazetteer

    def country_location(self, iso3: str, mention: Location | None = None) -> Location | None:
        """A country-precision Location for an ISO3 code; `mention` gives the words and
        offsets of a place in that country that the text names."""
        place = self._gazetteer.by_iso3(iso3)
        if place is None:
            return None
        words = {"text": mention.text, "start": mention.start, "end": mention.end} if mention else {}
        return Location(name=place.name, country=iso3, lat=place.lat, lon=place.lon,
                        geonameid=place.geonameid, precision="country", **words)

    def locate(self, sent: Span, exclude: list[Span] = (), trigger: Token | None = None,
               countries: frozenset[str] = frozenset()) -> Location | None:
        """The place of the event in `sent`, or None when no place attaches to it.
        `countries` (ISO3): the countries the document points to (its dateline, the
        countries it names), used to pick among homonyms and to allow small towns."""
        head = trigger if trigger is not None else sent.root
        spans, inside = [], set()
        for span in _place_spans(sent):
            if not _overlaps_any(span, exclude):
                spans.append(span)
            elif _placed_actor(span, exclude):
                spans.append(span)
                inside.add(span.start)
        if not spans:
            return None
        hints, dropped = _country_hints(spans, self._gazetteer)
        best: tuple[float, int, Location] | None = None
        for span in spans:
            if span.start in dropped:
                continue
            scored = self._score(span, head, hints.get(span.start), countries)
            if scored is not None and span.start in inside:
                scored = (scored[0] + _IN_ACTOR_COST, *scored[1:])
            if scored is not None and (best is None or scored[:2] < best[:2]):
                best = scored
        return best[2] if best else None

    # --- one candidate --------------------------------------------------------------
    def _score(self, span: Span, head: Token, country_hint: str | None,
               countries: frozenset[str] = frozenset()) -> tuple[float, int, Location] | None:
        attachment = _attachment(span)
        if attachment is None:
            return None
        if _reporting_place(attachment.prep, head):
            return None
        cost = float(path_cost(attachment.prep, head))
        if attachment.directional:
            if cost > _MAX_DIRECTIONAL_DISTANCE:
                return None
            cost += _DIRECTIONAL_COST
        place = self._lookup(span.text, country_hint, strict_case=True, countries=countries)
        if place is None and len(span) > 1 and span.text.istitle():
            # "in Pakistan Blast" (a title-case headline): the longest leading part that is a place
            for end in range(span.end - 1, span.start, -1):
                place = self._lookup(span.doc[span.start:end].text, country_hint,
                                     strict_case=True, countries=countries)
                if place is not None:
                    span = span.doc[span.start:end]
                    break
        if place is None:
            if span.label_ not in ("LOC", "FAC") or span.text.islower():
                return None
            location = Location(name=_clean_name(span.text), precision="unknown",
                                text=span.text, start=span.start_char, end=span.end_char)
            return cost + _PRECISION_COST["unknown"], span.start_char, location
        location = _to_location(place, span.text, span.start_char, span.end_char)
        return cost + _PRECISION_COST[place.precision], span.start_char, location

    def _lookup(self, text: str, country: str | None = None, strict_case: bool = False,
                countries: frozenset[str] = frozenset()) -> Place | None:
        """Gazetteer lookup of `text`; failing that, of it without leading "the"/"eastern"
        words or a trailing "province"/"state" word."""
        words = _words()
        tokens = text.replace("’s", "").replace("'s", "").split()
        province = False
        while tokens:
            name = " ".join(tokens)
            key = fold(name)
            if key in words["never_places"]:
                return None
            if strict_case and key in words["ambiguous_names"] and not name[:1].isupper():
                return None
            state = self._gazetteer.state(name) if province else None
            if state is not None and country in (None, state.country):
                return state                # "Najaf province" is the province, not the city
            place = self._gazetteer.lookup(name, country, main_names_only=name.islower(),
                                           countries=countries)
            if place is not None:
                return place
            if fold(tokens[0]) in words["direction_words"]:
                tokens = tokens[1:]
            elif len(tokens) > 1 and fold(tokens[-1]) in words["place_suffixes"]:
                province = province or fold(tokens[-1]) in _ADMIN_SUFFIXES
                tokens = tokens[:-1]
            else:
                return None
        return None


def _reporting_place(prep: Token, head: Token) -> bool:
    """"Officials in Nairobi said rebels shelled Juba", "speaking in Moscow, he said
    troops attacked": when the trigger sits in a clause reported by another (ccomp,
    parataxis), a place attached outside it is where the news came from."""
    path = tree_path(prep, head)
    if path is None:
        return True
    up_from_place, up_from_trigger = path
    if any(t.dep_ in ("acl", "relcl", "ccomp") for t in up_from_place):
        # "suspects charged in a plot linked to alerts in New York", "a soldier accused in
        # the Abu Ghraib scandal": a clause describing a participant, or the content of a
        # warning or statement, has its own places
        return True
    return any(t.dep_ in ("ccomp", "parataxis") for t in up_from_trigger)


# --- which spans are places ---------------------------------------------------------

def _place_spans(sent: Span) -> list[Span]:
    """GPE/LOC/FAC entities, plus capitalised proper nouns after a locative preposition
    that the tagger left unlabelled ("in Grodno" is sometimes missed)."""
    spans = [e for e in span_ents(sent) if e.label_ in PLACE_LABELS]
    # NORP, ORG and PERSON are allowed: the small model tags some towns as nationalities
    # ("the town of X"), organisations ("the port of Cartagena") or people ("in northern
    # Mali"); the gazetteer decides
    in_entity = {t.i for e in span_ents(sent) if e.label_ not in ("NORP", "ORG", "PERSON")
                 for t in e}
    words = _words()
    for tok in sent:
        if tok.i in in_entity or tok.pos_ != "PROPN" or not tok.is_title:
            continue
        if tok.dep_ != "pobj" or not (tok.head.lower_ in words["locative_preps"]
                                      or tok.head.lower_ == "of"):
            continue
        if tok.lower_ in words["ambiguous_names"] or tok.lower_ in words["never_places"]:
            continue
        start = min((c.i for c in tok.children if c.dep_ == "compound"), default=tok.i)
        spans.append(Span(sent.doc, start, tok.i + 1, label="GPE"))
    return spans


def _attachment(span: Span) -> _Attachment | None:
    """The preposition that makes `span` a place where something happens, if any."""
    words = _words()
    node = _climb_modifiers(span.root)
    for of_hops in range(_MAX_OF_HOPS + 1):
        if node.dep_ != "pobj":
            return None
        prep = node.head
        lower = prep.lower_
        if lower == "of" and prep.head.lower_ in words["locative_preps"]:   # "outside of"
            return _Attachment(prep.head, directional=False)
        if lower == "of" and _is_place_noun(prep.head):     # "the town of X"
            node = _climb_modifiers(prep.head)
            continue
        if lower in words["locative_preps"]:
            return _Attachment(prep, directional=False)
        if lower in words["chain_only_preps"] and of_hops:  # "on the outskirts of X"
            return _Attachment(prep, directional=False)
        if lower in words["directional_preps"] and _after_motion(prep):
            return _Attachment(prep, directional=True)      # "extradited to X"
        return None
    return None


def _after_motion(prep: Token) -> bool:
    """"withdraw from X", "evacuated the wounded from X" (the parser often hangs the
    preposition on the object): origins and destinations of movements only."""
    motion = _words()["motion_words"]
    head = prep.head
    if head.lemma_.lower() in motion:
        return True
    return head.dep_ in ("dobj", "nsubjpass") and head.head.lemma_.lower() in motion


def _climb_modifiers(node: Token) -> Token:
    """From a place name to the noun it modifies, when that noun is a place too:
    "East Timor's capital Dili", "the Hebron area", "Minsk, Belarus", "Minsk and Grodno".
    A possessive on a non-place ("Lebanon's president") is not climbed."""
    while node.dep_ in _CLIMB_DEPS and node.head.i != node.i:
        if node.dep_ == "poss" and not _is_place_noun(node.head):
            return node
        node = node.head
    return node


def _is_place_noun(token: Token) -> bool:
    return (token.lemma_.lower() in _words()["place_nouns"]
            or token.ent_type_ in PLACE_LABELS)


def _country_hints(spans: list[Span], gazetteer: Gazetteer) -> tuple[dict[int, str], set[int]]:
    """"Paris, France": France narrows Paris to FRA and is not a candidate of its own.

    Returns ISO3 hints keyed by the city span's start token, and the start tokens of
    the country spans used up as hints.
    """
    hints: dict[int, str] = {}
    dropped: set[int] = set()
    doc = spans[0].doc
    by_start = {s.start: s for s in spans}
    for span in spans:
        after = span.end
        if after + 1 >= len(doc) or doc[after].text != ",":
            continue
        nxt = by_start.get(after + 1)
        if nxt is None:
            continue
        country = gazetteer.country(nxt.text)
        state = gazetteer.state(nxt.text) if country is None else None
        if country is not None or state is not None:
            hints[span.start] = (country or state).country
            dropped.add(nxt.start)
    return hints, dropped


def _to_location(place: Place, text: str, start: int | None, end: int | None) -> Location:
    return Location(name=display_name(place, text), country=place.country, admin1=place.admin1,
                    lat=place.lat, lon=place.lon, geonameid=place.geonameid,
                    precision=place.precision, text=text, start=start, end=end)


def display_name(place: Place, written: str) -> str:
    """The gazetteer's name when it is plain ASCII ("Kyiv" for "Kiev"); else the words as
    written ("Falluja", not "Al Fallūjah"; "Hasaka", not "Al Ḩasakah"), without a leading
    "the", direction word or trailing "province", in title case if written in capitals."""
    if place.name.isascii() or place.precision == "country":
        return place.name
    words = _words()
    tokens = _clean_name(written.replace("’s", "").replace("'s", "")).split()
    while len(tokens) > 1 and fold(tokens[0]) in words["direction_words"]:
        tokens = tokens[1:]
    while len(tokens) > 1 and fold(tokens[-1]) in words["place_suffixes"]:
        tokens = tokens[:-1]
    name = " ".join(tokens)
    return name.title() if name.isupper() else (name or place.name)


def _clean_name(text: str) -> str:
    words = text.split()
    if words and words[0].lower() == "the":
        words = words[1:]
    return " ".join(words) or text


def _placed_actor(span: Span, actors) -> bool:
    """"Police in Karachi", "a militant gang in eastern Afghanistan": a place inside an
    actor's phrase, attached by a locative preposition that is part of the phrase, says
    where the actor is, so (failing a place of the event's own) where it acted."""
    for actor in actors:
        if actor is None or not (actor.start <= span.start and span.end <= actor.end):
            continue
        attachment = _attachment(span)
        if (attachment is not None and not attachment.directional
                and actor.start < attachment.prep.i < actor.end):
            return True
    return False


def _overlaps_any(span: Span, others) -> bool:
    return any(o is not None and span.start_char < o.end_char and o.start_char < span.end_char
               for o in others)
