"""Alembic environment for the tacitus store.

Run programmatically by `tacitus.store.Store.init()`, which passes an open connection in
`config.attributes["connection"]`; no alembic.ini is needed. From a shell:
`python -m tacitus.store.migrate [URL]`.
"""

from __future__ import annotations

from alembic import context

from tacitus.store.schema import metadata


def run_migrations_online() -> None:
    connection = context.config.attributes.get("connection")
    if connection is None:
        raise RuntimeError("tacitus migrations need a connection (use Store.init())")
    context.configure(
        connection=connection,
        target_metadata=metadata,
        render_as_batch=connection.dialect.name == "sqlite",  # SQLite cannot ALTER much
    )
    with context.begin_transaction():
        context.run_migrations()


if context.is_offline_mode():
    raise RuntimeError("offline (SQL script) migrations are not supported")
run_migrations_online()
