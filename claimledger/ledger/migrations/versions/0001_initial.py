"""The initial ledger schema, with full-text search over claim text.

Revision ID: 0001
Revises:
Create Date: 2026-11-25
"""
import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

# SQLite: an external-content FTS5 table over claims.text, kept in sync by triggers.
SQLITE_FTS = [
    "CREATE VIRTUAL TABLE claims_fts USING fts5(text, content='claims', content_rowid='id', "
    "tokenize='porter unicode61')",
    "CREATE TRIGGER claims_fts_insert AFTER INSERT ON claims BEGIN "
    "INSERT INTO claims_fts(rowid, text) VALUES (new.id, new.text); END",
    "CREATE TRIGGER claims_fts_delete AFTER DELETE ON claims BEGIN "
    "INSERT INTO claims_fts(claims_fts, rowid, text) VALUES ('delete', old.id, old.text); END",
    "CREATE TRIGGER claims_fts_update AFTER UPDATE OF text ON claims BEGIN "
    "INSERT INTO claims_fts(claims_fts, rowid, text) VALUES ('delete', old.id, old.text); "
    "INSERT INTO claims_fts(rowid, text) VALUES (new.id, new.text); END",
]
# PostgreSQL: its own full-text search, a GIN index on the same expression the queries use.
POSTGRES_FTS = [
    "CREATE INDEX ix_claims_text_fts ON claims USING gin (to_tsvector('english', text))",
]


def upgrade() -> None:
    op.create_table(
        "articles",
        sa.Column("id", sa.String(64), primary_key=True),
        sa.Column("title", sa.Text()),
        sa.Column("published", sa.String(10)),
        sa.Column("url", sa.Text()),
        sa.Column("origin", sa.Text()),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("record_json", sa.Text(), nullable=False),
        sa.Column("ingested_at", sa.String(32), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
    )
    op.create_index("ix_articles_published", "articles", ["published"])
    op.create_index("ix_articles_seq", "articles", ["seq"])
    op.create_table(
        "inputs",
        sa.Column("origin", sa.String(512), primary_key=True),
        sa.Column("raw_hash", sa.String(64), primary_key=True),
        sa.Column("article_id", sa.String(64), sa.ForeignKey("articles.id", ondelete="CASCADE")),
    )
    op.create_index("ix_inputs_raw_hash", "inputs", ["raw_hash"])
    op.create_table(
        "removed",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("article_id", sa.String(64), sa.ForeignKey("articles.id", ondelete="CASCADE"),
                  nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("reason", sa.String(64), nullable=False),
    )
    op.create_index("ix_removed_article_id", "removed", ["article_id"])
    op.create_table(
        "sources",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("key", sa.String(512), nullable=False, unique=True),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("role", sa.Text()),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("n_articles", sa.Integer(), nullable=False),
    )
    op.create_table(
        "article_sources",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("article_id", sa.String(64), sa.ForeignKey("articles.id", ondelete="CASCADE"),
                  nullable=False),
        sa.Column("local_id", sa.String(32), nullable=False),
        sa.Column("source_id", sa.Integer(), sa.ForeignKey("sources.id"), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("role", sa.Text()),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("mentions_json", sa.Text(), nullable=False),
        sa.UniqueConstraint("article_id", "local_id"),
    )
    op.create_index("ix_article_sources_article_id", "article_sources", ["article_id"])
    op.create_index("ix_article_sources_source_id", "article_sources", ["source_id"])
    op.create_table(
        "stories",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("label", sa.Text(), nullable=False),
        sa.Column("centroid", sa.LargeBinary(), nullable=False),
        sa.Column("keys_json", sa.Text(), nullable=False),
        sa.Column("n_claims", sa.Integer(), nullable=False),
        sa.Column("n_articles", sa.Integer(), nullable=False),
        sa.Column("first_seen", sa.String(10)),
        sa.Column("last_seen", sa.String(10)),
    )
    op.create_index("ix_stories_n_articles", "stories", ["n_articles"])
    op.create_table(
        "claims",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("article_id", sa.String(64), sa.ForeignKey("articles.id", ondelete="CASCADE"),
                  nullable=False),
        sa.Column("local_id", sa.String(32), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("start", sa.Integer(), nullable=False),
        sa.Column("end", sa.Integer(), nullable=False),
        sa.Column("article_source", sa.String(32)),
        sa.Column("source_id", sa.Integer(), sa.ForeignKey("sources.id")),
        sa.Column("cue", sa.Text()),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("status", sa.String(32), nullable=False),
        sa.Column("certainty", sa.Float()),
        sa.Column("hedges_json", sa.Text(), nullable=False),
        sa.Column("time_text", sa.Text()),
        sa.Column("time_start", sa.String(10)),
        sa.Column("time_end", sa.String(10)),
        sa.Column("published", sa.String(10)),
        sa.Column("story_id", sa.Integer(), sa.ForeignKey("stories.id")),
        sa.UniqueConstraint("article_id", "local_id"),
    )
    for column in ("article_id", "source_id", "status", "published", "story_id"):
        op.create_index(f"ix_claims_{column}", "claims", [column])
    op.create_index("ix_claims_story_published", "claims", ["story_id", "published"])
    op.create_table(
        "quantities",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("article_id", sa.String(64), sa.ForeignKey("articles.id", ondelete="CASCADE"),
                  nullable=False),
        sa.Column("local_id", sa.String(32), nullable=False),
        sa.Column("claim_id", sa.Integer(), sa.ForeignKey("claims.id", ondelete="CASCADE")),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("low", sa.Float()),
        sa.Column("high", sa.Float()),
        sa.Column("approximate", sa.Boolean(), nullable=False),
        sa.Column("unit", sa.Text()),
        sa.UniqueConstraint("article_id", "local_id"),
    )
    op.create_index("ix_quantities_article_id", "quantities", ["article_id"])
    op.create_index("ix_quantities_claim_id", "quantities", ["claim_id"])

    dialect = op.get_bind().dialect.name
    for statement in SQLITE_FTS if dialect == "sqlite" else POSTGRES_FTS if dialect == "postgresql" else []:
        op.execute(statement)


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        for trigger in ("claims_fts_insert", "claims_fts_delete", "claims_fts_update"):
            op.execute(f"DROP TRIGGER IF EXISTS {trigger}")
        op.execute("DROP TABLE IF EXISTS claims_fts")
    for table in ("quantities", "claims", "stories", "article_sources", "sources", "removed",
                  "inputs", "articles"):
        op.drop_table(table)
