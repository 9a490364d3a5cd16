"""System checks of the deployment (run by ``migrate`` and ``check --database default``)."""

from typing import Any

from django.core.checks import CheckMessage, Error, Tags, register
from django.db import connections


@register(Tags.database)
def database_uses_utf8_ctype(
    app_configs: Any, databases: Any = None, **kwargs: Any
) -> list[CheckMessage]:
    """Chinese full-text and substring search need a UTF-8 LC_CTYPE on PostgreSQL: under
    ``C``, pg_trgm extracts no trigram at all from Chinese text."""
    problems: list[CheckMessage] = []
    for alias in databases or []:
        connection = connections[alias]
        if connection.vendor != "postgresql":
            continue
        with connection.cursor() as cursor:
            cursor.execute("SELECT datctype FROM pg_database WHERE datname = current_database()")
            row = cursor.fetchone()
        problem = ctype_problem((row[0] if row else "") or "")
        if problem is not None:
            problems.append(problem)
    return problems


def ctype_problem(ctype: str) -> Error | None:
    if "utf8" in ctype.lower().replace("-", ""):
        return None
    return Error(
        f"数据库的 LC_CTYPE 是“{ctype}”，不是 UTF-8；中文检索将无法工作。",
        hint="用 UTF-8 的 LC_CTYPE 重建数据库，如 CREATE DATABASE … LC_CTYPE 'C.UTF-8' "
        "TEMPLATE template0。",
        id="govoa.E001",
    )
