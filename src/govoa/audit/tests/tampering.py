"""What an intruder with write access to the database (but not the audit key) can do."""

from typing import Any

from django.db import connection

from govoa.audit.models import AuditEvent
from govoa.audit.services import audit_record


def record(n: int, action: str = "test.thing.touch") -> list[AuditEvent]:
    return [audit_record(action=action, details={"n": i, "文字": "中文"}) for i in range(n)]


def tamper(sql: str, params: list[Any] | None = None) -> None:
    """Run ``sql`` the way an intruder would: on PostgreSQL the append-only triggers must be
    switched off first (a superuser or the tables' owner can)."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET session_replication_role = replica")
        cursor.execute(sql, params or [])
        if connection.vendor == "postgresql":
            cursor.execute("SET session_replication_role = origin")


def audit_tables() -> dict[str, list[tuple[Any, ...]]]:
    """Every row of the audit tables, to show that something changed nothing."""
    tables = [
        "audit_auditevent",
        "audit_auditchainlink",
        "audit_auditpending",
        "audit_auditcheckpoint",
    ]
    rows = {}
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f"SELECT * FROM {table} ORDER BY 1")  # noqa: S608 — fixed names
            rows[table] = cursor.fetchall()
    return rows
