"""When are two event mentions the same real-world event? Pure functions, one rule each.

Every rule returns a `Check`: whether the two are compatible, a short phrase for the
merge explanation ("place Minsk", "dates 2020-08-30/2020-08-31 within 1 day"), and how
much positive evidence it carries (an unknown side is compatible but proves nothing).

Decisions (see docs/dedup.md):
- type: the PLOVER event type must be equal; the mode is not compared (the lexicon
  gives "arrest" for one verb and "detain" for its synonym) and modality must be equal
  (a denied arrest is not the arrest).
- dyad: order-sensitive. Each side must have the same country when both reports name
  one, and, when both know the sector, the same sector or one of the same family
  (knowledge/data/dedup_sector_families.tsv: police ~ military ~ government,
  civilians ~ opposition, ...); an unknown side (the coder never guesses) is
  compatible with anything.
- place: same geonameid, else same name (case-insensitive); when one place is only a
  country/region/admin1, the same country is enough; an unknown place is compatible.
- anchor: across documents at least one actor country (same side) or the place must be
  known in both and agree.
- date: each mention's date becomes a span by its precision (day: the day; week: the
  day -3..+6; month: the calendar month; year: the calendar year; no date: the two
  days up to publication); spans must be at most `window_days` apart.
- quantities: for every count both reports give (participants, arrests, fatalities,
  injuries), the ranges must overlap after widening by a ratio of 1.5; an open lower
  bound ("at least 100") stays open, a vague one ("dozens" = 24+) reaches 4x its minimum.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

from tacitus.knowledge import read_tsv
from tacitus.records import Actor, Count, Event, Location

COUNT_FIELDS = ("participants", "arrests", "fatalities", "injuries")
COUNT_RATIO = 1.5          # 140 ~ 150 and 100 ~ 140 are compatible; 140 vs 5,000 is not
VAGUE_SPREAD = 4           # "dozens" (min 24, no max) is read as 24..96
COARSE_PLACES = ("country", "region", "admin1", "unknown")
UNDATED_DAYS_BEFORE = 1    # an undated mention happened on or just before publication


@dataclass(frozen=True)
class Check:
    ok: bool
    phrase: str
    weight: int = 0        # 1 when both reports know the value and agree


# -- dates -----------------------------------------------------------------------------


def date_span(ev: Event) -> tuple[date, date] | None:
    """The days an event may have happened on, from its date and precision."""
    day = ev.date
    if day is None:
        if ev.published is None:
            return None
        return ev.published - timedelta(days=UNDATED_DAYS_BEFORE), ev.published
    precision = ev.date_precision
    if precision == "week":
        return day - timedelta(days=3), day + timedelta(days=6)
    if precision == "month":
        last = calendar.monthrange(day.year, day.month)[1]
        return day.replace(day=1), day.replace(day=last)
    if precision == "year":
        return date(day.year, 1, 1), date(day.year, 12, 31)
    return day, day


def span_gap(a: tuple[date, date], b: tuple[date, date]) -> int:
    """Days between two spans; 0 when they overlap."""
    return max(0, (b[0] - a[1]).days, (a[0] - b[1]).days)


def _date_text(ev: Event) -> str:
    if ev.date is None:
        return f"undated (published {ev.published})" if ev.published else "undated"
    return str(ev.date) if ev.date_precision == "day" else f"{ev.date} ({ev.date_precision})"


def check_dates(a: Event, b: Event, window_days: int) -> Check:
    span_a, span_b = date_span(a), date_span(b)
    pair = f"{_date_text(a)}/{_date_text(b)}"
    if span_a is None or span_b is None:
        return Check(False, f"no date for {pair}")
    gap = span_gap(span_a, span_b)
    unit = "day" if window_days == 1 else "days"
    if gap > window_days:
        return Check(False, f"dates {pair} {gap} days apart (window {window_days})")
    if _date_text(a) == _date_text(b):
        return Check(True, f"date {_date_text(a)}", 1)
    return Check(True, f"dates {pair} within {window_days} {unit}", 1)


# -- actors ----------------------------------------------------------------------------


def actor_label(actor: Actor | None) -> str:
    if actor is None or actor.country is None:
        return "?" if actor is None or not actor.sector else f"?{actor.sector}"
    return actor.code or actor.country


@lru_cache(maxsize=1)
def sector_families() -> dict[str, str]:
    return {row["sector"]: row["family"] for row in read_tsv("dedup_sector_families.tsv")}


def same_sector_family(a: str, b: str) -> bool:
    if a == b:
        return True
    families = sector_families()
    return a in families and families.get(a) == families.get(b)


def _side(a: Actor | None, b: Actor | None) -> tuple[bool, int]:
    """(compatible, weight) for one side of the dyad."""
    country_a = a.country if a else None
    country_b = b.country if b else None
    sector_a = a.sector if a else None
    sector_b = b.sector if b else None
    if sector_a and sector_b and not same_sector_family(sector_a, sector_b):
        return False, 0
    if country_a is None or country_b is None:
        return True, 0
    return country_a == country_b, 1


def check_dyad(a: Event, b: Event) -> Check:
    src_ok, src_w = _side(a.source, b.source)
    tgt_ok, tgt_w = _side(a.target, b.target)
    dyad_a = f"{actor_label(a.source)}→{actor_label(a.target)}"
    dyad_b = f"{actor_label(b.source)}→{actor_label(b.target)}"
    if not (src_ok and tgt_ok):
        return Check(False, f"different dyad {dyad_a}/{dyad_b}")
    phrase = f"dyad {dyad_a}" if dyad_a == dyad_b else f"dyad {dyad_a}~{dyad_b}"
    return Check(True, phrase, src_w + tgt_w)


# -- place -----------------------------------------------------------------------------


def _same_name(a: Location, b: Location) -> bool:
    if a.geonameid is not None and b.geonameid is not None:
        return a.geonameid == b.geonameid
    return a.name.casefold() == b.name.casefold()


def _place_fit(la: Location | None, lb: Location | None) -> str:
    """"unknown", "same", "same-country" or "different"."""
    if la is None or lb is None:
        return "unknown"
    if _same_name(la, lb):
        return "same"
    coarse = la.precision in COARSE_PLACES or lb.precision in COARSE_PLACES
    if coarse and la.country is not None and la.country == lb.country:
        return "same-country"
    return "different"


def check_place(a: Event, b: Event) -> Check:
    la, lb = a.location, b.location
    fit = _place_fit(la, lb)
    if fit == "unknown":
        known = la or lb
        return Check(True, f"place {known.name} (unknown in one report)" if known
                     else "place unknown")
    if fit == "same":
        return Check(True, f"place {la.name}", 1)
    if fit == "same-country":
        return Check(True, f"place {la.name}~{lb.name} (same country {la.country})", 1)
    return Check(False, f"different place {la.name}/{lb.name}")


# -- quantities ------------------------------------------------------------------------


def count_range(count: Count) -> tuple[float, float] | None:
    """(low, high) for a count; None when it says nothing."""
    if count.min is None and count.max is None:
        return None
    low = float(count.min if count.min is not None else 0)
    if count.max is not None:
        return low, float(count.max)
    if count.approximate:
        return low, low * VAGUE_SPREAD
    return low, float("inf")  # "at least 100": open above


def _count_text(count: Count) -> str:
    if count.min is not None and count.min == count.max:
        return f"{count.min}"
    if count.max is None:
        return f"{count.min}+"
    return f"{count.min or 0}-{count.max}"


def _counts_fit(a: Event, b: Event) -> bool:
    for name in COUNT_FIELDS:
        ca, cb = getattr(a.quantities, name), getattr(b.quantities, name)
        if ca is None or cb is None:
            continue
        ra, rb = count_range(ca), count_range(cb)
        if ra is not None and rb is not None and (
                ra[0] > rb[1] * COUNT_RATIO or rb[0] > ra[1] * COUNT_RATIO):
            return False
    return True


def check_counts(a: Event, b: Event) -> Check:
    phrases, weight = [], 0
    for name in COUNT_FIELDS:
        ca, cb = getattr(a.quantities, name), getattr(b.quantities, name)
        if ca is None or cb is None:
            continue
        ra, rb = count_range(ca), count_range(cb)
        if ra is None or rb is None:
            continue
        pair = f"{name} {_count_text(ca)}~{_count_text(cb)}"
        if ra[0] > rb[1] * COUNT_RATIO or rb[0] > ra[1] * COUNT_RATIO:
            return Check(False, f"incompatible {pair.replace('~', '/')}")
        phrases.append(pair)
        weight += 1
    return Check(True, ", ".join(phrases), weight)


# -- all together ----------------------------------------------------------------------


def vagueness(ev: Event) -> int:
    """How many of the identifying details a mention leaves open (0 = fully specific)."""
    open_count = any(c is not None and c.max is None
                     for c in (getattr(ev.quantities, n) for n in COUNT_FIELDS))
    return sum((
        ev.date is None or ev.date_precision != "day",
        ev.location is None or ev.location.precision != "city",
        ev.source is None or ev.source.country is None,
        ev.target is None or ev.target.country is None,
        open_count,
    ))


def type_label(ev: Event) -> str:
    return f"{ev.event_type}/{ev.mode}" if ev.mode else ev.event_type


def compatible(a: Event, b: Event, window_days: int = 1, same_document: bool = False,
               span_a: tuple[date, date] | None = None,
               span_b: tuple[date, date] | None = None) -> bool:
    """`compare(...)[0]` without building the reason: the fast path for many pairs.

    Pass the date spans when they are known already (they are cached per cluster).
    """
    if a.event_type != b.event_type or a.modality != b.modality:
        return False
    span_a = span_a or date_span(a)
    span_b = span_b or date_span(b)
    if span_a is None or span_b is None or span_gap(span_a, span_b) > window_days:
        return False
    src_ok, src_w = _side(a.source, b.source)
    tgt_ok, tgt_w = _side(a.target, b.target)
    fit = _place_fit(a.location, b.location)
    if not (src_ok and tgt_ok) or fit == "different":
        return False
    if not same_document and src_w + tgt_w == 0 and fit == "unknown":
        return False
    return _counts_fit(a, b)


def compare(a: Event, b: Event, window_days: int = 1,
            same_document: bool = False) -> tuple[bool, int, str]:
    """(same event?, strength of the evidence, the reason in one line).

    On a mismatch the reason names the first rule that failed. Across documents at
    least one anchor must be known in both and agree (an actor's country or the place):
    two undated, unplaced "protests" with unknown actors are not evidence of one event.
    """
    if a.event_type != b.event_type:
        return False, 0, f"different type {a.event_type}/{b.event_type}"
    if a.modality != b.modality:
        return False, 0, f"different modality {a.modality}/{b.modality}"
    checks = [check_dyad(a, b), check_place(a, b), check_dates(a, b, window_days),
              check_counts(a, b)]
    for check in checks:
        if not check.ok:
            return False, 0, check.phrase
    if not same_document and checks[0].weight + checks[1].weight == 0:
        return False, 0, "no actor country or place known in both reports"
    parts = [f"same type {type_label(b)}"] + [c.phrase for c in checks if c.phrase]
    return True, sum(c.weight for c in checks), ", ".join(parts)
