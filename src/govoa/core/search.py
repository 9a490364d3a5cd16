"""Chinese search through an index (DESIGN §5, issue 9), for the registers and any list that
searches text.

A searchable model keeps ``search_text``: its searchable fields segmented by rjieba
(``cut_for_search``), one token per word, kept by the model's ``save``. The database indexes
that column — PostgreSQL with a GIN index on ``to_tsvector('simple', search_text)``, SQLite
with an FTS5 table (``unicode61``) kept in step by triggers — and ``matching`` asks for
every word of the query through that index, never with ``LIKE '%…%'`` over the table.

The indexes and triggers are made (if missing) after every ``migrate`` (``ensure_indexes``,
from ``post_migrate``), so a later migration that rebuilds a table on SQLite cannot leave
it without them. See ADR 0010 and docs/stack-notes."""

import re
from collections.abc import Iterable
from typing import Any, overload

import rjieba
from django.db import connection
from django.db.models import BooleanField, Model, QuerySet
from django.db.models.expressions import RawSQL

from govoa.core.paging import TopOfEach

_WORD = re.compile(r"\w")  # a token with a letter or digit (not punctuation or space)
_registered: list[type[Model]] = []


def tokens(text: str) -> list[str]:
    """The words of ``text`` as the index holds them (lower case, each once, in order)."""
    words = (t.strip().lower() for t in rjieba.cut_for_search(text or ""))
    return list(dict.fromkeys(t for t in words if _WORD.search(t)))


def index_text(values: Iterable[Any]) -> str:
    """The ``search_text`` of a row whose searchable fields hold ``values``."""
    return " ".join(tokens(" ".join(str(v) for v in values if v)))


def register(model: type[Model]) -> None:
    """Index ``model.search_text`` (called from the app's ``ready``)."""
    if model not in _registered:
        _registered.append(model)


def _fts(model: type[Model]) -> str:
    return f"{model._meta.db_table}_fts"


@overload
def matching(qs: QuerySet, query: str) -> QuerySet: ...
@overload
def matching(qs: TopOfEach, query: str) -> TopOfEach: ...
@overload
def matching(qs: QuerySet | TopOfEach, query: str) -> QuerySet | TopOfEach: ...
def matching(qs: QuerySet | TopOfEach, query: str) -> QuerySet | TopOfEach:
    """The rows of ``qs`` whose text holds every word of ``query`` (a queryset, or a
    register read per source: ``core.paging.TopOfEach``, every source filtered)."""
    words = tokens(query)
    if not words:
        return qs.none()
    table = connection.ops.quote_name(qs.model._meta.db_table)
    if connection.vendor == "postgresql":
        # The same expression as the GIN index, so that the planner uses it.
        condition = RawSQL(
            f"to_tsvector('simple', {table}.search_text) @@ plainto_tsquery('simple', %s)",
            (" ".join(words),),
            output_field=BooleanField(),
        )
        return qs.filter(condition)
    fts = _fts(qs.model)
    phrase = " ".join('"' + w.replace('"', '""') + '"' for w in words)
    return qs.filter(pk__in=RawSQL(f"SELECT rowid FROM {fts} WHERE {fts} MATCH %s", (phrase,)))


def ensure_indexes(**_kwargs: Any) -> None:
    """Create what ``matching`` reads for every registered model, if it is missing."""
    with connection.cursor() as cursor:
        tables = set(connection.introspection.table_names(cursor))
        for model in _registered:
            table = model._meta.db_table
            if table not in tables:
                continue
            if connection.vendor == "postgresql":
                cursor.execute(
                    f"CREATE INDEX IF NOT EXISTS {table}_search ON {table} "
                    "USING gin (to_tsvector('simple', search_text))"
                )
            elif connection.vendor == "sqlite":
                _ensure_fts(cursor, model, tables)


def _ensure_fts(cursor: Any, model: type[Model], tables: set[str]) -> None:
    table, fts = model._meta.db_table, _fts(model)
    triggers = {
        f"{fts}_ai": f"AFTER INSERT ON {table} BEGIN "
        f"INSERT INTO {fts}(rowid, search_text) VALUES (new.id, new.search_text); END",
        f"{fts}_ad": f"AFTER DELETE ON {table} BEGIN INSERT INTO {fts}({fts}, rowid, "
        f"search_text) VALUES ('delete', old.id, old.search_text); END",
        f"{fts}_au": f"AFTER UPDATE ON {table} BEGIN INSERT INTO {fts}({fts}, rowid, "
        f"search_text) VALUES ('delete', old.id, old.search_text); "
        f"INSERT INTO {fts}(rowid, search_text) VALUES (new.id, new.search_text); END",
    }
    cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
    present = {row[0] for row in cursor.fetchall()}
    if fts in tables and set(triggers) <= present:
        return
    cursor.execute(
        f"CREATE VIRTUAL TABLE IF NOT EXISTS {fts} USING fts5(search_text, "
        f"content='{table}', content_rowid='id', tokenize='unicode61')"
    )
    for name, body in triggers.items():
        cursor.execute(f"CREATE TRIGGER IF NOT EXISTS {name} {body}")
    # New, or its table was rebuilt without the triggers: index every row again.
    cursor.execute(f"INSERT INTO {fts}({fts}) VALUES ('rebuild')")
