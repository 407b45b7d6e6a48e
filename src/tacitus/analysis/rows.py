"""Light event rows for analysis, read straight from the store's `events` table.

Decoding every event's JSON record through `Store.events()` costs ~100 µs per event; the
analyses need only a handful of columns, so they select those with SQLAlchemy Core (bound
parameters only) and aggregate in Python, which works the same on SQLite and PostgreSQL.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, or_, select

from tacitus.store.schema import event_day, events

CONFLICT_QUADS = (3, 4)
COOPERATION_QUADS = (1, 2)

# The day an event is placed on: its own date, else the article's publication date
# (the one date rule of tacitus.filters, shared with Store.events).
EVENT_DAY = event_day(events)


@dataclass(frozen=True, slots=True)
class Row:
    event_id: str
    day: date
    quad: int | None
    goldstein: float | None
    source_country: str | None
    source_code: str | None
    source_sector: str | None
    target_country: str | None
    target_code: str | None
    target_sector: str | None

    @property
    def conflict(self) -> bool:
        return self.quad in CONFLICT_QUADS


def actor_matches(side: str, value: str):
    """WHERE clause: the actor on `side` ("source"/"target") has this country or full code."""
    value = value.strip().upper()
    c = events.c
    return or_(c[f"{side}_country"] == value, c[f"{side}_code"] == value)


def _window(since: date | None, until: date | None, include_all_modalities: bool) -> list:
    """Conditions shared by every analysis query: the day range, and asserted events only
    unless asked otherwise (planned or denied events are not activity that happened)."""
    conditions = [] if include_all_modalities else [events.c.modality == "asserted"]
    if since is not None:
        conditions.append(EVENT_DAY >= since)
    if until is not None:
        conditions.append(EVENT_DAY <= until)
    return conditions


def fetch_rows(store, where: Iterable = (), since: date | None = None,
               until: date | None = None, include_all_modalities: bool = False) -> list[Row]:
    """Events matching `where` with a known day in [since, until], oldest first."""
    c = events.c
    conditions = [EVENT_DAY.is_not(None), *where,
                  *_window(since, until, include_all_modalities)]
    query = (
        select(c.event_id, EVENT_DAY.label("day"), c.quad_class, c.goldstein,
               c.source_country, c.source_code, c.source_sector,
               c.target_country, c.target_code, c.target_sector)
        .where(*conditions)
        .order_by(EVENT_DAY, c.event_id)
    )
    with store.connect() as conn:
        return [Row(*_normal_day(values)) for values in conn.execute(query)]


def edge_groups(store, since: date | None = None, until: date | None = None,
                include_all_modalities: bool = False) -> list[tuple]:
    """Events grouped by (source actor, target actor, QuadClass), counted in the database.

    Each tuple: source code/country/sector, target code/country/sector, quad class,
    events, Goldstein sum, number of events with a Goldstein score.
    """
    c = events.c
    conditions = [EVENT_DAY.is_not(None)] if since is not None or until is not None else []
    conditions += _window(since, until, include_all_modalities)
    keys = (c.source_code, c.source_country, c.source_sector,
            c.target_code, c.target_country, c.target_sector, c.quad_class)
    query = (select(*keys, func.count(), func.sum(c.goldstein), func.count(c.goldstein))
             .where(*conditions).group_by(*keys))
    with store.connect() as conn:
        return [tuple(values) for values in conn.execute(query)]


def day_bounds(store, include_all_modalities: bool = False) -> tuple[date | None, date | None]:
    """(first, last) event day in the store, or (None, None) when it holds no dated event."""
    conditions = [EVENT_DAY.is_not(None), *_window(None, None, include_all_modalities)]
    query = select(func.min(EVENT_DAY), func.max(EVENT_DAY)).where(*conditions)
    with store.connect() as conn:
        first, last = conn.execute(query).one()
    return _as_date(first), _as_date(last)


def _normal_day(values) -> tuple:
    values = tuple(values)
    return (values[0], _as_date(values[1]), *values[2:])


def _as_date(value) -> date | None:
    # SQLite returns text for min()/max()/coalesce() of dates on some SQLAlchemy versions.
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])
