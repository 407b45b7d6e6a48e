"""GDELT 2.0 event table layout (tab-separated, GDELT's column names and order).

Differences from GDELT's own files, on purpose: we write a header line; GLOBALEVENTID
is our (string) event_id; country codes are ISO 3166 alpha-3 everywhere, including the
*Geo_CountryCode fields where GDELT uses FIPS 10-4; ADM1/ADM2 codes, tone and actor
geography are left empty because we do not compute them.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date

from tacitus.export.countries import country_name
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

# Events whose evidence starts this early are in the lead paragraph: GDELT's "root event".
LEAD_CHARS = 300


def gdelt_rows(events: Iterable[Event], documents: Mapping | None = None):
    for ev in events:
        row = gdelt_row(ev, _url(ev, documents))
        yield [row.get(c) for c in GDELT_COLUMNS]


def gdelt_row(ev: Event, url: str | None = None) -> dict:
    day = ev.date or ev.published
    row: dict = {"GLOBALEVENTID": ev.event_id}
    if day is not None:
        row.update({
            "SQLDATE": day.strftime("%Y%m%d"), "MonthYear": day.strftime("%Y%m"),
            "Year": day.year, "FractionDate": _fraction_date(day),
        })
    row.update(_actor("Actor1", ev.source))
    row.update(_actor("Actor2", ev.target))
    cameo = ev.cameo or ""
    row.update({
        "IsRootEvent": 1 if ev.evidence.start < LEAD_CHARS else 0,
        "EventCode": cameo, "EventBaseCode": cameo[:3], "EventRootCode": cameo[:2],
        "QuadClass": ev.quad_class, "GoldsteinScale": ev.goldstein,
        "NumMentions": _count(ev, "num_mentions"), "NumSources": _count(ev, "num_sources"),
        "NumArticles": _count(ev, "num_articles"),
    })
    row.update(_geo("ActionGeo", ev.location))
    if ev.published is not None:
        row["DATEADDED"] = ev.published.strftime("%Y%m%d") + "000000"
    row["SOURCEURL"] = url
    return row


def _fraction_date(day: date) -> float:
    return round(day.year + day.timetuple().tm_yday / 365, 4)


def _count(ev: Event, name: str) -> int:
    # Set by the dedup stage (extra fields on the event); one mention until then.
    value = getattr(ev, name, None)
    if value is None and ev.model_extra:
        value = ev.model_extra.get(name)
    return int(value) if value else 1


def _actor(prefix: str, actor: Actor | None) -> dict:
    if actor is None:
        return {}
    transnational = actor.country in TRANSNATIONAL
    return {
        f"{prefix}Code": actor.code or (actor.country or "") + (actor.sector or ""),
        f"{prefix}Name": (actor.name or actor.text).upper(),
        f"{prefix}CountryCode": None if transnational else actor.country,
        f"{prefix}KnownGroupCode": actor.country if transnational else None,
        f"{prefix}Type1Code": actor.sector,
    }


def _geo_type(loc: Location) -> int | None:
    """GDELT geo types: 1 country, 2 US state, 3 US city, 4 world city, 5 world state."""
    in_us = loc.country == "USA"
    return {"country": 1, "admin1": 2 if in_us else 5, "city": 3 if in_us else 4}.get(
        loc.precision)


def _geo(prefix: str, loc: Location | None) -> dict:
    if loc is None:
        return {}
    country = country_name(loc.country)
    if loc.precision == "country":
        parts = [country or loc.name]
    else:
        parts = [loc.name, loc.admin1 if loc.admin1 != loc.name else None, country]
    return {
        f"{prefix}_Type": _geo_type(loc),
        f"{prefix}_FullName": ", ".join(p for p in parts if p),
        f"{prefix}_CountryCode": loc.country,
        f"{prefix}_Lat": loc.lat, f"{prefix}_Long": loc.lon,
        f"{prefix}_FeatureID": loc.geonameid,
    }


def _url(ev: Event, documents: Mapping | None) -> str | None:
    doc = documents.get(ev.doc_id) if documents else None
    return doc_field(doc, "url")


def doc_field(doc, name: str):
    """A field of a Document or of a document dict (as Store.documents() returns)."""
    if doc is None:
        return None
    return doc.get(name) if isinstance(doc, Mapping) else getattr(doc, name, None)
