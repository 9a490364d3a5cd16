"""Settings: ``embedded`` (the default: SQLite, local files), ``production`` (PostgreSQL,
everything from environment variables) and ``test``. All share ``base``."""
