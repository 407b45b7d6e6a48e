"""Reviews: `reviews` (one record per reviewer and event) and `reviewed_events` (the
reviewed view of each reviewed event). See tacitus.review and docs/review.md.

Revision ID: 0004
Revises: 0003
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def _event_columns() -> list[sa.Column]:
    # a copy of tacitus.store.schema._event_columns as it is at this revision
    return [
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
    ]


def upgrade() -> None:
    op.create_table(
        "reviews",
        sa.Column("review_id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("event_id", sa.String(250), nullable=False),
        sa.Column("doc_id", sa.String(200), nullable=False),
        sa.Column("reviewer", sa.String(100), nullable=False),
        sa.Column("action", sa.String(10), nullable=False),
        sa.Column("before", sa.JSON),
        sa.Column("after", sa.JSON),
        sa.Column("record", sa.JSON),
        sa.Column("note", sa.Text),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("event_id", "reviewer", name="uq_reviews_event_reviewer"),
    )
    op.create_index("ix_reviews_event_id", "reviews", ["event_id"])
    op.create_index("ix_reviews_doc_id", "reviews", ["doc_id"])
    op.create_index("ix_reviews_reviewer", "reviews", ["reviewer"])
    op.create_table(
        "reviewed_events",
        sa.Column("event_id", sa.String(250), primary_key=True),
        sa.Column("doc_id", sa.String(200), nullable=False),
        *_event_columns(),
        sa.Column("record", sa.JSON, nullable=False),
        sa.Column("cluster_id", sa.String(250)),
        sa.Column("action", sa.String(10), nullable=False),
        sa.Column("reviewer", sa.String(100), nullable=False),
        sa.Column("reviewed_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_reviewed_events_doc_id", "reviewed_events", ["doc_id"])
    op.create_index("ix_reviewed_events_date", "reviewed_events", ["date"])


def downgrade() -> None:
    op.drop_table("reviewed_events")
    op.drop_table("reviews")
