"""What a query matches in the index: every word of it (rjieba words: on PostgreSQL the
stored ``search_vector`` column and its GIN index, migration 0003; on SQLite the FTS5 table
of ``core.search``), or — for 3 characters or more — the query as a substring of the title
or 文号 (``2026〕12``, ``发改函``): pg_trgm GIN indexes on PostgreSQL, an FTS5 ``trigram``
table on SQLite. Both are made if missing after every ``migrate``, like ``core.search``'s."""

import logging
from typing import Any

from django.db import connection
from django.db.models import BooleanField, Q
from django.db.models.expressions import RawSQL

from govoa.core import search

logger = logging.getLogger("govoa.search")

TABLE = "search_searchentry"
TRIGRAMS = f"{TABLE}_trgm"
MIN_SUBSTRING = 3


def _like(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def query_words(query: str) -> list[str]:
    """The words a query asks for: its rjieba words less those inside a longer Chinese word
    of it (``cut_for_search`` gives 办公室 as 办公, 公室, 办公室; an entry holding 办公室 was
    given its 办公 and 公室 too, so asking for them changes nothing — but the planner, taking
    the three as independent, would expect a hundredth of the rows it finds)."""
    words = search.tokens(query)
    chinese = [w for w in words if not w.isascii()]
    return [
        w for w in words if w.isascii() or not any(w != other and w in other for other in chinese)
    ]


def words_q(query: str) -> Q:
    words = query_words(query)
    if not words:
        return Q(pk__in=[])
    if connection.vendor == "postgresql":
        return Q(
            RawSQL(
                f"{TABLE}.search_vector @@ plainto_tsquery('simple', %s)",
                (" ".join(words),),
                output_field=BooleanField(),
            )
        )
    fts = f"{TABLE}_fts"
    phrase = " ".join('"' + w.replace('"', '""') + '"' for w in words)
    return Q(pk__in=RawSQL(f"SELECT rowid FROM {fts} WHERE {fts} MATCH %s", (phrase,)))


def substring_q(query: str) -> Q:
    text = " ".join(query.split())
    if len(text) < MIN_SUBSTRING:
        return Q(pk__in=[])
    if connection.vendor == "postgresql":
        return Q(
            RawSQL(
                f"({TABLE}.title ILIKE %s OR {TABLE}.number ILIKE %s)",
                (_like(text), _like(text)),
                output_field=BooleanField(),
            )
        )
    phrase = '"' + text.replace('"', '""') + '"'
    return Q(pk__in=RawSQL(f"SELECT rowid FROM {TRIGRAMS} WHERE {TRIGRAMS} MATCH %s", (phrase,)))


def matching_q(query: str) -> Q:
    """On PostgreSQL one condition, ``search_vector @@ … OR title ILIKE … OR number ILIKE …``:
    the planner either ORs the three GIN indexes' bitmaps (a rare word, a 文号 fragment) or,
    for a frequent word, walks the entries newest first and stops at the cap (the
    candidates, ``selectors``) — it knows which from the column's word statistics."""
    if connection.vendor != "postgresql":
        return words_q(query) | substring_q(query)
    words = query_words(query)
    text = " ".join(query.split())
    arms, params = [], []
    if words:
        arms.append(f"{TABLE}.search_vector @@ plainto_tsquery('simple', %s)")
        params.append(" ".join(words))
    if len(text) >= MIN_SUBSTRING:
        arms.append(f"{TABLE}.title ILIKE %s OR {TABLE}.number ILIKE %s")
        params += [_like(text), _like(text)]
    if not arms:
        return Q(pk__in=[])
    return Q(RawSQL("(" + " OR ".join(arms) + ")", tuple(params), output_field=BooleanField()))


def ensure_indexes(**_kwargs: Any) -> None:
    with connection.cursor() as cursor:
        if TABLE not in set(connection.introspection.table_names(cursor)):
            return
        if connection.vendor == "postgresql":
            _ensure_trgm(cursor)
        elif connection.vendor == "sqlite":
            _ensure_sqlite_trigrams(cursor)


def _ensure_trgm(cursor: Any) -> None:
    cursor.execute("SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm'")
    if cursor.fetchone() is None:
        logger.warning("search: pg_trgm is not installed; 文号 substrings are read unindexed")
        return
    for column in ("title", "number"):
        cursor.execute(
            f"CREATE INDEX IF NOT EXISTS {TABLE}_{column}_trgm ON {TABLE} "
            f"USING gin ({column} gin_trgm_ops)"
        )


def _ensure_sqlite_trigrams(cursor: Any) -> None:
    columns = "title, number"
    new_values = "new.id, new.title, new.number"
    old_values = "'delete', old.id, old.title, old.number"
    triggers = {
        f"{TRIGRAMS}_ai": f"AFTER INSERT ON {TABLE} BEGIN INSERT INTO {TRIGRAMS}(rowid, "
        f"{columns}) VALUES ({new_values}); END",
        f"{TRIGRAMS}_ad": f"AFTER DELETE ON {TABLE} BEGIN INSERT INTO {TRIGRAMS}({TRIGRAMS}, "
        f"rowid, {columns}) VALUES ({old_values}); END",
        f"{TRIGRAMS}_au": f"AFTER UPDATE ON {TABLE} BEGIN INSERT INTO {TRIGRAMS}({TRIGRAMS}, "
        f"rowid, {columns}) VALUES ({old_values}); INSERT INTO {TRIGRAMS}(rowid, {columns}) "
        f"VALUES ({new_values}); END",
    }
    cursor.execute("SELECT name FROM sqlite_master WHERE type IN ('trigger', 'table')")
    present = {row[0] for row in cursor.fetchall()}
    if TRIGRAMS in present and set(triggers) <= present:
        return
    cursor.execute(
        f"CREATE VIRTUAL TABLE IF NOT EXISTS {TRIGRAMS} USING fts5({columns}, "
        f"content='{TABLE}', content_rowid='id', tokenize='trigram')"
    )
    for name, body in triggers.items():
        cursor.execute(f"CREATE TRIGGER IF NOT EXISTS {name} {body}")
    cursor.execute(f"INSERT INTO {TRIGRAMS}({TRIGRAMS}) VALUES ('rebuild')")
