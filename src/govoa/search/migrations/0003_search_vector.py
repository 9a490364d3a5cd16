"""PostgreSQL: the words of an entry as a stored ``tsvector`` (a generated column, kept by
the database from ``search_text``) with its GIN index, instead of the GIN index on the
expression ``to_tsvector('simple', search_text)``. A query reads the column as it is — a
row rechecked (a lossy bitmap page, a row walked in date order) is not parsed again — and
ANALYZE keeps statistics of its words, so the planner knows a word found in every tenth
entry from one found in three (docs/performance.md, 全文检索).

The column is not a model field: Django never reads or writes it. SQLite keeps its FTS5
table (``core.search``)."""

from typing import Any

from django.db import migrations

TABLE = "search_searchentry"

FORWARD = [
    f"ALTER TABLE {TABLE} ADD COLUMN IF NOT EXISTS search_vector tsvector "
    "GENERATED ALWAYS AS (to_tsvector('simple'::regconfig, search_text)) STORED",
    f"CREATE INDEX IF NOT EXISTS {TABLE}_vector ON {TABLE} USING gin (search_vector)",
    # The expression index core.search made while the search app registered its model there.
    f"DROP INDEX IF EXISTS {TABLE}_search",
]
BACKWARD = [
    f"DROP INDEX IF EXISTS {TABLE}_vector",
    f"ALTER TABLE {TABLE} DROP COLUMN IF EXISTS search_vector",
    f"CREATE INDEX IF NOT EXISTS {TABLE}_search ON {TABLE} "
    "USING gin (to_tsvector('simple', search_text))",
]


def _run(statements: list[str]) -> Any:
    def run(apps: Any, schema_editor: Any) -> None:
        if schema_editor.connection.vendor != "postgresql":
            return
        for statement in statements:
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("search", "0002_pg_trgm")]
    operations = [migrations.RunPython(_run(FORWARD), _run(BACKWARD))]
