"""What a document says about places, for every event in it: the dateline, the countries
it names, and the default place of an event whose sentence attaches no place to it.

`EventBuilder` asks `Geocoder.locate` for the place of each event first; when the
sentence attaches none, `default_for` gives the dateline's place (the story was filed
there), unless the sentence names a place in another country; failing that, the one
country the sentence's places lie in, at country precision. Domestic agents with no
country of their own then take the country of that place (`fill_domestic_countries`).
"""

from __future__ import annotations

from functools import cached_property

from spacy.tokens import Doc, Span

from tacitus.geo import Geocoder
from tacitus.geo.dateline import dateline_location, find_dateline
from tacitus.records import Document, Location

# The small model often labels cities ORG ("Karachi"); the gazetteer decides what is a place.
PLACE_LABELS = frozenset({"GPE", "LOC", "ORG"})
NON_STATE = frozenset({"IGO", "NGO", "IMG"})


class DocumentPlaces:
    """Lazily computed place facts of one document (or chunk at `offset`)."""

    def __init__(self, document: Document, doc: Doc, offset: int, geocoder: Geocoder):
        self._document = document
        self._doc = doc
        self._offset = offset
        self._geocoder = geocoder

    @cached_property
    def dateline(self) -> Location | None:
        # the dateline is blanked in the parsed text, not in the document the coder sees
        return dateline_location(find_dateline(self._document.text),
                                 self._geocoder.gazetteer)

    @cached_property
    def _named(self) -> list[tuple[int, Location]]:
        found = []
        for ent in self._doc.ents:
            if ent.label_ in PLACE_LABELS:
                place = self._geocoder.geocode(ent.text)
                if place is not None and place.country:
                    start = ent.start_char + self._offset
                    found.append((start, place.model_copy(update={
                        "text": ent.text, "start": start, "end": start + len(ent.text)})))
        return found

    def named(self) -> list[tuple[int, str]]:
        """(document offset, country) of each place the text names, the dateline too."""
        found = [(at, loc.country) for at, loc in self._named]
        if self.dateline is not None and self.dateline.country:
            found.append((self.dateline.start or 0, self.dateline.country))
        return found

    def countries(self) -> frozenset[str]:
        """The countries the document points to: its dateline's and those it names."""
        return frozenset(c for _, c in self.named() if c not in NON_STATE)

    def default_for(self, sent: Span) -> Location | None:
        """The place of an event in `sent` that attaches no place of its own."""
        start = sent.start_char + self._offset
        end = sent.end_char + self._offset
        here = [loc for at, loc in self._named if start <= at < end]
        countries = {loc.country for loc in here} - NON_STATE
        dateline = self.dateline
        if dateline is not None and countries <= {dateline.country}:
            return dateline
        if len(countries) == 1:
            country = next(iter(countries))
            return self._geocoder.country_location(country, here[0] if here else None)
        return None
