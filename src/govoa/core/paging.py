"""Pages of a list whose cost does not grow with history (issue 9).

A page never counts the whole list: it counts at most ``COUNT_CAP`` + 1 rows (``SELECT
COUNT(*) FROM (… LIMIT 1001)``), so a list of ten years costs what a list of one month
costs. Past the cap the page says "more than 1000" and the reader narrows the list with its
filters; pages beyond the cap are not offered (an OFFSET that deep would read the rows it
skips)."""

from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property
from typing import Any, Self, cast

from django.core.paginator import Page, Paginator
from django.db import connection
from django.db.models import BooleanField, Model, Q, QuerySet
from django.db.models.expressions import RawSQL
from django.http import HttpRequest

PAGE_SIZES = (20, 50, 100)
COUNT_CAP = 1000


def newest_first(rows: QuerySet, *, after: int | None, field: str = "created_at") -> QuerySet:
    """``rows`` newest first by ``(field, pk)``, after the row ``after`` (its id, the "load more"
    key of the page before). Ordered by a column the primary key cannot give, a list of one
    person's or department's rows is read from its ``(person, -field, -id)`` index: the planner
    cannot walk the primary key backwards past other people's newer rows (issue 18). The next
    page starts at the row comparison ``(field, id) < ((SELECT field … WHERE id = after),
    after)`` in the same statement, which the same index answers as its start; an unknown
    ``after`` gives no rows."""
    if after:
        meta = rows.model._meta
        quote = connection.ops.quote_name
        table, column = quote(meta.db_table), quote(meta.get_field(field).column)
        key = quote(meta.pk.column)
        # Names from the model, quoted; the key is a parameter.
        compare = (
            f"({table}.{column}, {table}.{key}) < "  # noqa: S608
            f"((SELECT {column} FROM {table} WHERE {key} = %s), %s)"
        )
        rows = rows.filter(RawSQL(compare, (after, after), output_field=BooleanField()))  # noqa: S611
    return rows.order_by(f"-{field}", "-pk")


def capped_count(rows: QuerySet | Any, cap: int | None = None) -> int:
    """How many ``rows`` there are, counting at most ``cap + 1`` of them (``COUNT_CAP``
    unless told)."""
    cap = COUNT_CAP if cap is None else cap
    if isinstance(rows, TopOfEach):
        return rows.capped_count(cap)
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


def paginate(request: HttpRequest, queryset: "QuerySet | TopOfEach", per_page: int = 20) -> Page:
    """The page named by ``?page=`` (a bad or out-of-range number gives the nearest page)."""
    try:
        size = int(request.GET.get("page_size", per_page))
    except ValueError:
        size = per_page
    size = size if size in PAGE_SIZES else per_page
    # A TopOfEach is sliced and counted like a queryset (``capped_count``); it has no len().
    rows = cast(Any, queryset)
    return CappedPaginator(rows, size).get_page(request.GET.get("page"))


@dataclass(frozen=True)
class Source:
    """One source of a person's part of a list: a ``condition`` on the list's rows, the ids
    it stands for as a subquery (``ids``: for one row's check, a semi-join over the
    sources' UNION), and whether an index reads its rows in the list's order
    (``ordered``: a column of the row itself, e.g. the document's department). ``order``:
    the order to read it in when not the list's own — the same values through a join, e.g.
    the 发文 distributed to a department in the order of the distribution's copy of the
    document's key, so that the distribution's index is walked (ADR 0019)."""

    condition: Q
    ids: QuerySet | None = None
    ordered: bool = False
    order: tuple[str, ...] | None = None


class TopOfEach:
    """The rows of a union of ``sources`` (querysets of one model) in ``order``, read as the
    first rows of each source (ADR 0018).

    Whoever asks for rows ``[a:b]`` of the list gets them from ``pk IN (first b of source 1
    UNION ALL first b of source 2 …)`` ordered again: the first ``b`` rows of a union are
    among the first ``b`` of each of its parts. Each source is read in the list's order
    and stops after ``b`` rows — from an index in that order where it has one (the
    ``ordered`` sources: a page of rows each), else by walking the list's own index and
    probing the source, or by reading the source's rows, whichever the planner finds
    cheaper. Filters go into every source (``filter``/``exclude``), never on the union,
    or a source's first rows could all be filtered out. ``finish`` adds what the page
    shows (joins, annotations) to the outer query only.

    Counting (``capped_count``) asks the ``ordered`` sources first, in the same statement:
    when they alone hold more than the cap, the others are not read.

    It answers what the lists ask of a queryset: ``[a:b]``, ``first()``, ``filter``,
    ``exclude``, ``none`` and, through ``capped_count``, a count. It has no unbounded
    iteration: a window is always named."""

    ordered = True

    def __init__(
        self,
        model: type[Model],
        sources: list[QuerySet],
        order: tuple[str, ...],
        finish: Callable[[QuerySet], QuerySet] | None = None,
        *,
        indexed: int = 0,
        orders: list[tuple[str, ...]] | None = None,
    ) -> None:
        self.model = model
        self.sources = sources
        self.order = order
        self.finish = finish
        self.indexed = indexed  # the first ``indexed`` sources are read from ordered indexes
        # The order each source is read in (the list's own unless its Source says).
        self.orders = orders if orders is not None else [order] * len(sources)

    @classmethod
    def of(
        cls,
        rows: QuerySet,
        sources: list[Source],
        order: tuple[str, ...],
        finish: Callable[[QuerySet], QuerySet] | None = None,
    ) -> "TopOfEach":
        """``rows`` (a queryset of the list's model, e.g. its agency and clearance) as
        seen through each of ``sources``, the ordered ones first."""
        ranked = sorted(sources, key=lambda source: not source.ordered)
        return cls(
            rows.model,
            [rows.filter(source.condition) for source in ranked],
            order,
            finish,
            indexed=sum(1 for source in sources if source.ordered),
            orders=[source.order or order for source in ranked],
        )

    def _with(self, sources: list[QuerySet]) -> Self:
        orders = self.orders if sources else []
        return type(self)(
            self.model, sources, self.order, self.finish, indexed=self.indexed, orders=orders
        )

    def filter(self, *args: Any, **kwargs: Any) -> Self:
        return self._with([s.filter(*args, **kwargs) for s in self.sources])

    def exclude(self, *args: Any, **kwargs: Any) -> Self:
        return self._with([s.exclude(*args, **kwargs) for s in self.sources])

    def none(self) -> Self:
        return self._with([])

    def _rows(self, size: int, sources: list[QuerySet]) -> QuerySet:
        rows = self.model._default_manager.all()
        if not sources or size <= 0:
            return rows.none()
        return rows.filter(pk__in=tops(sources, self.orders[: len(sources)], size))

    def window(self, size: int) -> QuerySet:
        """The list's first ``size`` rows (and maybe more, never fewer), in its order."""
        rows = self._rows(size, self.sources)
        if self.finish is not None:
            rows = self.finish(rows)
        return rows.order_by(*self.order)

    def capped_count(self, cap: int) -> int:
        """How many rows, counting at most ``cap + 1``: one statement, which reads the
        sources without an ordered index only when the others hold ``cap`` rows or
        fewer (a department's long history answers "more than ``cap``" from its index)."""
        every = self._counted(cap, self.sources)
        if not 0 < self.indexed < len(self.sources) or every is None:
            return self._rows(cap + 1, self.sources).order_by(*self.order)[: cap + 1].count()
        first = self._counted(cap, self.sources[: self.indexed])
        assert first is not None
        sql = f"SELECT CASE WHEN ({first[0]}) > %s THEN %s ELSE ({every[0]}) END"
        with connection.cursor() as cursor:
            cursor.execute(sql, [*first[1], cap, cap + 1, *every[1]])
            (counted,) = cursor.fetchone()
        return int(counted)

    def _counted(self, cap: int, sources: list[QuerySet]) -> tuple[str, tuple] | None:
        """``SELECT COUNT(*) FROM (the first cap + 1 rows of sources)``, as SQL."""
        if not sources:
            return None
        rows = self._rows(cap + 1, sources).order_by(*self.order).values("pk")[: cap + 1]
        sql, params = rows.query.sql_with_params()
        # Django's own compiled SQL; every value stays a parameter.
        return f"SELECT COUNT(*) FROM ({sql}) counted", tuple(params)  # noqa: S608

    def __getitem__(self, key: int | slice) -> Any:
        if isinstance(key, slice):
            if key.stop is None or (key.step or 1) != 1:
                raise TypeError("TopOfEach: only a bounded window [a:b] may be read.")
            return self.window(key.stop)[key]
        return self.window(key + 1)[key]

    def first(self) -> Any:
        return self.window(1).first()


def tops(sources: list[QuerySet], orders: list[tuple[str, ...]], size: int) -> RawSQL:
    """``SELECT id FROM (first ``size`` rows of source 1 in its order) UNION ALL …``: the
    candidates for the first ``size`` rows of the union (a subquery for ``pk__in``).

    Each source is compiled on its own and wrapped in a derived table, which both databases
    accept with an ORDER BY and a LIMIT (SQLite refuses them on the members of a UNION)."""
    parts: list[str] = []
    params: list[Any] = []
    for n, (source, order) in enumerate(zip(sources, orders, strict=True)):
        sql, args = source.order_by(*order).values("pk")[:size].query.sql_with_params()
        # One column, whatever Django names it.
        parts.append(f"SELECT * FROM ({sql}) t{n}")  # noqa: S608 — compiled by Django
        params += args
    return RawSQL(" UNION ALL ".join(parts), params)  # noqa: S611 — values are parameters
