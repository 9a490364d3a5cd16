"""``/api/v1/stats/{section}``: the figures of one section of 统计与通报 for a period
(``kind=month|quarter|range`` with ``year``/``number`` or ``start``/``end``), as the
statistics page shows them — rows per department (or 文种, item, seal), totals, and the
named list (overdue items, time per step)."""

import datetime
from typing import Any, Literal

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema

from govoa.core.api import ParamsIn, errors
from govoa.core.errors import NotFound, ValidationFailed
from govoa.org.models import Person
from govoa.reports import policies, selectors
from govoa.reports.forms import PeriodForm

router = Router(tags=["统计与通报"])

SectionKey = Literal[
    "incoming", "outgoing", "supervision", "supplies", "seals", "checklists", "meetings"
]


class PeriodQuery(ParamsIn):
    kind: Literal["month", "quarter", "range"] = "month"
    year: int | None = Field(None, ge=2000, le=2100)
    number: int | None = Field(None, ge=1, le=12, description="月份（1–12）或季度（1–4）")
    start: datetime.date | None = None
    end: datetime.date | None = None


class SectionOut(Schema):
    key: str
    title: str
    period: str
    start: datetime.date
    end: datetime.date
    columns: list[str]
    rows: list[list[Any]]
    totals: list[Any]
    listing_title: str
    listing_columns: list[str]
    listing: list[dict[str, Any]]


@router.get(
    "/stats/{section}",
    response={200: SectionOut, **errors(401, 403, 404, 422)},
    summary="统计数据（按部门和周期）",
)
def stats(request: HttpRequest, section: SectionKey, query: Query[PeriodQuery]) -> dict[str, Any]:
    person: Person = request.auth  # type: ignore[attr-defined]
    if not policies.can_view_reports(person):
        raise NotFound("没有可查看的统计。")
    form = PeriodForm({k: v for k, v in query.dict().items() if v is not None})
    if not form.is_valid():
        fields = {k: [str(e) for e in v] for k, v in form.errors.items()}
        message = next(iter(fields.get("__all__", [])), "统计周期不正确。")
        raise ValidationFailed(message, fields=fields)
    period = form.period
    found = selectors.statistics(person=person, period=period, keys=[section])[0]
    return {
        "key": found.key,
        "title": found.title,
        "period": period.text,
        "start": period.start,
        "end": period.end,
        "columns": found.columns,
        "rows": found.rows,
        "totals": found.totals,
        "listing_title": found.listing_title,
        "listing_columns": found.listing_columns,
        "listing": found.listing,
    }
