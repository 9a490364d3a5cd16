"""Checkpoints are append-only like events and links (the trigger function of 0002), and the
events that had no link yet are queued for the new chainer (a one-off scan at migration)."""

from django.db import migrations

CREATE = (
    "CREATE TRIGGER audit_auditcheckpoint_append_only BEFORE UPDATE OR DELETE "
    "ON audit_auditcheckpoint FOR EACH ROW EXECUTE FUNCTION govoa_audit_refuse_change();"
)
DROP = "DROP TRIGGER IF EXISTS audit_auditcheckpoint_append_only ON audit_auditcheckpoint;"


def create_trigger(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE, params=None)


def drop_trigger(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP, params=None)


def queue_unchained(apps, schema_editor):
    from govoa.audit.chain import event_digest

    event_model = apps.get_model("audit", "AuditEvent")
    pending_model = apps.get_model("audit", "AuditPending")
    unchained = event_model.objects.filter(link__isnull=True).order_by("pk")
    pending_model.objects.bulk_create(
        (pending_model(event=event, digest=event_digest(event)) for event in unchained.iterator()),
        batch_size=1000,
    )


class Migration(migrations.Migration):
    dependencies = [("audit", "0003_pending_queue_and_checkpoints")]
    operations = [
        migrations.RunPython(create_trigger, drop_trigger),
        migrations.RunPython(queue_unchained, migrations.RunPython.noop),
    ]
