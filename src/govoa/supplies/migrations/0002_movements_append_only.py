"""Refuse changes to the stock ledger (库存台账) at the database level, not only in Python:
a correction is a new movement (盘点调整), never an edited or deleted one.

PostgreSQL refuses UPDATE and DELETE (a row trigger; TRUNCATE, which the test runner's flush
uses, is not a row operation). SQLite refuses UPDATE only: Django flushes an SQLite test
database with DELETE, and there any writer could drop the trigger anyway."""

from django.db import migrations

TABLE = "supplies_stockmovement"
MESSAGE = "库存变动记录只允许追加，禁止修改或删除"

PG_CREATE = f"""
CREATE OR REPLACE FUNCTION govoa_supplies_refuse_movement_change() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION '{MESSAGE}' USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER {TABLE}_append_only BEFORE UPDATE OR DELETE ON {TABLE}
FOR EACH ROW EXECUTE FUNCTION govoa_supplies_refuse_movement_change();
"""
PG_DROP = f"""
DROP TRIGGER IF EXISTS {TABLE}_append_only ON {TABLE};
DROP FUNCTION IF EXISTS govoa_supplies_refuse_movement_change();
"""
SQLITE_CREATE = f"""
CREATE TRIGGER {TABLE}_no_update BEFORE UPDATE ON {TABLE}
BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END;
"""
SQLITE_DROP = f"DROP TRIGGER IF EXISTS {TABLE}_no_update;"


def create(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(PG_CREATE, params=None)
    elif vendor == "sqlite":
        schema_editor.execute(SQLITE_CREATE, params=None)


def drop(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(PG_DROP, params=None)
    elif vendor == "sqlite":
        schema_editor.execute(SQLITE_DROP, params=None)


class Migration(migrations.Migration):
    dependencies = [("supplies", "0001_initial")]
    operations = [migrations.RunPython(create, drop)]
