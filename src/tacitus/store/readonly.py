"""Open a SQLite database file we may not write to (read-only file, folder or mount).

A database in WAL mode is read through its `-shm` index, which a reader must be able
to create: with no write access SQLite refuses even a SELECT ("attempt to write a
readonly database"). For such a file the engine opens it with SQLite's `immutable=1`
URI flag instead: read-only, no locks, no `-wal`/`-shm` files. Writing commands then
fail with SQLite's own one-line "readonly database" error (E040).
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path
from urllib.parse import quote


def read_only_file(database: str | None) -> Path | None:
    """The database file when it exists and this process cannot write it or its folder
    (where SQLite keeps the `-wal` and `-shm` files); None otherwise."""
    if database in (None, "", ":memory:") or database.startswith("file:"):
        return None
    path = Path(database)
    if not path.is_file():
        return None
    writable = os.access(path, os.W_OK) and os.access(path.parent or Path("."), os.W_OK)
    return None if writable else path


def immutable_connector(path: Path):
    """A DB-API connect function reading `path` as an immutable SQLite database."""
    uri = f"file:{quote(str(path.resolve()))}?immutable=1"

    def connect() -> sqlite3.Connection:
        return sqlite3.connect(uri, uri=True, check_same_thread=False)

    return connect
