"""The one search box: the person's hits across every registered source, each checked
against its module's own visibility rule (and 密级) inside the query — a record the person
may not see adds no row, no count and no snippet."""

import datetime
import html
import re
from collections.abc import Sequence
from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.utils.safestring import SafeString, mark_safe

from govoa.core import search
from govoa.core.search_sources import search_source, search_sources
from govoa.org.models import Person
from govoa.org.policies import may_handle_business
from govoa.search.models import SearchEntry
from govoa.search.substrings import matching_q

MAX_QUERY = 100
SNIPPET = 120


@dataclass(frozen=True)
class SearchFilters:
    query: str
    sources: Sequence[str] = ()
    date_from: datetime.date | None = None
    date_to: datetime.date | None = None


def visible_entries_q(person: Person, keys: Sequence[str] = ()) -> Q:
    """Entries of the records the person may see, source by source (a semi-join on each
    module's visible set, ADR 0010)."""
    scope = Q(pk__in=[])
    whole = Q(agency_id=person.agency_id, classification__lte=person.clearance)
    for source in search_sources():
        if keys and source.key not in keys:
            continue
        rule = source.visible_q(person)
        if rule == whole:
            # The module's rule for this person is "the agency's, within clearance": the
            # entry's own columns say that (kept with the record), no semi-join needed.
            scope |= Q(source=source.key)
            continue
        visible = source.model._default_manager.filter(rule).values("pk")
        scope |= Q(source=source.key, object_id__in=visible)
    return scope


def search_entries(*, person: Person, filters: SearchFilters) -> QuerySet[SearchEntry]:
    query = filters.query.strip()[:MAX_QUERY]
    if not query or not may_handle_business(person):
        return SearchEntry.objects.none()
    rows = SearchEntry.objects.filter(
        matching_q(query),
        visible_entries_q(person, filters.sources),
        agency_id=person.agency_id,
        classification__lte=person.clearance,
    )
    if filters.date_from:
        rows = rows.filter(date__date__gte=filters.date_from)
    if filters.date_to:
        rows = rows.filter(date__date__lte=filters.date_to)
    return rows.order_by("-date", "-id")


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
