"""What a document says about places, for every event in it: the dateline, the countries
it names, and the default place of an event whose sentence attaches no place to it.

`EventBuilder` asks `Geocoder.locate` for the place of each event first; when the
sentence attaches none, `default_for` gives the dateline's place (the story was filed
there); failing that, the one country the sentence's places (other than the acting
country) lie in, at country precision; failing that, the country of an event among
actors of one country acting at home. Domestic agents with no
country of their own then take the country of that place (`fill_domestic_countries`).
"""

from __future__ import annotations

from functools import cached_property

from spacy.tokens import Doc, Span

from tacitus.geo import Geocoder, geo_words
from tacitus.geo.dateline import dateline_location, find_dateline
from tacitus.geo.gazetteer import us_state_abbreviations
from tacitus.ingest.markup import mask_markup
from tacitus.quantities.categories import is_person
from tacitus.quantities.lexicon import load_lexicon as quantity_lexicon
from tacitus.records import Document, Location

# The small model often labels cities ORG ("Karachi"); the gazetteer decides what is a place.
PLACE_LABELS = frozenset({"GPE", "LOC", "ORG"})
NON_STATE = frozenset({"IGO", "NGO", "IMG"})
SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass"})


def nationality_of_people(ent: Span) -> bool:
    """"10 US diplomats", "two French engineers": the people's nationality, which says
    nothing of where they were acted on."""
    root, head = ent.root, ent.root.head
    return root.dep_ in ("compound", "amod") and head.i != root.i and not head.like_num \
        and is_person(head, quantity_lexicon())


class DocumentPlaces:
    """Lazily computed place facts of one document (or chunk at `offset`)."""

    def __init__(self, document: Document, doc: Doc, offset: int, geocoder: Geocoder):
        self._document = document
        self._doc = doc
        self._offset = offset
        self._geocoder = geocoder

    @cached_property
    def masked_text(self) -> str:
        """The document's text with markup blanked (same length, same offsets)."""
        return mask_markup(self._document.text)

    @cached_property
    def dateline(self) -> Location | None:
        # the dateline is blanked in the parsed text: read it from the document itself
        return dateline_location(find_dateline(self.masked_text), self._geocoder.gazetteer)

    @cached_property
    def _named(self) -> list[tuple[int, Location]]:
        found = []
        for ent in self._doc.ents:
            if ent.label_ not in PLACE_LABELS:
                continue
            place = self._geocoder.geocode(ent.text)
            if place is None and len(ent) > 1 and ent[0].text in us_state_abbreviations():
                ent = ent[:1]               # "Md. Board" (tagged ORG): a Maryland board
                place = self._geocoder.geocode(ent.text)
            if place is not None and place.country:
                start = ent.start_char + self._offset
                found.append((start, place.model_copy(update={
                    "text": ent.text, "start": start, "end": start + len(ent.text)})))
        return found

    @cached_property
    def _subjects(self) -> frozenset[int]:
        """Offsets of places named as the subject of a verb ("Israel says ...",
        "Iran rejected ..."): a state acting, not a place where something happens."""
        return frozenset(ent.start_char + self._offset for ent in self._doc.ents
                         if ent.label_ in PLACE_LABELS and ent.root.dep_ in SUBJECT_DEPS)

    @cached_property
    def _not_here(self) -> frozenset[int]:
        """Offsets of places named only to qualify something else: a person's country
        ("Cuba's Fidel Castro") or a text named after a city ("the Kyoto Pact", "the Oslo
        accords"). They say nothing of where events of the sentence happen. (A state's
        decision or elections, "Sweden's decision", do tell where the story is.)"""
        words = geo_words()
        found = set()
        for ent in self._doc.ents:
            if ent.label_ not in PLACE_LABELS:
                continue
            root, head = ent.root, ent.root.head
            if root.dep_ == "poss" and head.ent_type_ == "PERSON" \
                    or root.dep_ in ("compound", "amod") and head.lemma_.lower() in words["named_document_nouns"] \
                    or nationality_of_people(ent):
                found.add(ent.start_char + self._offset)
        return frozenset(found)

    def named(self) -> list[tuple[int, str]]:
        """(document offset, country) of each place the text names, the dateline too."""
        found = [(at, loc.country) for at, loc in self._named]
        if self.dateline is not None and self.dateline.country:
            found.append((self.dateline.start or 0, self.dateline.country))
        return found

    def story_named(self) -> list[tuple[int, str]]:
        """`named`, without states named as subjects ("Israel says") and places that
        only qualify something else ("the Kyoto Pact")."""
        return [(at, c) for at, c in self.named()
                if at not in self._subjects and at not in self._not_here]

    def countries(self) -> frozenset[str]:
        """The countries the document points to: its dateline's and those it names."""
        return frozenset(c for _, c in self.named() if c not in NON_STATE)

    def refine(self, location: Location | None) -> Location | None:
        """A country-level place of the event refined by the dateline when the story was
        filed from a place in that country ("in Pakistan" + "MULTAN, Pakistan -")."""
        dateline = self.dateline
        if (location is None or location.precision != "country" or dateline is None
                or dateline.country != location.country or dateline.precision == "country"):
            return location
        return dateline

    def default_for(self, sent: Span, actors: tuple[Span | None, ...] = (),
                    domestic: str | None = None) -> Location | None:
        """The place of an event in `sent` that attaches no place of its own.

        `actors` are the event's source and target phrases: a country that acts ("Israel
        says it attacked ...") says nothing of where; one acted on often does ("sent troops
        to Iraq"). `domestic` is the country
        of an event among actors of one country only ("the Afghan election board decided").
        """
        dateline = self.dateline
        if dateline is not None:
            # no place of its own: the story's events happen where it was filed (a place the
            # event does happen elsewhere is normally attached to it and found by `locate`)
            return dateline
        start = sent.start_char + self._offset
        end = sent.end_char + self._offset
        spans = [(a.start_char + self._offset, a.end_char + self._offset)
                 for a in actors[:1] if a is not None]
        here = [loc for at, loc in self._named if start <= at < end
                and not any(s <= at < e for s, e in spans) and at not in self._subjects
                and at not in self._not_here]
        countries = {loc.country for loc in here} - NON_STATE
        if len(countries) == 1:
            if len({(loc.name, loc.precision) for loc in here}) == 1:
                return here[0]      # the one place the sentence names ("a Gaza City strike")
            country = next(iter(countries))
            return self._geocoder.country_location(country, here[0] if here else None)
        if not countries and domestic and domestic not in NON_STATE:
            return self._geocoder.country_location(domestic)
        return None
