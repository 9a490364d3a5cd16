"""A task's page: the 五要素, where it is, its steps with the Gantt chart, reports,
extensions, the review and the 办理过程; and the forms of the acts the person may take now."""

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_POST

from govoa.core.downloads import download_view
from govoa.core.errors import GovOAError, NotFound
from govoa.core.filenames import file_stem, upload_name
from govoa.core.forms import apply_errors
from govoa.core.http import generated_response, upload_response
from govoa.flow.forms import add_checklist
from govoa.flow.models import WorkItem
from govoa.flow.policies import work_items_visible_q
from govoa.flow.presenters import trail_line
from govoa.flow.selectors import trail_for
from govoa.flow.services.checklists import checklist_of
from govoa.flow.workflow import ItemStatus
from govoa.org.models import Person
from govoa.supervision import forms as task_forms
from govoa.supervision import gantt, selectors
from govoa.supervision.models import SupervisionTask
from govoa.supervision.policies import (
    SUBJECT_TYPE,
    can_plan_steps,
    can_report,
    can_request_extension,
    can_review,
)
from govoa.supervision.services import (
    deliverables,
    exports,
    extensions,
    progress,
    reviews,
    tasks,
)
from govoa.supervision.workflow import ExtensionDecision


def _me(request: HttpRequest) -> Person:
    return request.user  # type: ignore[return-value]


def _my_open_items(task: SupervisionTask, me: Person) -> dict[str, WorkItem]:
    items = WorkItem.objects.filter(
        work_items_visible_q(me),
        status=ItemStatus.OPEN,
        instance__subject_type=SUBJECT_TYPE,
        instance__subject_id=task.pk,
    ).order_by("pk")
    return {item.node_key: item for item in items}


def _available_forms(
    task: SupervisionTask, me: Person, open_items: dict[str, WorkItem], pending: bool
) -> dict[str, forms.Form]:
    """Only the forms the person can use now (a page is a presenter, not a pile of forms)."""
    found: dict[str, forms.Form] = {}
    if "confirm" in open_items:
        found["confirm"] = task_forms.OpinionForm()
    if "sign" in open_items:
        found["sign"] = task_forms.OpinionForm()
    if can_plan_steps(me, task):
        found["step"] = task_forms.StepForm(agency_id=task.agency_id)
    if can_report(me, task):
        found["report"] = task_forms.ReportForm()
    if "execute" in open_items:
        found["deliverables"] = task_forms.DeliverablesForm()
        found["final"] = task_forms.FinalReportForm()
    if "accept" in open_items:
        found["accept"] = task_forms.AcceptForm()
        add_checklist(found["accept"], checklist_of(open_items["accept"]))
    if can_request_extension(me, task) and not pending:
        found["extension"] = task_forms.ExtensionForm()
    if "decide" in open_items:
        found["decide"] = task_forms.ExtensionDecisionForm()
    if can_review(me, task) and selectors.review_of(task) is None:
        found["review"] = task_forms.ReviewForm()
    return found


def _render(
    request: HttpRequest,
    task: SupervisionTask,
    *,
    bound: tuple[str, forms.Form] | None = None,
    status: int = 200,
) -> HttpResponse:
    me = _me(request)
    today = timezone.localdate()
    steps = selectors.steps_of(task)
    extension_rows = selectors.extensions_of(task)
    pending = next((e for e in extension_rows if e.decision == ExtensionDecision.PENDING), None)
    open_items = _my_open_items(task, me)
    available = _available_forms(task, me, open_items, pending is not None)
    if bound is not None:
        available[bound[0]] = bound[1]
    instances = selectors.instances_of(task)
    trail = [(e, trail_line(e)) for i in instances for e in trail_for(instance=i)]
    trail.sort(key=lambda pair: (pair[0].created_at, pair[0].pk))
    chart = gantt.gantt_svg(f"{task.title}（甘特图）", gantt.task_bars(task, steps, today), today)
    return render(
        request,
        "supervision/task.html",
        {
            "task": task,
            "glance": task.glance(today),
            "steps": steps,
            "reports": selectors.reports_of(task),
            "extensions": extension_rows,
            "pending_extension": pending,
            "review": selectors.review_of(task),
            "attachments": selectors.attachments_of(task),
            "trail": trail,
            "forms": available,
            "open_items": open_items,
            # The chart is built by gantt.py, which escapes every text it writes.
            "gantt": mark_safe(chart),  # noqa: S308
            "today": today,
            "active_nav": "supervision",
        },
        status=status,
    )


@login_required
def task_detail(request: HttpRequest, pk: int) -> HttpResponse:
    task = selectors.task_get_for_person(person=_me(request), pk=pk)
    return _render(request, task)


Act = Callable[[Person, SupervisionTask, dict[str, Any]], Any]


def _step(me: Person, task: SupervisionTask, d: dict[str, Any]) -> Any:
    data = progress.StepData(d["title"], d["owner"].pk, d["starts_on"], d["milestone"])
    return progress.task_step_add(actor=me, task=task, data=data)


def _report(me: Person, task: SupervisionTask, d: dict[str, Any]) -> Any:
    data = progress.ReportData(d["progress"], d["problems"], d["next_steps"], d["percent"])
    return progress.task_report_progress(actor=me, task=task, data=data)


def _confirm(me: Person, task: SupervisionTask, d: dict[str, Any]) -> Any:
    if d.get("decline"):
        return tasks.task_decline(actor=me, task=task, reason=d["opinion"])
    return tasks.task_confirm(actor=me, task=task, opinion=d["opinion"])


def _sign(me: Person, task: SupervisionTask, d: dict[str, Any]) -> Any:
    if d.get("decline"):
        return tasks.task_sign_return(actor=me, task=task, reason=d["opinion"])
    return tasks.task_sign(actor=me, task=task, opinion=d["opinion"])


ACTS: dict[str, tuple[Callable[..., forms.Form], Act, str]] = {
    "confirm": (task_forms.OpinionForm, _confirm, "已办理任务确认。"),
    "sign": (task_forms.OpinionForm, _sign, "已办理签认。"),
    "step": (task_forms.StepForm, _step, "已添加步骤。"),
    "report": (task_forms.ReportForm, _report, "已汇报进展。"),
    "final": (
        task_forms.FinalReportForm,
        lambda me, task, d: tasks.task_submit_final(
            actor=me,
            task=task,
            conclusion=d["conclusion"],
            data=d["figures"],
            suggestions=d["suggestions"],
        ),
        "已提交办结报告，等待验收。",
    ),
    "accept": (
        task_forms.AcceptForm,
        lambda me, task, d: tasks.task_accept(
            actor=me,
            task=task,
            approve=d["approve"],
            opinion=d["opinion"],
            checked=d.get("checklist"),
            checklist_note=d.get("checklist_note", ""),
        ),
        "已办理验收。",
    ),
    "extension": (
        task_forms.ExtensionForm,
        lambda me, task, d: extensions.task_extension_request(
            actor=me, task=task, requested_deadline=d["requested_deadline"], reason=d["reason"]
        ),
        "已提交延期申请。",
    ),
    "decide": (
        task_forms.ExtensionDecisionForm,
        lambda me, task, d: extensions.task_extension_decide(
            actor=me, task=task, approve=d["approve"], note=d["note"]
        ),
        "已审批延期申请。",
    ),
    "review": (
        task_forms.ReviewForm,
        lambda me, task, d: reviews.task_review_create(actor=me, task=task, **d),
        "已保存复盘。",
    ),
}


@require_POST
@login_required
def task_act(request: HttpRequest, pk: int, act: str) -> HttpResponse:
    me = _me(request)
    task = selectors.task_get_for_person(person=me, pk=pk)
    if act not in ACTS:
        raise NotFound()
    form_class, run, done = ACTS[act]
    form = (
        form_class(request.POST, agency_id=task.agency_id)
        if form_class is task_forms.StepForm
        else form_class(request.POST)
    )
    if act == "accept":  # 验收 answers the node's 三查 list (办事三实)
        add_checklist(form, checklist_of(_my_open_items(task, me).get("accept")))
    if not form.is_valid():
        return _render(request, task, bound=(act, form), status=400)
    data = dict(form.cleaned_data)
    if act in ("confirm", "sign"):
        data["decline"] = request.POST.get("decision") == "decline"
    try:
        run(me, task, data)
    except GovOAError as exc:
        apply_errors(form, exc, {"data": "figures", "reason": "opinion", "note": "note"})
        task = selectors.task_get_for_person(person=me, pk=pk)
        return _render(request, task, bound=(act, form), status=exc.status)
    messages.success(request, done)
    return redirect("supervision:task_detail", pk=task.pk)


@require_POST
@login_required
def deliverables_add(request: HttpRequest, pk: int) -> HttpResponse:
    me = _me(request)
    task = selectors.task_get_for_person(person=me, pk=pk)
    form = task_forms.DeliverablesForm(request.POST, request.FILES)
    if not form.is_valid():
        return _render(request, task, bound=("deliverables", form), status=400)
    try:
        deliverables.task_deliverables_add(
            actor=me, task=task, uploads=[(f.name, f) for f in form.cleaned_data["uploads"]]
        )
    except GovOAError as exc:
        apply_errors(form, exc, {"files": "uploads"})
        return _render(request, task, bound=("deliverables", form), status=exc.status)
    messages.success(request, "已提交交付物。")
    return redirect("supervision:task_detail", pk=task.pk)


@download_view
def deliverable(request: HttpRequest, pk: int, attachment_id: int) -> HttpResponse:
    me = _me(request)
    found = selectors.attachment_get_for_person(person=me, task_id=pk, pk=attachment_id)
    content = deliverables.deliverable_download(actor=me, attachment=found)
    return upload_response(
        content, content_type=found.file.content_type, filename=upload_name(me, found.file)
    )


@require_POST
@login_required
def step_done(request: HttpRequest, pk: int, step_id: int) -> HttpResponse:
    me = _me(request)
    task = selectors.task_get_for_person(person=me, pk=pk)
    progress.task_step_complete(actor=me, task=task, step_id=step_id)
    messages.success(request, "已标记步骤完成。")
    return redirect("supervision:task_detail", pk=task.pk)


@download_view
def confirmation_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """任务确认单 (PDF)."""
    me = _me(request)
    task = selectors.task_get_for_person(person=me, pk=pk)
    content = exports.confirmation_print(actor=me, task=task, steps=selectors.steps_of(task))
    return generated_response(
        content, fmt="pdf", stem=file_stem(me, f"任务确认单：{task.title[:60]}")
    )


@login_required
def task_gantt(request: HttpRequest, pk: int) -> HttpResponse:
    """The task's Gantt chart alone, as an SVG file (to print or to embed)."""
    task = selectors.task_get_for_person(person=_me(request), pk=pk)
    today = timezone.localdate()
    svg = gantt.gantt_svg(task.title, gantt.task_bars(task, selectors.steps_of(task), today), today)
    return HttpResponse(svg, content_type="image/svg+xml; charset=utf-8")
