"""Writing reviews, keeping the reviewed view up to date, and flagging reviews a
re-coding disagrees with.

A review is one row of `reviews` per (event id, reviewer): a reviewer who reviews the
same event again updates their own row; nobody can change another reviewer's row
(`NotYourReview`). Every write refreshes `reviewed_events` for the event: the coder's
current event (or, when the coder no longer finds it, the event as reviewed) with the
latest review applied. Event ids are content-based (`doc_id#offset:TYPE`), so a re-run of
the coder gives the same event the same id and its reviews stay attached.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime

from sqlalchemy import delete, func, insert, select, update
from sqlalchemy.exc import IntegrityError

from tacitus.records import Event, Evidence
from tacitus.review.fields import Correction, apply_values, differences, merged_values, values_of
from tacitus.store.schema import documents, events, mentions, queryable_columns, reviewed_events
from tacitus.store.schema import reviews as reviews_table

ACTIONS = ("confirm", "correct", "reject", "add")
REVIEWER = re.compile(r"^[\w.@ -]{1,100}$")


class ReviewError(ValueError):
    """A review that cannot be made (unknown event, bad selection, bad reviewer name)."""


class UnknownTarget(ReviewError, LookupError):
    """The event or document a review names does not exist (the API's 404)."""


class NotYourReview(PermissionError):
    """A reviewer tried to change another reviewer's record."""


class ReviewNotFound(LookupError):
    pass


def _now() -> datetime:
    return datetime.now(UTC)


def _check_reviewer(reviewer: str) -> str:
    if not reviewer or not REVIEWER.match(reviewer):
        raise ReviewError(f"reviewer name {reviewer!r}: use 1-100 letters, digits, "
                          "spaces, '.', '@', '_' or '-'")
    return reviewer


def _coder_event(conn, event_id: str) -> Event | None:
    record = conn.execute(select(events.c.record).where(events.c.event_id == event_id)).scalar()
    return Event.model_validate(record) if record is not None else None


def _added_event(conn, event_id: str) -> Event | None:
    """The event as a reviewer added it (for events the coder does not have)."""
    r = reviews_table.c
    record = conn.execute(select(r.record).where(r.event_id == event_id, r.action == "add")
                          .order_by(r.updated_at.desc()).limit(1)).scalar()
    return Event.model_validate(record) if record is not None else None


def review_event(store, event_id: str, reviewer: str, action: str,
                 correction: Correction | None = None, note: str | None = None) -> dict:
    """Confirm, correct or reject an event (coded, or added by a reviewer)."""
    _check_reviewer(reviewer)
    if action not in ("confirm", "correct", "reject"):
        raise ReviewError(f"action must be confirm, correct or reject, not {action!r}")
    if action == "correct" and (correction is None or not correction.given()):
        raise ReviewError("a correction needs at least one field to change")
    with store.connect(write=True) as conn:
        coder = _coder_event(conn, event_id)
        base = coder or _added_event(conn, event_id)
        if base is None:
            raise UnknownTarget(f"no event with id '{event_id}'")
        before = values_of(coder) if coder is not None else None
        start = values_of(base)
        after = None if action == "reject" else (
            merged_values(start, correction) if action == "correct" else start)
        row = {"event_id": event_id, "doc_id": base.doc_id, "action": action,
               "before": before, "after": after,
               "record": base.model_dump(mode="json"), "note": note}
        review_id = _upsert(conn, reviewer, row)
        refresh(conn, [event_id])
        return _review_json(conn, review_id)


def add_event(store, doc_id: str, start: int, end: int, reviewer: str,
              correction: Correction, note: str | None = None) -> dict:
    """Add an event the coder missed: its trigger is the words at [start, end) of the
    document; its type (required) and other values come from `correction`."""
    _check_reviewer(reviewer)
    given = correction.given()
    if not given.get("event_type"):
        raise ReviewError("an added event needs its event type")
    with store.connect(write=True) as conn:
        doc = conn.execute(select(documents.c.text, documents.c.published)
                           .where(documents.c.doc_id == doc_id)).first()
        if doc is None:
            raise UnknownTarget(f"no document with id '{doc_id}'")
        text = doc.text
        if not (0 <= start < end <= len(text)) or not text[start:end].strip():
            raise ReviewError(f"selection {start}-{end} is not words of document '{doc_id}'")
        s_start, s_end = _sentence_around(conn, doc_id, text, start, end)
        event_id = f"{doc_id}#{start}:{given['event_type']}"
        blank = Event(
            event_id=event_id, doc_id=doc_id, published=doc.published,
            event_type=given["event_type"], modality="asserted",
            evidence=Evidence(sentence=text[s_start:s_end], start=s_start, end=s_end,
                              trigger=text[start:end], trigger_start=start, trigger_end=end),
            confidence=1.0, coder="review")
        event = apply_values(blank, merged_values(values_of(blank), correction))
        row = {"event_id": event_id, "doc_id": doc_id, "action": "add", "before": None,
               "after": values_of(event), "record": event.model_dump(mode="json"),
               "note": note}
        review_id = _upsert(conn, reviewer, row)
        refresh(conn, [event_id])
        return _review_json(conn, review_id)


SENTENCE_END = re.compile(r"[.!?]['\")\]]*\s+|\n\s*\n")


def _sentence_around(conn, doc_id: str, text: str, start: int, end: int) -> tuple[int, int]:
    """The stored evidence sentence holding the selection, else the sentence found by
    punctuation around it."""
    m = mentions.c
    found = conn.execute(select(m.start, m.end).where(
        m.doc_id == doc_id, m.start <= start, m.end >= end).limit(1)).first()
    if found is not None:
        return found.start, found.end
    left = 0
    for match in SENTENCE_END.finditer(text, 0, start):
        left = match.end()
    right = SENTENCE_END.search(text, end)
    return left, (right.start() + 1 if right else len(text))


def _upsert(conn, reviewer: str, row: dict) -> int:
    r = reviews_table.c
    now = _now()
    existing = conn.execute(select(r.review_id).where(
        r.event_id == row["event_id"], r.reviewer == reviewer)).scalar()
    if existing is not None:
        conn.execute(update(reviews_table).where(r.review_id == existing)
                     .values(**row, updated_at=now))
        return existing
    try:
        with conn.begin_nested():
            result = conn.execute(insert(reviews_table).values(
                **row, reviewer=reviewer, created_at=now, updated_at=now))
        return result.inserted_primary_key[0]
    except IntegrityError:  # the same reviewer, at the same moment, from another tab
        return _upsert(conn, reviewer, row)


def _owned(conn, review_id: int, reviewer: str):
    r = reviews_table.c
    row = conn.execute(select(reviews_table).where(r.review_id == review_id)).first()
    if row is None:
        raise ReviewNotFound(f"no review with id {review_id}")
    if row.reviewer != reviewer:
        raise NotYourReview(f"review {review_id} is {row.reviewer}'s; "
                            f"{reviewer} cannot change it")
    return row


def update_review(store, review_id: int, reviewer: str, action: str,
                  correction: Correction | None = None, note: str | None = None) -> dict:
    """Change one's own review (a new action and/or values)."""
    with store.connect() as conn:
        row = _owned(conn, review_id, reviewer)
    if row.action == "add":
        raise ReviewError("an added event is changed by adding it again or deleting it")
    return review_event(store, row.event_id, reviewer, action, correction, note)


def delete_review(store, review_id: int, reviewer: str) -> None:
    """Withdraw one's own review; the event reads as the coder (or the others) left it."""
    with store.connect(write=True) as conn:
        row = _owned(conn, review_id, reviewer)
        conn.execute(delete(reviews_table).where(reviews_table.c.review_id == review_id))
        refresh(conn, [row.event_id])


def get_review(store, review_id: int) -> dict:
    with store.connect() as conn:
        return _review_json(conn, review_id)


# -- the reviewed view ------------------------------------------------------------------


def refresh(conn, event_ids: list[str]) -> None:
    """Rebuild `reviewed_events` for these events from their latest review."""
    r, v = reviews_table.c, reviewed_events.c
    for event_id in event_ids:
        conn.execute(delete(reviewed_events).where(v.event_id == event_id))
        latest = conn.execute(select(reviews_table).where(r.event_id == event_id)
                              .order_by(r.updated_at.desc(), r.review_id.desc())
                              .limit(1)).first()
        if latest is None:
            continue
        coder = None if latest.action == "add" else _coder_event(conn, event_id)
        base = coder or Event.model_validate(latest.record)
        event = base if latest.action == "reject" else apply_values(base, latest.after or {})
        columns = queryable_columns(event)
        columns["record"] = event.model_dump(mode="json")
        cluster = conn.execute(select(events.c.cluster_id)
                               .where(events.c.event_id == event_id)).scalar()
        conn.execute(insert(reviewed_events).values(
            event_id=event_id, **columns, cluster_id=cluster, action=latest.action,
            reviewer=latest.reviewer, reviewed_at=latest.updated_at))


def refresh_document(store, doc_id: str) -> list[dict]:
    """After re-coding a document: rebuild its reviewed view; its reviews the new
    coding disagrees with (each with a `conflict` reason)."""
    with store.connect(write=True) as conn:
        ids = list(conn.execute(select(reviews_table.c.event_id)
                                .where(reviews_table.c.doc_id == doc_id).distinct()).scalars())
        refresh(conn, ids)
    return [r for r in list_reviews(store, doc_id=doc_id, limit=None) if r["conflict"]]


# -- reading reviews ----------------------------------------------------------------------


def conflict(action: str, before: dict | None, after: dict | None,
             coder: Event | None) -> str | None:
    """Why the coder's current output disagrees with a review, or None.

    Only a change since the review counts: a correction the coder never made is the
    reason for the review, not news. The coder no longer finding a confirmed or
    corrected event is a disagreement; no longer finding a rejected one is not."""
    if action == "add":
        return None
    if coder is None:
        return None if action == "reject" else "the coder no longer finds this event"
    now = values_of(coder)
    if before is not None and not differences(before, now):
        return None
    if action == "reject":
        return "re-coded, though a reviewer rejected it"
    fields = differences(after, now)
    if not fields:
        return None
    return "re-coded: " + "; ".join(
        f"{name} is {now.get(name)!r}, review says {(after or {}).get(name)!r}" for name in fields)


def _json(row, coder: Event | None) -> dict:
    return {
        "review_id": row.review_id, "event_id": row.event_id, "doc_id": row.doc_id,
        "reviewer": row.reviewer, "action": row.action, "before": row.before,
        "after": row.after, "note": row.note,
        "changed": differences(row.before, row.after) if row.before and row.after else [],
        "created_at": row.created_at.isoformat() if row.created_at else None,
        "updated_at": row.updated_at.isoformat() if row.updated_at else None,
        "conflict": conflict(row.action, row.before, row.after, coder),
    }


def _review_json(conn, review_id: int) -> dict:
    row = conn.execute(select(reviews_table)
                       .where(reviews_table.c.review_id == review_id)).first()
    if row is None:
        raise ReviewNotFound(f"no review with id {review_id}")
    return _json(row, _coder_event(conn, row.event_id))


def list_reviews(store, *, event_id: str | None = None, doc_id: str | None = None,
                 reviewer: str | None = None, action: str | None = None,
                 conflicts: bool = False, limit: int | None = 100, offset: int = 0) -> list[dict]:
    """Reviews, newest first, each with `conflict` (why a re-coding disagrees, or null).
    `conflicts=True`: only those with a conflict."""
    r = reviews_table.c
    query = select(reviews_table, events.c.record.label("coder_record")).outerjoin(
        events, events.c.event_id == r.event_id)
    for column, value in ((r.event_id, event_id), (r.doc_id, doc_id), (r.reviewer, reviewer),
                          (r.action, action)):
        if value is not None:
            query = query.where(column == value)
    query = query.order_by(r.updated_at.desc(), r.review_id.desc())
    found = []
    with store.connect() as conn:
        for row in conn.execute(query):
            coder = Event.model_validate(row.coder_record) if row.coder_record else None
            item = _json(row, coder)
            if not conflicts or item["conflict"]:
                found.append(item)
    return found[offset:offset + limit] if limit is not None else found[offset:]


def count_reviews(store) -> int:
    with store.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(reviews_table)).scalar_one())
