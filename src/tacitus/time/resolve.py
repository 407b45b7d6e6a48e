"""Turn one time expression ("on Thursday", "two weeks ago", "Aug. 9") into a date.

News reports past events, so an expression without a year or direction resolves to the
most recent matching date on or before publication; `future=True` (the event is planned:
"will meet on Friday") flips that to the next matching date after publication.

Conventions (the schema has one date per event, so spans get a representative day):
- "last week", "this week", "N weeks ago": precision "week". "last/this/next week" gives
  the Monday of that week; "N weeks ago" gives publication minus N*7 days.
- "this weekend" / "last weekend": the Saturday of that weekend, precision "week" (we
  do not know which of the two days).
- "in July", "last month", "N months ago": the first of the month, precision "month".
- "in 2019", "last year": January 1, precision "year".
The common English patterns are handled here with dict lookups; anything else with a
digit in it (numeric dates, "the 9th of August") goes to dateparser, cached.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache

from tacitus.knowledge import read_json

_WORD = re.compile(r"[a-z]+|\d+|'ll")
_NUMERIC_DATE = re.compile(r"\b\d{1,4}[/.-]\d{1,2}[/.-]\d{1,4}\b")
_ORDINAL = re.compile(r"(\d)(?:st|nd|rd|th)\b")
_YEAR = re.compile(r"^(1[89]\d\d|20\d\d)$")


@dataclass(frozen=True)
class Resolved:
    date: date | None
    precision: str


UNKNOWN = Resolved(None, "unknown")   # a relative expression with no publication date


@lru_cache(maxsize=1)
def words() -> dict:
    """The time vocabulary (knowledge/data/time_words.json), loaded once."""
    return read_json("time_words.json")


def tokens(text: str) -> list[str]:
    """Lower-case word and number tokens; "mid-August" -> ["mid", "august"]."""
    return _WORD.findall(_ORDINAL.sub(r"\1", text.lower()))


def resolve_expression(text: str, published: date | None, future: bool = False) -> Resolved | None:
    """Date and precision of a time expression; None when `text` is not a date.

    A relative expression with no publication date gives Resolved(None, "unknown").
    """
    return _resolve_cached(text.lower(), published, future)


@lru_cache(maxsize=4096)
def _resolve_cached(text: str, published: date | None, future: bool) -> Resolved | None:
    toks = tokens(text)
    if not toks:
        return None
    for rule in (_day_phrase, _ago, _calendar, _weekday, _deictic_period):
        found = rule(toks, text, published, future)
        if found is not None:
            return found
    if _NUMERIC_DATE.search(text):
        return _dateparser(text, published, future)
    return None


# --- relative to publication -------------------------------------------------------

def _day_phrase(toks, text, published, future) -> Resolved | None:
    """today / yesterday / tomorrow / last night / this morning."""
    padded = f" {' '.join(toks)} "
    for phrase, offset in words()["day_offsets"].items():
        if f" {phrase} " in padded:
            if published is None:
                return UNKNOWN
            return Resolved(published + timedelta(days=offset), "day")
    return None


def _ago(toks, text, published, future) -> Resolved | None:
    """"two weeks ago", "3 days ago", "a month ago"."""
    if "ago" not in toks:
        return None
    i = toks.index("ago")
    unit = words()["units"].get(toks[i - 1]) if i >= 1 else None
    n = _number(toks[i - 2]) if i >= 2 else 1
    if unit is None or n is None:
        return None
    if published is None:
        return UNKNOWN
    if unit == "fortnight":
        unit, n = "week", 2 * n
    if unit == "day":
        return Resolved(published - timedelta(days=n), "day")
    if unit == "week":
        return Resolved(published - timedelta(days=7 * n), "week")
    if unit == "month":
        return Resolved(_add_months(published.replace(day=1), -n), "month")
    return Resolved(date(published.year - n, 1, 1), "year")


def _weekday(toks, text, published, future) -> Resolved | None:
    """"Thursday", "last Sunday", "next Friday", "Sunday night"."""
    names = words()["weekdays"]
    for i, tok in enumerate(toks):
        if tok in names and not _is_abbreviation_clash(tok, text):
            if published is None:
                return UNKNOWN
            direction = _direction(toks[i - 1] if i else "", future)
            return Resolved(_weekday_near(published, names[tok], direction), "day")
    return None


def _deictic_period(toks, text, published, future) -> Resolved | None:
    """"last week", "this weekend", "earlier this month", "next year"."""
    w = words()
    deictic = set(w["past_words"]) | set(w["this_words"]) | set(w["next_words"])
    for i in range(1, len(toks)):
        unit, before = toks[i], toks[i - 1]
        if unit not in ("week", "weekend", "month", "year") or before not in deictic:
            continue
        if published is None:
            return UNKNOWN
        step = _step(before)
        if unit == "weekend":
            return Resolved(_weekend(published, step, future), "week")
        if unit == "week":
            return Resolved(_monday(published) + timedelta(days=7 * step), "week")
        if unit == "month":
            return Resolved(_add_months(published.replace(day=1), step), "month")
        return Resolved(date(published.year + step, 1, 1), "year")
    return None


# --- calendar dates ------------------------------------------------------------------

def _calendar(toks, text, published, future) -> Resolved | None:
    """"August 9", "9 August 2020", "Aug. 9, 2020", "July", "July 2020", "2019"."""
    months = words()["months"]
    month_at = next((i for i, t in enumerate(toks)
                     if t in months and not _is_abbreviation_clash(t, text)), None)
    year = next((int(t) for t in toks if _YEAR.match(t)), None)
    if month_at is None:
        if year is not None and len(toks) <= 3 and not _looks_like_decade(text):
            return Resolved(date(year, 1, 1), "year")
        return None
    month = months[toks[month_at]]
    future = future or any(t in words()["next_words"] for t in toks)   # "June 2 next"
    day = _day_number(toks, month_at)
    if day is not None:
        return _month_day(month, day, year, published, future)
    if year is not None:
        return Resolved(date(year, month, 1), "month")
    if published is None:
        return UNKNOWN
    return Resolved(_infer_year(published, month, 1, future), "month")


def _month_day(month: int, day: int, year: int | None, published, future) -> Resolved | None:
    if year is not None:
        return _safe_date(year, month, day)
    if published is None:
        return UNKNOWN
    try:
        return Resolved(_infer_year(published, month, day, future), "day")
    except ValueError:  # "February 30"
        return None


def _day_number(toks: list[str], month_at: int) -> int | None:
    """The day of the month next to the month name ("9 August", "August 9th")."""
    for j in (month_at + 1, month_at - 1, month_at - 2):
        if 0 <= j < len(toks) and toks[j].isdigit() and 1 <= int(toks[j]) <= 31 \
                and len(toks[j]) <= 2:
            return int(toks[j])
    return None


def _infer_year(published: date, month: int, day: int, future: bool) -> date:
    """The year that puts month/day on the expected side of publication."""
    candidate = date(published.year, month, day)
    if future:
        return candidate if candidate >= published else date(published.year + 1, month, day)
    return candidate if candidate <= published else date(published.year - 1, month, day)


# --- dateparser fallback -------------------------------------------------------------

def _dateparser(text: str, published: date | None, future: bool) -> Resolved | None:
    """Numeric and unusual forms; only called for text with a digit, result cached."""
    if published is None and not re.search(r"\b(1[89]\d\d|20\d\d)\b", text):
        return None
    if re.search(r"\b(hours?|minutes?|seconds?)\b|-(hour|day|week|month|year)|year-old", text):
        return None
    data = _parse_with_dateparser(text, published, future)
    if data is None:
        return None
    when, period = data
    precision = {"day": "day", "time": "day", "week": "week", "month": "month",
                 "year": "year"}.get(period, "day")
    if precision == "month":
        when = when.replace(day=1)
    elif precision == "year":
        when = when.replace(month=1, day=1)
    return Resolved(when, precision)


@lru_cache(maxsize=2048)
def _parse_with_dateparser(text: str, published: date | None, future: bool):
    settings = {"PREFER_DATES_FROM": "future" if future else "past",
                "RETURN_AS_TIMEZONE_AWARE": False}
    if published is not None:
        settings["RELATIVE_BASE"] = datetime(published.year, published.month, published.day, 12)
    try:
        data = _date_data_parser(tuple(sorted(settings.items()))).get_date_data(text)
    except Exception:  # noqa: BLE001 - dateparser raises many kinds of errors on odd input
        return None
    if data is None or data.date_obj is None:
        return None
    return data.date_obj.date(), data.period


@lru_cache(maxsize=16)
def _date_data_parser(settings: tuple):
    from dateparser.date import DateDataParser  # slow import: only when first needed

    return DateDataParser(languages=["en"], settings=dict(settings))


# --- small helpers -------------------------------------------------------------------

def _number(tok: str) -> int | None:
    if tok.isdigit():
        return int(tok)
    return words()["numbers"].get(tok)


def _direction(before: str, future: bool) -> int:
    """-1 for the most recent occurrence, +1 for the next one."""
    if before in words()["next_words"]:
        return 1
    if before in words()["past_words"]:
        return -1
    return 1 if future else -1


def _step(before: str) -> int:
    if before in words()["past_words"]:
        return -1
    if before in words()["next_words"]:
        return 1
    return 0


def _weekday_near(published: date, weekday: int, direction: int) -> date:
    """Most recent `weekday` on or before publication (-1) or the next one after it (+1).

    The publication day itself counts as "on Tuesday" in a Tuesday article: wire copy
    names the day even for same-day events.
    """
    if direction < 0:
        return published - timedelta(days=(published.weekday() - weekday) % 7)
    return published + timedelta(days=(weekday - published.weekday() - 1) % 7 + 1)


def _monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


def _weekend(published: date, step: int, future: bool) -> date:
    """Saturday of the weekend meant by "this/last/next weekend"."""
    if step == 0 and published.weekday() >= 5:        # published on the weekend itself
        return published - timedelta(days=published.weekday() - 5)
    last_saturday = published - timedelta(days=(published.weekday() - 5) % 7 or 7)
    if published.weekday() == 6:                        # Sunday: that weekend is current
        last_saturday -= timedelta(days=7)
    if step < 0:
        return last_saturday
    if step > 0 or future:
        return last_saturday + timedelta(days=7)
    return last_saturday


def _add_months(first: date, months: int) -> date:
    index = first.year * 12 + first.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def _safe_date(year: int, month: int, day: int) -> Resolved | None:
    try:
        return Resolved(date(year, month, day), "day")
    except ValueError:
        return None


def _looks_like_decade(text: str) -> bool:
    return bool(re.search(r"\d{4}s\b|\d{4}\s*[-–]\s*\d", text))


def _is_abbreviation_clash(tok: str, text: str) -> bool:
    """Short forms that are also ordinary words ("sun", "sat", "wed", "mar", "may")."""
    if tok in ("sun", "sat", "wed", "mar", "jan", "dec", "sep", "oct", "nov", "mon", "fri"):
        return not re.search(rf"\b{tok}\b\.?\s*\d|\d\s*{tok}\b", text)
    return False
