"""On PostgreSQL, refuse UPDATE and DELETE on the audit tables at the database level.

SQLite has no equivalent worth the name (any writer can drop a trigger); there the hash chain
alone detects tampering."""

from django.db import migrations

TABLES = ["audit_auditevent", "audit_auditchainlink"]

CREATE = """
CREATE OR REPLACE FUNCTION govoa_audit_refuse_change() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION '审计记录只允许追加，禁止修改或删除（%）', TG_TABLE_NAME
        USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;
""" + "".join(
    f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
    f"FOR EACH ROW EXECUTE FUNCTION govoa_audit_refuse_change();\n"
    for table in TABLES
)

DROP = "".join(f"DROP TRIGGER IF EXISTS {table}_append_only ON {table};\n" for table in TABLES) + (
    "DROP FUNCTION IF EXISTS govoa_audit_refuse_change();"
)


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE, params=None)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP, params=None)


class Migration(migrations.Migration):
    dependencies = [("audit", "0001_initial")]
    operations = [migrations.RunPython(create, drop)]
