import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from govoa.core.calendar import overrides_in_year, year_is_known
from govoa.core.errors import GovOAError, PermissionDenied
from govoa.core.forms import apply_errors
from govoa.org import policies
from govoa.org.forms import WorkdayBulkForm, WorkdayOverrideForm
from govoa.org.models import Person
from govoa.org.services import calendar as calendar_services


def _calendar_admin(request: HttpRequest) -> Person:
    me: Person = request.user  # type: ignore[assignment]
    if not policies.can_manage_structure(me, me.agency):
        raise PermissionDenied("只有系统管理员可以调整工作日历。")
    return me


@login_required
def calendar_view(request: HttpRequest) -> HttpResponse:
    me = _calendar_admin(request)
    this_year = timezone.localdate().year
    try:
        year = int(request.GET.get("year", this_year))
    except ValueError:
        year = this_year
    year = min(max(year, 2000), 2100)
    posted_single = request.method == "POST" and "day" in request.POST
    single = WorkdayOverrideForm(request.POST if posted_single else None)
    bulk = WorkdayBulkForm(request.POST if request.method == "POST" and not posted_single else None)
    status = 200
    if request.method == "POST":
        form = single if posted_single else bulk
        if form.is_valid():
            try:
                if form is single:
                    calendar_services.workday_override_set(
                        actor=me,
                        day=form.cleaned_data["day"],
                        is_workday=form.cleaned_data["is_workday"],
                        note=form.cleaned_data["note"],
                    )
                    messages.success(request, "已保存。")
                else:
                    count = calendar_services.workday_overrides_import(
                        actor=me, text=form.cleaned_data["lines"]
                    )
                    messages.success(request, f"已保存 {count} 个日期。")
            except GovOAError as exc:
                apply_errors(form, exc)
                status = exc.status
            else:
                return redirect(f"{request.path}?year={year}")
        else:
            status = 400
    overrides = overrides_in_year(year)
    return render(
        request,
        "org/calendar.html",
        {
            "year": year,
            "years": range(this_year - 1, this_year + 3),
            "known": {y: year_is_known(y) for y in range(this_year - 1, this_year + 3)},
            "overrides": overrides,
            "single": single,
            "bulk": bulk,
            "active_nav": "admin",
        },
        status=status,
    )


@require_POST
@login_required
def calendar_delete(request: HttpRequest, day: str) -> HttpResponse:
    me = _calendar_admin(request)
    try:
        parsed = datetime.date.fromisoformat(day)
    except ValueError:
        messages.error(request, "日期无效。")
        return redirect("org:calendar")
    calendar_services.workday_override_delete(actor=me, day=parsed)
    messages.success(request, f"已删除 {parsed} 的调整。")
    return redirect(f"{reverse('org:calendar')}?year={parsed.year}")
