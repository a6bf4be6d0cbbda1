"""The ledger: many articles in SQLite or PostgreSQL, sources merged across outlets,
claims clustered into stories, and the queries and commands over them."""

DEFAULT_DB = "sqlite:///claimledger.db"
ENV_DB = "CLAIMLEDGER_DB"
