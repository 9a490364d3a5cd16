# The 发文's register year, stored (ADR 0019): the 发文字号's year once numbered, else the
# year it was drafted in (local time). Backfilled here; kept by the model's ``save``. With
# it, the register's year filter is one column and the register's sources read it from
# indexes in the register's order.

from typing import Any

from django.db import migrations, models
from django.db.models import F, Q
from django.db.models.functions import Coalesce, ExtractYear


def backfill(apps: Any, schema_editor: Any) -> None:
    documents = apps.get_model("outgoing", "OutgoingDocument")
    # ExtractYear reads the moment in the current time zone (settings.TIME_ZONE), as the
    # register's former ``created_at__year`` did.
    documents.objects.using(schema_editor.connection.alias).update(
        register_year=Coalesce(F("year"), ExtractYear("created_at"))
    )


class Migration(migrations.Migration):
    dependencies = [("outgoing", "0009_joint_seals")]

    operations = [
        migrations.AddField(
            model_name="outgoingdocument",
            name="register_year",
            field=models.PositiveSmallIntegerField(
                editable=False, null=True, verbose_name="登记年度"
            ),
        ),
        migrations.RunPython(backfill, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="outgoingdocument",
            name="register_year",
            field=models.PositiveSmallIntegerField(editable=False, verbose_name="登记年度"),
        ),
        migrations.AddIndex(
            model_name="outgoingdocument",
            index=models.Index(
                fields=["drafting_department", "register_year", "-created_at", "-id"],
                name="outgoing_drafting_year",
            ),
        ),
        migrations.AddIndex(
            model_name="outgoingdocument",
            index=models.Index(
                fields=["drafter", "register_year", "-created_at", "-id"],
                name="outgoing_drafter_year",
            ),
        ),
        migrations.AddIndex(
            model_name="outgoingdocument",
            index=models.Index(
                fields=["agency", "register_year", "-created_at", "-id"],
                name="outgoing_agency_year",
            ),
        ),
        migrations.AddConstraint(
            model_name="outgoingdocument",
            constraint=models.CheckConstraint(
                condition=Q(year__isnull=True) | Q(register_year=F("year")),
                name="outgoing_register_year_is_number_year",
            ),
        ),
    ]
