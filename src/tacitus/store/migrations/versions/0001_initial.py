"""Initial schema: documents, events, actors, mentions.

Revision ID: 0001
Revises:
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "documents",
        sa.Column("doc_id", sa.String(200), primary_key=True),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("content_hash", sa.String(64), nullable=False),
        sa.Column("url", sa.Text),
        sa.Column("title", sa.Text),
        sa.Column("source", sa.String(200)),
        sa.Column("published", sa.Date),
        sa.Column("ingested_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_documents_content_hash", "documents", ["content_hash"], unique=True)
    op.create_table(
        "events",
        sa.Column("event_id", sa.String(250), primary_key=True),
        sa.Column("doc_id", sa.String(200),
                  sa.ForeignKey("documents.doc_id", ondelete="CASCADE"), nullable=False),
        sa.Column("date", sa.Date),
        sa.Column("published", sa.Date),
        sa.Column("event_type", sa.String(16), nullable=False),
        sa.Column("mode", sa.String(40)),
        sa.Column("cameo", sa.String(8)),
        sa.Column("goldstein", sa.Float),
        sa.Column("quad_class", sa.Integer),
        sa.Column("source_country", sa.String(8)),
        sa.Column("source_sector", sa.String(8)),
        sa.Column("source_code", sa.String(20)),
        sa.Column("target_country", sa.String(8)),
        sa.Column("target_sector", sa.String(8)),
        sa.Column("target_code", sa.String(20)),
        sa.Column("location_name", sa.Text),
        sa.Column("location_country", sa.String(8)),
        sa.Column("location_lat", sa.Float),
        sa.Column("location_lon", sa.Float),
        sa.Column("modality", sa.String(16), nullable=False),
        sa.Column("confidence", sa.Float, nullable=False),
        sa.Column("evidence_sentence", sa.Text),
        sa.Column("record", sa.JSON, nullable=False),
    )
    op.create_index("ix_events_type_date", "events", ["event_type", "date"])
    op.create_index("ix_events_source_country", "events", ["source_country"])
    op.create_index("ix_events_target_country", "events", ["target_country"])
    op.create_index("ix_events_date", "events", ["date"])
    op.create_index("ix_events_doc_id", "events", ["doc_id"])
    op.create_table(
        "actors",
        sa.Column("actor_key", sa.String(400), primary_key=True),
        sa.Column("code", sa.String(20)),
        sa.Column("name", sa.Text),
        sa.Column("country", sa.String(8)),
        sa.Column("sector", sa.String(8)),
        sa.Column("wikidata", sa.String(40)),
    )
    op.create_table(
        "mentions",
        sa.Column("mention_id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("event_id", sa.String(250),
                  sa.ForeignKey("events.event_id", ondelete="CASCADE"), nullable=False),
        sa.Column("doc_id", sa.String(200),
                  sa.ForeignKey("documents.doc_id", ondelete="CASCADE"), nullable=False),
        sa.Column("sentence", sa.Text),
        sa.Column("start", sa.Integer),
        sa.Column("end", sa.Integer),
        sa.Column("trigger", sa.Text),
    )
    op.create_index("ix_mentions_event_id", "mentions", ["event_id"])
    op.create_index("ix_mentions_doc_id", "mentions", ["doc_id"])


def downgrade() -> None:
    op.drop_table("mentions")
    op.drop_table("actors")
    op.drop_table("events")
    op.drop_table("documents")
