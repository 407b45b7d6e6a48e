"""Event counts per calendar period for a dyad or a country, zero-filled."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import date

from sqlalchemy import and_, or_

from tacitus.analysis.periods import as_date, check_period, period_range, period_start
from tacitus.analysis.rows import Row, actor_matches, fetch_rows

QUAD_KEYS = ("quad1", "quad2", "quad3", "quad4")


def dyad_series(store, source: str, target: str, by: str = "week", since=None, until=None,
                both_directions: bool = False,
                include_all_modalities: bool = False) -> list[dict]:
    """One row per period of events from `source` to `target` (and back, if asked).

    `source`/`target` match an actor's country (ISO3, "RUS") or its full code ("BLRCOP").
    """
    check_period(by)
    forward = and_(actor_matches("source", source), actor_matches("target", target))
    where = forward
    if both_directions:
        where = or_(forward, and_(actor_matches("source", target),
                                  actor_matches("target", source)))
    rows = fetch_rows(store, [where], as_date(since), as_date(until), include_all_modalities)
    return summarise(rows, by, as_date(since), as_date(until))


def country_series(store, country: str, by: str = "week", since=None, until=None,
                   include_all_modalities: bool = False) -> list[dict]:
    """One row per period of events with `country` (ISO3 or full code) on either side.

    An event with the country on both sides (a domestic event) counts once.
    """
    check_period(by)
    where = or_(actor_matches("source", country), actor_matches("target", country))
    rows = fetch_rows(store, [where], as_date(since), as_date(until), include_all_modalities)
    return summarise(rows, by, as_date(since), as_date(until))


def summarise(rows: list[Row], by: str, since: date | None = None,
              until: date | None = None) -> list[dict]:
    """Contiguous periods from `since` (or the first row) to `until` (or the last row)."""
    first = since or (rows[0].day if rows else None)
    last = until or (rows[-1].day if rows else None)
    if first is None or last is None or first > last:
        return []
    grouped: dict[date, list[Row]] = defaultdict(list)
    for row in rows:
        grouped[period_start(row.day, by)].append(row)
    return [{"period": start.isoformat(), **period_counts(grouped.get(start, ()))}
            for start in period_range(first, last, by)]


def period_counts(rows: Iterable[Row]) -> dict:
    """Events, events per QuadClass, Goldstein sum/mean, conflict and cooperation counts."""
    counts = dict.fromkeys(QUAD_KEYS, 0)
    events, goldstein_sum, scored = 0, 0.0, 0
    for row in rows:
        events += 1
        if row.quad in (1, 2, 3, 4):
            counts[f"quad{row.quad}"] += 1
        if row.goldstein is not None:
            goldstein_sum += row.goldstein
            scored += 1
    return {
        "events": events,
        **counts,
        "goldstein_sum": round(goldstein_sum, 3),
        "goldstein_mean": round(goldstein_sum / scored, 3) if scored else None,
        "conflict": counts["quad3"] + counts["quad4"],
        "cooperation": counts["quad1"] + counts["quad2"],
    }

