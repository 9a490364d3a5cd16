"""The one search box: the person's hits across every registered source, each checked
against its module's own visibility rule (and 密级) inside the query — a record the person
may not see adds no row, no count and no snippet.

A search reads a capped candidate set: the newest ``SEARCH_CAP`` + 1 matching entries the
person may see, as (date, id) pairs, never a count of every hit ("超过 200 条"). The
sources are read in arms, each a query the database plans on its own: one for the sources
whose rule for the person is "the agency's, within clearance" (the entry's own columns say
that), and one per other source, whose rule is a semi-join on the module's visible set
(``object_id IN (…)``, the module's indexed participation rows). A module that lists its
rule's sources (``SearchSource.scopes``: 收文, 发文) has each department it gives the person
read as an arm of its own, from the entry's own department column in date order (ADR 0021):
a department head's third of the agency is then a walk of one index that stops at the cap,
not a semi-join of every record of the department. The arms are one statement on
PostgreSQL, merged in Python elsewhere; a page then loads its (at most 100) entries by id."""

import datetime
import html
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import Any, overload

from django.db import connection
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe

from govoa.core import search
from govoa.core.paging import CappedPaginator, Source
from govoa.core.search_sources import SearchSource, search_source, search_sources
from govoa.org.models import Person
from govoa.org.policies import may_handle_business
from govoa.org.selectors import delegators_read_once
from govoa.search.models import SearchEntry
from govoa.search.substrings import matching_q

MAX_QUERY = 100
SNIPPET = 120
# How many hits a search counts and pages through: past it, "超过 200 条" and the reader adds
# a word or a filter (a search ordered by date is not read ten pages deep).
SEARCH_CAP = 200
NOTHING = Q(pk__in=[])


@dataclass(frozen=True)
class SearchFilters:
    query: str
    sources: Sequence[str] = ()
    date_from: datetime.date | None = None
    date_to: datetime.date | None = None


@dataclass(frozen=True)
class Restricted:
    """A source whose rule for the person is more than "the agency's, within clearance":
    the module's sources of it (``parts``, ``core.paging.Source``) when the module lists
    them (``SearchSource.scopes``), else its rule (a Q on its own model)."""

    key: str
    rule: Q | None
    parts: tuple[Source, ...] = ()


@dataclass(frozen=True)
class Scopes:
    """The person's sources: ``open`` — the rule is "the agency's, within clearance", the
    entry's columns say it; ``restricted`` — the module's rule or its sources."""

    open: tuple[str, ...]
    restricted: tuple[Restricted, ...]
    every_source: bool  # ``open`` is every registered source (no source condition needed)


def _rule(source: SearchSource, person: Person, whole: Q) -> tuple[Q | None, tuple[Source, ...]]:
    """The source's rule for the person, or (``None``, its sources) when the module lists
    them on top of the entry's own "the agency's, within clearance"."""
    if source.scopes is not None:
        base, parts = source.scopes(person)
        if parts is None:
            return base, ()
        if base == whole:
            return (None, tuple(parts)) if parts else (NOTHING, ())
    return source.visible_q(person), ()


def scopes(person: Person, keys: Sequence[str] = ()) -> Scopes:
    whole = Q(agency_id=person.agency_id, classification__lte=person.clearance)
    opened: list[str] = []
    restricted: list[Restricted] = []
    every = True
    for source in search_sources():
        if keys and source.key not in keys:
            every = False
            continue
        rule, parts = _rule(source, person, whole)
        if rule == whole:
            opened.append(source.key)
            continue
        every = False
        if rule != NOTHING:
            restricted.append(Restricted(source.key, rule, parts))
    return Scopes(tuple(opened), tuple(restricted), every)


def _beyond_whole(rule: Q, whole: Q) -> Q | None:
    """What ``rule`` asks beyond "the agency's, within clearance", when it is written so
    (``whole & scope``, as every module's ``*_visible_q`` is): the entry's own columns answer
    the first part (the 密级 is kept with the record, ``indexing``), so the module's table
    need not be read again for it. None when ``rule`` is written otherwise."""
    if rule.connector != Q.AND or rule.negated or rule.children[:2] != whole.children:
        return None
    rest = rule.children[2:]
    return Q(*rest) if rest else None


def _visible_ids(source_key: str, rule: Q, whole: Q) -> Any:
    """The ids of the source's records the person may see, as a subquery: the module's own
    union of participation ids when its rule is ``whole & pk IN (…)``, else its rule."""
    source = search_source(source_key)
    assert source is not None
    scope = _beyond_whole(rule, whole)
    if scope is not None and len(scope.children) == 1 and not scope.negated:
        child: Any = scope.children[0]
        ids_in = isinstance(child, tuple) and child[0] in ("pk__in", "id__in")
        if ids_in and isinstance(child[1], QuerySet):
            return child[1]
    return source.model._default_manager.filter(rule).values("pk")


def _day_start(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def _arms(person: Person, filters: SearchFilters, query: str) -> list[QuerySet]:
    whole = Q(agency_id=person.agency_id, classification__lte=person.clearance)
    rows = SearchEntry.objects.filter(matching_q(query), whole)
    # A range on the column itself (the index's order), not on its date in the local zone.
    if filters.date_from:
        rows = rows.filter(date__gte=_day_start(filters.date_from))
    if filters.date_to:
        rows = rows.filter(date__lt=_day_start(filters.date_to + datetime.timedelta(days=1)))
    scope = scopes(person, filters.sources)
    arms: list[QuerySet] = []
    if scope.open:
        arms.append(rows if scope.every_source else rows.filter(source__in=scope.open))
    for restricted in scope.restricted:
        mine = rows.filter(source=restricted.key)
        if restricted.parts:
            arms += _part_arms(mine, restricted.key, restricted.parts)
        else:
            assert restricted.rule is not None
            arms.append(
                mine.filter(object_id__in=_visible_ids(restricted.key, restricted.rule, whole))
            )
    return [arm.order_by("-date", "-id").values_list("date", "id") for arm in arms]


def _department_of(part: Source, field: str) -> int | None:
    """The department whose records ``part`` is (``Q(<field>=<id>)``), if it is one."""
    condition = part.condition
    if not field or condition.negated or len(condition.children) != 1:
        return None
    child = condition.children[0]
    if isinstance(child, tuple) and child[0] == field and isinstance(child[1], int):
        return child[1]
    return None


def _part_arms(mine: QuerySet, key: str, parts: Sequence[Source]) -> list[QuerySet]:
    """The arms of a source the module lists in parts (ADR 0021): one per department — the
    entries whose own department column is it, newest first from the index
    ``search_entry_department`` (the column is kept with the record at once, as the 密级 is:
    ``indexing._record_changed``) — and one for the other parts together, ``object_id IN
    (their ids' UNION)``, as a source's whole rule is read."""
    source = search_source(key)
    assert source is not None
    records = source.model._default_manager
    arms: list[QuerySet] = []
    others: list[QuerySet] = []
    for part in parts:
        department = _department_of(part, source.department_field)
        if department is not None:
            arms.append(mine.filter(department_id=department))
        elif part.ids is not None:
            others.append(part.ids.order_by())
        else:
            others.append(records.filter(part.condition).values("pk").order_by())
    if others:
        first, *rest = others
        arms.append(mine.filter(object_id__in=first.union(*rest) if rest else first))
    return arms


def search_candidates(*, person: Person, filters: SearchFilters) -> list[int]:
    """The ids of the person's newest ``SEARCH_CAP`` + 1 hits, newest first. On PostgreSQL
    the arms are one statement (``UNION`` of each arm's own newest ``SEARCH_CAP`` + 1, each
    planned on its own); elsewhere one statement per arm."""
    query = filters.query.strip()[:MAX_QUERY]
    if not query or not may_handle_business(person):
        return []
    with delegators_read_once():  # the sources' rules ask for the person's 代理 once
        arms = [arm[: SEARCH_CAP + 1] for arm in _arms(person, filters, query)]
    if not arms:
        return []
    found: set[tuple[datetime.datetime, int]] = set()
    if connection.features.supports_slicing_ordering_in_compound and len(arms) > 1:
        # UNION, not UNION ALL: an entry may be in two arms (a document of the department
        # that the person also handled); the newest distinct ones are among each arm's.
        found.update(arms[0].union(*arms[1:]).order_by("-date", "-id")[: SEARCH_CAP + 1])
    else:
        for arm in arms:
            found.update(arm)
    ordered = sorted(found, reverse=True)
    return [pk for _date, pk in ordered[: SEARCH_CAP + 1]]


class Results(Sequence[SearchEntry]):
    """The person's hits, newest first: the first ``SEARCH_CAP`` candidates (ids); a slice
    loads its entries in one query. ``capped``: there were more (they are not offered)."""

    def __init__(self, ids: list[int]) -> None:
        self.ids = ids[:SEARCH_CAP]
        self.capped = len(ids) > SEARCH_CAP

    def __len__(self) -> int:
        return len(self.ids)

    @overload
    def __getitem__(self, index: int) -> SearchEntry: ...

    @overload
    def __getitem__(self, index: slice) -> list[SearchEntry]: ...

    def __getitem__(self, index: int | slice) -> SearchEntry | list[SearchEntry]:
        if isinstance(index, slice):
            return _entries(self.ids[index])
        return _entries([self.ids[index]])[0]

    def __iter__(self) -> Iterator[SearchEntry]:
        return iter(self[:])


def _entries(ids: list[int]) -> list[SearchEntry]:
    if not ids:
        return []
    rows = SearchEntry.objects.defer("file_text", "file_ids", "search_text").in_bulk(ids)
    return [rows[pk] for pk in ids if pk in rows]


def search_entries(*, person: Person, filters: SearchFilters) -> Results:
    return Results(search_candidates(person=person, filters=filters))


class SearchPaginator(CappedPaginator):
    """Pages of ``Results``, which are counted (and capped) already."""

    def __init__(self, results: Results, per_page: int) -> None:
        super().__init__(results, per_page)
        self.results = results

    @property
    def cap(self) -> int:
        return SEARCH_CAP

    @property
    def capped(self) -> bool:
        return self.results.capped

    @cached_property
    def count(self) -> int:
        return len(self.results)


def _terms(query: str) -> list[str]:
    words = sorted(search.tokens(query), key=len, reverse=True)
    whole = " ".join(query.split())
    return [whole, *words] if whole and whole.lower() not in words else words


def highlight(text: str, query: str, width: int = SNIPPET) -> SafeString:
    """An escaped excerpt of ``text`` around the first term of ``query``, terms in
    ``<mark>``; the start of the text when no term occurs."""
    terms = [t for t in _terms(query) if t]
    if not text:
        return mark_safe("")
    pattern = re.compile("|".join(re.escape(t) for t in terms), re.IGNORECASE) if terms else None
    found = pattern.search(text) if pattern else None
    start = max(0, found.start() - width // 3) if found else 0
    excerpt = " ".join(text[start : start + width].split())
    prefix = "…" if start > 0 else ""
    suffix = "…" if start + width < len(text) else ""
    if pattern is None:
        return mark_safe(html.escape(prefix + excerpt + suffix))  # noqa: S308 - escaped
    parts, last = [], 0
    for match in pattern.finditer(excerpt):
        parts.append(html.escape(excerpt[last : match.start()]))
        parts.append(f"<mark>{html.escape(match.group(0))}</mark>")
        last = match.end()
    parts.append(html.escape(excerpt[last:]))
    return mark_safe(html.escape(prefix) + "".join(parts) + html.escape(suffix))  # noqa: S308


@dataclass(frozen=True)
class Hit:
    source: str
    source_label: str
    object_id: int
    title: SafeString
    number: str
    date: datetime.datetime
    snippet: SafeString
    url: str


def hit_of(entry: SearchEntry, query: str) -> Hit:
    source = search_source(entry.source)
    body = entry.text or entry.title
    return Hit(
        source=entry.source,
        source_label=source.label if source else entry.source,
        object_id=entry.object_id,
        title=highlight(entry.title, query, width=300),
        number=entry.number,
        date=entry.date,
        snippet=highlight(body, query),
        url=source.url(entry.object_id) if source else "",
    )


def source_choices() -> list[tuple[str, str]]:
    return [(s.key, s.label) for s in search_sources()]
