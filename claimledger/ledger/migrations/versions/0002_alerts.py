"""Alerts: a claim cluster that turned (first denial after confirmations, a new estimate
outside the range so far, a first named source), raised by ``claimledger watch``.

Revision ID: 0002_alerts
Revises: 0001
Create Date: 2026-11-29
"""
import sqlalchemy as sa
from alembic import op

revision = "0002_alerts"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "alerts",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("created_at", sa.String(32), nullable=False),  # ISO 8601, UTC
        sa.Column("kind", sa.String(32), nullable=False),  # turned, new_estimate, named_source
        sa.Column("story_id", sa.Integer()),
        sa.Column("cluster_id", sa.Integer()),  # the claim cluster that turned
        sa.Column("article_id", sa.String(64)),  # the article that made it turn
        sa.Column("message", sa.Text(), nullable=False),
        sa.Column("payload_json", sa.Text(), nullable=False, server_default="{}"),
        sa.Column("delivered_at", sa.String(32)),  # webhook delivery, when asked for
    )
    op.create_index("ix_alerts_created_at", "alerts", ["created_at"])


def downgrade() -> None:
    op.drop_index("ix_alerts_created_at", table_name="alerts")
    op.drop_table("alerts")
