"""Alembic environment: runs on the connection handed over by ``store.migrate``."""
from alembic import context

from claimledger.ledger.store import Base

config = context.config
connection = config.attributes.get("connection")
if connection is None:  # `alembic` run from a shell with a URL in the config
    from claimledger.ledger.store import make_engine
    connection = make_engine(config.get_main_option("sqlalchemy.url")).connect()

context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=connection.dialect.name == "sqlite",
)
with context.begin_transaction():
    context.run_migrations()
