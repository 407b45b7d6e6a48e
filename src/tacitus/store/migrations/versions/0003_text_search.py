"""Text search index for `Store.events(text=...)`.

SQLite: an FTS5 table `events_fts` (trigram tokenizer, so a word matches anywhere inside
a token, like the LIKE it replaces) over each event's evidence sentence and place name,
keyed by event_id; existing events are copied in here, new ones by Store.add.
PostgreSQL: trigram GIN indexes (pg_trgm) on the evidence sentence and place name, which
the ILIKE search uses directly. Where FTS5 or pg_trgm is missing nothing is created and
the search stays a (slower) LIKE scan.

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from tacitus.store.textsearch import FTS_TABLE, fts_rows, sqlite_has_fts5

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

BACKFILL_CHUNK = 5000


def upgrade() -> None:
    conn = op.get_bind()
    if conn.dialect.name == "sqlite":
        _sqlite_upgrade(conn)
    elif conn.dialect.name == "postgresql":
        _postgres_upgrade(conn)


def _sqlite_upgrade(conn) -> None:
    if not sqlite_has_fts5():
        return  # SQLite built without FTS5 (or trigram, < 3.34): LIKE search only
    conn.exec_driver_sql(f"CREATE VIRTUAL TABLE IF NOT EXISTS {FTS_TABLE} USING fts5("
                         "event_id UNINDEXED, body, tokenize='trigram')")
    _backfill(conn)


def _backfill(conn) -> None:
    """Copy every stored event into the index, a chunk at a time (bounded memory)."""
    query = sa.text("SELECT event_id, record FROM events ORDER BY event_id")
    insert = sa.text(f"INSERT INTO {FTS_TABLE} (event_id, body) VALUES (:event_id, :body)")
    result = conn.execution_options(stream_results=True).execute(query)
    while chunk := result.fetchmany(BACKFILL_CHUNK):
        conn.execute(insert, fts_rows(chunk))


def _postgres_upgrade(conn) -> None:
    available = conn.execute(sa.text(
        "SELECT 1 FROM pg_available_extensions WHERE name = 'pg_trgm'")).first()
    if available is None:
        return
    try:
        with conn.begin_nested():   # needs CREATE privilege; without it: ILIKE scan
            conn.exec_driver_sql("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    except sa.exc.DBAPIError:
        return
    conn.exec_driver_sql("CREATE INDEX IF NOT EXISTS ix_events_evidence_trgm ON events "
                         "USING gin (evidence_sentence gin_trgm_ops)")
    conn.exec_driver_sql("CREATE INDEX IF NOT EXISTS ix_events_place_trgm ON events "
                         "USING gin (location_name gin_trgm_ops)")


def downgrade() -> None:
    conn = op.get_bind()
    if conn.dialect.name == "sqlite":
        conn.exec_driver_sql(f"DROP TABLE IF EXISTS {FTS_TABLE}")
    elif conn.dialect.name == "postgresql":
        conn.exec_driver_sql("DROP INDEX IF EXISTS ix_events_evidence_trgm")
        conn.exec_driver_sql("DROP INDEX IF EXISTS ix_events_place_trgm")
