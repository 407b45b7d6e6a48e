"""What the watcher has seen: per-feed validators and per-item ids, in the store's database.

The tables live next to the event tables (same engine, same transactions semantics)
but in their own MetaData: they belong to the feed watcher, not to the store's
migrations, and are created on first use with CREATE TABLE IF NOT EXISTS.
"""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import (
    Column,
    DateTime,
    Engine,
    MetaData,
    String,
    Table,
    Text,
    insert,
    select,
    update,
)
from sqlalchemy.exc import IntegrityError

metadata = MetaData()

feed_state = Table(
    "feed_state", metadata,
    Column("feed_url", String(2048), primary_key=True),
    Column("etag", Text),
    Column("last_modified", Text),
    Column("title", Text),
    Column("last_polled", DateTime),
    Column("last_ok", DateTime),
    Column("last_error", Text),
)

feed_items = Table(
    "feed_items", metadata,
    Column("feed_url", String(2048), primary_key=True),
    Column("item_key", String(64), primary_key=True),   # hash of guid/id/link
    Column("doc_id", String(64), nullable=False),
    Column("link", Text),
    Column("seen_at", DateTime, nullable=False),
)


def store_engine(store) -> Engine:
    """The store's engine with its schema ready (created or upgraded on first use)."""
    return store.engine


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


class FeedState:
    def __init__(self, engine: Engine):
        self.engine = engine
        metadata.create_all(engine, checkfirst=True)

    def validators(self, feed_url: str) -> tuple[str | None, str | None]:
        """(ETag, Last-Modified) from the last complete poll of this feed."""
        with self.engine.connect() as conn:
            row = conn.execute(select(feed_state.c.etag, feed_state.c.last_modified)
                               .where(feed_state.c.feed_url == feed_url)).first()
        return (row.etag, row.last_modified) if row else (None, None)

    def record_poll(self, feed_url: str, *, etag: str | None = None,
                    last_modified: str | None = None, title: str | None = None,
                    error: str | None = None) -> None:
        """Remember the outcome of one poll; validators only after a complete, good one."""
        now = _now()
        values: dict = {"last_polled": now, "last_error": error}
        if error is None:
            values["last_ok"] = now
            if title:
                values["title"] = title
            values.update(etag=etag, last_modified=last_modified)
        with self.engine.begin() as conn:
            done = conn.execute(update(feed_state).where(feed_state.c.feed_url == feed_url)
                                .values(**values))
            if done.rowcount == 0:
                conn.execute(insert(feed_state).values(feed_url=feed_url, **values))

    def seen(self, feed_url: str) -> set[str]:
        with self.engine.connect() as conn:
            rows = conn.execute(select(feed_items.c.item_key)
                                .where(feed_items.c.feed_url == feed_url))
            return {row.item_key for row in rows}

    def mark_seen(self, feed_url: str, item_key: str, doc_id: str, link: str | None) -> None:
        try:
            with self.engine.begin() as conn:
                conn.execute(insert(feed_items).values(
                    feed_url=feed_url, item_key=item_key, doc_id=doc_id, link=link,
                    seen_at=_now()))
        except IntegrityError:
            pass   # another watcher on the same database recorded it first
