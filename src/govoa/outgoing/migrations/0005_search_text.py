"""The segmented search text of each document (core.search, ADR 0010), filled for the
rows there are; the index on it is made after migrate (core.search.ensure_indexes)."""

from django.db import migrations, models

from govoa.core.search import index_text

FIELDS = ("title", "number")


def fill(apps, schema_editor):
    model = apps.get_model("outgoing", "OutgoingDocument")
    rows = model.objects.only(*FIELDS).order_by("pk")
    batch = []
    for row in rows.iterator(chunk_size=2000):
        row.search_text = index_text(getattr(row, f) for f in FIELDS)
        batch.append(row)
        if len(batch) == 2000:
            model.objects.bulk_update(batch, ["search_text"])
            batch = []
    model.objects.bulk_update(batch, ["search_text"])


class Migration(migrations.Migration):

    dependencies = [
        ('outgoing', '0004_printed_copies'),
    ]

    operations = [
        migrations.AddField(
            model_name='outgoingdocument',
            name='search_text',
            field=models.TextField(blank=True, default='', editable=False, verbose_name='检索词'),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
