"""pg_trgm for substrings of titles and 文号 (DESIGN §5). Its GIN indexes are made after
``migrate`` (``substrings.ensure_indexes``); without the extension (no privilege to create
it) search still works, reading those substrings unindexed, and says so in the log."""

import logging
from typing import Any

from django.db import migrations, transaction

logger = logging.getLogger("govoa.search")


def create_pg_trgm(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    try:
        connection = schema_editor.connection
        with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
            cursor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    except Exception:  # the database user may not create extensions
        logger.warning("search: CREATE EXTENSION pg_trgm refused; ask the DBA to create it")


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial")]
    operations = [migrations.RunPython(create_pg_trgm, migrations.RunPython.noop)]
