"""督办台账 (filters, keyset pages, XLSX/PDF export), 交办 (a new task), the department's
Gantt chart and weekly 督办通报, and the 办事经验 library."""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from govoa.core.downloads import download_view
from govoa.core.errors import GovOAError, NotFound, PermissionDenied
from govoa.core.filenames import file_stem
from govoa.core.forms import apply_errors
from govoa.core.http import generated_response
from govoa.documents import registers
from govoa.org.models import Department, Person
from govoa.supervision import gantt, selectors
from govoa.supervision.forms import LedgerFilterForm, TaskForm
from govoa.supervision.policies import can_assign
from govoa.supervision.selectors import LedgerFilters
from govoa.supervision.services import exports
from govoa.supervision.services.tasks import TaskData, supervision_task_create
from govoa.supervision.workflow import week_param

PAGE_SIZE = 30


def _me(request: HttpRequest) -> Person:
    return request.user  # type: ignore[return-value]


def _filters(request: HttpRequest, me: Person) -> tuple[LedgerFilterForm, LedgerFilters]:
    form = LedgerFilterForm(request.GET or None, agency_id=me.agency_id)
    if not form.is_valid():
        return form, LedgerFilters()
    data = form.cleaned_data
    return form, LedgerFilters(
        department_id=data["department"].pk if data.get("department") else None,
        leader_id=data["leader"].pk if data.get("leader") else None,
        source=data.get("source") or "",
        glance=data.get("status") or "",
        query=data.get("q") or "",
    )


def _cursor(raw: str) -> int | None:
    return int(raw) if raw.isdigit() and len(raw) < 19 else None


@login_required
def ledger(request: HttpRequest) -> HttpResponse:
    """督办台账: newest first, a page at a time by keyset (no count of the whole history)."""
    me = _me(request)
    form, filters = _filters(request, me)
    rows, next_cursor = selectors.keyset_page(
        selectors.task_list(person=me, filters=filters),
        before=_cursor(request.GET.get("before", "")),
        size=PAGE_SIZE,
    )
    query = request.GET.copy()
    query.pop("before", None)
    today = timezone.localdate()
    return render(
        request,
        "supervision/ledger.html",
        {
            "form": form,
            "rows": [(t, t.glance(today)) for t in rows],
            "next_cursor": next_cursor,
            "query": query.urlencode(),
            "first_page": "before" in request.GET,
            "can_assign": can_assign(me),
            "department": filters.department_id,
            "active_nav": "supervision",
        },
    )


@download_view
def ledger_export(request: HttpRequest, fmt: str) -> HttpResponse:
    me = _me(request)
    if fmt not in registers.LIMITS:
        raise NotFound()
    _form, filters = _filters(request, me)
    found = selectors.task_list(person=me, filters=filters)
    content = exports.ledger_export(
        actor=me,
        tasks=list(found[: registers.LIMITS[fmt] + 1]),
        fmt=fmt,
        period=f"{timezone.localdate():%Y年%m月%d日}",
        query=request.GET.urlencode(),
    )
    return generated_response(content, fmt=fmt, stem=file_stem(me, "督办台账"))


@login_required
def task_new(request: HttpRequest) -> HttpResponse:
    """交办: a leader, the office head or a department head assigns a task."""
    me = _me(request)
    if not can_assign(me):
        raise PermissionDenied("只有机关领导、办公室主任和处室负责人可以交办督办事项。")
    form = TaskForm(request.POST or None, agency_id=me.agency_id)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                task = supervision_task_create(
                    actor=me,
                    data=TaskData(
                        title=data["title"],
                        background=data["background"],
                        goal=data["goal"],
                        deadline=data["deadline"],
                        resources=data["resources"],
                        deliverables=data["deliverables"],
                        owner_id=data["owner"].pk,
                        leader_id=data["leader"].pk if data.get("leader") else None,
                        classification=data["classification"],
                        report_every_days=data["report_every_days"],
                    ),
                )
            except GovOAError as exc:
                apply_errors(form, exc)
                status = exc.status
            else:
                messages.success(request, f"已交办：{task.title}，等待承办人确认。")
                return redirect("supervision:task_detail", pk=task.pk)
        else:
            status = 400
    return render(
        request,
        "supervision/task_form.html",
        {"form": form, "active_nav": "supervision"},
        status=status,
    )


def _department(me: Person, pk: int) -> Department:
    department = Department.objects.filter(pk=pk, agency_id=me.agency_id).first()
    if department is None or not exports.may_see_bulletin(me, department):
        raise NotFound()
    return department


def _week(raw: str) -> datetime.date:
    return week_param(raw, timezone.localdate())


@login_required
def department_gantt(request: HttpRequest, department_id: int) -> HttpResponse:
    """A department's tasks under way as a Gantt chart (SVG)."""
    me = _me(request)
    department = _department(me, department_id)
    today = timezone.localdate()
    tasks = list(
        selectors.task_list(
            person=me, filters=LedgerFilters(department_id=department.pk, glance="")
        ).exclude(status__in=["completed", "cancelled"])[:60]
    )
    svg = gantt.gantt_svg(
        f"{department.name}督办事项（甘特图）", gantt.department_bars(tasks, today), today
    )
    return HttpResponse(svg, content_type="image/svg+xml; charset=utf-8")


@download_view
def bulletin_pdf(request: HttpRequest, department_id: int) -> HttpResponse:
    me = _me(request)
    department = _department(me, department_id)
    day = _week(request.GET.get("week", ""))
    content = exports.bulletin(actor=me, department=department, day=day)
    return generated_response(
        content, fmt="pdf", stem=file_stem(me, f"督办通报（{department.name}）", on=day)
    )


@require_POST
@login_required
def bulletin_send(request: HttpRequest, department_id: int) -> HttpResponse:
    me = _me(request)
    department = _department(me, department_id)
    leaders = exports.bulletin_send(actor=me, department=department, day=timezone.localdate())
    names = "、".join(p.real_name for p in leaders) or "（没有找到领导）"
    messages.success(request, f"已将{department.name}本周督办通报送{names}。")
    return redirect(f"/supervision/?department={department.pk}")


@login_required
def experience(request: HttpRequest) -> HttpResponse:
    """办事经验: 复盘 of the tasks one may see, searched by words."""
    me = _me(request)
    query = request.GET.get("q", "").replace("\x00", "")[:50]  # PostgreSQL refuses a NUL
    rows, next_cursor = selectors.keyset_page(
        selectors.review_search(person=me, query=query),  # type: ignore[arg-type]
        before=_cursor(request.GET.get("before", "")),
        size=PAGE_SIZE,
    )
    return render(
        request,
        "supervision/experience.html",
        {"rows": rows, "q": query, "next_cursor": next_cursor, "active_nav": "supervision"},
    )
