"""One schema migration at a time, across processes.

Two processes opening a new SQLite database at the same moment both ran the first
migration; the slower one failed ("table alembic_version already exists", 5 times in
18 tries). SQLite: an exclusive `flock` on a lock file next to the database (created
only when a migration must run). PostgreSQL: a transaction-scoped advisory lock, taken
on the migration's own connection.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import text
from sqlalchemy.engine import Connection, make_url

# Any fixed number: the advisory-lock key that means "tacitus is migrating this database".
PG_LOCK_KEY = 0x7AC1705


@contextmanager
def file_lock(url: str) -> Iterator[None]:
    """Hold an exclusive lock for the SQLite database at `url` (no-op for other URLs,
    in-memory databases, or where no lock file can be made: a read-only folder)."""
    parsed = make_url(url)
    path = parsed.database if parsed.get_backend_name() == "sqlite" else None
    if not path or path == ":memory:" or path.startswith("file:"):
        yield
        return
    try:
        import fcntl
    except ImportError:  # Windows: alembic's own failure and the retry in Store.init remain
        yield
        return
    lock_path = Path(path).with_name(f".{Path(path).name}.migrate-lock")
    try:
        handle = open(lock_path, "a")  # noqa: SIM115 - held open for the lock's lifetime
    except OSError:
        yield
        return
    try:
        fcntl.flock(handle, fcntl.LOCK_EX)
        yield
    finally:
        handle.close()  # closing releases the lock


def lock_in_transaction(conn: Connection) -> None:
    """PostgreSQL: wait for any other migration of this database, until this
    transaction ends."""
    if conn.dialect.name == "postgresql":
        conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": PG_LOCK_KEY})
