"""The 登记簿's 来文单位 filter (``source_org LIKE '%…%'``) from a trigram index on PostgreSQL
(pg_trgm, issue 9), instead of reading every 收文 of the agency. SQLite has no such index:
there the filter reads the rows as before."""

from django.db import migrations

INDEX = "incoming_source_org_trgm"


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {INDEX} ON incoming_incomingdocument "
        "USING gin (source_org gin_trgm_ops)"
    )


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [
        ("incoming", "0004_search_text"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
