"""Work items carry their flow's 密级 (ADR 0010): the column, filled from the instances;
已办 reads the person's items through one index in its order."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('flow', '0002_workitem_department'),
        ('org', '0002_person_token_generation'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name='workitem',
            name='flow_item_done',
        ),
        migrations.AddField(
            model_name='workitem',
            name='classification',
            field=models.IntegerField(choices=[(0, '非密'), (1, '内部'), (2, '秘密'), (3, '机密'), (4, '绝密')], default=0, verbose_name='密级'),
        ),
        # Both SQLite and PostgreSQL take a correlated subquery in UPDATE … SET.
        migrations.RunSQL(
            "UPDATE flow_workitem SET classification = (SELECT i.classification FROM"
            " flow_flowinstance i WHERE i.id = flow_workitem.instance_id)",
            migrations.RunSQL.noop,
        ),
        migrations.AlterField(
            model_name='workitem',
            name='acted_by',
            field=models.ForeignKey(blank=True, db_index=False, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='实际办理人'),
        ),
        migrations.AddIndex(
            model_name='workitem',
            index=models.Index(fields=['acted_by', '-done_at', '-id'], name='flow_item_done_keyset'),
        ),
    ]
