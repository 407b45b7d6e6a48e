"""One service layer over the event store, shared by the REST API and the CLI.

Plain functions: each takes a `Store` (and plain values) and returns JSON-ready dicts, so
the API only validates and serialises and the CLI only formats. Nothing here formats SQL
by hand: every query is SQLAlchemy Core with bound parameters.

A filter the store in use does not know raises `UnsupportedFilter` (older stores).
"""

from __future__ import annotations

import threading
from collections.abc import Iterable
from datetime import date
from typing import Any

from sqlalchemy import func, select

from tacitus.errors import CodingFailed
from tacitus.records import EVENT_TYPES, Document, Event
from tacitus.store import Store
from tacitus.store.schema import documents as documents_table
from tacitus.store.schema import events as events_table

MAX_PERIODS = 5000  # a day-by-day series over decades is a mistake, not a chart
DOCUMENT_FIELDS = ("doc_id", "title", "url", "source", "published")


class UnsupportedFilter(ValueError):
    """The store in use does not (yet) know this filter."""


class NotFound(LookupError):
    """No stored object has this id."""


# -- filters -------------------------------------------------------------------------


def event_filters(**filters) -> dict[str, Any]:
    """`Store.events` keyword filters from the public filter names (tacitus.filters);
    only those set. An invalid value raises InvalidFilter (a ValueError)."""
    from tacitus.filters import EventFilter

    return EventFilter.parse(**filters).store_kwargs()


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


def list_events(store: Store, filters: dict, limit: int = 50, offset: int = 0,
                order: str = "date_desc") -> dict:
    """One page of matching events and how many match in all."""
    found = _call(store.events, limit=limit, offset=offset, order=order, **filters)
    total = _call(store.count_events, **filters)
    return {"total": total, "limit": limit, "offset": offset,
            "events": [event_json(e) for e in found]}


def get_event(store: Store, event_id: str) -> dict:
    """An event, the mentions that report it (with their documents) and its document."""
    event = store.event(event_id)
    if event is None:
        raise NotFound(f"no event with id '{event_id}'")
    mentions = [mention_json(m) for m in store.mentions(event_id)]
    document = store.document(event.doc_id)
    if document is not None:
        document = {k: document.get(k) for k in (*DOCUMENT_FIELDS, "text")}
    return {"event": event_json(event), "mentions": mentions, "document": document}


def mention_json(row: dict) -> dict:
    """{event_id, doc_id, title, url, source, published, evidence: {sentence, start, end,
    trigger}} from a `Store.mentions` row."""
    out = {key: row.get(key) for key in ("event_id", *DOCUMENT_FIELDS)}
    out["evidence"] = {key: row.get(key) for key in ("sentence", "start", "end", "trigger")}
    return out


# -- documents and actors --------------------------------------------------------------


def list_documents(store: Store, limit: int = 50, offset: int = 0) -> dict:
    query = select(func.count()).select_from(documents_table)
    with store.connect() as conn:
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
    return {"limit": limit, "offset": offset,
            "actors": store.actors(limit=limit, offset=offset, q=q)}


def stats(store: Store, all_modalities: bool = False) -> dict:
    """Counts; the event counts are of asserted events unless `all_modalities`
    (`by_modality` always counts every modality)."""
    figures = store.stats(modality=None if all_modalities else "asserted")
    figures["modality"] = "all" if all_modalities else "asserted"
    return figures


# -- analysis --------------------------------------------------------------------------


def series(store: Store, source: str, target: str, by: str = "week", since=None, until=None,
           both_directions: bool = False, all_modalities: bool = False) -> dict:
    from tacitus.analysis import dyad_series

    rows = dyad_series(store, source, target, by=by, since=since, until=until,
                       both_directions=both_directions, include_all_modalities=all_modalities)
    _check_periods(rows)
    return {"source": source, "target": target, "by": by, "rows": rows}


def timeline(store: Store, by: str = "week", event_type: str | None = None,
             source: str | None = None, target: str | None = None,
             since=None, until=None, all_modalities: bool = False) -> dict:
    """Events, events per QuadClass and mean Goldstein per period, zero-filled.

    Counts what the dyad series counts (asserted events placed on their date, else the
    publication date; `source`/`target` match a country or a full actor code), but adds
    up per day and QuadClass in the database: a 100k-event store sends back a few
    thousand rows, not 100k.
    """
    from tacitus.analysis.periods import as_date, check_period, period_range, period_start
    from tacitus.analysis.rows import EVENT_DAY, actor_matches

    check_period(by)
    since, until = as_date(since), as_date(until)
    c = events_table.c
    where = [EVENT_DAY.is_not(None)]
    if not all_modalities:
        where.append(c.modality == "asserted")
    types = split_types(event_type)
    if types:
        where.append(c.event_type.in_(types))
    if source:
        where.append(actor_matches("source", source))
    if target:
        where.append(actor_matches("target", target))
    if since is not None:
        where.append(EVENT_DAY >= since)
    if until is not None:
        where.append(EVENT_DAY <= until)
    day = EVENT_DAY.label("day")
    query = (select(day, c.quad_class, func.count(), func.sum(c.goldstein), func.count(c.goldstein))
             .where(*where).group_by(day, c.quad_class))
    with store.connect() as conn:
        groups = [(_day(d), quad, n, g_sum or 0.0, g_n) for d, quad, n, g_sum, g_n in conn.execute(query)]
    if not groups:
        return {"by": by, "rows": []}
    first = since or min(g[0] for g in groups)
    last = until or max(g[0] for g in groups)
    starts = period_range(first, last, by, limit=MAX_PERIODS) if first <= last else []
    totals = {start: _Period() for start in starts}
    for day_, quad, n, g_sum, g_n in groups:
        totals[period_start(day_, by)].add(quad, n, g_sum, g_n)
    return {"by": by, "rows": [{"period": start.isoformat(), **totals[start].as_dict()}
                               for start in starts]}


class _Period:
    """Running sums for one period; as_dict matches tacitus.analysis's series rows."""

    def __init__(self):
        self.quads = [0, 0, 0, 0]
        self.events = 0
        self.goldstein_sum = 0.0
        self.scored = 0

    def add(self, quad: int | None, n: int, goldstein_sum: float, scored: int) -> None:
        self.events += n
        if quad in (1, 2, 3, 4):
            self.quads[quad - 1] += n
        self.goldstein_sum += goldstein_sum
        self.scored += scored

    def as_dict(self) -> dict:
        q1, q2, q3, q4 = self.quads
        return {"events": self.events, "quad1": q1, "quad2": q2, "quad3": q3, "quad4": q4,
                "goldstein_sum": round(self.goldstein_sum, 3),
                "goldstein_mean": round(self.goldstein_sum / self.scored, 3)
                if self.scored else None,
                "conflict": q3 + q4, "cooperation": q1 + q2}


def _day(value) -> date:
    # SQLite hands back coalesce() of two dates as text
    return value if isinstance(value, date) else date.fromisoformat(str(value)[:10])


def _check_periods(rows: list) -> None:
    if len(rows) > MAX_PERIODS:
        raise ValueError(f"{len(rows)} periods is too many to return (at most {MAX_PERIODS}); "
                         "use a longer period (by=week or month) or a shorter date range")


def alerts(store: Store, window_days: int = 7, baseline_days: int = 56,
           min_events: int = 3, all_modalities: bool = False) -> dict:
    from tacitus.analysis import alerts as find_alerts

    found = find_alerts(store, window_days=window_days, baseline_days=baseline_days,
                        min_events=min_events, include_all_modalities=all_modalities)
    return {"window_days": window_days, "baseline_days": baseline_days,
            "alerts": [a.to_json_dict() for a in found]}


def network(store: Store, since=None, until=None, min_events: int = 1, limit: int = 200,
            all_modalities: bool = False) -> dict:
    from tacitus.analysis import network as build_network

    return build_network(store, since=since, until=until, min_events=min_events, limit=limit,
                         include_all_modalities=all_modalities)


def map_points(store: Store, filters: dict, limit: int = 2000) -> dict:
    """Geolocated events matching the filters, only the fields a map needs, newest first.

    Reads the columns straight from the table (no JSON decoding), with the store's own
    WHERE clauses so that every filter means what it means in `Store.events`.
    """
    from tacitus.store.schema import clusters
    from tacitus.store.store import _conditions

    filters = dict(filters)
    table = clusters if filters.pop("merged", False) else events_table
    c = table.c
    key = c.merged_id if table is clusters else c.event_id
    query = (select(key, c.location_lat, c.location_lon, c.event_type, c.quad_class,
                    c.location_name, c.date)
             .where(c.location_lat.is_not(None), c.location_lon.is_not(None),
                    *_call(_conditions, table, **filters))
             .order_by(c.date.desc().nulls_last(), key)
             .limit(limit))
    with store.connect() as conn:
        rows = conn.execute(query).all()
    points = [{"event_id": r[0], "lat": r[1], "lon": r[2], "type": r[3], "quad_class": r[4],
               "place": r[5], "date": _iso(r[6])} for r in rows]
    return {"limit": limit, "points": points}


def _iso(value) -> str | None:
    return value.isoformat() if isinstance(value, date) else value


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

    def code(self, document: Document, coder: str | None = None) -> list[Event]:
        """Events of one document, by the named coder (default: the pipeline's)."""
        with self._lock:
            if self._pipeline is None:
                if self._factory is not None:
                    self._pipeline = self._factory()
                else:
                    from tacitus.pipeline import Pipeline

                    self._pipeline = Pipeline()
            outcome = next(self._pipeline.code([document], coder=coder))
        if outcome.failure:
            # never stored as a document with no events: posting it again retries it
            raise CodingFailed(outcome.failure)
        return outcome.events


def make_document(text: str, published: date | None = None, title: str | None = None,
                  url: str | None = None, source: str | None = None,
                  doc_id: str | None = None) -> Document:
    return Document.from_text(text, doc_id=doc_id, published=published, title=title,
                              url=url, source=source, origin=doc_id or "api")


def code_text(pipeline: LazyPipeline, text: str, published: date | None = None,
              coder: str | None = None) -> dict:
    """Coded events of a text, nothing stored; `coder` names the coder to use."""
    document = make_document(text, published=published)
    events = pipeline.code(document, coder)
    return {"doc_id": document.doc_id, "events": [event_json(e) for e in events]}


def add_document(store: Store, pipeline: LazyPipeline, document: Document,
                 coder: str | None = None) -> dict:
    """Code and store a document; a document already stored is neither coded nor changed."""
    if store.has_document(document.doc_id):
        stored_events = store.events(doc_id=document.doc_id)
        return {"doc_id": document.doc_id, "stored": False,
                "events": [event_json(e) for e in stored_events]}
    events = pipeline.code(document, coder)
    stored = store.add(document, events)
    return {"doc_id": document.doc_id, "stored": stored,
            "events": [event_json(e) for e in events]}
