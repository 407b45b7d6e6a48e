"""Disk full while storing: what was committed stays consistent, nothing partial lands."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import event, func, select

from tacitus.errors import TacitusError
from tacitus.records import Actor, Document, Event, Evidence
from tacitus.store import Store
from tacitus.store.schema import documents, events


def _doc_and_events(i: int) -> tuple[Document, list[Event]]:
    sentence = f"Police detained {i} protesters in Minsk. " + "Witnesses described the scene. " * 40
    doc = Document.from_text(sentence * 3, doc_id=f"doc-{i}", published=date(2020, 9, 1))
    evs = [Event(event_id=f"doc-{i}#{k}", doc_id=doc.doc_id, event_type="COERCE", mode="arrest",
                 source=Actor(text="Police", country="BLR", sector="COP", code="BLRCOP"),
                 evidence=Evidence(sentence=sentence, start=k, end=k + len(sentence),
                                   trigger="detained"))
           for k in range(3)]
    return doc, evs


def test_disk_full_leaves_only_whole_documents(tmp_path):
    store = Store(f"sqlite:///{tmp_path / 'full.db'}")
    engine = store.engine
    with store.connect() as conn:
        base_pages = conn.exec_driver_sql("PRAGMA page_count").scalar()

    # Emulate a full disk: SQLite refuses to grow the file past a few more pages.
    @event.listens_for(engine, "connect")
    def _cap(dbapi_conn, _record):
        dbapi_conn.execute(f"PRAGMA max_page_count = {base_pages + 40}")

    engine.dispose()
    stored, failed = 0, None
    for i in range(500):
        try:
            stored += store.add(*_doc_and_events(i))
        except TacitusError as exc:
            failed = exc
            break
    assert failed is not None and failed.code == "E040"
    assert "full" in str(failed)
    assert stored > 0

    with store.connect() as conn:
        n_docs = conn.execute(select(func.count()).select_from(documents)).scalar_one()
        per_doc = conn.execute(select(events.c.doc_id, func.count())
                               .group_by(events.c.doc_id)).all()
    assert n_docs == stored
    assert len(per_doc) == stored and all(count == 3 for _, count in per_doc)


def test_store_accepts_writes_again_after_space_is_freed(tmp_path):
    path = tmp_path / "again.db"
    store = Store(f"sqlite:///{path}")
    store.add(*_doc_and_events(1))
    fresh = Store(f"sqlite:///{path}")          # a new process after the disk was cleaned
    assert fresh.add(*_doc_and_events(2))
    assert not fresh.add(*_doc_and_events(2))    # and re-running adds nothing
    assert fresh.count_events() == 6


if __name__ == "__main__":  # pragma: no cover
    pytest.main([__file__])
