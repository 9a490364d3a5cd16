"""``govoa backup`` and ``govoa restore`` (GB/T 22239 8.1.4.9): the database (``pg_dump``
for PostgreSQL, SQLite's online backup API), the stored files and the audit checkpoint file,
with a manifest of SM3 digests that ``restore`` checks before it writes anything. A restore
goes only into an empty installation: no table in the database, no file in the storage."""

import datetime
import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.files.storage import default_storage
from django.db import connection

MANIFEST = "manifest.json"
FORMAT = 1


class BackupError(Exception):
    """A backup or restore refused, with the reason in Chinese."""


def sm3_file(path: Path) -> str:
    digest = hashlib.new("sm3")
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def files_root() -> Path:
    return Path(default_storage.location)  # type: ignore[attr-defined]  # FileSystemStorage


def _walk(root: Path) -> Iterator[Path]:
    if root.is_dir():
        for path in sorted(root.rglob("*")):
            if path.is_file():
                yield path


def _pg_env() -> dict[str, str]:
    db = connection.settings_dict
    env = dict(os.environ)
    env.update(
        {
            "PGHOST": str(db.get("HOST") or "127.0.0.1"),
            "PGPORT": str(db.get("PORT") or 5432),
            "PGUSER": str(db.get("USER") or ""),
            "PGDATABASE": str(db["NAME"]),
        }
    )
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = str(db["PASSWORD"])
    return env


def _run(args: list[str]) -> None:
    result = subprocess.run(  # noqa: S603 — fixed programs, our own arguments
        args, env=_pg_env(), capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        raise BackupError(f"{args[0]} 执行失败：{result.stderr.strip()[:2000]}")


def _dump_database(target: Path) -> str:
    if connection.vendor == "postgresql":
        _run(["pg_dump", "--format=custom", "--no-owner", "--no-privileges", "-f", str(target)])
        return "postgresql"
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        with sqlite3.connect(target) as out:
            connection.connection.backup(out)
        out.close()
        return "sqlite"
    raise BackupError(f"不支持的数据库：{connection.vendor}")


def backup_create(output: Path) -> dict[str, Any]:
    """Writes the backup into ``output`` (a new or empty directory); returns the manifest."""
    if output.exists() and any(output.iterdir()):
        raise BackupError(f"备份目录 {output} 不为空。")
    output.mkdir(parents=True, exist_ok=True)
    engine = _dump_database(output / "database.bin")
    for source in _walk(files_root()):
        target = output / "files" / source.relative_to(files_root())
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(source, target)
    checkpoints = Path(settings.GOVOA_AUDIT_CHECKPOINT_FILE)
    if checkpoints.is_file():
        shutil.copy2(checkpoints, output / "audit-checkpoints.jsonl")
    entries = [
        {"path": str(p.relative_to(output)), "size": p.stat().st_size, "sm3": sm3_file(p)}
        for p in _walk(output)
    ]
    manifest = {
        "format": FORMAT,
        "engine": engine,
        "created_at": datetime.datetime.now(datetime.UTC).isoformat(),
        "entries": entries,
    }
    (output / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=1))
    return manifest


def backup_check(source: Path) -> dict[str, Any]:
    """The manifest, once every file it lists is present with its size and SM3 digest, and no
    other file is there."""
    try:
        manifest: dict[str, Any] = json.loads((source / MANIFEST).read_text())
    except (OSError, ValueError) as exc:
        raise BackupError(f"{source} 中没有可读的备份清单 {MANIFEST}。") from exc
    if manifest.get("format") != FORMAT:
        raise BackupError("备份清单的格式版本不受支持。")
    listed = {entry["path"] for entry in manifest["entries"]}
    present = {str(p.relative_to(source)) for p in _walk(source)} - {MANIFEST}
    if present != listed:
        extra = sorted(present - listed)[:5]
        missing = sorted(listed - present)[:5]
        raise BackupError(f"备份内容与清单不符：多出 {extra}，缺少 {missing}。")
    for entry in manifest["entries"]:
        path = source / entry["path"]
        if path.stat().st_size != entry["size"] or sm3_file(path) != entry["sm3"]:
            raise BackupError(f"备份文件 {entry['path']} 的 SM3 摘要不符：已损坏或被改动。")
    return manifest


def _database_is_empty() -> bool:
    return not connection.introspection.table_names()


def backup_restore(source: Path) -> dict[str, Any]:
    manifest = backup_check(source)
    if manifest["engine"] != connection.vendor:
        raise BackupError(
            f"备份来自 {manifest['engine']} 数据库，不能恢复到 {connection.vendor} 数据库。"
        )
    if not _database_is_empty():
        raise BackupError("目标数据库不是空的：只能恢复到新安装（尚未迁移）的数据库。")
    root = files_root()
    if any(_walk(root)):
        raise BackupError(f"目标文件目录 {root} 不是空的。")
    checkpoints = Path(settings.GOVOA_AUDIT_CHECKPOINT_FILE)
    if (source / "audit-checkpoints.jsonl").is_file() and checkpoints.exists():
        raise BackupError(f"目标审计检查点文件 {checkpoints} 已存在。")
    dump = source / "database.bin"
    if connection.vendor == "postgresql":
        _run(
            [
                "pg_restore",
                "--no-owner",
                "--no-privileges",
                "--exit-on-error",
                "--single-transaction",
                "--dbname",
                str(connection.settings_dict["NAME"]),
                str(dump),
            ]
        )
    else:
        connection.ensure_connection()
        with sqlite3.connect(dump) as source_db:
            source_db.backup(connection.connection)
        source_db.close()
    for path in _walk(source / "files"):
        target = root / path.relative_to(source / "files")
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(path, target)
    if (source / "audit-checkpoints.jsonl").is_file():
        checkpoints.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(source / "audit-checkpoints.jsonl", checkpoints)
    return manifest
