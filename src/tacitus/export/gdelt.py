"""GDELT 2.0 event table rows: 61 tab-separated columns, no header, GDELT's codes.

GLOBALEVENTID is a stable integer from our event_id (`safety.numeric_id`); FractionDate is
GDELT's YYYY + (MONTH * 30 + DAY) / 365; geo columns use FIPS 10-4 country codes and
FIPS+GeoNames ADM1 codes. Left empty because we do not compute them: AvgTone, the ethnic
codes, ADM2 codes. See docs/exports.md.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from datetime import UTC, date, datetime
from functools import lru_cache

from tacitus.export.countries import admin1_code, fips_code, geonames_country_name
from tacitus.export.safety import numeric_id
from tacitus.knowledge import read_tsv
from tacitus.records import Actor, Event, Location

TRANSNATIONAL = {"IGO", "NGO", "IMG"}

ACTOR_FIELDS = ("Code", "Name", "CountryCode", "KnownGroupCode", "EthnicCode",
                "Religion1Code", "Religion2Code", "Type1Code", "Type2Code", "Type3Code")
GEO_FIELDS = ("Type", "FullName", "CountryCode", "ADM1Code", "ADM2Code", "Lat", "Long",
              "FeatureID")

GDELT_COLUMNS: list[str] = [
    "GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "FractionDate",
    *(f"Actor1{f}" for f in ACTOR_FIELDS),
    *(f"Actor2{f}" for f in ACTOR_FIELDS),
    "IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass",
    "GoldsteinScale", "NumMentions", "NumSources", "NumArticles", "AvgTone",
    *(f"Actor1Geo_{f}" for f in GEO_FIELDS),
    *(f"Actor2Geo_{f}" for f in GEO_FIELDS),
    *(f"ActionGeo_{f}" for f in GEO_FIELDS),
    "DATEADDED", "SOURCEURL",
]
# Columns a GDELT loader reads as numbers; every other column is text.
GDELT_NUMERIC = {"GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "FractionDate",
                 "IsRootEvent", "QuadClass", "GoldsteinScale", "NumMentions", "NumSources",
                 "NumArticles", "AvgTone", "DATEADDED",
                 *(f"{g}_{f}" for g in ("Actor1Geo", "Actor2Geo", "ActionGeo")
                   for f in ("Type", "Lat", "Long"))}

# Events whose evidence starts this early are in the lead paragraph: GDELT's "root event".
LEAD_CHARS = 300


def gdelt_rows(events: Iterable[Event], documents: Mapping | None = None):
    for ev in events:
        doc = documents.get(ev.doc_id) if documents else None
        row = gdelt_row(ev, doc_field(doc, "url"), added_at(doc, ev))
        yield [row.get(c) for c in GDELT_COLUMNS]


def gdelt_row(ev: Event, url: str | None = None, added: datetime | None = None) -> dict:
    day = ev.date or ev.published
    row: dict = {"GLOBALEVENTID": numeric_id(ev.event_id)}
    if day is not None:
        row.update({
            "SQLDATE": int(day.strftime("%Y%m%d")), "MonthYear": int(day.strftime("%Y%m")),
            "Year": day.year, "FractionDate": fraction_date(day),
        })
    row.update(_actor("Actor1", ev.source))
    row.update(_actor("Actor2", ev.target))
    cameo = ev.cameo or ""
    row.update({
        "IsRootEvent": 1 if ev.evidence.start < LEAD_CHARS else 0,
        "EventCode": cameo or None, "EventBaseCode": cameo[:3] or None,
        "EventRootCode": cameo[:2] or None,
        "QuadClass": ev.quad_class, "GoldsteinScale": ev.goldstein,
        "NumMentions": _count(ev, "num_mentions"), "NumSources": _count(ev, "num_sources"),
        "NumArticles": _count(ev, "num_articles"),
    })
    row.update(_geo("ActionGeo", ev.location))
    row.update(_geo("Actor1Geo", actor_place(ev.source, ev.location)))
    row.update(_geo("Actor2Geo", actor_place(ev.target, ev.location)))
    if added is not None:
        row["DATEADDED"] = int(added.strftime("%Y%m%d%H%M%S"))
    row["SOURCEURL"] = url
    return row


def fraction_date(day: date) -> float:
    """GDELT's FractionDate: YYYY.FFFF with FFFF = (MONTH * 30 + DAY) / 365."""
    return round(day.year + (day.month * 30 + day.day) / 365, 4)


def _count(ev: Event, name: str) -> int:
    # Merged events (tacitus.dedup) carry the counts; a single mention is one of each.
    value = getattr(ev, name, None)
    if value is None and ev.model_extra:
        value = ev.model_extra.get(name)
    return int(value) if value else 1


def _actor(prefix: str, actor: Actor | None) -> dict:
    if actor is None:
        return {}
    transnational = actor.country in TRANSNATIONAL
    code = actor.code or (actor.country or "") + (actor.sector or "")
    types = actor_types(actor)
    row = {
        f"{prefix}Code": code or None,
        f"{prefix}Name": (actor.name or actor.text).upper(),
        f"{prefix}CountryCode": None if transnational else actor.country,
        f"{prefix}KnownGroupCode": actor.country if transnational else None,
    }
    for i, kind in enumerate(types[:3], start=1):
        row[f"{prefix}Type{i}Code"] = kind
    for i, faith in enumerate(religions(actor)[:2], start=1):
        row[f"{prefix}Religion{i}Code"] = faith
    return row


@lru_cache(maxsize=1)
def _religion_words() -> dict[str, str]:
    return {r["word"]: r["code"] for r in read_tsv("export_cameo_religions.tsv")}


def religions(actor: Actor) -> list[str]:
    """CAMEO religion codes named in the actor's own words ("Catholic priests" -> CTH)."""
    words = re.findall(r"[a-z]+", f"{actor.name or ''} {actor.text}".lower())
    found = [_religion_words()[w] for w in words if w in _religion_words()]
    return list(dict.fromkeys(found))


def actor_types(actor: Actor) -> list[str]:
    """CAMEO role codes: the sector, then further 3-letter roles in the actor code
    ("USAGOVMIL" -> GOV, MIL), then the sectors of a compound actor's members."""
    found: list[str] = []
    if actor.sector:
        found.append(actor.sector)
    code = actor.code or ""
    if actor.country and code.startswith(actor.country):
        code = code[len(actor.country):]
    found += [code[i:i + 3] for i in range(0, len(code) - len(code) % 3, 3)]
    found += [m.sector for m in actor.members if m.sector]
    return [t for i, t in enumerate(found) if t.isalpha() and len(t) == 3 and t not in found[:i]]


def actor_place(actor: Actor | None, place: Location | None) -> Location | None:
    """Where the actor is: the event's place when it lies in the actor's country, else the
    actor's country (GDELT resolves Actor*Geo the same way, to the country at worst)."""
    if actor is None or not actor.country or fips_code(actor.country) is None:
        return None
    if place is not None and place.country == actor.country:
        return place
    return country_location(actor.country)


def country_location(iso3: str) -> Location | None:
    name = geonames_country_name(iso3)
    if name is None:
        return None
    from tacitus.geo.gazetteer import shared_gazetteer

    found = shared_gazetteer().lookup(name)
    lat, lon = (found.lat, found.lon) if found is not None else (None, None)
    return Location(name=name, country=iso3, lat=lat, lon=lon, precision="country")


def geo_type(loc: Location) -> int | None:
    """GDELT geo types: 1 country, 2 US state, 3 US city, 4 world city, 5 world state."""
    in_us = loc.country == "USA"
    return {"country": 1, "admin1": 2 if in_us else 5, "region": 2 if in_us else 5,
            "city": 3 if in_us else 4}.get(loc.precision)


def _geo(prefix: str, loc: Location | None) -> dict:
    if loc is None:
        return {}
    country = geonames_country_name(loc.country)
    fips = fips_code(loc.country)
    if loc.precision == "country":
        parts = [country or loc.name]
        adm1, feature = fips, fips   # GDELT writes the country code in both for a country
    else:
        parts = [loc.name, loc.admin1 if loc.admin1 != loc.name else None, country]
        adm1 = getattr(loc, "admin1_code", None) or admin1_code(loc.country, loc.geonameid)
        if adm1 and fips and not adm1.startswith(fips):
            adm1 = fips + adm1
        feature = loc.geonameid if loc.precision == "city" else adm1
    return {
        f"{prefix}_Type": geo_type(loc),
        f"{prefix}_FullName": ", ".join(p for p in parts if p),
        f"{prefix}_CountryCode": fips,
        f"{prefix}_ADM1Code": adm1,
        f"{prefix}_Lat": loc.lat, f"{prefix}_Long": loc.lon,
        f"{prefix}_FeatureID": feature,
    }


def added_at(doc, ev: Event) -> datetime | None:
    """When the report entered the database (GDELT's DATEADDED), in UTC; else the
    publication date at midnight."""
    value = doc_field(doc, "ingested_at")
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value)
        except ValueError:
            value = None
    if isinstance(value, datetime):
        return value.astimezone(UTC) if value.tzinfo else value
    day = ev.published
    return datetime(day.year, day.month, day.day) if day else None


def doc_field(doc, name: str):
    """A field of a Document or of a document dict (as Store.documents() returns)."""
    if doc is None:
        return None
    return doc.get(name) if isinstance(doc, Mapping) else getattr(doc, name, None)
