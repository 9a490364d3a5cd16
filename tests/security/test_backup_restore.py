"""``govoa backup`` then ``govoa restore`` into an empty installation: the same rows in every
table and the same files, byte for byte (GB/T 22239 8.1.4.9). A damaged backup is refused
before anything is written."""

import os
import subprocess
import sys
from pathlib import Path

import psycopg
import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from psycopg.types.string import TextLoader

from govoa.audit.chain import chain_pending
from govoa.audit.checkpoints import checkpoint_create
from govoa.core.backup import files_root, sm3_file
from govoa.org.models import Person
from govoa.testing.scenarios import incoming_scenario

pytestmark = pytest.mark.slow
ROOT = Path(__file__).resolve().parents[2]


def _rows(cursor, tables: list[str]) -> dict[str, list[str]]:
    out = {}
    for table in tables:
        cursor.execute(f'SELECT * FROM "{table}"')  # noqa: S608 — names from introspection
        out[table] = sorted(repr(tuple(_plain(v) for v in row)) for row in cursor.fetchall())
    return out


def _plain(value: object) -> object:
    """One form for the values either driver returns (a timestamp parsed or not, bytes)."""
    if value is None or isinstance(value, int | float):
        return value if not isinstance(value, bool) else int(value)
    if isinstance(value, bytes | memoryview):
        return bytes(value).hex()
    return str(value)


def _files(root: Path) -> dict[str, str]:
    return {str(p.relative_to(root)): sm3_file(p) for p in root.rglob("*") if p.is_file()}


def _restore(env: dict[str, str], source: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # noqa: S603 — our own command
        [sys.executable, "-m", "govoa.cli", "restore", str(source)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )


def _base_env(data_dir: Path) -> dict[str, str]:
    keep = {k: v for k, v in os.environ.items() if not k.startswith(("GOVOA_", "DJANGO_"))}
    return {
        **keep,
        "PYTHONPATH": str(ROOT),
        "GOVOA_DATA_DIR": str(data_dir),
        "GOVOA_SECRET_KEY": "restore-test-" + "k" * 40,
        "GOVOA_AUDIT_KEY": "test-only-audit-key-not-secret",
        "GOVOA_FIELD_KEYS": "t1:000102030405060708090a0b0c0d0e0f",
    }


@pytest.mark.django_db(transaction=True)
def test_backup_and_restore_round_trip(people, tmp_path, settings):
    incoming_scenario(people)
    Person.objects.filter(pk=people.staff.pk).update(phone="13800138000")
    default_storage.save("docs/正文.txt", ContentFile("关于开展安全检查的通知".encode()))
    chain_pending()
    checkpoint_create()
    backup = tmp_path / "backup"
    call_command("backup", str(backup))
    assert (backup / "manifest.json").is_file()
    tables = connection.introspection.table_names()
    with connection.cursor() as cursor:
        before = _rows(cursor, tables)
    files_before = _files(files_root())
    assert files_before

    target = tmp_path / "installation"
    env = _base_env(target)
    if connection.vendor == "postgresql":
        name = f"{connection.settings_dict['NAME']}_restore"
        server = connection.settings_dict
        url = f"postgresql://{server['USER']}@{server['HOST']}:{server['PORT']}"
        with psycopg.connect(f"{url}/postgres", autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
            admin.execute(f"CREATE DATABASE \"{name}\" ENCODING 'UTF8' TEMPLATE template0")
        env.update(
            {
                "DJANGO_SETTINGS_MODULE": "config.settings.production",
                "GOVOA_DATABASE_URL": f"{url}/{name}",
                "GOVOA_ALLOWED_HOSTS": "localhost",
            }
        )
    result = _restore(env, backup)
    assert result.returncode == 0, result.stderr
    if connection.vendor == "postgresql":
        with psycopg.connect(env["GOVOA_DATABASE_URL"]) as restored:
            # Read as Django's connection reads (jsonb, inet and cidr as their text).
            for type_name in ("jsonb", "inet", "cidr"):
                restored.adapters.register_loader(type_name, TextLoader)
            after = _rows(restored.cursor(), tables)
    else:
        import sqlite3

        with sqlite3.connect(target / "govoa.sqlite3") as restored:
            after = _rows(restored.cursor(), tables)
    for table in tables:
        assert after[table] == before[table], table
    assert _files(target / "files") == files_before
    # A second restore into the now full installation is refused.
    again = _restore(env, backup)
    assert again.returncode != 0
    assert "不是空的" in again.stderr
    if connection.vendor == "postgresql":
        with psycopg.connect(f"{url}/postgres", autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}"')


def test_a_damaged_backup_is_refused(people, tmp_path, transactional_db):
    backup = tmp_path / "backup"
    call_command("backup", str(backup))
    call_command("restore", str(backup), "--check")
    db_file = backup / "database.bin"
    data = bytearray(db_file.read_bytes())
    data[len(data) // 2] ^= 0xFF
    db_file.write_bytes(bytes(data))
    with pytest.raises(CommandError, match="SM3"):
        call_command("restore", str(backup), "--check")
