"""Reviewed documents as a schema-v1 gold file (docs/schema.md, "Gold files"), so that
`tacitus eval` scores the coder against the team's own judgement.

A document is gold when every event the coder found in it has a review (confirmed,
corrected or rejected): then its gold events are exactly the confirmed, corrected and
added ones. A partly reviewed document would score the coder's unreviewed events as
false positives, so it is left out unless `partial=True` (then its unreviewed events
count as right, as the coder has them).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from sqlalchemy import exists, select

from tacitus.export.safety import json_line
from tacitus.records import Event
from tacitus.store.schema import documents, events, reviews


def gold_event(event: Event) -> dict:
    """The gold form of an event: only the fields a reviewer can judge, plus evidence."""
    gold: dict = {"event_type": event.event_type}
    if event.mode:
        gold["mode"] = event.mode
    for side in ("source", "target"):
        actor = getattr(event, side)
        if actor is not None and (actor.country or actor.sector):
            gold[side] = {k: v for k, v in (("country", actor.country),
                                            ("sector", actor.sector)) if v}
    if event.date:
        gold["date"] = event.date.isoformat()
    if event.location is not None:
        gold["location"] = {k: v for k, v in (("name", event.location.name),
                                              ("country", event.location.country)) if v}
    counts = {name: {"min": getattr(event.quantities, name).min}
              for name in ("participants", "arrests", "fatalities", "injuries")
              if getattr(event.quantities, name) is not None
              and getattr(event.quantities, name).min is not None}
    if counts:
        gold["quantities"] = counts
    gold["modality"] = event.modality
    gold["evidence"] = event.evidence.sentence
    return gold


def gold_documents(store, partial: bool = False) -> Iterator[dict]:
    """One gold dict per reviewed document, in doc_id order."""
    r = reviews.c
    with store.connect() as conn:
        doc_ids = list(conn.execute(select(r.doc_id).distinct().order_by(r.doc_id)).scalars())
    for doc_id in doc_ids:
        with store.connect() as conn:
            unreviewed = conn.execute(select(events.c.event_id).where(
                events.c.doc_id == doc_id,
                ~exists().where(r.event_id == events.c.event_id)).limit(1)).first()
            doc = conn.execute(select(documents.c.text, documents.c.published)
                               .where(documents.c.doc_id == doc_id)).first()
        if doc is None or (unreviewed is not None and not partial):
            continue
        found = sorted(store.events(doc_id=doc_id),
                       key=lambda e: (e.evidence.start, e.evidence.trigger_start or 0))
        yield {"doc_id": doc_id,
               "published": doc.published.isoformat() if doc.published else None,
               "text": doc.text, "events": [gold_event(e) for e in found]}


def write_gold(store, path: str | Path, partial: bool = False) -> tuple[int, int]:
    """Write the gold JSONL; (documents, events) written."""
    n_docs = n_events = 0
    with Path(path).open("w", encoding="utf-8") as fh:
        for doc in gold_documents(store, partial):
            fh.write(json_line(doc) + "\n")   # U+2028/9 escaped: one record a line
            n_docs += 1
            n_events += len(doc["events"])
    return n_docs, n_events
