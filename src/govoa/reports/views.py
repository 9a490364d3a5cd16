"""统计与通报: the statistics of a period (tables and charts) and the 督查通报 issued."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from govoa.core.errors import NotFound
from govoa.org.models import Person
from govoa.reports import policies, selectors
from govoa.reports.forms import PeriodForm
from govoa.reports.period import default_period


def me(request: HttpRequest) -> Person:
    return request.user  # type: ignore[return-value]


def _viewer(request: HttpRequest) -> Person:
    person = me(request)
    if not policies.can_view_reports(person):
        raise NotFound("没有可查看的统计。")
    return person


@login_required
def index(request: HttpRequest) -> HttpResponse:
    person = _viewer(request)
    form = PeriodForm(request.GET or None)
    period = default_period(timezone.localdate())
    if form.is_bound and form.is_valid():
        period = form.period
    sections = selectors.statistics(person=person, period=period)
    return render(
        request,
        "reports/index.html",
        {
            "form": form,
            "period": period,
            "sections": sections,
            "can_read_bulletins": policies.can_read_bulletins(person),
        },
    )
