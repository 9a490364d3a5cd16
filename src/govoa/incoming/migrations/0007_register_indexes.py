# The register read per source in its order (ADR 0018): an index in the register's order
# for each column of the document that is a source of someone's 知悉范围; the FK indexes
# those indexes start with are dropped (ADR 0010: with both, the planner's choice between
# them changes with the history's size).

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("incoming", "0006_replies"),
        ("org", "0003_person_contact_encrypted"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddIndex(
            model_name="incomingdocument",
            index=models.Index(
                fields=["lead_department", "-year", "-serial"], name="incoming_lead_register"
            ),
        ),
        migrations.AddIndex(
            model_name="incomingdocument",
            index=models.Index(
                fields=["registered_by", "-year", "-serial"], name="incoming_registered_register"
            ),
        ),
        migrations.AddIndex(
            model_name="incomingdocument",
            index=models.Index(
                fields=["handler", "-year", "-serial"], name="incoming_handler_register"
            ),
        ),
        migrations.AddIndex(
            model_name="incomingdocument",
            index=models.Index(
                fields=["supervisor", "-year", "-serial"], name="incoming_supervisor_register"
            ),
        ),
        migrations.AlterField(
            model_name="incomingdocument",
            name="registered_by",
            field=models.ForeignKey(
                db_index=False,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="登记人",
            ),
        ),
        migrations.AlterField(
            model_name="incomingdocument",
            name="supervisor",
            field=models.ForeignKey(
                blank=True,
                db_index=False,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="催办人",
            ),
        ),
        migrations.AlterField(
            model_name="incomingdocument",
            name="lead_department",
            field=models.ForeignKey(
                blank=True,
                db_index=False,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="org.department",
                verbose_name="主办部门",
            ),
        ),
        migrations.AlterField(
            model_name="incomingdocument",
            name="handler",
            field=models.ForeignKey(
                blank=True,
                db_index=False,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="承办人",
            ),
        ),
    ]
