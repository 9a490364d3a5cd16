"""``/api/v1/feedback``: 意见反馈 — anyone who handles business submits a problem or a
suggestion about a procedure and lists their own; the office head lists the agency's queue
and triages (采纳 → a 督办 task of the 流程优化清单, with owner and deadline; 不予采纳 with a
reason). The same services and visibility as the 意见反馈 page."""

import datetime
from typing import Any, Literal

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema, Status

from govoa.core.api import BodyIn, ObjectId, PageQuery, errors, paged
from govoa.core.errors import NotFound
from govoa.org.models import Person
from govoa.org.policies import may_handle_business
from govoa.reports import policies
from govoa.reports.models import Feedback, FeedbackKind, FeedbackStatus
from govoa.reports.services.feedback import Improvement, feedback_submit, feedback_triage

router = Router(tags=["意见反馈"])


class PersonRef(Schema):
    id: int
    name: str


class FeedbackOut(Schema):
    id: int
    kind: str
    kind_label: str
    procedure: str
    content: str
    submitted_by: PersonRef
    created_at: datetime.datetime
    status: str
    status_label: str
    triaged_by: PersonRef | None
    triage_note: str
    triaged_at: datetime.datetime | None
    task_id: int | None = Field(description="采纳后列入流程优化清单的督办事项")


class FeedbackPage(Schema):
    items: list[FeedbackOut]
    count: int
    count_capped: bool = Field(False, description="为真时实际条数超过 count（只计数到 1000 条）")
    page: int
    page_size: int


class FeedbackFilters(PageQuery):
    status: Literal["submitted", "accepted", "declined"] | None = Field(
        None, description="按状态筛选；submitted 即待研判队列"
    )
    mine: bool = Field(False, description="只列本人提出的（办公室主任默认看全机关的）")


class FeedbackIn(BodyIn):
    kind: Literal["problem", "suggestion"] = Field(description="problem 问题，suggestion 建议")
    procedure: str = Field(max_length=100, description="涉及的流程或事项")
    content: str = Field(max_length=2000, description="问题或建议")


class TriageIn(BodyIn):
    decision: Literal["accept", "decline"]
    note: str = Field("", max_length=300, description="研判意见；不予采纳时必填")
    owner_id: ObjectId | None = Field(None, description="采纳时：负责人")
    deadline: datetime.date | None = Field(None, description="采纳时：完成时限")
    goal: str = Field("", max_length=2000, description="采纳时：优化目标")


def _me(request: HttpRequest) -> Person:
    person: Person = request.auth  # type: ignore[attr-defined]
    if not may_handle_business(person):  # 三员 never see business data
        raise NotFound()
    return person


def _ref(person: Person | None) -> dict[str, Any] | None:
    return {"id": person.pk, "name": person.real_name} if person else None


def _out(f: Feedback) -> dict[str, Any]:
    return {
        "id": f.pk,
        "kind": f.kind,
        "kind_label": str(FeedbackKind(f.kind).label),
        "procedure": f.procedure,
        "content": f.content,
        "submitted_by": _ref(f.submitted_by),
        "created_at": f.created_at,
        "status": f.status,
        "status_label": str(FeedbackStatus(f.status).label),
        "triaged_by": _ref(f.triaged_by),
        "triage_note": f.triage_note,
        "triaged_at": f.triaged_at,
        "task_id": f.task_id,
    }


def _visible(person: Person) -> Any:
    return Feedback.objects.filter(policies.feedback_visible_q(person)).select_related(
        "submitted_by", "triaged_by"
    )


@router.get(
    "/feedback",
    response={200: FeedbackPage, **errors(401, 403, 404, 422)},
    summary="意见反馈：本人提出的；办公室主任看全机关的（status=submitted 为待研判队列）",
)
def feedback_list(request: HttpRequest, filters: Query[FeedbackFilters]) -> dict[str, Any]:
    person = _me(request)
    rows = _visible(person).order_by("-id")
    if filters.mine:
        rows = rows.filter(submitted_by=person)
    if filters.status:
        rows = rows.filter(status=filters.status)
    return paged(rows, filters, _out)


@router.post(
    "/feedback",
    response={201: FeedbackOut, **errors(400, 401, 403, 404, 422)},
    summary="提出意见反馈（问题或建议）",
)
def feedback_create(request: HttpRequest, body: FeedbackIn) -> Status[dict[str, Any]]:
    person = _me(request)
    created = feedback_submit(
        actor=person, kind=body.kind, procedure=body.procedure, content=body.content
    )
    return Status(201, _out(_visible(person).get(pk=created.pk)))


@router.get(
    "/feedback/{feedback_id}",
    response={200: FeedbackOut, **errors(401, 403, 404, 422)},
    summary="一条意见反馈",
)
def feedback_get(request: HttpRequest, feedback_id: ObjectId) -> dict[str, Any]:
    person = _me(request)
    found = _visible(person).filter(pk=feedback_id).first()
    if found is None:
        raise NotFound()
    return _out(found)


@router.post(
    "/feedback/{feedback_id}/triage",
    response={200: FeedbackOut, **errors(400, 401, 403, 404, 409, 422)},
    summary="研判（办公室主任）：采纳则列入流程优化清单（督办，须负责人和时限），不予采纳须说明理由",
)
def feedback_triage_api(
    request: HttpRequest, feedback_id: ObjectId, body: TriageIn
) -> dict[str, Any]:
    person = _me(request)  # the service refuses (403, audited) one who may not triage
    accept = body.decision == "accept"
    improvement = None
    if accept and body.owner_id is not None and body.deadline is not None:
        improvement = Improvement(owner_id=body.owner_id, deadline=body.deadline, goal=body.goal)
    feedback_triage(
        actor=person,
        feedback_id=feedback_id,
        accept=accept,
        note=body.note,
        improvement=improvement,
    )
    return _out(_visible(person).get(pk=feedback_id))
