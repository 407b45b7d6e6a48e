"""Datelines: "NAJAF, Iraq - ...", "LONDON (Reuters) - ...", "KABUL, Afghanistan Aug. 26,
2004 -", "SEATTLE/NEW YORK (Reuters) -", "AP - ...".

A dateline opens the body of a wire story and says where it was filed. It is not part of
the first sentence: its place names are not actors, and the parser reads the lead better
without it (`blank_dateline`). The coder uses its place (`dateline_location`) as the
default place of the story's events and as the country of unnamed domestic agents
(police, troops, protesters).

A dateline is recognised only at the start of one of the first paragraphs, in the wire
format: upper-case place names (or a title-case place followed by a date or an agency in
brackets), an optional ", Region" (country, state, "Md."), an optional date, an optional
"(Agency)", then a dash. A news agency alone ("AP -", "Reuters -") is a dateline without
a place.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from tacitus.geo.gazetteer import Gazetteer, fold, shared_gazetteer
from tacitus.knowledge import data_path, read_tsv
from tacitus.records import Location

__all__ = ["Dateline", "blank_dateline", "dateline_location", "find_dateline"]

MAX_PARAGRAPHS = 4            # headline, byline, dateline paragraph: it comes early
MAX_OFFSET = 800              # ... and within the first few hundred characters

_UPPER = "A-ZÀ-ÖØ-Þ"
_CAPS_WORD = rf"[{_UPPER}][{_UPPER}'’.\-]*[{_UPPER}.]"
_CAPS_PLACE = rf"{_CAPS_WORD}(?:[ ]{_CAPS_WORD}){{0,5}}"
_TITLE_WORD = rf"[{_UPPER}][a-zà-ÿ'’.\-]*"
_TITLE_PLACE = rf"{_TITLE_WORD}(?:[ ]{_TITLE_WORD}){{0,3}}"
_REGION = rf"[{_UPPER}][A-Za-zÀ-ÿ'’.\-]*(?:[ ][{_UPPER}][A-Za-zÀ-ÿ'’.\-]*){{0,3}}"
_MONTH = (r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?")
_DATE = rf"(?:{_MONTH}[ ]\d{{1,2}}(?:,?[ ]\d{{4}})?|\d{{1,2}}[ ]{_MONTH}(?:,?[ ]\d{{4}})?)"
_AGENCY = r"\((?P<agency>[^()\n]{1,40})\)"
_DASH = r"[ ]*(?:--?|–|—)[ ]+"
_TAIL = rf"(?:,[ ](?P<region>{_REGION}))?(?:,?[ ](?P<date>{_DATE}))?(?:,?[ ]*{_AGENCY})?{_DASH}"

# Upper-case places: region, date and agency optional ("WASHINGTON - ").
_CAPS_FORM = re.compile(rf"(?P<places>{_CAPS_PLACE}(?:[ ]?/[ ]?{_CAPS_PLACE})*){_TAIL}")
# Title-case places need a date or an agency to be told from a sentence ("Ha Noi, Nov. 11 (VNA) -").
_TITLE_FORM = re.compile(
    rf"(?P<places>{_TITLE_PLACE}(?:[ ]?/[ ]?{_TITLE_PLACE})*)"
    rf"(?:,[ ](?P<region>{_REGION}))?(?:,?[ ](?P<date>{_DATE}))?(?:,?[ ]*{_AGENCY})?{_DASH}")
_PARAGRAPH_START = re.compile(r"(?:\A|\n)[ \t\r\n]*(?=\S)")


@dataclass(frozen=True)
class Dateline:
    start: int                       # character offsets of the whole dateline, dash included
    end: int
    places: tuple[tuple[str, int], ...]   # each place as written, with its offset
    region: str | None = None        # ", Iraq", ", Md."
    region_start: int | None = None
    date_text: str | None = None
    agency: str | None = None


@lru_cache(maxsize=1)
def _agencies() -> frozenset[str]:
    lines = data_path("geo_news_agencies.txt").read_text(encoding="utf-8").splitlines()
    return frozenset(fold(w) for w in lines if w.strip() and not w.startswith("#"))


@lru_cache(maxsize=1)
def _state_abbreviations() -> dict[str, str]:
    return {row["abbreviation"]: row["state"] for row in read_tsv("geo_us_state_abbreviations.tsv")}


def find_dateline(text: str) -> Dateline | None:
    """The dateline of a story, or None. Offsets index `text`."""
    for n, start in enumerate(m.end() for m in _PARAGRAPH_START.finditer(text)):
        if n >= MAX_PARAGRAPHS or start > MAX_OFFSET:
            return None
        found = _match_at(text, start)
        if found is not None:
            return found
    return None


def _match_at(text: str, start: int) -> Dateline | None:
    line_end = text.find("\n", start)
    line = text[start: line_end if line_end >= 0 else len(text)]
    caps = _CAPS_FORM.match(line)
    title = None if caps else _TITLE_FORM.match(line)
    m = caps or title
    if m is None:
        return None
    if title is not None and not (m.group("date") or m.group("agency")):
        return None
    written = m.group("places")
    places, offset = [], start
    for part in re.split(r"[ ]?/[ ]?", written):
        at = text.find(part, offset)
        places.append((part, at))
        offset = at + len(part)
    if fold(written) in _agencies():           # "AP -", "Reuters -": a source, not a place
        places = []
    if not places and not m.group("agency") and fold(written) not in _agencies():
        return None
    region = m.group("region")
    return Dateline(start=start, end=start + m.end(), places=tuple(places), region=region,
                    region_start=start + m.start("region") if region else None,
                    date_text=m.group("date"),
                    agency=m.group("agency") or (written if not places else None))


def blank_dateline(text: str, dateline: Dateline | None = None) -> str:
    """`text` with its dateline replaced by spaces (same length), for the parser."""
    dateline = dateline or find_dateline(text)
    if dateline is None:
        return text
    return text[:dateline.start] + " " * (dateline.end - dateline.start) + text[dateline.end:]


def dateline_location(dateline: Dateline | None,
                      gazetteer: Gazetteer | None = None) -> Location | None:
    """Where the story was filed: its one place (a city narrowed by the region's country),
    or the country all its places share ("SEATTLE/NEW YORK"), or the region alone."""
    if dateline is None:
        return None
    gazetteer = gazetteer or shared_gazetteer()
    region = _region_place(dateline.region, gazetteer)
    hint = region.country if region is not None else None
    found = []
    for written, at in dateline.places:
        # a dateline names a city: "NEW YORK" is the city, not the state
        place = gazetteer.city(written, hint) or gazetteer.lookup(
            written, hint, countries=frozenset({hint} if hint else ()))
        if place is not None and place.precision == "region" and hint is None:
            place = None
        found.append((written, at, place))
    located = [(w, at, p) for w, at, p in found if p is not None]
    if len(found) == 1 and located:
        written, at, place = located[0]
        from tacitus.geo import display_name

        return Location(name=display_name(place, written), country=place.country, admin1=place.admin1,
                        lat=place.lat, lon=place.lon, geonameid=place.geonameid,
                        precision=place.precision, text=written, start=at, end=at + len(written))
    countries = {p.country for _, _, p in located}
    if len(found) > 1 and len(located) == len(found) and len(countries) == 1:
        country = gazetteer.lookup(next(iter(countries)) or "", None)
        iso3 = next(iter(countries))
        first, at = dateline.places[0]
        name = country.name if country is not None and country.country == iso3 else iso3
        return Location(name=name or "", country=iso3, precision="country",
                        text=first, start=at, end=at + len(first))
    if region is not None and len(found) <= 1:
        written, at = dateline.places[0] if dateline.places else (dateline.region, dateline.region_start)
        if region.precision == "country" or not dateline.places:
            # an unknown place in a known country: keep the words, give the country
            return Location(name=written or region.name, country=region.country,
                            admin1=region.admin1, precision="unknown" if dateline.places
                            else region.precision, text=written, start=at,
                            end=(at or 0) + len(written or ""))
        return Location(name=region.name, country=region.country, admin1=region.admin1,
                        precision=region.precision, text=dateline.region,
                        start=dateline.region_start,
                        end=(dateline.region_start or 0) + len(dateline.region or ""))
    return None


def _region_place(region: str | None, gazetteer: Gazetteer):
    if not region:
        return None
    name = _state_abbreviations().get(region, region)
    country = gazetteer.country(name)
    if country is not None:
        return country
    state = gazetteer.state(name)
    return state if state is not None else gazetteer.lookup(name)
