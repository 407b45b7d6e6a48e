"""Escalation alerts: conflict in the latest window against a moving baseline.

For every dyad (source country → target country) and every country (on either side), the
QuadClass 3–4 events of the latest window are compared with equal-length windows over the
preceding baseline: z = (count − mean) / max(std, 1). An alert needs enough events, a high
z and at least `ratio` times the baseline mean. docs/analysis.md explains the choices.
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import asdict, dataclass, field
from datetime import date, timedelta

from tacitus.analysis.periods import as_date
from tacitus.analysis.rows import Row, day_bounds, fetch_rows

MAX_EVENT_IDS = 50
STD_FLOOR = 1.0


@dataclass
class Alert:
    kind: str                     # "dyad" or "country"
    key: str                      # "RUS→UKR" or "BLR"
    window_start: date
    window_end: date
    events: int                   # conflict (QuadClass 3–4) events in the window
    baseline_mean: float          # conflict events per window over the baseline
    baseline_std: float
    baseline_windows: int
    score: float                  # z-score (std floored at 1)
    ratio: float | None           # events / baseline mean; None when the baseline had none
    negative_goldstein: float     # sum of negative Goldstein scores in the window
    baseline_negative_goldstein: float  # the same, mean per baseline window
    goldstein_mean: float | None  # mean Goldstein of all the key's events in the window
    baseline_goldstein_mean: float | None
    goldstein_change: float | None  # window mean − baseline mean (negative: more hostile)
    method: str
    event_ids: list[str] = field(default_factory=list)

    def to_json_dict(self) -> dict:
        data = asdict(self)
        data["window_start"] = self.window_start.isoformat()
        data["window_end"] = self.window_end.isoformat()
        return data


@dataclass
class _Tally:
    """Per-key counts, one slot per window: slot 0 is the latest, 1.. the baseline."""

    conflict: list[int]
    negative: list[float]
    goldstein: list[list[float]]
    window_ids: list[str] = field(default_factory=list)

    @classmethod
    def empty(cls, slots: int) -> _Tally:
        return cls([0] * slots, [0.0] * slots, [[] for _ in range(slots)])


def alerts(store, window_days: int = 7, baseline_days: int = 56, min_events: int = 3,
           z: float = 2.0, now: date | str | None = None, include_all_modalities: bool = False,
           ratio: float = 2.0) -> list[Alert]:
    """Dyads and countries whose conflict in the latest window stands out; highest score first.

    `now` is the last day of the window; by default the latest event day in the store, so
    an archive of past news can be analysed as well as a live feed.
    """
    if window_days <= 0 or baseline_days < window_days:
        raise ValueError("need window_days > 0 and baseline_days >= window_days")
    first, last = day_bounds(store, include_all_modalities)
    now = as_date(now) or last
    if first is None or now is None:
        return []
    window_start = now - timedelta(days=window_days - 1)
    slots = 1 + _baseline_slots(window_start, window_days, baseline_days, first)
    if slots < 2:
        return []  # no baseline before the window: nothing to compare with
    oldest = window_start - timedelta(days=window_days * (slots - 1))
    rows = fetch_rows(store, since=oldest, until=now,
                      include_all_modalities=include_all_modalities)
    tallies = _tally(rows, window_start, window_days, slots)
    method = _method_text(window_days, slots - 1, min_events, z, ratio)
    found = [
        alert for (kind, key), tally in tallies.items()
        if (alert := _judge(kind, key, tally, window_start, now, min_events, z, ratio, method))
    ]
    return sorted(found, key=lambda a: (-a.score, -a.events, a.kind, a.key))


def _baseline_slots(window_start: date, window_days: int, baseline_days: int,
                    first_day: date) -> int:
    """Baseline windows that lie entirely within the stored history.

    A window before the first stored event would count as "zero conflict" only because
    nothing was collected yet, and make every new key look like an escalation.
    """
    wanted = baseline_days // window_days
    covered = (window_start - first_day).days // window_days
    return max(0, min(wanted, covered))


def _slot(day: date, window_start: date, window_days: int) -> int:
    if day >= window_start:
        return 0
    return (window_start - day - timedelta(days=1)).days // window_days + 1


def _keys(row: Row) -> list[tuple[str, str]]:
    keys = []
    if row.source_country and row.target_country:
        keys.append(("dyad", f"{row.source_country}→{row.target_country}"))
    # a domestic event (BLR→BLR) counts once for its country
    for country in dict.fromkeys(c for c in (row.source_country, row.target_country) if c):
        keys.append(("country", country))
    return keys


def _tally(rows: list[Row], window_start: date, window_days: int,
           slots: int) -> dict[tuple[str, str], _Tally]:
    tallies: dict[tuple[str, str], _Tally] = defaultdict(lambda: _Tally.empty(slots))
    for row in rows:
        slot = _slot(row.day, window_start, window_days)
        if slot >= slots:
            continue
        for key in _keys(row):
            tally = tallies[key]
            if row.goldstein is not None:
                tally.goldstein[slot].append(row.goldstein)
                tally.negative[slot] += min(row.goldstein, 0.0)
            if row.conflict:
                tally.conflict[slot] += 1
                if slot == 0:
                    tally.window_ids.append(row.event_id)
    return tallies


def _judge(kind: str, key: str, tally: _Tally, window_start: date, window_end: date,
           min_events: int, z: float, ratio: float, method: str) -> Alert | None:
    count, baseline = tally.conflict[0], tally.conflict[1:]
    if count < min_events:
        return None
    mean = sum(baseline) / len(baseline)
    std = math.sqrt(sum((n - mean) ** 2 for n in baseline) / len(baseline))
    score = (count - mean) / max(std, STD_FLOOR)
    if score < z or count < ratio * mean:
        return None
    window_mean = _mean(tally.goldstein[0])
    base_mean = _mean([g for slot in tally.goldstein[1:] for g in slot])
    change = None if window_mean is None or base_mean is None else window_mean - base_mean
    return Alert(
        kind=kind, key=key, window_start=window_start, window_end=window_end, events=count,
        baseline_mean=round(mean, 3), baseline_std=round(std, 3),
        baseline_windows=len(baseline), score=round(score, 3),
        ratio=round(count / mean, 3) if mean else None,
        negative_goldstein=round(tally.negative[0], 3),
        baseline_negative_goldstein=round(sum(tally.negative[1:]) / len(baseline), 3),
        goldstein_mean=_round(window_mean), baseline_goldstein_mean=_round(base_mean),
        goldstein_change=_round(change), method=method,
        event_ids=tally.window_ids[:MAX_EVENT_IDS],
    )


def _method_text(window_days: int, windows: int, min_events: int, z: float,
                 ratio: float) -> str:
    return (f"QuadClass 3-4 events in the latest {window_days}-day window vs {windows} "
            f"preceding {window_days}-day windows: z = (n - mean) / max(std, {STD_FLOOR:g}); "
            f"alert when n >= {min_events}, z >= {z:g} and n >= {ratio:g} x mean")


def _mean(values: list[float]) -> float | None:
    return sum(values) / len(values) if values else None


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 3)
