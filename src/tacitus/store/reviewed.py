"""Reading events with their reviews applied (the default view of `Store.events`).

An event with a review reads from `reviewed_events` (the coder's event with the latest
review applied, `reviewed: true`), every other event from `events`; a rejected event is
left out, an event a reviewer added is included. The two are one UNION ALL, filtered with
the same WHERE clauses as the plain read (each filter means the same on both tables),
then ordered and paged. `reviewed=True/False` keeps one side only.

A store with no review at all skips all this (`has_reviews`), so the plain read keeps
its indexes and speed until someone reviews.
"""

from __future__ import annotations

from sqlalchemy import exists, func, literal, select, union_all

from tacitus.store.schema import events, reviewed_events


def has_reviews(conn) -> bool:
    return conn.execute(select(reviewed_events.c.event_id).limit(1)).first() is not None


def _branches(conditions, fts: bool, filters: dict, reviewed: bool | None) -> list:
    e, r = events.c, reviewed_events.c
    parts = []
    if reviewed is not True:
        parts.append(
            select(e.event_id, e.date, e.confidence, e.cluster_id, e.record,
                   literal(False).label("reviewed"))
            .where(~exists().where(r.event_id == e.event_id),
                   *conditions(events, fts=fts, **filters)))
    if reviewed is not False:
        parts.append(
            select(r.event_id, r.date, r.confidence, r.cluster_id, r.record,
                   literal(True).label("reviewed"))
            .where(r.action != "reject", *conditions(reviewed_events, fts=False, **filters)))
    return parts


def view(conditions, fts: bool, filters: dict, reviewed: bool | None):
    """The reviewed view as a subquery: event_id, date, confidence, cluster_id, record."""
    parts = _branches(conditions, fts, filters, reviewed)
    query = parts[0] if len(parts) == 1 else union_all(*parts)
    return query.subquery("reviewed_view")


def page_query(conditions, ordering, fts: bool, filters: dict, reviewed: bool | None,
               order: str, limit: int | None, offset: int):
    u = view(conditions, fts, filters, reviewed)
    query = select(u.c.record).order_by(*ordering(u, order)).offset(offset)
    return query.limit(limit) if limit is not None else query


def count_query(conditions, fts: bool, filters: dict, reviewed: bool | None):
    return select(func.count()).select_from(view(conditions, fts, filters, reviewed))
