"""Stories as events: a story is a set of articles about one event; a claim cluster is one
proposition inside a story.

Before this revision the ``stories`` table held clusters of single claims.  The table is
kept (same columns) and now holds events; the old claim-level clusters are dropped, because
they cannot be turned into events without the article text.  ``claimledger restory``
rebuilds stories and claim clusters from the stored records, without re-analysing.

Revision ID: 0003_stories
Revises: 0002_alerts
Create Date: 2026-11-29
"""
import sqlalchemy as sa
from alembic import op

revision = "0003_stories"
down_revision = "0002_alerts"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # the old claim-level clusters go; restory builds the events and the clusters inside them
    op.execute("UPDATE claims SET story_id = NULL")
    op.execute("DELETE FROM stories")
    op.add_column("stories", sa.Column("updated_seq", sa.Integer(), nullable=False, server_default="0"))
    op.create_index("ix_stories_updated_seq", "stories", ["updated_seq"])
    op.create_table(
        "claim_clusters",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("story_id", sa.Integer(), sa.ForeignKey("stories.id", ondelete="CASCADE"), nullable=False),
        sa.Column("label", sa.Text(), nullable=False),
        sa.Column("signature_json", sa.Text(), nullable=False, server_default="{}"),
        sa.Column("n_claims", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("n_articles", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("first_seen", sa.String(10)),
        sa.Column("last_seen", sa.String(10)),
    )
    op.create_index("ix_claim_clusters_story_id", "claim_clusters", ["story_id"])
    # plain columns (SQLite cannot add a foreign key to an existing table); the ORM declares them
    op.add_column("claims", sa.Column("cluster_id", sa.Integer()))
    op.create_index("ix_claims_cluster_id", "claims", ["cluster_id"])
    op.add_column("articles", sa.Column("story_id", sa.Integer()))
    op.add_column("articles", sa.Column("story_vector", sa.LargeBinary()))
    op.create_index("ix_articles_story_id", "articles", ["story_id"])
    op.create_table(
        "story_terms",  # document frequencies of terms over stored articles ("" counts articles)
        sa.Column("term", sa.String(64), primary_key=True),
        sa.Column("df", sa.Integer(), nullable=False, server_default="0"),
    )


def downgrade() -> None:
    op.drop_table("story_terms")
    op.drop_index("ix_articles_story_id", table_name="articles")
    with op.batch_alter_table("articles") as batch:
        batch.drop_column("story_vector")
        batch.drop_column("story_id")
    op.drop_index("ix_claims_cluster_id", table_name="claims")
    with op.batch_alter_table("claims") as batch:
        batch.drop_column("cluster_id")
    op.drop_index("ix_claim_clusters_story_id", table_name="claim_clusters")
    op.drop_table("claim_clusters")
    op.execute("UPDATE claims SET story_id = NULL")
    op.execute("DELETE FROM stories")
    op.drop_index("ix_stories_updated_seq", table_name="stories")
    with op.batch_alter_table("stories") as batch:
        batch.drop_column("updated_seq")
