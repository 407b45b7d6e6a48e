"""One service layer over the event store, shared by the REST API and the CLI.

Plain functions: each takes a `Store` (and plain values) and returns JSON-ready dicts, so
the API only validates and serialises and the CLI only formats. Nothing here formats SQL
by hand: every query is SQLAlchemy Core with bound parameters.

The store grows new filters and readers over time; where a reader is not there yet
(`Store.event`, `Store.mentions`, `Store.actors`) a small fallback query over the same
tables stands in, and a filter the store does not know raises `UnsupportedFilter`.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable
from datetime import date
from typing import Any

from sqlalchemy import func, select

from tacitus.records import EVENT_TYPES, Document, Event
from tacitus.store import Store
from tacitus.store.schema import actors as actors_table
from tacitus.store.schema import documents as documents_table
from tacitus.store.schema import events as events_table
from tacitus.store.schema import mentions as mentions_table

MAX_PERIODS = 5000  # a day-by-day series over decades is a mistake, not a chart
DOCUMENT_FIELDS = ("doc_id", "title", "url", "source", "published")


class UnsupportedFilter(ValueError):
    """The store in use does not (yet) know this filter."""


class NotFound(LookupError):
    """No stored object has this id."""


# -- filters -------------------------------------------------------------------------


def event_filters(
    *,
    type: str | Iterable[str] | None = None,  # noqa: A002 - the public filter name
    mode: str | None = None,
    country: str | None = None,
    source_country: str | None = None,
    target_country: str | None = None,
    source_sector: str | None = None,
    target_sector: str | None = None,
    dyad: str | tuple[str, str] | None = None,
    place: str | None = None,
    since: date | str | None = None,
    until: date | str | None = None,
    q: str | None = None,
    min_mentions: int | None = None,
    modality: str | None = None,
    merged: bool = False,
) -> dict[str, Any]:
    """`Store.events` keyword filters from the public filter names; only those set.

    Filters the store may not know yet are passed only when set, so a store without them
    still answers every query that does not use them.
    """
    chosen: dict[str, Any] = {}
    types = split_types(type)
    if types:
        chosen["event_type"] = types[0] if len(types) == 1 else types
    if dyad:
        chosen["dyad"] = split_dyad(dyad) if isinstance(dyad, str) else tuple(dyad)
    plain = {"mode": mode, "country": country, "source_country": source_country,
             "target_country": target_country, "source_sector": source_sector,
             "target_sector": target_sector, "place": place, "text": q,
             "modality": modality, "min_mentions": min_mentions}
    chosen.update({k: v for k, v in plain.items() if v not in (None, "")})
    for key, value in (("since", since), ("until", until)):
        if value:
            chosen[key] = value if isinstance(value, date) else date.fromisoformat(value)
    if merged:
        chosen["merged"] = True
    return chosen


def split_types(value: str | Iterable[str] | None) -> list[str]:
    """Event types from "PROTEST,ASSAULT" or a list; unknown types raise ValueError."""
    if not value:
        return []
    parts = value.split(",") if isinstance(value, str) else list(value)
    types = [p.strip().upper() for p in parts if p.strip()]
    unknown = [t for t in types if t not in EVENT_TYPES]
    if unknown:
        raise ValueError(f"unknown event type '{unknown[0]}' (known: {', '.join(EVENT_TYPES)})")
    return types


def split_dyad(value: str) -> tuple[str, str]:
    parts = [p.strip().upper() for p in value.split(",")]
    if len(parts) != 2 or not all(parts):
        raise ValueError(f"dyad '{value}': give two countries, e.g. RUS,USA")
    return parts[0], parts[1]


def _call(method, *args, **kwargs):
    """Call a store reader; a filter it does not know becomes UnsupportedFilter."""
    try:
        return method(*args, **kwargs)
    except TypeError as exc:
        text = str(exc)
        if "unexpected keyword argument" not in text:
            raise
        name = text.rsplit("argument", 1)[-1].strip(" '\"")
        raise UnsupportedFilter(
            f"the filter '{name}' is not supported by this version of the store") from exc


# -- events --------------------------------------------------------------------------


def event_json(event: Event) -> dict:
    """Schema-v1 JSON of an event (a merged event keeps its extra fields)."""
    return event.model_dump(mode="json")


def list_events(store: Store, filters: dict, limit: int = 50, offset: int = 0) -> dict:
    """One page of matching events and how many match in all."""
    found = _call(store.events, limit=limit, offset=offset, **filters)
    total = _call(store.count_events, **filters)
    return {"total": total, "limit": limit, "offset": offset,
            "events": [event_json(e) for e in found]}


def get_event(store: Store, event_id: str) -> dict:
    """An event, the mentions that report it (with their documents) and its document."""
    event = _find_event(store, event_id)
    if event is None:
        raise NotFound(f"no event with id '{event_id}'")
    docs = _DocumentCache(store)
    mentions = [_mention_json(m, docs) for m in _find_mentions(store, event)]
    document = docs.get(event.get("doc_id"), with_text=True)
    return {"event": event, "mentions": mentions, "document": document}


def _find_event(store: Store, event_id: str) -> dict | None:
    if hasattr(store, "event"):
        found = store.event(event_id)
        if found is None:
            return None
        return event_json(found) if isinstance(found, Event) else dict(found)
    query = select(events_table.c.record).where(events_table.c.event_id == event_id)
    with store._errors(), store._conn().connect() as conn:
        record = conn.execute(query).scalar()
    return Event.model_validate(record).model_dump(mode="json") if record is not None else None


def _find_mentions(store: Store, event: dict) -> list[dict]:
    if hasattr(store, "mentions"):
        return [m if isinstance(m, dict) else dict(m) for m in store.mentions(event["event_id"])]
    if event.get("mentions"):  # a merged event carries its mentions
        return list(event["mentions"])
    m = mentions_table.c
    query = (select(m.doc_id, m.sentence, m.start, m.end, m.trigger)
             .where(m.event_id == event["event_id"]).order_by(m.mention_id))
    with store._errors(), store._conn().connect() as conn:
        return [row._asdict() for row in conn.execute(query)]


def _mention_json(mention: dict, docs: _DocumentCache) -> dict:
    """{doc_id, title, url, source, published, evidence: {sentence, start, end, trigger}}."""
    evidence = mention.get("evidence") or {
        key: mention.get(key) for key in ("sentence", "start", "end", "trigger")}
    meta = docs.get(mention.get("doc_id")) or {"doc_id": mention.get("doc_id")}
    out = {key: mention.get(key, meta.get(key)) for key in DOCUMENT_FIELDS}
    out["evidence"] = {key: evidence.get(key) for key in ("sentence", "start", "end", "trigger")}
    if "event_id" in mention:
        out["event_id"] = mention["event_id"]
    return out


class _DocumentCache:
    """Document metadata by id, read once per request."""

    def __init__(self, store: Store):
        self.store = store
        self.seen: dict[tuple[str, bool], dict | None] = {}

    def get(self, doc_id: str | None, with_text: bool = False) -> dict | None:
        if doc_id is None:
            return None
        key = (doc_id, with_text)
        if key not in self.seen:
            found = self.store.document(doc_id)
            if found is not None:
                keep = (*DOCUMENT_FIELDS, "text") if with_text else DOCUMENT_FIELDS
                found = {k: found.get(k) for k in keep}
            self.seen[key] = found
        return self.seen[key]


# -- documents and actors --------------------------------------------------------------


def list_documents(store: Store, limit: int = 50, offset: int = 0) -> dict:
    query = select(func.count()).select_from(documents_table)
    with store._errors(), store._conn().connect() as conn:
        total = int(conn.execute(query).scalar_one())
    return {"total": total, "limit": limit, "offset": offset,
            "documents": store.documents(limit=limit, offset=offset)}


def get_document(store: Store, doc_id: str) -> dict:
    """A stored document with its text and its events."""
    found = store.document(doc_id)
    if found is None:
        raise NotFound(f"no document with id '{doc_id}'")
    found.pop("content_hash", None)
    events = [event_json(e) for e in store.events(doc_id=doc_id)]
    return {"document": found, "events": events}


def list_actors(store: Store, q: str | None = None, limit: int = 50, offset: int = 0) -> dict:
    if hasattr(store, "actors"):
        found = store.actors(limit=limit, offset=offset, q=q)
    else:
        found = _actors_fallback(store, q, limit, offset)
    return {"limit": limit, "offset": offset, "actors": list(found)}


def _actors_fallback(store: Store, q: str | None, limit: int, offset: int) -> list[dict]:
    a = actors_table.c
    query = select(a.code, a.name, a.country, a.sector, a.wikidata)
    if q:
        query = query.where(a.name.icontains(q, autoescape=True)
                            | a.code.icontains(q, autoescape=True))
    query = query.order_by(a.name, a.actor_key).limit(limit).offset(offset)
    with store._errors(), store._conn().connect() as conn:
        return [row._asdict() for row in conn.execute(query)]


def stats(store: Store) -> dict:
    return store.stats()


# -- analysis --------------------------------------------------------------------------


def series(store: Store, source: str, target: str, by: str = "week", since=None, until=None,
           both_directions: bool = False) -> dict:
    from tacitus.analysis import dyad_series

    rows = dyad_series(store, source, target, by=by, since=since, until=until,
                       both_directions=both_directions)
    _check_periods(rows)
    return {"source": source, "target": target, "by": by, "rows": rows}


def timeline(store: Store, by: str = "week", event_type: str | None = None,
             source: str | None = None, target: str | None = None,
             since=None, until=None) -> dict:
    """Events, events per QuadClass and mean Goldstein per period, zero-filled.

    Like the dyad series it counts asserted events placed on their date (else the
    publication date); `source`/`target` match a country or a full actor code.
    """
    from tacitus.analysis.periods import as_date, check_period
    from tacitus.analysis.rows import actor_matches, fetch_rows
    from tacitus.analysis.series import summarise

    check_period(by)
    where = []
    types = split_types(event_type)
    if types:
        where.append(events_table.c.event_type.in_(types))
    if source:
        where.append(actor_matches("source", source))
    if target:
        where.append(actor_matches("target", target))
    since, until = as_date(since), as_date(until)
    rows = summarise(fetch_rows(store, where, since, until), by, since, until)
    _check_periods(rows)
    return {"by": by, "rows": rows}


def _check_periods(rows: list) -> None:
    if len(rows) > MAX_PERIODS:
        raise ValueError(f"{len(rows)} periods is too many to return (at most {MAX_PERIODS}); "
                         "use a longer period (by=week or month) or a shorter date range")


def alerts(store: Store, window_days: int = 7, baseline_days: int = 56,
           min_events: int = 3) -> dict:
    from tacitus.analysis import alerts as find_alerts

    found = find_alerts(store, window_days=window_days, baseline_days=baseline_days,
                        min_events=min_events)
    return {"window_days": window_days, "baseline_days": baseline_days,
            "alerts": [a.to_json_dict() for a in found]}


def network(store: Store, since=None, until=None, min_events: int = 1, limit: int = 200) -> dict:
    from tacitus.analysis import network as build_network

    return build_network(store, since=since, until=until, min_events=min_events, limit=limit)


def map_points(store: Store, filters: dict, limit: int = 2000) -> dict:
    """Geolocated events matching the filters: only the fields a map needs, newest first."""
    conditions = _store_conditions(filters)
    c = events_table.c
    if conditions is None:  # the store's filter builder is not available: slow path
        return _map_points_slow(store, filters, limit)
    query = (select(c.event_id, c.location_lat, c.location_lon, c.event_type, c.quad_class,
                    c.location_name, c.date)
             .where(c.location_lat.is_not(None), c.location_lon.is_not(None), *conditions)
             .order_by(c.date.desc().nulls_last(), c.event_id)
             .limit(limit))
    with store._errors(), store._conn().connect() as conn:
        rows = conn.execute(query).all()
    points = [{"event_id": r[0], "lat": r[1], "lon": r[2], "type": r[3], "quad_class": r[4],
               "place": r[5], "date": r[6].isoformat() if r[6] else None} for r in rows]
    return {"limit": limit, "points": points}


def _store_conditions(filters: dict) -> list | None:
    """The store's own WHERE clauses for these filters (same meaning as Store.events)."""
    if filters.get("merged"):
        filters = {k: v for k, v in filters.items() if k != "merged"}
    try:
        from tacitus.store.store import _conditions
    except ImportError:
        return None
    return _call(_conditions, **filters)


def _map_points_slow(store: Store, filters: dict, limit: int) -> dict:
    points: list[dict] = []
    offset, page = 0, 2000
    while len(points) < limit:
        batch = _call(store.events, limit=page, offset=offset, **filters)
        for e in batch:
            loc = e.location
            if loc and loc.lat is not None and loc.lon is not None and len(points) < limit:
                points.append({"event_id": e.event_id, "lat": loc.lat, "lon": loc.lon,
                               "type": e.event_type, "quad_class": e.quad_class,
                               "place": loc.name, "date": e.date.isoformat() if e.date else None})
        if len(batch) < page:
            break
        offset += page
    return {"limit": limit, "points": points}


# -- coding ------------------------------------------------------------------------------


class LazyPipeline:
    """The coding pipeline, loaded on first use and used by one thread at a time.

    Loading spaCy takes seconds and most servers only read, so nothing loads until a
    text is coded; the lock keeps concurrent requests off the shared parser.
    """

    def __init__(self, factory=None):
        self._factory = factory
        self._pipeline = None
        self._lock = threading.Lock()

    def code(self, document: Document) -> list[Event]:
        with self._lock:
            if self._pipeline is None:
                if self._factory is not None:
                    self._pipeline = self._factory()
                else:
                    from tacitus.pipeline import Pipeline

                    self._pipeline = Pipeline()
            return next(self._pipeline.code([document]))[1]


def make_document(text: str, published: date | None = None, title: str | None = None,
                  url: str | None = None, source: str | None = None,
                  doc_id: str | None = None) -> Document:
    return Document.from_text(text, doc_id=doc_id, published=published, title=title,
                              url=url, source=source, origin=doc_id or "api")


def code_text(pipeline: LazyPipeline, text: str, published: date | None = None) -> dict:
    """Coded events of a text, nothing stored."""
    document = make_document(text, published=published)
    events = pipeline.code(document)
    return {"doc_id": document.doc_id, "events": [event_json(e) for e in events]}


def add_document(store: Store, pipeline: LazyPipeline, document: Document) -> dict:
    """Code and store a document; a document already stored is neither coded nor changed."""
    if store.has_document(document.doc_id):
        stored_events = store.events(doc_id=document.doc_id)
        return {"doc_id": document.doc_id, "stored": False,
                "events": [event_json(e) for e in stored_events]}
    events = pipeline.code(document)
    stored = store.add(document, events)
    return {"doc_id": document.doc_id, "stored": stored,
            "events": [event_json(e) for e in events]}
