"""Re-coding stored documents with the current coder, keeping their reviews.

The new events replace the document's old ones (Store.replace_events); event ids are
content-based, so an event the coder finds again keeps its id and its reviews. Reviews
the new coding disagrees with are returned (and listed by `tacitus review list
--conflicts`). Merged events (tacitus.dedup) are not rebuilt: run `tacitus dedup` again.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import select

from tacitus.records import Document
from tacitus.review.desk import refresh_document
from tacitus.store.schema import documents


@dataclass
class RecodeSummary:
    documents: int = 0
    events_before: int = 0
    events_after: int = 0
    failed: list[str] = field(default_factory=list)
    conflicts: list[dict] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {"documents": self.documents, "events_before": self.events_before,
                "events_after": self.events_after, "failed": self.failed,
                "conflicts": self.conflicts}


def stored_documents(store, doc_ids: Iterable[str] | None = None, page: int = 200):
    """Stored documents as Documents (all, or these ids), a page at a time."""
    d = documents.c
    wanted = list(doc_ids) if doc_ids is not None else None
    offset = 0
    while True:
        query = select(d.doc_id, d.text, d.published, d.url, d.title, d.source)
        if wanted is not None:
            query = query.where(d.doc_id.in_(wanted[offset:offset + page]))
        else:
            query = query.order_by(d.doc_id).offset(offset).limit(page)
        with store.connect() as conn:
            rows = conn.execute(query).all()
        for row in rows:
            published = row.published if isinstance(row.published, date) or \
                row.published is None else date.fromisoformat(str(row.published)[:10])
            yield Document(doc_id=row.doc_id, text=row.text, published=published,
                           url=row.url, title=row.title, source=row.source,
                           origin=row.doc_id)
        offset += page
        if (wanted is not None and offset >= len(wanted)) or (wanted is None and not rows):
            return


def recode(store, code: Callable[[Iterable[Document]], Iterable], doc_ids=None,
           on_problem: Callable[[str], None] | None = None) -> RecodeSummary:
    """Re-code stored documents with `code` (e.g. `Pipeline().code`: documents ->
    (document, events) pairs) and replace their events, keeping their reviews."""
    summary = RecodeSummary()
    for document, new_events in code(stored_documents(store, doc_ids)):
        if new_events is None:
            summary.failed.append(document.doc_id)
            if on_problem:
                on_problem(f"{document.doc_id}: not re-coded (coder failed); kept as it was")
            continue
        summary.events_before += store.replace_events(document.doc_id, new_events)
        summary.events_after += len(new_events)
        summary.documents += 1
        summary.conflicts.extend(refresh_document(store, document.doc_id))
    return summary
