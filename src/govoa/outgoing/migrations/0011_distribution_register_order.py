# The 发文 distributed to a department, readable in the 发文登记簿's order (ADR 0019): each
# distribution repeats its document's 创建时间 (which never changes), with an index
# (department, -document_created_at, -document). Backfilled here; set by the model's
# ``save`` when a distribution is made.

from typing import Any

from django.db import migrations, models
from django.db.models import OuterRef, Subquery


def backfill(apps: Any, schema_editor: Any) -> None:
    alias = schema_editor.connection.alias
    distributions = apps.get_model("outgoing", "Distribution")
    documents = apps.get_model("outgoing", "OutgoingDocument")
    distributions.objects.using(alias).update(
        document_created_at=Subquery(
            documents.objects.using(alias)
            .filter(pk=OuterRef("document_id"))
            .values("created_at")[:1]
        )
    )


class Migration(migrations.Migration):
    dependencies = [("outgoing", "0010_register_year")]

    operations = [
        migrations.AddField(
            model_name="distribution",
            name="document_created_at",
            field=models.DateTimeField(editable=False, null=True, verbose_name="发文创建时间"),
        ),
        migrations.RunPython(backfill, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="distribution",
            name="document_created_at",
            field=models.DateTimeField(editable=False, verbose_name="发文创建时间"),
        ),
        migrations.AddIndex(
            model_name="distribution",
            index=models.Index(
                fields=["department", "-document_created_at", "-document"],
                name="outgoing_distribution_register",
            ),
        ),
    ]
