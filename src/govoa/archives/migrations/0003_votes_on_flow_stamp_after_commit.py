import django.db.models.deletion
from django.db import migrations, models


def _joined_from_the_audit_log(apps, schema_editor):
    """Items joined into another's 件 before ``joined_into`` existed: the join's audit event
    names both (the 件 as its object, the joined item in its details)."""
    AuditEvent = apps.get_model("audit", "AuditEvent")
    ArchiveRecord = apps.get_model("archives", "ArchiveRecord")
    events = AuditEvent.objects.filter(action="archives.record.join").order_by("pk")
    for object_id, details in events.values_list("object_id", "details").iterator():
        other = (details or {}).get("other_id")
        if isinstance(other, int) and object_id.isdigit():
            ArchiveRecord.objects.filter(pk=other, joined_into__isnull=True).update(
                joined_into_id=int(object_id)
            )


def _open_appraisals_onto_the_flow(apps, schema_editor):
    """鉴定 still being voted on (0002's own mechanism) get their vote flow: the votes cast
    close their members' 待办, the others find one on the workbench. Runs the service (the
    engine's rows are written as the engine writes them); nothing to do on a new database."""
    if not apps.get_model("archives", "Appraisal").objects.filter(status="voting").exists():
        return
    from govoa.archives.services.appraisal import appraisal_vote_flows_backfill

    appraisal_vote_flows_backfill()


class Migration(migrations.Migration):
    dependencies = [
        ("archives", "0002_appraisal_votes"),
        ("audit", "0005_retention_purge"),
        ("flow", "0006_checklistresult_note"),
    ]

    operations = [
        migrations.AlterField(
            model_name="appraisal",
            name="status",
            field=models.CharField(
                choices=[
                    ("voting", "鉴定小组表决中"),
                    ("decided", "已鉴定"),
                    ("cancelled", "已撤销"),
                ],
                default="voting",
                max_length=10,
                verbose_name="状态",
            ),
        ),
        migrations.AddField(
            model_name="archiverecord",
            name="stamp_pending",
            field=models.BooleanField(default=False, verbose_name="归档章待加盖"),
        ),
        migrations.AddField(
            model_name="archiverecord",
            name="stamp_error",
            field=models.CharField(
                blank=True, max_length=300, verbose_name="归档章加盖失败原因"
            ),
        ),
        migrations.AddField(
            model_name="archiverecord",
            name="joined_into",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="joined",
                to="archives.archiverecord",
                verbose_name="组入的件",
            ),
        ),
        migrations.AddIndex(
            model_name="archiverecord",
            index=models.Index(
                condition=models.Q(("stamp_pending", True)),
                fields=["id"],
                name="archives_stamp_pending",
            ),
        ),
        migrations.RunPython(_joined_from_the_audit_log, migrations.RunPython.noop),
        migrations.RunPython(_open_appraisals_onto_the_flow, migrations.RunPython.noop),
    ]
