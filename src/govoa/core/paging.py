"""Pages of a list whose cost does not grow with history (issue 9).

A page never counts the whole list: it counts at most ``COUNT_CAP`` + 1 rows (``SELECT
COUNT(*) FROM (… LIMIT 1001)``), so a list of ten years costs what a list of one month
costs. Past the cap the page says "more than 1000" and the reader narrows the list with its
filters; pages beyond the cap are not offered (an OFFSET that deep would read the rows it
skips)."""

from functools import cached_property
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import HttpRequest

PAGE_SIZES = (20, 50, 100)
COUNT_CAP = 1000


def capped_count(rows: QuerySet | Any, cap: int | None = None) -> int:
    """How many ``rows`` there are, counting at most ``cap + 1`` of them (``COUNT_CAP``
    unless told)."""
    cap = COUNT_CAP if cap is None else cap
    if isinstance(rows, QuerySet):
        # Kept in the list's order: the rows counted are then the first of the index the
        # page itself reads (without an order the planner may scan the table for "any").
        return rows[: cap + 1].count()
    return min(len(rows), cap + 1)


class CappedPaginator(Paginator):
    @cached_property
    def count(self) -> int:
        return capped_count(self.object_list)

    @cached_property
    def num_pages(self) -> int:
        if self.capped:  # the pages of the first COUNT_CAP rows
            return -(-self.cap // int(self.per_page))
        return super().num_pages

    @property
    def capped(self) -> bool:
        """More rows than were counted: the list says "超过 1000 条"."""
        return self.count > COUNT_CAP

    @property
    def cap(self) -> int:
        return COUNT_CAP


def paginate(request: HttpRequest, queryset: QuerySet, per_page: int = 20) -> Page:
    """The page named by ``?page=`` (a bad or out-of-range number gives the nearest page)."""
    try:
        size = int(request.GET.get("page_size", per_page))
    except ValueError:
        size = per_page
    size = size if size in PAGE_SIZES else per_page
    return CappedPaginator(queryset, size).get_page(request.GET.get("page"))
