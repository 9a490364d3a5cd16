"""``/api/v1/supervision-tasks``: 交办 (create), the 督办台账 (list, by keyset), one task,
进展汇报, 分解 (steps) and 延期申请. The flow's acts (确认, 签认, 办结报告, 验收, 延期审批) go
through ``/api/v1/work-items/{id}/act`` like every module's; a task lists the caller's open
items on it (``work_items``)."""

import datetime
from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Query, Router, Schema, Status

from govoa.core.api import BodyIn, ObjectId, ParamsIn, errors
from govoa.core.vocabulary import Classification
from govoa.flow.models import WorkItem
from govoa.flow.policies import work_items_visible_q
from govoa.flow.workflow import ItemStatus
from govoa.org.models import Person
from govoa.supervision import selectors
from govoa.supervision.api_deliverables import router as deliverables_router
from govoa.supervision.models import SupervisionTask
from govoa.supervision.policies import SUBJECT_TYPE
from govoa.supervision.selectors import LedgerFilters
from govoa.supervision.services import extensions, progress
from govoa.supervision.services.tasks import TaskData, supervision_task_create
from govoa.supervision.workflow import Glance, SourceKind

router = Router(tags=["督办"])
router.add_router("", deliverables_router)


class PersonRef(Schema):
    id: int
    name: str


class TaskOut(Schema):
    id: int
    title: str
    source_kind: str
    source_label: str
    source_url: str
    department: str
    owner: PersonRef
    assigner: PersonRef
    leader: PersonRef | None
    deadline: datetime.date
    original_deadline: datetime.date
    classification: int
    status: str
    status_label: str
    glance: str
    glance_label: str
    created_at: datetime.datetime


class StepOut(Schema):
    id: int
    order: int
    title: str
    owner: PersonRef
    starts_on: datetime.date
    milestone: datetime.date
    done_on: datetime.date | None


class ReportOut(Schema):
    id: int
    kind: str
    author: PersonRef
    progress: str
    problems: str
    next_steps: str
    percent: int
    conclusion: str
    data: str
    suggestions: str
    created_at: datetime.datetime


class ExtensionOut(Schema):
    id: int
    requested_by: PersonRef
    current_deadline: datetime.date
    requested_deadline: datetime.date
    reason: str
    decision: str
    decision_note: str


class ItemRef(Schema):
    id: int
    node_key: str
    node_name: str
    due_date: datetime.date | None


class TaskDetailOut(TaskOut):
    background: str
    goal: str
    resources: str
    deliverables: str
    report_every_days: int
    steps: list[StepOut]
    reports: list[ReportOut]
    extensions: list[ExtensionOut]
    work_items: list[ItemRef]


class TaskPage(Schema):
    items: list[TaskOut]
    next_before: int | None


def _person(p: Person | None) -> dict[str, Any] | None:
    return {"id": p.pk, "name": p.real_name} if p is not None else None


def _out(t: SupervisionTask) -> dict[str, Any]:
    glance = t.glance(timezone.localdate())
    return {
        "id": t.pk,
        "title": t.title,
        "source_kind": t.source_kind,
        "source_label": t.source_label,
        "source_url": t.source_url,
        "department": t.department.name,
        "owner": _person(t.owner),
        "assigner": _person(t.assigner),
        "leader": _person(t.leader),
        "deadline": t.deadline,
        "original_deadline": t.original_deadline,
        "classification": t.classification,
        "status": t.status,
        "status_label": t.get_status_display(),
        "glance": glance.value,
        "glance_label": str(glance.label),
        "created_at": t.created_at,
    }


def _detail(t: SupervisionTask, person: Person) -> dict[str, Any]:
    items = WorkItem.objects.filter(
        work_items_visible_q(person),
        status=ItemStatus.OPEN,
        instance__subject_type=SUBJECT_TYPE,
        instance__subject_id=t.pk,
    ).order_by("pk")
    return {
        **_out(t),
        "background": t.background,
        "goal": t.goal,
        "resources": t.resources,
        "deliverables": t.deliverables,
        "report_every_days": t.report_every_days,
        "steps": [
            {
                "id": s.pk,
                "order": s.order,
                "title": s.title,
                "owner": _person(s.owner),
                "starts_on": s.starts_on,
                "milestone": s.milestone,
                "done_on": s.done_on,
            }
            for s in selectors.steps_of(t)
        ],
        "reports": [
            {
                "id": r.pk,
                "kind": r.kind,
                "author": _person(r.author),
                "progress": r.progress,
                "problems": r.problems,
                "next_steps": r.next_steps,
                "percent": r.percent,
                "conclusion": r.conclusion,
                "data": r.data,
                "suggestions": r.suggestions,
                "created_at": r.created_at,
            }
            for r in selectors.reports_of(t)
        ],
        "extensions": [
            {
                "id": e.pk,
                "requested_by": _person(e.requested_by),
                "current_deadline": e.current_deadline,
                "requested_deadline": e.requested_deadline,
                "reason": e.reason,
                "decision": e.decision,
                "decision_note": e.decision_note,
            }
            for e in selectors.extensions_of(t)
        ],
        "work_items": [
            {"id": i.pk, "node_key": i.node_key, "node_name": i.node_name, "due_date": i.due_date}
            for i in items
        ],
    }


def _fresh(person: Person, task_id: int) -> dict[str, Any]:
    return _detail(selectors.task_get_for_person(person=person, pk=task_id), person)


class TaskIn(BodyIn):
    title: str = Field(..., max_length=200)
    goal: str = Field(..., max_length=5000)
    deadline: datetime.date
    deliverables: str = Field(..., max_length=5000)
    owner: ObjectId
    background: str = Field("", max_length=5000)
    resources: str = Field("", max_length=5000)
    leader: ObjectId | None = None
    classification: Classification = Classification.NONE
    report_every_days: int = Field(7, ge=1, le=31)


@router.post(
    "/supervision-tasks",
    response={201: TaskDetailOut, **errors(400, 401, 403, 413, 422)},
    summary="交办督办事项（五要素；承办人确认、交办人签认后开始办理）",
)
def create_task(request: HttpRequest, body: TaskIn) -> Status[dict[str, Any]]:
    person: Person = request.auth  # type: ignore[attr-defined]
    task = supervision_task_create(
        actor=person,
        data=TaskData(
            title=body.title,
            goal=body.goal,
            deadline=body.deadline,
            deliverables=body.deliverables,
            owner_id=body.owner,
            background=body.background,
            resources=body.resources,
            leader_id=body.leader,
            classification=int(body.classification),
            report_every_days=body.report_every_days,
        ),
    )
    return Status(201, _fresh(person, task.pk))


class TaskListQuery(ParamsIn):
    department: ObjectId | None = None
    leader: ObjectId | None = None
    owner: ObjectId | None = None
    source: SourceKind | None = None
    status: Glance | None = None
    q: str = Field("", max_length=50)
    before: ObjectId | None = None
    page_size: int = Field(20, ge=1, le=100)


@router.get(
    "/supervision-tasks",
    response={200: TaskPage, **errors(401, 403, 422)},
    summary="督办台账（新的在前；下一页用 next_before 作 before 参数，不统计总数）",
)
def list_tasks(request: HttpRequest, query: Query[TaskListQuery]) -> dict[str, Any]:
    person: Person = request.auth  # type: ignore[attr-defined]
    rows, next_before = selectors.keyset_page(
        selectors.task_list(
            person=person,
            filters=LedgerFilters(
                department_id=query.department,
                leader_id=query.leader,
                owner_id=query.owner,
                source=query.source.value if query.source else "",
                glance=query.status.value if query.status else "",
                query=query.q,
            ),
        ),
        before=query.before,
        size=query.page_size,
    )
    return {"items": [_out(t) for t in rows], "next_before": next_before}


@router.get(
    "/supervision-tasks/{task_id}",
    response={200: TaskDetailOut, **errors(401, 403, 404, 422)},
    summary="一项督办事项（含步骤、汇报、延期申请和本人在该事项上的待办）",
)
def get_task(request: HttpRequest, task_id: int) -> dict[str, Any]:
    person: Person = request.auth  # type: ignore[attr-defined]
    return _fresh(person, task_id)


class ReportIn(BodyIn):
    progress: str = Field(..., max_length=5000)
    problems: str = Field("", max_length=5000)
    next_steps: str = Field("", max_length=5000)
    percent: int = Field(0, ge=0, le=100)


@router.post(
    "/supervision-tasks/{task_id}/progress-reports",
    response={201: TaskDetailOut, **errors(400, 401, 403, 404, 409, 413, 422)},
    summary="进展汇报（进展、问题、下步计划；承办人在办理期间）",
)
def report_progress(request: HttpRequest, task_id: int, body: ReportIn) -> Status[dict[str, Any]]:
    person: Person = request.auth  # type: ignore[attr-defined]
    task = selectors.task_get_for_person(person=person, pk=task_id)
    progress.task_report_progress(
        actor=person,
        task=task,
        data=progress.ReportData(body.progress, body.problems, body.next_steps, body.percent),
    )
    return Status(201, _fresh(person, task_id))


class StepIn(BodyIn):
    title: str = Field(..., max_length=200)
    owner: ObjectId
    starts_on: datetime.date
    milestone: datetime.date


@router.post(
    "/supervision-tasks/{task_id}/steps",
    response={201: TaskDetailOut, **errors(400, 401, 403, 404, 409, 413, 422)},
    summary="分解：添加步骤（负责人、开始日期、节点日期）",
)
def add_step(request: HttpRequest, task_id: int, body: StepIn) -> Status[dict[str, Any]]:
    person: Person = request.auth  # type: ignore[attr-defined]
    task = selectors.task_get_for_person(person=person, pk=task_id)
    progress.task_step_add(
        actor=person,
        task=task,
        data=progress.StepData(body.title, body.owner, body.starts_on, body.milestone),
    )
    return Status(201, _fresh(person, task_id))


class ExtensionIn(BodyIn):
    requested_deadline: datetime.date
    reason: str = Field(..., max_length=300)


@router.post(
    "/supervision-tasks/{task_id}/extensions",
    response={201: TaskDetailOut, **errors(400, 401, 403, 404, 409, 413, 422)},
    summary="申请延期（交办人通过其待办审批：/work-items/{id}/act）",
)
def request_extension(
    request: HttpRequest, task_id: int, body: ExtensionIn
) -> Status[dict[str, Any]]:
    person: Person = request.auth  # type: ignore[attr-defined]
    task = selectors.task_get_for_person(person=person, pk=task_id)
    extensions.task_extension_request(
        actor=person, task=task, requested_deadline=body.requested_deadline, reason=body.reason
    )
    return Status(201, _fresh(person, task_id))
