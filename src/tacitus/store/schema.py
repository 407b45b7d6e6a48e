"""Table definitions (SQLAlchemy Core). The migrations create exactly these tables.

`events.record` holds the full schema-v1 event as JSON, so a read never loses a field;
the other event columns are copies of the fields people filter and group on.
"""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    Column,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    func,
)

metadata = MetaData()

documents = Table(
    "documents",
    metadata,
    Column("doc_id", String(200), primary_key=True),
    Column("text", Text, nullable=False),
    Column("content_hash", String(64), nullable=False),
    Column("url", Text),
    Column("title", Text),
    Column("source", String(200)),
    Column("published", Date),
    Column("ingested_at", DateTime(timezone=True), nullable=False),
    Index("ix_documents_content_hash", "content_hash", unique=True),
)


def _event_columns() -> list[Column]:
    """The queryable event columns shared by `events` (one per mention) and `clusters`
    (one per merged event); see `queryable_columns` for how an Event fills them."""
    return [
        Column("date", Date),
        Column("published", Date),
        Column("event_type", String(16), nullable=False),
        Column("mode", String(40)),
        Column("cameo", String(8)),
        Column("goldstein", Float),
        Column("quad_class", Integer),
        Column("source_country", String(8)),
        Column("source_sector", String(8)),
        Column("source_code", String(20)),
        Column("target_country", String(8)),
        Column("target_sector", String(8)),
        Column("target_code", String(20)),
        Column("location_name", Text),
        Column("location_country", String(8)),
        Column("location_lat", Float),
        Column("location_lon", Float),
        Column("modality", String(16), nullable=False),
        Column("confidence", Float, nullable=False),
        Column("evidence_sentence", Text),
    ]


events = Table(
    "events",
    metadata,
    Column("event_id", String(250), primary_key=True),
    Column("doc_id", String(200), ForeignKey("documents.doc_id", ondelete="CASCADE"),
           nullable=False),
    *_event_columns(),
    Column("record", JSON, nullable=False),
    # set by tacitus.dedup (migration 0002): the merged event this mention belongs to,
    # and the one-line reason it was put there
    Column("cluster_id", String(250)),
    Column("merge_reason", Text),
    Index("ix_events_type_date", "event_type", "date"),
    Index("ix_events_source_country", "source_country"),
    Index("ix_events_target_country", "target_country"),
    Index("ix_events_date", "date"),
    Index("ix_events_doc_id", "doc_id"),
    Index("ix_events_cluster_id", "cluster_id"),
    Index("ix_events_source_sector", "source_sector"),
    Index("ix_events_target_sector", "target_sector"),
    Index("ix_events_source_code", "source_code"),
    Index("ix_events_target_code", "target_code"),
)

# case-insensitive place filter (Store.events(place=...))
Index("ix_events_place", func.lower(events.c.location_name))

# One row per distinct resolved actor; `actor_key` is country|sector|name so that
# "unknown" parts (NULL) still collapse to one row on every database.
actors = Table(
    "actors",
    metadata,
    Column("actor_key", String(400), primary_key=True),
    Column("code", String(20)),
    Column("name", Text),
    Column("country", String(8)),
    Column("sector", String(8)),
    Column("wikidata", String(40)),
)

# One row per source mention of an event (each event row is one mention). tacitus.dedup
# groups mentions of one real-world event through events.cluster_id -> clusters.
mentions = Table(
    "mentions",
    metadata,
    Column("mention_id", Integer, primary_key=True, autoincrement=True),
    Column("event_id", String(250), ForeignKey("events.event_id", ondelete="CASCADE"),
           nullable=False),
    Column("doc_id", String(200), ForeignKey("documents.doc_id", ondelete="CASCADE"),
           nullable=False),
    Column("sentence", Text),
    Column("start", Integer),
    Column("end", Integer),
    Column("trigger", Text),
    Index("ix_mentions_event_id", "event_id"),
    Index("ix_mentions_doc_id", "doc_id"),
)


# One row per merged event (tacitus.dedup): the same real-world event reported by one or
# more mentions. The queryable columns mirror `events` and describe the representative
# event; `record` is the representative schema-v1 event as JSON.
clusters = Table(
    "clusters",
    metadata,
    Column("merged_id", String(250), primary_key=True),
    Column("date_precision", String(10)),
    *_event_columns(),
    Column("doc_id", String(200)),        # the document of the representative mention
    Column("num_mentions", Integer, nullable=False),
    Column("num_sources", Integer, nullable=False),
    Column("num_articles", Integer, nullable=False),
    Column("first_seen", Date),           # earliest publication date among its mentions
    Column("record", JSON, nullable=False),
    Index("ix_clusters_type_date", "event_type", "date"),
    Index("ix_clusters_date", "date"),
    Index("ix_clusters_source_country", "source_country"),
    Index("ix_clusters_target_country", "target_country"),
    Index("ix_clusters_source_sector", "source_sector"),
    Index("ix_clusters_target_sector", "target_sector"),
    Index("ix_clusters_num_mentions", "num_mentions"),
)

Index("ix_clusters_place", func.lower(clusters.c.location_name))


def event_day(table):
    """The day an event is placed on: its own date, else its article's publication date.

    One rule for every selection (`since`/`until`), ordering, trend and alert; see
    tacitus.filters.
    """
    return func.coalesce(table.c.date, table.c.published)


def queryable_columns(ev) -> dict:
    """The filterable columns an event shares with its merged cluster (events, clusters)."""
    src, tgt, loc = ev.source, ev.target, ev.location
    return {
        "date": ev.date, "published": ev.published, "event_type": ev.event_type,
        "mode": ev.mode, "cameo": ev.cameo, "goldstein": ev.goldstein,
        "quad_class": ev.quad_class,
        "source_country": src.country if src else None,
        "source_sector": src.sector if src else None,
        "source_code": src.code if src else None,
        "target_country": tgt.country if tgt else None,
        "target_sector": tgt.sector if tgt else None,
        "target_code": tgt.code if tgt else None,
        "location_name": loc.name if loc else None,
        "location_country": loc.country if loc else None,
        "location_lat": loc.lat if loc else None,
        "location_lon": loc.lon if loc else None,
        "modality": ev.modality, "confidence": ev.confidence,
        "evidence_sentence": ev.evidence.sentence, "doc_id": ev.doc_id,
        "record": ev.to_json_dict(),
    }
