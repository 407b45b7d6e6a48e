"""The review queue: coded events nobody has reviewed yet, least confident first, or a
seeded random sample (the honest way to estimate the coder's accuracy: low-confidence
events are the ones most likely wrong, so reviewing them first overstates the errors)."""

from __future__ import annotations

import random

from sqlalchemy import exists, func, select

from tacitus.records import Event
from tacitus.store.schema import events, reviews
from tacitus.store.store import _conditions


def _unreviewed(reviewer: str | None):
    r = reviews.c
    where = [r.event_id == events.c.event_id]
    if reviewer:  # a second opinion: events this reviewer has not reviewed yet
        where.append(r.reviewer == reviewer)
    return ~exists().where(*where)


def queue(store, filters: dict | None = None, *, limit: int = 20, sample: int | None = None,
          seed: int | None = None, reviewer: str | None = None) -> dict:
    """`{total, order, events}`: unreviewed coder events matching the filters.

    `sample`: that many drawn at random (reproducibly with `seed`) from all of them,
    instead of the `limit` least confident. `reviewer`: events this reviewer has not
    reviewed (others may have), for reviewer-reviewer agreement.
    """
    where = [_unreviewed(reviewer), *_conditions(events, **(filters or {}))]
    with store.connect() as conn:
        total = int(conn.execute(select(func.count()).select_from(events).where(*where))
                    .scalar_one())
        if sample is not None:
            ids = list(conn.execute(select(events.c.event_id).where(*where)
                                    .order_by(events.c.event_id)).scalars())
            chosen = random.Random(seed).sample(ids, min(sample, len(ids)))
            records = {}
            for i in range(0, len(chosen), 500):
                part = chosen[i:i + 500]
                records.update(conn.execute(select(events.c.event_id, events.c.record)
                                            .where(events.c.event_id.in_(part))).all())
            found = [records[i] for i in chosen]
            order = f"random sample of {len(chosen)} (seed {seed})"
        else:
            query = (select(events.c.record).where(*where)
                     .order_by(events.c.confidence.asc(), events.c.date.desc().nulls_last(),
                               events.c.event_id).limit(limit))
            found = list(conn.execute(query).scalars())
            order = "least confident first"
    return {"total": total, "order": order,
            "events": [Event.model_validate(r).model_dump(mode="json") for r in found]}
