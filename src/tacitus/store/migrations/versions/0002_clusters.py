"""Merged events (tacitus.dedup): a `clusters` table and events.cluster_id/merge_reason.

Also the indexes the API filters need (sectors, codes, case-insensitive place).

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("events") as batch:
        batch.add_column(sa.Column("cluster_id", sa.String(250)))
        batch.add_column(sa.Column("merge_reason", sa.Text))
    op.create_index("ix_events_cluster_id", "events", ["cluster_id"])
    op.create_index("ix_events_source_sector", "events", ["source_sector"])
    op.create_index("ix_events_target_sector", "events", ["target_sector"])
    op.create_index("ix_events_source_code", "events", ["source_code"])
    op.create_index("ix_events_target_code", "events", ["target_code"])
    op.create_index("ix_events_place", "events", [sa.text("lower(location_name)")])
    op.create_table(
        "clusters",
        sa.Column("merged_id", sa.String(250), primary_key=True),
        sa.Column("date", sa.Date),
        sa.Column("date_precision", sa.String(10)),
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
        sa.Column("doc_id", sa.String(200)),
        sa.Column("num_mentions", sa.Integer, nullable=False),
        sa.Column("num_sources", sa.Integer, nullable=False),
        sa.Column("num_articles", sa.Integer, nullable=False),
        sa.Column("first_seen", sa.Date),
        sa.Column("record", sa.JSON, nullable=False),
    )
    op.create_index("ix_clusters_type_date", "clusters", ["event_type", "date"])
    op.create_index("ix_clusters_date", "clusters", ["date"])
    op.create_index("ix_clusters_source_country", "clusters", ["source_country"])
    op.create_index("ix_clusters_target_country", "clusters", ["target_country"])
    op.create_index("ix_clusters_source_sector", "clusters", ["source_sector"])
    op.create_index("ix_clusters_target_sector", "clusters", ["target_sector"])
    op.create_index("ix_clusters_num_mentions", "clusters", ["num_mentions"])
    op.create_index("ix_clusters_place", "clusters", [sa.text("lower(location_name)")])


def downgrade() -> None:
    op.drop_table("clusters")
    for name in ("ix_events_place", "ix_events_target_code", "ix_events_source_code",
                 "ix_events_target_sector", "ix_events_source_sector", "ix_events_cluster_id"):
        op.drop_index(name, table_name="events")
    with op.batch_alter_table("events") as batch:
        batch.drop_column("merge_reason")
        batch.drop_column("cluster_id")
