"""PLOVER JSON records (one per line), with the field names of the PLOVER manual.

Field names (manual, "Data Fields" chapter): id, date, actor, recipient, event, mode,
context, event_loc, event_text, quad_code, event_scale, text_info, cite_info, coder,
has_event; entity objects use code, sector, entity_text, identifier_id,
identifier_text; locations use extracted_place, resolved_place, geonameid, lat, lon,
province, country, country_code, resolution; counts go in a size object (dead,
injured, arrested). Modality goes into `context` as PLOVER's auxiliary modes.
`mode` holds only modes of the manual's list for the type; `event_scale` is the manual's
PLOVER score of the type and mode (knowledge/data/export_plover_modes.tsv); `date` is the
event date, else the publication date (`tacitus.date_precision` says "publication").
Fields PLOVER has no name for are kept under "tacitus".
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from functools import lru_cache

from tacitus.export.countries import country_name
from tacitus.export.gdelt import doc_field
from tacitus.knowledge import read_tsv
from tacitus.records import Actor, Event, Location

CODEBOOK = "plover-2.0"
# PLOVER auxiliary modes (carried in context) for our modality values
AUXILIARY = {"negated": "negation", "planned": "future", "hypothetical": "hypothetical"}
# PLOVER location "resolution": 4 city, 3 district, 2 province, 1 country
RESOLUTION = {"city": 4, "admin1": 2, "country": 1}
SIZE_FIELDS = {"dead": "fatalities", "injured": "injuries", "arrested": "arrests"}


def plover_records(events: Iterable[Event], documents: Mapping | None = None):
    for ev in events:
        yield plover_record(ev, documents.get(ev.doc_id) if documents else None)


def plover_record(ev: Event, doc=None) -> dict:
    record: dict = {
        "id": ev.event_id,
        "has_event": True,
        "date": _date(ev),
        "actor": _entities(ev.source),
        "recipient": _entities(ev.target),
        "event": [ev.event_type],
        "mode": [mode] if (mode := plover_mode(ev.event_type, ev.mode)) else [],
        "context": _context(ev),
        "event_loc": _location(ev.location),
        "event_text": [ev.evidence.sentence],
        "quad_code": ev.quad_class,
        "event_scale": plover_score(ev.event_type, mode),
        "size": _size(ev),
        "text_info": {"start": ev.evidence.start, "end": ev.evidence.end},
        "cite_info": _cite(ev, doc),
        "coder": ev.coder,
        "tacitus": {
            "doc_id": ev.doc_id, "published": ev.published.isoformat() if ev.published else None,
            "date_precision": ev.date_precision if ev.date else "publication",
            "mode": ev.mode, "goldstein": ev.goldstein,
            "modality": ev.modality, "cameo": ev.cameo,
            "acled": ev.acled.model_dump() if ev.acled else None,
            "confidence": ev.confidence, "trigger": ev.evidence.trigger,
            "participants": _count(ev.quantities.participants),
            "money": ev.quantities.money.model_dump() if ev.quantities.money else None,
        },
    }
    return record


@lru_cache(maxsize=1)
def _scores() -> dict[tuple[str, str], float]:
    return {(r["event_type"], r["mode"]): float(r["score"])
            for r in read_tsv("export_plover_modes.tsv")}


@lru_cache(maxsize=1)
def _mode_map() -> dict[tuple[str, str], str]:
    return {(r["event_type"], r["mode"]): r["plover_mode"]
            for r in read_tsv("export_plover_mode_map.tsv")}


def plover_mode(event_type: str, mode: str | None) -> str | None:
    """The PLOVER manual's mode for ours ("detain" -> "arrest"), or None when PLOVER has none."""
    if not mode:
        return None
    from tacitus.coding.codebook import CodeBook

    try:
        canonical = _codebook(CodeBook).canonical_mode(event_type, mode) or mode
    except ValueError:
        return None
    canonical = _mode_map().get((event_type, canonical), canonical)
    return canonical if (event_type, canonical) in _scores() and canonical else None


@lru_cache(maxsize=1)
def _codebook(factory):
    return factory()


def plover_score(event_type: str, mode: str | None) -> float | None:
    """PLOVER's conflict-cooperation score of the type and mode (manual's table)."""
    scores = _scores()
    return scores.get((event_type, mode or ""), scores.get((event_type, "")))


def _date(ev: Event) -> str | None:
    day = ev.date or ev.published
    return day.isoformat() if day else None


def _entities(actor: Actor | None) -> list[dict]:
    """PLOVER actors are lists: a compound actor lists its members."""
    if actor is None:
        return []
    return [_entity(a) for a in (actor.members or [actor])]


def _entity(actor: Actor) -> dict:
    entity = {"code": actor.country, "sector": actor.sector, "entity_text": actor.text}
    if actor.wikidata:
        entity["identifier_id"] = actor.wikidata
    if actor.name:
        entity["identifier_text"] = actor.name
    return entity


def _context(ev: Event) -> list[str]:
    extra = AUXILIARY.get(ev.modality)
    return [*ev.context, extra] if extra and extra not in ev.context else list(ev.context)


def _location(loc: Location | None) -> dict | None:
    if loc is None:
        return None
    return {
        "extracted_place": loc.text or loc.name, "resolved_place": loc.name,
        "geonameid": loc.geonameid, "lat": loc.lat, "lon": loc.lon,
        "province": loc.admin1, "country": country_name(loc.country),
        "country_code": loc.country, "resolution": RESOLUTION.get(loc.precision),
    }


def _size(ev: Event) -> dict | None:
    size = {}
    for plover_name, ours in SIZE_FIELDS.items():
        count = getattr(ev.quantities, ours)
        if count is not None:
            size[plover_name] = count.min if count.min is not None else count.max
    return size or None


def _count(count) -> dict | None:
    return count.model_dump(exclude={"text"}) if count is not None else None


def _cite(ev: Event, doc) -> dict:
    cite = {"coder": ev.coder, "codebook": CODEBOOK}
    for ours, plover_name in (("url", "url"), ("title", "title"), ("source", "publication")):
        value = doc_field(doc, ours)
        if value:
            cite[plover_name] = value
    return cite
