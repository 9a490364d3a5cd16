# The catalogue's 题名 search through an index (ADR 0019): the words of each 件's 题名, 文号
# and 档号 in ``search_text``, filled here for the records there are; the index on it (GIN
# on PostgreSQL, FTS5 on SQLite) is made after migrate (core.search.ensure_indexes). And the
# catalogue of one year, newest first, from an index in that order.

from typing import Any

from django.db import migrations, models

from govoa.archives.models import record_words

FIELDS = ("title", "doc_number", "reference_code")


def fill(apps: Any, schema_editor: Any) -> None:
    model = apps.get_model("archives", "ArchiveRecord")
    rows = model.objects.using(schema_editor.connection.alias).only(*FIELDS).order_by("pk")
    batch = []
    for row in rows.iterator(chunk_size=2000):
        row.search_text = record_words(row.title, row.doc_number, row.reference_code)
        batch.append(row)
        if len(batch) == 2000:
            model.objects.bulk_update(batch, ["search_text"])
            batch = []
    model.objects.bulk_update(batch, ["search_text"])


class Migration(migrations.Migration):
    dependencies = [("archives", "0003_votes_on_flow_stamp_after_commit")]

    operations = [
        migrations.AddField(
            model_name="archiverecord",
            name="search_text",
            field=models.TextField(blank=True, default="", editable=False, verbose_name="检索词"),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
        migrations.AddIndex(
            model_name="archiverecord",
            index=models.Index(fields=["agency", "year", "-id"], name="archives_year_recent"),
        ),
    ]
