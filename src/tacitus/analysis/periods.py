"""Calendar periods (day, ISO week, month, quarter, year) and duration strings."""

from __future__ import annotations

from datetime import date, timedelta

PERIODS = ("day", "week", "month", "quarter", "year")
_UNIT_DAYS = {"d": 1, "w": 7}


def as_date(value: date | str | None) -> date | None:
    """A date from a date, an ISO string ("2020-08-24") or None."""
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value))


def check_period(by: str) -> str:
    if by not in PERIODS:
        raise ValueError(f"unknown period '{by}' (use one of: {', '.join(PERIODS)})")
    return by


def period_start(day: date, by: str) -> date:
    """First day of the period holding `day`; weeks start on Monday (ISO 8601)."""
    if by == "day":
        return day
    if by == "week":
        return day - timedelta(days=day.weekday())
    if by == "month":
        return day.replace(day=1)
    if by == "quarter":
        return day.replace(month=3 * ((day.month - 1) // 3) + 1, day=1)
    if by == "year":
        return day.replace(month=1, day=1)
    raise ValueError(f"unknown period '{by}'")


def next_period(start: date, by: str) -> date:
    """Start of the period after the one starting at `start`."""
    if by == "day":
        return start + timedelta(days=1)
    if by == "week":
        return start + timedelta(days=7)
    months = {"month": 1, "quarter": 3, "year": 12}[by]
    total = start.year * 12 + start.month - 1 + months
    return date(total // 12, total % 12 + 1, 1)


# No caller can use more periods than this (a day series over 0001-9999 would list
# 3.6 million days before any check on its length could refuse it).
MAX_RANGE = 100_000


def period_count(first: date, last: date, by: str) -> int:
    """How many periods `period_range(first, last, by)` holds, computed, not listed."""
    start, end = period_start(first, by), period_start(last, by)
    if end < start:
        return 0
    if by in ("day", "week"):
        return (end - start).days // (1 if by == "day" else 7) + 1
    months = {"month": 1, "quarter": 3, "year": 12}[by]
    return ((end.year - start.year) * 12 + end.month - start.month) // months + 1


def period_range(first: date, last: date, by: str, limit: int = MAX_RANGE) -> list[date]:
    """Every period start from the period holding `first` to the one holding `last`.
    Raises ValueError when that is more than `limit` periods."""
    count = period_count(first, last, by)
    if count > limit:
        raise ValueError(f"{count} periods is too many (at most {limit}); use a longer "
                         "period (week, month) or a shorter date range")
    starts = []
    current, end = period_start(first, by), period_start(last, by)
    while current <= end:
        starts.append(current)
        try:
            current = next_period(current, by)
        except (OverflowError, ValueError):  # the period after 9999-12-31
            break
    return starts


def parse_days(text: str | int) -> int:
    """A duration as days: "7d", "2w", "8w", or a plain number of days."""
    if isinstance(text, int):
        value = text
    else:
        raw = text.strip().lower()
        unit = _UNIT_DAYS.get(raw[-1:]) if raw else None
        number = raw[:-1] if unit else raw
        if not number.isdigit():
            raise ValueError(f"'{text}' is not a duration (examples: 7d, 2w, 8w, 14)")
        value = int(number) * (unit or 1)
    if value <= 0:
        raise ValueError(f"'{text}' must be a positive duration")
    return value
