"""What a request costs in SQL, measured in the server that answered it.

Every response gets ``X-Bench-Statements``: the statements the request ran (transaction
control and savepoints left out). A request with ``X-Bench-SQL-Time: 1`` also gets
``X-Bench-SQL-Ms``: the same statements with the same parameters run again, one after the
other on the worker's own connection, inside a transaction that is rolled back (the median of
five runs, rows fetched as Django fetches them). That is the floor the page's time is compared
with: the limit ratio = page time ÷ this."""

import re
import statistics
import time
from collections.abc import Callable
from typing import Any

from django.db import DatabaseError, connection, transaction
from django.http import HttpRequest, HttpResponse

CONTROL = re.compile(r"^\s*(SAVEPOINT|RELEASE SAVEPOINT|ROLLBACK|BEGIN|COMMIT)\b", re.I)
REPEAT = 5

Statement = tuple[str, Any, bool]


def time_statements(statements: list[Statement], repeat: int = REPEAT) -> float:
    """Milliseconds to run ``statements`` once (median of ``repeat`` runs); nothing kept."""
    runs = []
    with transaction.atomic():
        for _ in range(repeat):
            total = 0.0
            for sql, params, many in statements:
                try:
                    with transaction.atomic(), connection.cursor() as cursor:
                        started = time.perf_counter()
                        if many:
                            cursor.executemany(sql, params)
                        else:
                            cursor.execute(sql, params)
                        if cursor.description is not None:
                            cursor.fetchall()
                        total += time.perf_counter() - started
                except DatabaseError:
                    # A write repeated against its own result (a unique key): it ran once in
                    # the request; its time is not counted again here.
                    continue
            runs.append(total)
        transaction.set_rollback(True)
    return statistics.median(runs) * 1000


class BenchSQLMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        statements: list[Statement] = []

        def capture(execute, sql, params, many, context):  # type: ignore[no-untyped-def]
            if not CONTROL.match(sql):
                statements.append((sql, params, many))
            return execute(sql, params, many, context)

        with connection.execute_wrapper(capture):
            response = self.get_response(request)
        response["X-Bench-Statements"] = str(len(statements))
        if request.headers.get("X-Bench-SQL-Time") == "1":
            response["X-Bench-SQL-Ms"] = f"{time_statements(statements):.3f}"
        return response
