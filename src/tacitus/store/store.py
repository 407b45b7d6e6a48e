"""The event store: documents and their coded events in SQLite or PostgreSQL.

One `add()` is one transaction (document + events + actors + mentions + text index), so
a crash never leaves half a document behind, and adding a document twice adds nothing.

Durability on SQLite: the database runs in WAL mode with `synchronous=NORMAL`. A commit
is then not fsynced on its own; the WAL is synced at each checkpoint. An application or
process crash loses nothing committed, and the database never corrupts; a power loss or
OS crash can lose the transactions committed since the last checkpoint (they roll
back as whole documents, and re-running the ingest adds them again). In exchange each
commit skips an fsync, which is most of the cost of a small transaction.

Other modules use `Store.engine` / `Store.connect()` for their own SQL.
"""

from __future__ import annotations

import hashlib
import logging
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any, Self

from sqlalchemy import (
    Engine,
    String,
    cast,
    create_engine,
    event,
    func,
    insert,
    literal_column,
    or_,
    select,
)
from sqlalchemy import text as sql_text
from sqlalchemy.engine import Connection, make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, IntegrityError, NoSuchModuleError
from sqlalchemy.pool import StaticPool

from tacitus.errors import TacitusError
from tacitus.records import Actor, Document, Event
from tacitus.store import reviewed as reviewed_view
from tacitus.store.merged import MergedEvent
from tacitus.store.migrate_lock import file_lock, lock_in_transaction
from tacitus.store.readonly import immutable_connector, read_only_file
from tacitus.store.schema import (
    actors,
    clusters,
    documents,
    event_day,
    events,
    mentions,
    queryable_columns,
    reviewed_events,
)
from tacitus.store.textsearch import (
    FTS_TABLE,
    body_text,
    fts_condition,
    fts_table,
    like_condition,
    query_words,
)

log = logging.getLogger(__name__)
DEFAULT_URL = "sqlite:///tacitus.db"
MIGRATIONS_DIR = Path(__file__).parent / "migrations"
SQLITE_BUSY_SECONDS = 30
# alembic keeps its migration context in module globals: one upgrade at a time per process
_MIGRATION_LOCK = threading.Lock()


def normalize_url(url: str | None) -> str:
    """Database URL from an argument, $TACITUS_DB, or the default; a plain path means SQLite."""
    if not url:
        from tacitus.config import Settings

        url = Settings.load().db   # $TACITUS_DB, else the default
    url = url or DEFAULT_URL
    if url == ":memory:":
        return "sqlite://"
    if "://" not in url:
        return "sqlite:///" + str(Path(url).expanduser())
    # "postgresql://" would pick psycopg2, which we do not depend on; psycopg 3 it is.
    for prefix in ("postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    return url


def _display_url(url: str) -> str:
    """The URL as shown in messages: never with its password."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return url


def _reason(exc: BaseException) -> str:
    """First line of the driver's message: enough to act on, without a traceback."""
    orig = getattr(exc, "orig", None) or exc
    text = str(orig).strip().splitlines()
    return text[0] if text else type(orig).__name__


def _set_sqlite_pragmas(dbapi_conn, _record) -> None:
    # WAL lets readers work while a writer commits; foreign keys are off by default.
    # PRAGMAs take no bound parameters; the only value here is our own integer setting.
    cursor = dbapi_conn.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    if str(cursor.fetchone()[0]).lower() == "wal":
        # safe in WAL mode (no corruption; see the module docstring for what it trades)
        cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute(f"PRAGMA busy_timeout={int(SQLITE_BUSY_SECONDS * 1000)}")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def _make_engine(url: str) -> Engine:
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        kwargs: dict[str, Any] = {"connect_args": {"timeout": SQLITE_BUSY_SECONDS}}
        if parsed.database in (None, "", ":memory:"):
            # one shared connection, or every connection would see its own empty database
            kwargs = {"poolclass": StaticPool,
                      "connect_args": {"check_same_thread": False}}
        elif (frozen := read_only_file(parsed.database)) is not None:
            # no write access: WAL would need a -shm file, so read it as immutable
            return create_engine(url, creator=immutable_connector(frozen))
        engine = create_engine(url, **kwargs)
        event.listen(engine, "connect", _set_sqlite_pragmas)
        return engine
    if parsed.get_backend_name() == "postgresql":
        return create_engine(url, pool_pre_ping=True, connect_args={"connect_timeout": 10})
    return create_engine(url, pool_pre_ping=True)


def _as_date(value: date | str | None) -> date | None:
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(value)


def content_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


class Store:
    """Documents and events in a SQL database (SQLite by default, PostgreSQL for scale)."""

    def __init__(self, url: str | None = None, *, create: bool = True):
        """`create=False` (commands that only read): a URL with no tacitus database raises
        TacitusError E041 on first use instead of creating an empty one."""
        self.url = normalize_url(url)
        self.create = create
        self.display_url = _display_url(self.url)
        self._engine: Engine | None = None
        self._ready = False
        self._fts = False   # SQLite FTS5 index present (found by init())

    # -- connection and schema -------------------------------------------------------

    @contextmanager
    def _errors(self) -> Iterator[None]:
        """Turn driver failures (unreachable, locked, bad URL) into E040."""
        try:
            yield
        except TacitusError:
            raise
        except IntegrityError:
            raise
        except (DBAPIError, ArgumentError, NoSuchModuleError) as exc:
            raise TacitusError("E040", url=self.display_url, reason=_reason(exc)) from exc
        except ImportError as exc:  # the URL names a driver that is not installed
            reason = f"database driver not installed ({exc.name}); for PostgreSQL: " \
                     "pip install 'tacitus[postgres]'"
            raise TacitusError("E040", url=self.display_url, reason=reason) from exc

    def _get_engine(self) -> Engine:
        if self._engine is None:
            with self._errors():
                self._engine = _make_engine(self.url)
        return self._engine

    def _conn(self) -> Engine:
        """The engine, with the schema created or upgraded on first use."""
        if not self._ready:
            self.init()
        return self._get_engine()

    @property
    def engine(self) -> Engine:
        """The SQLAlchemy engine, the schema created or upgraded first (E040 on failure)."""
        with self._errors():
            return self._conn()

    @contextmanager
    def connect(self, *, write: bool = False) -> Iterator[Connection]:
        """A connection for your own SQL; `write=True`: one transaction, committed on exit.

        Driver failures (unreachable, locked, bad URL) raise TacitusError E040;
        IntegrityError passes through.
        """
        with self._errors():
            engine = self._conn()
            with (engine.begin() if write else engine.connect()) as conn:
                yield conn

    def init(self) -> None:
        """Create or upgrade the schema with the alembic migrations. Safe to call again."""
        from alembic.config import Config

        config = Config()
        config.set_main_option("script_location", str(MIGRATIONS_DIR))
        if not self.create:
            self.check_exists()
        engine = self._get_engine()
        with self._errors(), _MIGRATION_LOCK:
            # Up to date: nothing to write (a read-only database file stays readable).
            if not self._at_head(config):
                with file_lock(self.url):
                    self._upgrade(engine, config)
        self._fts = _has_fts_table(engine)
        self._ready = True
        log.info("database %s ready (schema at head%s)", self.display_url,
                 ", text index" if self._fts else "")

    def exists(self) -> bool:
        """Whether the URL holds a tacitus database (its events table); never creates one."""
        parsed = make_url(self.url)
        if parsed.get_backend_name() == "sqlite":
            # connecting would create the file: look before touching it
            if parsed.database in (None, "", ":memory:"):
                return False
            path = Path(parsed.database)
            if not path.is_file() or path.stat().st_size == 0:
                return False
        from sqlalchemy import inspect

        with self._errors():
            return inspect(self._get_engine()).has_table("events")

    def check_exists(self) -> None:
        """Raise E041 (one line, exit 1 in the CLI) when there is no database at the URL."""
        if not self.exists():
            raise TacitusError("E041", url=self.display_url)

    def _upgrade(self, engine: Engine, config) -> None:
        from alembic import command

        try:
            with engine.begin() as conn:
                lock_in_transaction(conn)
                config.attributes["connection"] = conn
                command.upgrade(config, "head")
        except DBAPIError:
            # Another process (without our lock: an older tacitus) may have created the
            # tables at the same moment.
            if not self._at_head(config):
                raise

    def _at_head(self, config) -> bool:
        from alembic.runtime.migration import MigrationContext
        from alembic.script import ScriptDirectory

        head = ScriptDirectory.from_config(config).get_current_head()
        with self._get_engine().connect() as conn:
            return MigrationContext.configure(conn).get_current_revision() == head

    def close(self) -> None:
        if self._engine is not None:
            self._engine.dispose()
            self._engine = None
            self._ready = False

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # -- writing ---------------------------------------------------------------------

    def has_document(self, doc_id: str, text: str | None = None) -> bool:
        """Whether this doc_id is stored, or (given `text`) the same text under any id:
        `add()` would then add nothing, so the caller can skip coding it."""
        with self._errors(), self._conn().connect() as conn:
            if text is None:
                return conn.execute(
                    select(documents.c.doc_id).where(documents.c.doc_id == doc_id)
                ).first() is not None
            return _stored(conn, doc_id, content_hash(text))

    def add(self, doc: Document, events_: list[Event]) -> bool:
        """Store a document and its events in one transaction.

        Returns False, adding nothing, when the doc_id or the same text is already stored.
        """
        digest = content_hash(doc.text)
        try:
            with self._errors(), self._conn().begin() as conn:
                if _stored(conn, doc.doc_id, digest):
                    return False
                conn.execute(insert(documents), [_document_row(doc, digest)])
                if events_:
                    conn.execute(insert(events), [_event_row(e) for e in events_])
                    conn.execute(insert(mentions), [_mention_row(e) for e in events_])
                    _insert_new_actors(conn, _actor_rows(events_))
                    if self._fts:
                        conn.execute(insert(fts_table), [_fts_row(e) for e in events_])
        except IntegrityError as exc:
            # A concurrent writer stored the same document first: that is "already stored".
            if self._stored_now(doc.doc_id, digest):
                return False
            raise TacitusError("E040", url=self.display_url, reason=_reason(exc)) from exc
        return True

    def replace_events(self, doc_id: str, events_: list[Event]) -> int:
        """Replace a stored document's events with a new coding of it, in one transaction;
        returns how many events it had. Reviews are kept (they key on the content-based
        event id; tacitus.review.recode refreshes them). The merged events are not
        rebuilt: run dedup again."""
        e, m = events.c, mentions.c
        with self._errors(), self._conn().begin() as conn:
            old = list(conn.execute(select(e.event_id).where(e.doc_id == doc_id)).scalars())
            if self._fts and old:
                for i in range(0, len(old), 500):
                    conn.execute(fts_table.delete().where(
                        fts_table.c.event_id.in_(old[i:i + 500])))
            conn.execute(mentions.delete().where(m.doc_id == doc_id))
            conn.execute(events.delete().where(e.doc_id == doc_id))
            if events_:
                conn.execute(insert(events), [_event_row(ev) for ev in events_])
                conn.execute(insert(mentions), [_mention_row(ev) for ev in events_])
                _insert_new_actors(conn, _actor_rows(events_))
                if self._fts:
                    conn.execute(insert(fts_table), [_fts_row(ev) for ev in events_])
        return len(old)

    def _stored_now(self, doc_id: str, digest: str) -> bool:
        with self._errors(), self._conn().connect() as conn:
            return _stored(conn, doc_id, digest)

    # -- reading ---------------------------------------------------------------------

    def events(self, *, limit: int | None = None, offset: int = 0, merged: bool = False,
               order: str = "date_desc", raw: bool = False, reviewed: bool | None = None,
               **filters) -> list[Event]:
        """Events matching all the given filters, newest first (by the event's day: its
        date, else its publication date; events with neither last).

        Filters (keyword only, all optional, combined with AND): event_type (str or list),
        country (either side), source_country, target_country, dyad=(source, target),
        source_sector, target_sector, place (location name, case-insensitive),
        since/until (date or ISO string, inclusive, on the event's day), mode,
        min_confidence, text (every word, case-insensitive, in the evidence sentence or
        place name; see tacitus.store.textsearch),
        modality (str or list), doc_id, min_mentions (mentions of the merged event).

        Reviewed events (tacitus.review) read with the review applied (`reviewed: true`),
        rejected ones are left out and added ones included; `raw=True` reads the coder's
        output only. `reviewed=True/False` keeps only reviewed / only unreviewed events.
        `merged=True` reads merged events (tacitus.dedup) instead of single mentions:
        `MergedEvent`s with num_mentions, num_sources, num_articles and `mentions`.
        `order`: date_desc, date_asc, mentions_desc, confidence_desc or confidence_asc
        (least confident first: the review queue's order).
        """
        table = clusters if merged else events
        _ordering(table, order)   # an unknown order is an error even on an empty store
        with self._errors(), self._conn().connect() as conn:
            if self._use_reviews(conn, merged, raw, reviewed):
                found = reviewed_view.page(conn, _conditions, _ordering, _mention_count,
                                           self._with_fts(events), filters, reviewed, order,
                                           limit, offset)
                return [Event.model_validate(record) for record in found]
            query = (
                select(*_read_columns(table))
                .where(*_conditions(table, fts=self._with_fts(table), **filters))
                .order_by(*_ordering(table, order))
                .offset(offset)
            )
            if limit is not None:
                query = query.limit(limit)
            rows = conn.execute(query).all()
            if not merged:
                return [Event.model_validate(row.record) for row in rows]
            found = _mentions_of(conn, [row.merged_id for row in rows])
        return [_merged_event(row, found.get(row.merged_id, [])) for row in rows]

    def count_events(self, *, merged: bool = False, order: str | None = None,
                     raw: bool = False, reviewed: bool | None = None, **filters) -> int:
        """How many events `events(**filters)` would return without limit/offset."""
        table = clusters if merged else events
        with self._errors(), self._conn().connect() as conn:
            if self._use_reviews(conn, merged, raw, reviewed):
                return reviewed_view.count(conn, _conditions, self._with_fts(events),
                                           filters, reviewed)
            query = select(func.count()).select_from(table).where(
                *_conditions(table, fts=self._with_fts(table), **filters))
            return int(conn.execute(query).scalar_one())

    def _use_reviews(self, conn: Connection, merged: bool, raw: bool,
                     reviewed: bool | None) -> bool:
        if merged or raw:
            if reviewed is not None:
                raise ValueError("the reviewed filter needs the reviewed view "
                                 "(not raw, not merged)")
            return False
        return reviewed is not None or reviewed_view.has_reviews(conn)

    def _with_fts(self, table) -> bool:
        if not self._ready:
            self._conn()   # init() finds out whether the index exists
        return self._fts and table is events

    def merged_events(self, **filters) -> list[MergedEvent]:
        """`events(merged=True, ...)`."""
        return self.events(merged=True, **filters)  # type: ignore[return-value]

    def event(self, event_id: str, raw: bool = False) -> Event | None:
        """One event by id: a mention's event_id, or a merged id (then a MergedEvent).

        A reviewed event reads with its review applied unless `raw` (a rejected one
        reads as the coder coded it; its review says it was rejected)."""
        with self._errors(), self._conn().connect() as conn:
            record = None if raw else conn.execute(
                select(reviewed_events.c.record).where(
                    reviewed_events.c.event_id == event_id,
                    reviewed_events.c.action != "reject")).scalar()
            if record is None:
                record = conn.execute(
                    select(events.c.record).where(events.c.event_id == event_id)).scalar()
            if record is not None:
                return Event.model_validate(record)
            row = conn.execute(select(*_read_columns(clusters))
                               .where(clusters.c.merged_id == event_id)).first()
            if row is None:
                return None
            found = _mentions_of(conn, [event_id])
        return _merged_event(row, found.get(event_id, []))

    def mentions(self, event_id: str) -> list[dict]:
        """Every report of the same real-world event, with its document and evidence.

        `event_id` is a merged id, or a mention's event_id: then the mentions of the
        merged event it belongs to (just its own when it is not merged yet). One dict per
        mention: event_id, doc_id, title, url, source, published, sentence, start, end,
        trigger; earliest published first.
        """
        e, m, d = events.c, mentions.c, documents.c
        with self._errors(), self._conn().connect() as conn:
            own = conn.execute(select(e.cluster_id).where(e.event_id == event_id)).first()
            if own is not None and own.cluster_id is None:
                where = e.event_id == event_id
            else:
                where = e.cluster_id == (own.cluster_id if own is not None else event_id)
            query = (
                select(m.event_id, m.doc_id, d.title, d.url, d.source, d.published,
                       m.sentence, m.start, m.end, m.trigger)
                .select_from(mentions)
                .join(events, e.event_id == m.event_id)
                .join(documents, d.doc_id == m.doc_id)
                .where(where)
                .order_by(d.published.asc().nulls_last(), m.doc_id, m.start, m.event_id)
            )
            return [_jsonable(row._asdict()) for row in conn.execute(query)]

    def actors(self, limit: int = 100, offset: int = 0, q: str | None = None) -> list[dict]:
        """Known actors, most events first: code, name, country, sector, events.

        `events` counts the events (single mentions) with this actor's code on either
        side; `q` is a case-insensitive substring of the name or code.
        """
        a, e = actors.c, events.c
        n_events = (
            select(func.count()).select_from(events)
            .where(or_(e.source_code == a.code, e.target_code == a.code))
            .scalar_subquery()
        )
        query = select(a.code, a.name, a.country, a.sector, n_events.label("events"))
        if q:
            query = query.where(or_(a.name.icontains(q, autoescape=True),
                                    a.code.icontains(q, autoescape=True)))
        query = (query.order_by(n_events.desc(), a.name, a.actor_key)
                 .limit(limit).offset(offset))
        with self._errors(), self._conn().connect() as conn:
            return [row._asdict() for row in conn.execute(query)]

    def stats(self, modality: str | Sequence[str] | None = None) -> dict:
        """Counts of documents, events (mentions) and merged events; events by type,
        source country, month (of the event's day) and modality.

        `modality` restricts the event counts (not `by_modality`), e.g. "asserted".
        """
        where = _conditions(events, modality=modality)
        month = func.substr(cast(event_day(events), String), 1, 7)
        with self._errors(), self._conn().connect() as conn:
            return {
                "documents": conn.execute(select(func.count()).select_from(documents)).scalar_one(),
                "events": conn.execute(
                    select(func.count()).select_from(events).where(*where)).scalar_one(),
                "merged_events": conn.execute(
                    select(func.count()).select_from(clusters)
                    .where(*_conditions(clusters, modality=modality))).scalar_one(),
                "by_type": _grouped(conn, events.c.event_type, where),
                "by_country": _grouped(conn, events.c.source_country, where),
                "by_month": dict(sorted(_grouped(conn, month, where).items())),
                "by_modality": _grouped(conn, events.c.modality),
            }

    def documents(self, limit: int = 100, offset: int = 0) -> list[dict]:
        """Stored documents (without their text), in the order they were added."""
        n_events = (
            select(func.count()).select_from(events)
            .where(events.c.doc_id == documents.c.doc_id)
            .scalar_subquery()
        )
        query = (
            select(documents.c.doc_id, documents.c.url, documents.c.title, documents.c.source,
                   documents.c.published, documents.c.ingested_at,
                   func.length(documents.c.text).label("chars"), n_events.label("events"))
            .order_by(documents.c.ingested_at, documents.c.doc_id)
            .limit(limit).offset(offset)
        )
        with self._errors(), self._conn().connect() as conn:
            return [_jsonable(row._asdict()) for row in conn.execute(query)]

    def document(self, doc_id: str) -> dict | None:
        """One stored document with its text, or None."""
        with self._errors(), self._conn().connect() as conn:
            row = conn.execute(
                select(documents).where(documents.c.doc_id == doc_id)
            ).first()
        return _jsonable(row._asdict()) if row is not None else None


# -- row builders (pure functions) -----------------------------------------------------


def _has_fts_table(engine: Engine) -> bool:
    if engine.dialect.name != "sqlite":
        return False
    with engine.connect() as conn:
        return conn.execute(
            select(literal_column("name")).select_from(sql_text("sqlite_master"))
            .where(literal_column("name") == FTS_TABLE)).first() is not None


def _stored(conn: Connection, doc_id: str, digest: str) -> bool:
    query = select(documents.c.doc_id).where(
        or_(documents.c.doc_id == doc_id, documents.c.content_hash == digest)
    )
    return conn.execute(query.limit(1)).first() is not None


def _document_row(doc: Document, digest: str) -> dict:
    return {
        "doc_id": doc.doc_id, "text": doc.text, "content_hash": digest, "url": doc.url,
        "title": doc.title, "source": doc.source, "published": doc.published,
        "ingested_at": datetime.now(UTC),
    }


def _event_row(ev: Event) -> dict:
    return {"event_id": ev.event_id, **queryable_columns(ev)}


def _fts_row(ev: Event) -> dict:
    place = ev.location.name if ev.location else None
    return {"event_id": ev.event_id, "body": body_text(ev.evidence.sentence, place)}


def _mention_row(ev: Event) -> dict:
    return {
        "event_id": ev.event_id, "doc_id": ev.doc_id, "sentence": ev.evidence.sentence,
        "start": ev.evidence.start, "end": ev.evidence.end, "trigger": ev.evidence.trigger,
    }


def _actor_rows(events_: Sequence[Event]) -> list[dict]:
    """Distinct actors (compound actors count as their members too)."""
    rows: dict[str, dict] = {}
    for ev in events_:
        for actor in (ev.source, ev.target):
            for one in _with_members(actor):
                name = one.name or one.text
                key = f"{one.country or ''}|{one.sector or ''}|{name}"[:400]
                rows.setdefault(key, {
                    "actor_key": key, "code": one.code, "name": name,
                    "country": one.country, "sector": one.sector, "wikidata": one.wikidata,
                })
    return list(rows.values())


def _with_members(actor: Actor | None) -> list[Actor]:
    if actor is None:
        return []
    return [actor, *actor.members]


def _insert_new_actors(conn: Connection, rows: list[dict]) -> None:
    """Insert actors not yet known; existing ones are left as they are."""
    if not rows:
        return
    dialect = conn.dialect.name
    if dialect in ("sqlite", "postgresql"):
        if dialect == "sqlite":
            from sqlalchemy.dialects.sqlite import insert as dialect_insert
        else:
            from sqlalchemy.dialects.postgresql import insert as dialect_insert
        conn.execute(dialect_insert(actors).on_conflict_do_nothing(), rows)
        return
    known = set(conn.execute(
        select(actors.c.actor_key).where(actors.c.actor_key.in_([r["actor_key"] for r in rows]))
    ).scalars())
    new = [r for r in rows if r["actor_key"] not in known]
    if new:
        conn.execute(insert(actors), new)


ORDERS = ("date_desc", "date_asc", "mentions_desc", "confidence_desc", "confidence_asc")


def _read_columns(table) -> list:
    if table is clusters:
        c = clusters.c
        return [c.merged_id, c.record, c.num_mentions, c.num_sources, c.num_articles,
                c.first_seen]
    return [events.c.record]


def _ordering(table, order: str) -> list:
    """ORDER BY for an `order` name; undated events last, ids break ties."""
    c = table.c
    key = c.merged_id if table is clusters else c.event_id
    day = event_day(table)
    if order == "date_desc":
        return [day.desc().nulls_last(), key]
    if order == "date_asc":
        return [day.asc().nulls_last(), key]
    if order == "confidence_desc":
        return [c.confidence.desc(), day.desc().nulls_last(), key]
    if order == "confidence_asc":
        return [c.confidence.asc(), day.desc().nulls_last(), key]
    if order == "mentions_desc":
        return [_mention_count(table).desc(), day.desc().nulls_last(), key]
    raise ValueError(f"order must be one of {', '.join(ORDERS)}, not {order!r}")


def _mention_count(table):
    """Mentions of the merged event; a single mention not merged yet counts 1."""
    if table is clusters:
        return clusters.c.num_mentions
    merged = (select(clusters.c.num_mentions)
              .where(clusters.c.merged_id == table.c.cluster_id).scalar_subquery())
    return func.coalesce(merged, 1)


def _conditions(
    table=events,
    *,
    event_type: str | Sequence[str] | None = None,
    country: str | None = None,
    source_country: str | None = None,
    target_country: str | None = None,
    dyad: tuple[str, str] | None = None,
    since: date | str | None = None,
    until: date | str | None = None,
    mode: str | None = None,
    min_confidence: float | None = None,
    text: str | None = None,
    modality: str | Sequence[str] | None = None,
    doc_id: str | None = None,
    source_sector: str | None = None,
    target_sector: str | None = None,
    place: str | None = None,
    min_mentions: int | None = None,
    fts: bool = False,
) -> list:
    """WHERE clauses for the event filters (all bound parameters), on `events` or `clusters`.

    `since`/`until` are inclusive and apply to the event's day: its date, else its
    article's publication date (`schema.event_day`); events with neither are left out
    when either is given. `country` matches either side.
    On merged events `doc_id` means "one of its mentions is in this document".
    """
    c = table.c
    where: list = []
    if event_type is not None:
        where.append(c.event_type == event_type if isinstance(event_type, str)
                     else c.event_type.in_(list(event_type)))
    if country is not None:
        where.append(or_(c.source_country == country, c.target_country == country))
    if source_country is not None:
        where.append(c.source_country == source_country)
    if target_country is not None:
        where.append(c.target_country == target_country)
    if dyad is not None:
        where.extend([c.source_country == dyad[0], c.target_country == dyad[1]])
    if source_sector is not None:
        where.append(c.source_sector == source_sector)
    if target_sector is not None:
        where.append(c.target_sector == target_sector)
    if place:
        where.append(func.lower(c.location_name) == place.strip().lower())
    if since is not None:
        where.append(event_day(table) >= _as_date(since))
    if until is not None:
        where.append(event_day(table) <= _as_date(until))
    if mode is not None:
        where.append(c.mode == mode)
    if min_confidence is not None:
        where.append(c.confidence >= min_confidence)
    if text and text.split():   # a blank query filters nothing
        where.append(_text_condition(table, text, fts))
    if modality is not None:
        where.append(c.modality == modality if isinstance(modality, str)
                     else c.modality.in_(list(modality)))
    if doc_id is not None:
        where.append(_has_document(table, doc_id))
    if min_mentions is not None and min_mentions > 1:
        where.append(_mention_count(table) >= min_mentions)
    return where


def _text_condition(table, query: str, fts: bool):
    """Every word of `query` in the event's text (see tacitus.store.textsearch); `fts`
    says whether the SQLite index exists."""
    words = query_words(query)
    if fts:
        return fts_condition(table.c.event_id, words)
    return like_condition([table.c.evidence_sentence, table.c.location_name], words)


def _has_document(table, doc_id: str):
    if table is not clusters:
        return table.c.doc_id == doc_id
    # IN (ids from the document's events) uses ix_events_doc_id; EXISTS would scan clusters
    return clusters.c.merged_id.in_(
        select(events.c.cluster_id).where(events.c.doc_id == doc_id))


def _mentions_of(conn: Connection, merged_ids: list[str]) -> dict[str, list[dict]]:
    """merged_id -> [{event_id, doc_id, evidence}] for a page of merged events."""
    found: dict[str, list[dict]] = {k: [] for k in merged_ids}
    e, m = events.c, mentions.c
    for i in range(0, len(merged_ids), 500):
        query = (
            select(e.cluster_id, m.event_id, m.doc_id, m.sentence, m.start, m.end, m.trigger)
            .select_from(mentions)
            .join(events, e.event_id == m.event_id)
            .where(e.cluster_id.in_(merged_ids[i:i + 500]))
            .order_by(e.cluster_id, m.doc_id, m.start, m.event_id)
        )
        for row in conn.execute(query):
            found[row.cluster_id].append({
                "event_id": row.event_id, "doc_id": row.doc_id,
                "evidence": {"sentence": row.sentence, "start": row.start,
                             "end": row.end, "trigger": row.trigger},
            })
    return found


def _merged_event(row, mentions_: list[dict]) -> MergedEvent:
    return MergedEvent.model_validate({
        **row.record, "num_mentions": row.num_mentions, "num_sources": row.num_sources,
        "num_articles": row.num_articles, "first_seen": row.first_seen,
        "mentions": mentions_,
    })


def _grouped(conn: Connection, column, where: Sequence = ()) -> dict[str, int]:
    """{value: count}, largest first; NULL shows as "unknown"."""
    query = select(column, func.count()).where(*where).group_by(column).order_by(func.count().desc(), column)
    return {(key if key is not None else "unknown"): n for key, n in conn.execute(query)}


def _jsonable(row: dict) -> dict:
    return {k: (v.isoformat() if isinstance(v, (date, datetime)) else v) for k, v in row.items()}
