# The register read per source in its order (ADR 0018): the drafting department's and the
# drafter's documents from an index in the register's order; the FK indexes those indexes
# start with are dropped (ADR 0010).

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("outgoing", "0007_joint_issuance"),
        ("org", "0003_person_contact_encrypted"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddIndex(
            model_name="outgoingdocument",
            index=models.Index(
                fields=["drafting_department", "-created_at", "-id"],
                name="outgoing_drafting_register",
            ),
        ),
        migrations.AddIndex(
            model_name="outgoingdocument",
            index=models.Index(
                fields=["drafter", "-created_at", "-id"], name="outgoing_drafter_register"
            ),
        ),
        migrations.AlterField(
            model_name="outgoingdocument",
            name="drafter",
            field=models.ForeignKey(
                db_index=False,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="拟稿人",
            ),
        ),
        migrations.AlterField(
            model_name="outgoingdocument",
            name="drafting_department",
            field=models.ForeignKey(
                db_index=False,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="org.department",
                verbose_name="拟稿部门",
            ),
        ),
    ]
