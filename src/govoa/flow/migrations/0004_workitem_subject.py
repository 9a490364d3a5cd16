"""Work items carry their flow's subject (ADR 0010): the columns, filled from the instances."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('flow', '0003_workitem_classification'),
        ('org', '0002_person_token_generation'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name='workitem',
            name='subject_id',
            field=models.BigIntegerField(blank=True, null=True, verbose_name='业务对象编号'),
        ),
        migrations.AddField(
            model_name='workitem',
            name='subject_type',
            field=models.CharField(blank=True, default='', max_length=100, verbose_name='业务对象类型'),
        ),
        migrations.RunSQL(
            "UPDATE flow_workitem SET"
            " subject_type = (SELECT i.subject_type FROM flow_flowinstance i"
            " WHERE i.id = flow_workitem.instance_id),"
            " subject_id = (SELECT i.subject_id FROM flow_flowinstance i"
            " WHERE i.id = flow_workitem.instance_id)",
            migrations.RunSQL.noop,
        ),
        migrations.AlterField(
            model_name='workitem',
            name='assignee',
            field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.PROTECT, related_name='work_items', to=settings.AUTH_USER_MODEL, verbose_name='办理人'),
        ),
        migrations.AddIndex(
            model_name='workitem',
            index=models.Index(fields=['assignee', 'subject_type', 'subject_id'], name='flow_item_assignee_subject'),
        ),
        migrations.AddIndex(
            model_name='workitem',
            index=models.Index(fields=['acted_by', 'subject_type', 'subject_id'], name='flow_item_acted_subject'),
        ),
    ]
