"""The representative event of a cluster: one schema-v1 Event standing for all mentions.

Rules (docs/dedup.md):
- the *base* mention is the most confident one (ties: the most specific, then the
  earliest published, then event id); its evidence, doc_id, CAMEO code and ACLED type are kept unless a field below
  picks a better value;
- mode: the most frequent mode among the mentions (ties: base first, then order);
- date: the most precise precision present, then the most frequent date at that
  precision (ties: the earliest);
- source / target: the most specific actor (country and sector > country > sector >
  unknown), then the most frequent code, then the earliest mention;
- location: the most precise place (city > admin1 > region > country), then the most
  frequent name;
- counts: the largest lower bound any mention reports (death tolls and arrest counts
  grow as reports come in; the fuller count is the later, larger one), exact before
  approximate;
- confidence: the highest; context: the union; published: the earliest.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from typing import TypeVar

from tacitus.dedup.rules import COUNT_FIELDS, actor_label, vagueness
from tacitus.records import Actor, Count, Event, Location, Quantities

T = TypeVar("T")

DATE_RANK = {"day": 0, "week": 1, "month": 2, "year": 3, "unknown": 4}
PLACE_RANK = {"city": 0, "admin1": 1, "region": 2, "country": 3, "unknown": 4}


def mention_order(ev: Event) -> tuple:
    """Deterministic order of mentions: earliest published first, then ids."""
    return (ev.published is None, ev.published or ev.date, ev.doc_id, ev.event_id)


def _pick(values: Sequence[T], rank: Callable[[T], tuple], label: Callable[[T], str]) -> T:
    """Best-ranked value; among equals the most frequent label; ties keep input order."""
    best = min(rank(v) for v in values)
    top = [v for v in values if rank(v) == best]
    counts = Counter(label(v) for v in top)
    most = max(counts.values())
    return next(v for v in top if counts[label(v)] == most)


def _actor_rank(actor: Actor | None) -> tuple:
    if actor is None:
        return (3,)
    return (0 if actor.country and actor.sector else 1 if actor.country
            else 2 if actor.sector else 3,)


def _place_rank(loc: Location | None) -> tuple:
    return (5,) if loc is None else (PLACE_RANK.get(loc.precision, 4),)


def _best_count(counts: list[Count]) -> Count | None:
    if not counts:
        return None
    return max(counts, key=lambda c: (c.min if c.min is not None else (c.max or 0),
                                      not c.approximate))


def _date(members: Sequence[Event]) -> tuple:
    """(date, precision): most precise precision, then most frequent date, then earliest."""
    dated = [m for m in members if m.date is not None]
    if not dated:
        return None, "unknown"
    best = min(DATE_RANK.get(m.date_precision, 4) for m in dated)
    counts = Counter(m.date for m in dated if DATE_RANK.get(m.date_precision, 4) == best)
    top = max(counts.values())
    day = min(d for d, n in counts.items() if n == top)
    precision = next(m.date_precision for m in dated if m.date == day
                     and DATE_RANK.get(m.date_precision, 4) == best)
    return day, precision


def _quantities(members: Sequence[Event]) -> Quantities:
    fields = {name: _best_count([c for m in members
                                 if (c := getattr(m.quantities, name)) is not None])
              for name in COUNT_FIELDS}
    money = next((m.quantities.money for m in members if m.quantities.money), None)
    return Quantities(**fields, money=money)


def representative(members: Sequence[Event], merged_id: str) -> Event:
    """One Event for the cluster (a plain Event; the store adds the counts)."""
    ordered = sorted(members, key=mention_order)
    base = min(ordered, key=lambda m: (-m.confidence, vagueness(m), mention_order(m)))
    moded = [base] + [m for m in ordered if m is not base and m.mode]
    by_mode = _pick(moded, lambda m: (0 if m.mode else 1,), lambda m: m.mode or "")
    day, precision = _date(ordered)
    source = _pick([m.source for m in ordered], _actor_rank, actor_label)
    target = _pick([m.target for m in ordered], _actor_rank, actor_label)
    location = _pick([m.location for m in ordered], _place_rank,
                     lambda loc: loc.name.casefold() if loc else "")
    context = list(dict.fromkeys(c for m in ordered for c in m.context))
    published = min((m.published for m in ordered if m.published), default=None)
    return base.model_copy(update={
        "event_id": merged_id, "published": published,
        "date": day, "date_precision": precision,
        "mode": by_mode.mode, "cameo": by_mode.cameo or base.cameo,
        "goldstein": by_mode.goldstein if by_mode.cameo else base.goldstein,
        "quad_class": by_mode.quad_class if by_mode.cameo else base.quad_class,
        "acled": by_mode.acled or base.acled,
        "source": source, "target": target, "location": location,
        "quantities": _quantities(ordered), "context": context,
        "confidence": max(m.confidence for m in ordered),
    })
