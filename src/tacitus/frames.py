"""Events as a pandas DataFrame, in one line: `tacitus.read_events("tacitus.db", type="PROTEST")`.

The columns are those of the CSV export (tacitus.export.flat: nested actors, place and
quantities flattened to `source_country`, `location_lat`, `arrests_min`, ...), typed so
that no reader has to guess: dates are datetime64, codes (CAMEO "010", ISO3, sectors) are
strings, counts are nullable integers, scores are floats. One more column, `day`, is the
day every date filter selects on: the event's date, else its publication date.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from datetime import date
from typing import TYPE_CHECKING

from tacitus.export.flat import FLAT_COLUMNS, flat_row
from tacitus.filters import EventFilter, event_day
from tacitus.records import Event

if TYPE_CHECKING:
    import pandas as pd

PAGE = 5000
MERGED_COLUMNS = [("num_mentions", int), ("num_sources", int), ("num_articles", int),
                  ("first_seen", date)]
_DTYPES = {str: "string", int: "Int64", float: "float64", date: "datetime64[ns]"}


def columns(merged: bool = False) -> list[tuple[str, type]]:
    """(name, type) of every column `events_frame` returns, in order."""
    flat = list(FLAT_COLUMNS)
    at = next(i for i, (name, _) in enumerate(flat) if name == "date_precision") + 1
    flat.insert(at, ("day", date))
    return flat + (MERGED_COLUMNS if merged else [])


def events_frame(events: Iterable[Event], merged: bool = False) -> pd.DataFrame:
    """A typed DataFrame of events (one row each), columns as `columns()` says."""
    import pandas as pd

    layout = columns(merged)
    rows = []
    for event in events:
        row = flat_row(event)
        row["day"] = event_day(event)[0]
        if merged:
            row.update({name: getattr(event, name, None) for name, _ in MERGED_COLUMNS})
        rows.append(row)
    data = {name: [row.get(name) for row in rows] for name, _ in layout}
    frame = pd.DataFrame({name: pd.Series(data[name], dtype=object) for name, _ in layout})
    for name, kind in layout:
        if kind is date:
            frame[name] = pd.to_datetime(frame[name], errors="raise").astype("datetime64[ns]")
        else:
            frame[name] = frame[name].astype(_DTYPES[kind])
    return frame


def read_events(db: str | os.PathLike | None = None, *, limit: int | None = None,
                order: str = "date_asc", **filters) -> pd.DataFrame:
    """Stored events matching the filters as a typed DataFrame, oldest day first.

    `db`: a database URL or a path (default: $TACITUS_DB or ./tacitus.db); a path with no
    database raises TacitusError E041 (nothing is created). `filters` are those of
    `tacitus events` and the API (tacitus.filters.EventFilter): type, country,
    source_country, target_country, dyad, mode, modality, since, until, q, place,
    source_sector, target_sector, min_confidence, min_mentions, merged. An unknown value
    raises InvalidFilter listing the valid ones.
    """
    from tacitus.store import Store

    chosen = EventFilter.parse(**filters)
    merged = chosen.merged
    with Store(None if db is None else str(db), create=False) as store:
        found: list[Event] = []
        offset = 0
        while limit is None or len(found) < limit:
            size = PAGE if limit is None else min(PAGE, limit - len(found))
            page = store.events(limit=size, offset=offset, order=order, **chosen.store_kwargs())
            found.extend(page)
            if len(page) < size:
                break
            offset += len(page)
    return events_frame(found, merged=merged)
