"""Writing rows fast: PostgreSQL's COPY, or multi-row INSERTs elsewhere (SQLite)."""

import json
from collections.abc import Callable, Iterable
from typing import Any

from django.core.management.color import no_style
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, models


def _json(value: Any) -> Any:
    if value is None or isinstance(value, str):  # already JSON text (see ``clone``)
        return value
    return json.dumps(value, cls=DjangoJSONEncoder, ensure_ascii=False)


def _converters(model: type[models.Model]) -> list[Callable[[Any], Any] | None]:
    """Per column: how a Python value becomes what the driver takes."""
    ops = connection.ops
    result: list[Callable[[Any], Any] | None] = []
    for f in model._meta.concrete_fields:
        if isinstance(f, models.JSONField):
            result.append(_json)
        elif connection.vendor == "postgresql":
            result.append(None)
        elif isinstance(f, models.DateTimeField):
            result.append(ops.adapt_datetimefield_value)
        elif isinstance(f, models.DateField):
            result.append(ops.adapt_datefield_value)
        else:
            result.append(None)
    return result


def write(model: type[models.Model], rows: Iterable[list[Any]]) -> int:
    """Insert ``rows`` (values of ``model``'s concrete fields in their order, keys given)."""
    rows = list(rows)
    if not rows:
        return 0
    converters = _converters(model)
    convert = [(i, c) for i, c in enumerate(converters) if c is not None]
    for row in rows:
        for i, c in convert:
            if row[i] is not None:
                row[i] = c(row[i])
    qn = connection.ops.quote_name
    table = qn(model._meta.db_table)
    columns = ", ".join(qn(f.column or f.attname) for f in model._meta.concrete_fields)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            marks = ", ".join(["%s"] * len(converters))
            # Table and column names come from the models, quoted; the values are parameters.
            sql = f"INSERT INTO {table} ({columns}) VALUES ({marks})"  # noqa: S608
            cursor.executemany(sql, rows)
    return len(rows)


def reset_sequences(models_: list[type[models.Model]]) -> None:
    """After inserts with explicit keys: the next key of each table follows the highest."""
    statements = connection.ops.sequence_reset_sql(no_style(), models_)
    if statements:
        with connection.cursor() as cursor:
            for sql in statements:
                cursor.execute(sql)
