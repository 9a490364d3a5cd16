"""What every statistics section is made of (``Section``) and the small helpers the sections
share: percentages, days, local dates, department names, the chart's data."""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone

from govoa.org.models import Department

NO_DEPARTMENT = "（未分办）"


def percent(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 1) if whole else None


def days_between(delta: datetime.timedelta) -> float:
    return delta.total_seconds() / 86400


def local_date(moment: datetime.datetime) -> datetime.date:
    return timezone.localtime(moment).date()


def department_names(given: Iterable[int | None]) -> dict[int | None, str]:
    ids = list(given)
    known = {d.pk: d.name for d in Department.objects.filter(pk__in=[i for i in ids if i])}
    return {i: known.get(i, NO_DEPARTMENT) if i else NO_DEPARTMENT for i in ids}


@dataclass
class Section:
    key: str
    title: str
    columns: list[str]
    rows: list[list[Any]]
    totals: list[Any] = field(default_factory=list)
    listing_title: str = ""
    listing_columns: list[str] = field(default_factory=list)
    listing: list[dict[str, Any]] = field(default_factory=list)
    chart: dict[str, Any] = field(default_factory=dict)


def bar(labels: list[str], series: dict[str, list[Any]]) -> dict[str, Any]:
    return {"labels": labels, "series": [{"name": k, "data": v} for k, v in series.items()]}
