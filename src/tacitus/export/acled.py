"""ACLED-style rows for events that have an ACLED type (others are left out).

Column names follow ACLED's data export. Gaps we leave empty: region, admin2/admin3,
source_scale. `event_id_cnty` is our event_id; `iso` is the ISO 3166 number as in ACLED.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import UTC, datetime
from functools import lru_cache

from tacitus.export.countries import country_name, country_number
from tacitus.export.gdelt import doc_field
from tacitus.knowledge import read_tsv
from tacitus.records import Actor, Event

ACLED_COLUMNS = [
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type",
    "sub_event_type", "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2",
    "inter2", "interaction", "civilian_targeting", "iso", "region", "country", "admin1",
    "admin2", "admin3", "location", "latitude", "longitude", "geo_precision", "source",
    "source_scale", "notes", "fatalities", "tags", "timestamp",
]

TIME_PRECISION = {"day": 1, "week": 2, "month": 3, "year": 3, "unknown": 3}
GEO_PRECISION = {"city": 1, "admin1": 3, "country": 3, "region": 3, "unknown": 3}
CROWD_EVENT_TYPES = {"Protests", "Riots"}
STATE, CIVILIAN = "state", "civilian"
EXTERNAL_FORCES, PROTESTERS, RIOTERS, CIVILIANS = 8, 6, 5, 7


@lru_cache(maxsize=1)
def _inter_table() -> dict[str, tuple[int, str]]:
    return {r["sector"]: (int(r["inter"]), r["role"]) for r in read_tsv("export_acled_inter.tsv")}


@lru_cache(maxsize=1)
def _disorder_table() -> dict[tuple[str, str], str]:
    return {(r["event_type"], r["sub_event_type"] or ""): r["disorder_type"]
            for r in read_tsv("export_acled_disorder.tsv")}


def acled_rows(events: Iterable[Event], documents: Mapping | None = None):
    for ev in events:
        if ev.acled is None:
            continue
        doc = documents.get(ev.doc_id) if documents else None
        row = acled_row(ev, doc_field(doc, "source"))
        yield [row.get(c) for c in ACLED_COLUMNS]


def acled_row(ev: Event, source: str | None = None) -> dict:
    assert ev.acled is not None
    acled_type, sub_type = ev.acled.event_type, ev.acled.sub_event_type
    day = ev.date or ev.published
    where = _event_country(ev)
    inter1 = inter_code(ev.source, acled_type, where, is_actor1=True)
    inter2 = inter_code(ev.target, acled_type, where, is_actor1=False)
    disorder = disorder_type(acled_type, sub_type)
    loc = ev.location
    actor1, assoc1 = _actor_names(ev.source)
    actor2, assoc2 = _actor_names(ev.target)
    return {
        "event_id_cnty": ev.event_id,
        "event_date": day.isoformat() if day else None,
        "year": day.year if day else None,
        "time_precision": TIME_PRECISION.get(ev.date_precision, 3) if ev.date else 3,
        "disorder_type": disorder, "event_type": acled_type, "sub_event_type": sub_type,
        "actor1": actor1, "assoc_actor_1": assoc1, "inter1": inter1,
        "actor2": actor2, "assoc_actor_2": assoc2, "inter2": inter2,
        "interaction": interaction(inter1, inter2),
        "civilian_targeting": "Civilian targeting"
        if inter2 == CIVILIANS and disorder and "Political violence" in disorder else None,
        "iso": country_number(where), "country": country_name(where),
        "admin1": loc.admin1 if loc else None, "location": loc.name if loc else None,
        "latitude": loc.lat if loc else None, "longitude": loc.lon if loc else None,
        "geo_precision": GEO_PRECISION.get(loc.precision, 3) if loc else None,
        "source": source, "notes": ev.evidence.sentence,
        "fatalities": _best_count(ev.quantities.fatalities) or 0,
        "tags": _tags(ev, acled_type),
        "timestamp": _timestamp(ev),
    }


def _event_country(ev: Event) -> str | None:
    """Where it happened: the location's country, else the acting side's own country."""
    if ev.location and ev.location.country:
        return ev.location.country
    for actor in (ev.source, ev.target):
        if actor and actor.country and country_name(actor.country):
            return actor.country
    return None


def inter_code(actor: Actor | None, acled_type: str, where: str | None,
               is_actor1: bool) -> int | None:
    """ACLED actor category from the CAMEO sector (and the country for IGOs etc.)."""
    if actor is None:
        return None
    known = _inter_table().get(actor.sector or "") or _inter_table().get(actor.country or "")
    if known is None:
        return None
    code, role = known
    if role == CIVILIAN and is_actor1 and acled_type == "Protests":
        return PROTESTERS
    if role == CIVILIAN and is_actor1 and acled_type == "Riots":
        return RIOTERS
    if role == STATE and where and actor.country and actor.country != where \
            and country_name(actor.country):
        return EXTERNAL_FORCES  # a state's forces acting abroad
    return code


def interaction(inter1: int | None, inter2: int | None) -> int | None:
    """ACLED's two-digit interaction code: lower inter first; a lone actor pairs with 0."""
    if inter1 is None and inter2 is None:
        return None
    if inter1 is None or inter2 is None:
        return int(f"{inter1 or inter2}0")
    low, high = sorted((inter1, inter2))
    return int(f"{low}{high}")


def disorder_type(acled_type: str, sub_type: str | None) -> str | None:
    table = _disorder_table()
    return table.get((acled_type, sub_type or "")) or table.get((acled_type, ""))


def _actor_names(actor: Actor | None) -> tuple[str | None, str | None]:
    """ACLED names: "Name (Country)"; a compound actor's first member leads, others associate."""
    if actor is None:
        return None, None
    people = actor.members or [actor]
    names = [_acled_name(a) for a in people]
    return names[0], "; ".join(names[1:]) or None


def _acled_name(actor: Actor) -> str:
    base = actor.name or actor.text
    country = country_name(actor.country)
    if country and country.lower() not in base.lower():
        return f"{base} ({country})"
    return base


def _best_count(count) -> int | None:
    # ACLED records the most conservative reported figure
    if count is None:
        return None
    return count.min if count.min is not None else count.max


def _tags(ev: Event, acled_type: str) -> str | None:
    if acled_type not in CROWD_EVENT_TYPES:
        return None
    tags = [f"crowd size={_crowd(ev.quantities.participants)}"]
    if ev.quantities.arrests is not None:
        tags.append("arrests")
    return "; ".join(tags)


def _crowd(count) -> str:
    if count is None or (count.min is None and count.max is None):
        return "no report"
    if count.min is not None and count.max is not None and count.min != count.max:
        return f"{count.min}-{count.max}"
    value = count.min if count.min is not None else count.max
    return f"around {value}" if count.approximate else str(value)


def _timestamp(ev: Event) -> int | None:
    """Unix time of the publication date (a stable stand-in for ACLED's upload time)."""
    if ev.published is None:
        return None
    moment = datetime(ev.published.year, ev.published.month, ev.published.day,
                      tzinfo=UTC)
    return int(moment.timestamp())
