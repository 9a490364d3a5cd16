"""``/api/v1/search``: the one search box over every registered source, scoped by each
module's visibility and 密级. ``snippet`` and ``title_html`` are escaped HTML whose only
markup is ``<mark>`` around the words found."""

import datetime
from typing import Any

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema

from govoa.core.api import PageQuery, errors
from govoa.core.errors import ValidationFailed
from govoa.org.models import Person
from govoa.search import selectors
from govoa.search.selectors import SearchFilters

router = Router(tags=["全文检索"])


class SearchQuery(PageQuery):
    q: str = Field(
        ..., min_length=1, max_length=100, description="检索词：标题、文号、正文、附件文字"
    )
    type: list[str] = Field(
        default_factory=list,
        description="来源：incoming、outgoing、meetings、supervision、handbook、archives",
    )
    date_from: datetime.date | None = None
    date_to: datetime.date | None = None


class HitOut(Schema):
    type: str
    type_label: str
    id: int
    title: str
    title_html: str
    number: str
    date: datetime.datetime
    snippet: str
    url: str


class SearchPage(Schema):
    items: list[HitOut]
    count: int
    count_capped: bool = Field(
        False,
        description=f"为真时实际条数超过 count（只计数、只列出前 {selectors.SEARCH_CAP} 条）",
    )
    page: int
    page_size: int


def filters_of(query: SearchQuery) -> SearchFilters:
    known = {key for key, _ in selectors.source_choices()}
    unknown = [t for t in query.type if t not in known]
    if unknown:
        raise ValidationFailed(
            "检索范围不正确。", fields={"type": [f"没有“{unknown[0][:20]}”这一类。"]}
        )
    if query.date_from and query.date_to and query.date_from > query.date_to:
        raise ValidationFailed("起始日期不能晚于截止日期。", fields={"date_to": ["早于起始日期。"]})
    if not query.q.strip():
        raise ValidationFailed("请输入检索词。", fields={"q": ["请输入检索词。"]})
    return SearchFilters(
        query=query.q, sources=query.type, date_from=query.date_from, date_to=query.date_to
    )


@router.get(
    "/search",
    response={200: SearchPage, **errors(401, 403, 422)},
    summary="全文检索",
)
def search(request: HttpRequest, query: Query[SearchQuery]) -> dict[str, Any]:
    person: Person = request.auth  # type: ignore[attr-defined]
    filters = filters_of(query)
    start = (query.page - 1) * query.page_size  # past the cap: no items
    results = selectors.search_entries(person=person, filters=filters)

    def present(entry: Any) -> dict[str, Any]:
        hit = selectors.hit_of(entry, filters.query)
        return {
            "type": hit.source,
            "type_label": hit.source_label,
            "id": hit.object_id,
            "title": entry.title,
            "title_html": str(hit.title),
            "number": hit.number,
            "date": hit.date,
            "snippet": str(hit.snippet),
            "url": hit.url,
        }

    return {
        "items": [present(entry) for entry in results[start : start + query.page_size]],
        "count": len(results),
        "count_capped": results.capped,
        "page": query.page,
        "page_size": query.page_size,
    }
