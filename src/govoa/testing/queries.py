from collections.abc import Callable

from django.db import connection
from django.test.utils import CaptureQueriesContext


def query_count(action: Callable[[], object]) -> int:
    """How many SQL queries ``action`` runs (to assert that a list page's count does not grow
    with its rows)."""
    with CaptureQueriesContext(connection) as captured:
        action()
    return len(captured.captured_queries)
