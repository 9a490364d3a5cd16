"""PostgreSQL: the secondary indexes and foreign keys of the tables the history fills are
dropped before the bulk load and made again after it (issue 9: ``large`` in under 30 minutes).

Keeping a dozen B-trees in random key order up to date row by row, and one foreign-key
trigger per row and key, costs far more than building each index once from the loaded
table and checking each key once in one join. Primary keys and unique constraints stay, so a
duplicate is still refused as it is written; the foreign keys are added back *with*
validation, so a row pointing nowhere fails the build instead of hiding in the data."""

import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.db import connection, models


@dataclass
class Deferred:
    """What was dropped, as the statements that make it again (indexes first)."""

    indexes: list[str] = field(default_factory=list)
    foreign_keys: list[tuple[str, str, str]] = field(default_factory=list)  # table, name, def


def _tables(models_: Iterable[type[models.Model]]) -> list[str]:
    return list(dict.fromkeys(m._meta.db_table for m in models_))


def drop(models_: Iterable[type[models.Model]]) -> Deferred:
    """Drop the non-unique indexes and the foreign keys of ``models_``' tables."""
    deferred = Deferred()
    if connection.vendor != "postgresql" or connection.in_atomic_block:
        # Inside a transaction (a test's) the indexes made again would be of no use to it:
        # an index built where rows were HOT-updated in the same transaction is ignored by
        # that transaction's plans (``indcheckxmin``). A test's history is small anyway.
        return deferred
    tables = _tables(models_)
    qn = connection.ops.quote_name
    with connection.cursor() as cursor:
        # Checks still pending in the surrounding transaction (a test's) run now: a table
        # with pending trigger events cannot be altered.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute(
            """
            SELECT c.conrelid::regclass::text, c.conname, pg_get_constraintdef(c.oid)
            FROM pg_constraint c
            WHERE c.contype = 'f' AND c.conrelid::regclass::text = ANY(%s)
            ORDER BY 1, 2
            """,
            [tables],
        )
        deferred.foreign_keys = list(cursor.fetchall())
        cursor.execute(
            """
            SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid)
            FROM pg_index i
            WHERE i.indrelid::regclass::text = ANY(%s)
              AND NOT i.indisprimary AND NOT i.indisunique
              AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)
            ORDER BY 1
            """,
            [tables],
        )
        indexes = cursor.fetchall()
        deferred.indexes = [definition for _, definition in indexes]
        for table, name, _ in deferred.foreign_keys:
            cursor.execute(f"ALTER TABLE {qn(table)} DROP CONSTRAINT {qn(name)}")
        for name, _ in indexes:
            cursor.execute(f"DROP INDEX {name}")  # regclass text: already quoted as needed
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")  # Django's foreign keys' default
    return deferred


def restore(deferred: Deferred, progress: Callable[[str], None]) -> None:
    """Build the indexes again and add the foreign keys back, checking every row."""
    if connection.vendor != "postgresql" or not (deferred.indexes or deferred.foreign_keys):
        return
    qn = connection.ops.quote_name
    began = time.monotonic()
    with connection.cursor() as cursor:
        # For this session only: sort in memory when building the indexes.
        cursor.execute("SET maintenance_work_mem TO '256MB'")
        for definition in deferred.indexes:
            cursor.execute(definition)
        progress(f"索引重建：{len(deferred.indexes)} 个，{time.monotonic() - began:.0f} 秒")
        began = time.monotonic()
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        for table, name, definition in deferred.foreign_keys:
            cursor.execute(f"ALTER TABLE {qn(table)} ADD CONSTRAINT {qn(name)} {definition}")
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")
        cursor.execute("RESET maintenance_work_mem")
    progress(f"外键校验：{len(deferred.foreign_keys)} 个，{time.monotonic() - began:.0f} 秒")


def analyze(models_: Iterable[type[models.Model]]) -> None:
    """Statistics and the visibility map of the loaded tables, as autovacuum would leave them
    (index-only scans need the latter)."""
    if connection.vendor != "postgresql" or connection.in_atomic_block:
        return  # VACUUM cannot run inside a transaction (a test's)
    qn = connection.ops.quote_name
    with connection.cursor() as cursor:
        for table in _tables(models_):
            cursor.execute(f"VACUUM (ANALYZE) {qn(table)}")


def analyze_everything() -> None:
    """Statistics of every table, once the modules' own phases (督办, 用品, 会议, 档案, …)
    have written theirs. Without them the planner takes a grown table for empty and picks
    plans that read it whole (the 档案目录 read 261,626 rows for a page of 50 on ``large``).
    On tables already vacuumed this costs little (all-visible pages are skipped): ~40 s on
    ``large``."""
    if connection.vendor != "postgresql" or connection.in_atomic_block:
        return
    with connection.cursor() as cursor:
        cursor.execute("VACUUM (ANALYZE)")
