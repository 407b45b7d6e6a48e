"""ACLED-style rows for events that have an ACLED type (others are left out).

Column names and values follow ACLED's codebook: actors under ACLED's own names
("Police Forces of Belarus", "Protesters (Belarus)"), never the words of the sentence;
countries as ACLED spells them, with its region; `timestamp` when the report was coded.
Gaps we leave empty: admin2/admin3 unless the location has them. See docs/exports.md.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import UTC, datetime
from functools import lru_cache
from urllib.parse import urlsplit

from tacitus.export.countries import (
    acled_country,
    acled_region,
    country_name,
    country_number,
    iso2_of,
)
from tacitus.export.gdelt import added_at, doc_field
from tacitus.export.safety import numeric_id
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
CROWD_NAMES = {"Protests": "Protesters", "Riots": "Rioters"}
# a peaceful protest has no second actor in ACLED: what protesters demand is not an actor
NO_ACTOR2 = {"Peaceful protest"}
STATE, CIVILIAN = "state", "civilian"
EXTERNAL_FORCES, PROTESTERS, RIOTERS, CIVILIANS = 8, 6, 5, 7
TRANSNATIONAL = {"IGO", "NGO", "IMG"}


@lru_cache(maxsize=1)
def _inter_table() -> dict[str, tuple[int, str]]:
    return {r["sector"]: (int(r["inter"]), r["role"]) for r in read_tsv("export_acled_inter.tsv")}


@lru_cache(maxsize=1)
def _disorder_table() -> dict[tuple[str, str], str]:
    return {(r["event_type"], r["sub_event_type"] or ""): r["disorder_type"]
            for r in read_tsv("export_acled_disorder.tsv")}


@lru_cache(maxsize=1)
def _actor_names() -> dict[str, str]:
    return {r["sector"]: r["name"] for r in read_tsv("export_acled_actors.tsv")}


@lru_cache(maxsize=1)
def _international_hosts() -> frozenset[str]:
    return frozenset(r["host"] for r in read_tsv("export_source_scale.tsv"))


def acled_rows(events: Iterable[Event], documents: Mapping | None = None,
               coded_at: datetime | None = None):
    """Rows (lists in ACLED_COLUMNS order); `coded_at` stands in for documents without
    an ingestion time (default: now)."""
    now = coded_at or datetime.now(UTC)
    for ev in events:
        if ev.acled is None:
            continue
        doc = documents.get(ev.doc_id) if documents else None
        row = acled_row(ev, doc_field(doc, "source"), added_at_or(doc, ev, now),
                        doc_field(doc, "url"))
        yield [row.get(c) for c in ACLED_COLUMNS]


def added_at_or(doc, ev: Event, fallback: datetime) -> datetime:
    return added_at(doc, ev) if doc_field(doc, "ingested_at") else fallback


def acled_row(ev: Event, source: str | None = None, coded: datetime | None = None,
              url: str | None = None) -> dict:
    assert ev.acled is not None
    acled_type, sub_type = ev.acled.event_type, ev.acled.sub_event_type
    day = ev.date or ev.published
    where = _event_country(ev)
    disorder = disorder_type(acled_type, sub_type)
    actor1, assoc1, lead1 = acled_actors(ev.source, acled_type, where, is_actor1=True)
    actor2, assoc2, lead2 = (None, None, None) if sub_type in NO_ACTOR2 else \
        acled_actors(ev.target, acled_type, where, is_actor1=False)
    inter1 = inter_code(lead1, acled_type, where, is_actor1=True) if actor1 else None
    inter2 = inter_code(lead2, acled_type, where, is_actor1=False) if actor2 else None
    loc = ev.location if ev.location and ev.location.country in (where, None) else None
    return {
        "event_id_cnty": f"{where or 'XXX'}{numeric_id(ev.event_id)}",
        "event_date": day.isoformat() if day else None,
        "year": day.year if day else None,
        "time_precision": TIME_PRECISION.get(ev.date_precision, 3) if ev.date else 3,
        "disorder_type": disorder, "event_type": acled_type, "sub_event_type": sub_type,
        "actor1": actor1, "assoc_actor_1": assoc1, "inter1": inter1,
        "actor2": actor2, "assoc_actor_2": assoc2, "inter2": inter2,
        "interaction": interaction(inter1, inter2),
        "civilian_targeting": "Civilian targeting"
        if inter2 == CIVILIANS and disorder and "Political violence" in disorder else None,
        "iso": country_number(where), "region": acled_region(where),
        "country": acled_country(where),
        "admin1": _admin(loc, 1), "admin2": _admin(loc, 2), "admin3": _admin(loc, 3),
        "location": loc.name if loc else None,
        "latitude": loc.lat if loc else None, "longitude": loc.lon if loc else None,
        "geo_precision": GEO_PRECISION.get(loc.precision, 3) if loc else None,
        "source": source, "source_scale": source_scale(url, where),
        "notes": ev.evidence.sentence,
        "fatalities": _best_count(ev.quantities.fatalities) or 0,
        "tags": _tags(ev, acled_type),
        "timestamp": int(coded.timestamp()) if coded else None,
    }


def _admin(loc, level: int) -> str | None:
    if loc is None:
        return None
    value = getattr(loc, f"admin{level}", None)
    return value if isinstance(value, str) and value else None


def _event_country(ev: Event) -> str | None:
    """Where it happened: the location's country, else the acting side's own country."""
    if ev.location and ev.location.country:
        return ev.location.country
    for actor in (ev.source, ev.target):
        if actor and actor.country and country_name(actor.country):
            return actor.country
    return None


def acled_actors(actor: Actor | None, acled_type: str, where: str | None,
                 is_actor1: bool) -> tuple[str | None, str | None, Actor | None]:
    """(actor, associated actors, the actor the name came from) under ACLED's names.

    A compound actor's first nameable member leads and the others are associated. A
    member is named only when it has a country (its own or the compound's) or a
    canonical name from the dictionary, so a list of demands ("new elections and the
    release of prisoners") names nobody. Protesters and rioters lead under ACLED's
    crowd label and their group (students, workers) is associated.
    """
    if actor is None:
        return None, None, None
    members = actor.members or [actor]
    named: list[tuple[str, Actor]] = []
    for member in members:
        if actor.members and not (member.country or actor.country or _proper(member)):
            continue
        country = _real_country(member.country) or _real_country(actor.country) or where
        name = acled_name(member, country)
        if name and name not in [n for n, _ in named]:
            named.append((name, member))
    if not named:
        return None, None, None
    names = [n for n, _ in named]
    lead = named[0][1]
    crowd = CROWD_NAMES.get(acled_type)
    if is_actor1 and crowd and _role(lead) == CIVILIAN:
        country = acled_country(_real_country(lead.country) or where)
        label = f"{crowd} ({country})" if country else crowd
        names = [label] + [n for n in names if not n.startswith("Civilians")]
    return names[0], "; ".join(names[1:]) or None, lead


def acled_name(actor: Actor, iso3: str | None) -> str | None:
    """ACLED's name for one actor: the state forces or group label of its sector in its
    country, a transnational body's own name, or None when it cannot be named."""
    country = acled_country(iso3)
    template = _actor_names().get(actor.sector or "")
    if actor.sector is None and _real_country(actor.country):
        template = "Government of {country}"   # a country acting ("Germany"): its government
    if actor.country in TRANSNATIONAL or (template is None and _proper(actor)):
        return _clean_name(actor.name or actor.text) if _proper(actor) else None
    if template is None:
        if actor.sector and _role(actor) == CIVILIAN:
            template = "Civilians ({country})"
        else:
            return None
    if country:
        return template.format(country=country)
    return template.split(" of {")[0].split(" ({")[0]


def _proper(actor: Actor) -> bool:
    """A canonical name from the dictionary (or Wikidata), written like a name."""
    name = _clean_name(actor.name or "")
    return bool(actor.wikidata or (actor.resolved_by or "").startswith("dictionary")) \
        and bool(name) and name[0].isupper() and not any(ch.isdigit() for ch in name)


def _clean_name(name: str) -> str:
    name = " ".join(name.split())
    return name[4:] if name.startswith(("The ", "the ")) else name


def _real_country(code: str | None) -> str | None:
    return code if code and acled_country(code) else None


def _role(actor: Actor) -> str | None:
    known = _inter_table().get(actor.sector or "")
    return known[1] if known else None


def inter_code(actor: Actor | None, acled_type: str, where: str | None,
               is_actor1: bool) -> int | None:
    """ACLED actor category from the CAMEO sector (and the country for IGOs etc.)."""
    if actor is None:
        return None
    known = _inter_table().get(actor.sector or "") or _inter_table().get(actor.country or "")
    if known is None:
        if actor.sector is None and _real_country(actor.country):
            return 1   # named as the country's government
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


def source_scale(url: str | None, where: str | None) -> str | None:
    """International for world outlets and foreign country domains, National for the
    event country's own domain, else unknown."""
    host = (urlsplit(url).hostname or "") if url else ""
    if not host:
        return None
    if any(host == h or host.endswith("." + h) for h in _international_hosts()):
        return "International"
    tld = host.rsplit(".", 1)[-1].upper()
    if len(tld) != 2 or where is None:
        return None
    own = iso2_of(where)
    if own is None:
        return None
    return "National" if tld == own or (tld == "UK" and own == "GB") else "International"


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
