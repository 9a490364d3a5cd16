"""年度会议计划 (the year's plans, a new one, 报送, 审核/审批) with the plan-versus-actual
report, and the rooms' booking calendar."""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from govoa.core.errors import GovOAError, NotFound
from govoa.core.forms import apply_errors
from govoa.core.vocabulary import Classification
from govoa.flow.models import WorkItem
from govoa.flow.policies import work_items_visible_q
from govoa.flow.workflow import ItemStatus
from govoa.meetings import forms as mf
from govoa.meetings import selectors
from govoa.meetings.models import Meeting
from govoa.meetings.policies import PLAN_TYPE, can_manage_rooms, can_plan
from govoa.meetings.services import plans
from govoa.meetings.workflow import ACTIVE, HOLDING
from govoa.org.models import Person
from govoa.org.policies import may_handle_business


def _me(request: HttpRequest) -> Person:
    return request.user  # type: ignore[return-value]


def _year(raw: str) -> int:
    today = timezone.localdate()
    return int(raw) if raw.isdigit() and 2000 <= int(raw) <= 2100 else today.year


@login_required
def plan_list(request: HttpRequest) -> HttpResponse:
    """The year's plan, each planned meeting with the meetings actually held under it."""
    me = _me(request)
    if not may_handle_business(me):
        raise NotFound()
    year = _year(request.GET.get("year", ""))
    rows = list(selectors.plans_of(me, year)[:500])
    held: dict[int, list[Meeting]] = {}
    for m in Meeting.objects.filter(plan__in=rows, status__in=HOLDING).order_by("starts_at"):
        held.setdefault(m.plan_id or 0, []).append(m)
    ad_hoc = (
        Meeting.objects.filter(
            agency_id=me.agency_id, plan__isnull=True, status__in=ACTIVE, starts_at__year=year
        )
        .order_by("-starts_at")
        .values_list("title", "ad_hoc_reason")[:200]
    )
    report = [(p, held.get(p.pk, [])) for p in rows]
    return render(
        request,
        "meetings/plans.html",
        {
            "year": year,
            "report": report,
            "held": sum(1 for _p, h in report if h),
            "ad_hoc": list(ad_hoc),
            "can_plan": can_plan(me),
            "active_nav": "meetings",
        },
    )


@login_required
def plan_new(request: HttpRequest) -> HttpResponse:
    me = _me(request)
    if not can_plan(me):
        return render(request, "403.html", status=403)
    form = mf.PlanForm(request.POST or None, initial={"year": timezone.localdate().year + 1})
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            d = form.cleaned_data
            try:
                plan = plans.plan_create(
                    actor=me, data=plans.PlanData(**{**d, "budget": str(d["budget"])})
                )
            except GovOAError as exc:
                apply_errors(form, exc)
                status = exc.status
            else:
                return redirect("meetings:plan_detail", pk=plan.pk)
    return render(
        request, "meetings/plan_form.html", {"form": form, "active_nav": "meetings"}, status=status
    )


@login_required
def plan_detail(request: HttpRequest, pk: int) -> HttpResponse:
    me = _me(request)
    plan = selectors.plan_get_for_person(person=me, pk=pk)
    items = WorkItem.objects.filter(
        work_items_visible_q(me),
        status=ItemStatus.OPEN,
        instance__subject_type=PLAN_TYPE,
        instance__subject_id=plan.pk,
    )
    return render(
        request,
        "meetings/plan.html",
        {
            "plan": plan,
            "items": list(items),
            "form": mf.DecisionForm(),
            "can_submit": plan.created_by_id == me.pk and plan.status in ("draft", "rejected"),
            "active_nav": "meetings",
        },
    )


@require_POST
@login_required
def plan_act(request: HttpRequest, pk: int, act: str) -> HttpResponse:
    me = _me(request)
    plan = selectors.plan_get_for_person(person=me, pk=pk)
    try:
        if act == "submit":
            plans.plan_submit(actor=me, plan=plan)
        elif act in ("review", "approve"):
            form = mf.DecisionForm(request.POST)
            if not form.is_valid():
                messages.error(request, "请选择意见。")
                return redirect("meetings:plan_detail", pk=plan.pk)
            plans.plan_decide(
                actor=me,
                plan=plan,
                node_key=act,
                approve=form.cleaned_data["approve"],
                opinion=form.cleaned_data["opinion"],
            )
        else:
            raise NotFound()
    except GovOAError as exc:
        if isinstance(exc, NotFound):
            raise
        messages.error(request, exc.message)
        return redirect("meetings:plan_detail", pk=plan.pk)
    messages.success(request, "已办理。")
    return redirect("meetings:plan_detail", pk=plan.pk)


@login_required
def rooms(request: HttpRequest) -> HttpResponse:
    """会议室 and their bookings over a week (a 秘密+ title is shown only to the cleared)."""
    me = _me(request)
    if not may_handle_business(me):
        raise NotFound()
    raw = request.GET.get("week", "")
    try:
        day = datetime.date.fromisoformat(raw) if raw else timezone.localdate()
    except ValueError:
        day = timezone.localdate()
    if not 2000 <= day.year <= 2100:
        day = timezone.localdate()
    monday = day - datetime.timedelta(days=day.weekday())
    first = timezone.make_aware(datetime.datetime.combine(monday, datetime.time()))
    last = first + datetime.timedelta(days=7)
    calendar = []
    for room in selectors.rooms_of(me)[:100]:
        bookings = [
            (
                m,
                m.title
                if m.classification <= me.clearance and m.classification < Classification.SECRET
                else "（涉密会议）",
            )
            for m in selectors.room_bookings(room, first, last)
        ]
        calendar.append((room, bookings))
    return render(
        request,
        "meetings/rooms.html",
        {
            "calendar": calendar,
            "monday": monday,
            "previous": monday - datetime.timedelta(days=7),
            "next": monday + datetime.timedelta(days=7),
            "can_manage_rooms": can_manage_rooms(me),
            "retired": list(selectors.retired_rooms(me)[:100]) if can_manage_rooms(me) else [],
            "active_nav": "meetings",
        },
    )
