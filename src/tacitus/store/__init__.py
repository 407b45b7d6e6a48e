"""Event store (SQLite or PostgreSQL via SQLAlchemy, schema managed by alembic)."""

from tacitus.store.merged import MergedEvent
from tacitus.store.store import DEFAULT_URL, Store, content_hash, normalize_url

__all__ = ["DEFAULT_URL", "MergedEvent", "Store", "content_hash", "normalize_url"]
