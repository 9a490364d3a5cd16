"""``/api/v1/rules`` (制度文件库: the library, a rule with its clauses and revision history,
制定/修订/废止 sent for approval — approved through ``/api/v1/work-items/{id}/act``),
``/api/v1/posts`` (岗位职责, ``api_posts.py``), ``/api/v1/study-entries`` and
``/api/v1/training-sessions`` (学习与培训). The same services and selectors as the screens."""

import datetime
from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Field, Query, Router, Schema, Status

from govoa.core.api import BodyIn, ObjectId, ParamsIn, errors
from govoa.core.errors import NotFound
from govoa.handbook import selectors
from govoa.handbook.api_posts import router as posts_router
from govoa.handbook.models import (
    Rule,
    RuleVersion,
    StudyEntry,
    TrainingAttendance,
    TrainingSession,
)
from govoa.handbook.services.learning import (
    study_record,
    training_attendance_record,
    training_create,
)
from govoa.handbook.services.rules import RevisionData, rule_propose, rule_repeal, rule_revise
from govoa.handbook.workflow import AttendanceStatus, RuleCategory
from govoa.org.models import Person
from govoa.org.policies import may_handle_business

router = Router(tags=["制度与学习"])
router.add_router("", posts_router)


def _me(request: HttpRequest) -> Person:
    return request.auth  # type: ignore[attr-defined]


class VersionOut(Schema):
    id: int
    kind: str
    version: str
    effective_on: datetime.date
    change_note: str
    status: str
    status_label: str
    requester: str
    approved_by: str | None
    approved_at: datetime.datetime | None


class RuleOut(Schema):
    id: int
    code: str
    title: str
    category: str
    category_label: str
    status: str
    status_label: str
    version: str | None
    effective_on: datetime.date | None


class RuleDetailOut(RuleOut):
    clauses: list[str]
    versions: list[VersionOut]


def _rule(rule: Rule) -> dict[str, Any]:
    return {
        "id": rule.pk,
        "code": rule.code,
        "title": rule.title,
        "category": rule.category,
        "category_label": rule.get_category_display(),
        "status": rule.status,
        "status_label": rule.get_status_display(),
        "version": rule.current.version if rule.current else None,
        "effective_on": rule.current.effective_on if rule.current else None,
    }


def _version(v: RuleVersion) -> dict[str, Any]:
    return {
        "id": v.pk,
        "kind": v.kind,
        "version": v.version,
        "effective_on": v.effective_on,
        "change_note": v.change_note,
        "status": v.status,
        "status_label": v.get_status_display(),
        "requester": v.requester.real_name,
        "approved_by": v.approved_by.real_name if v.approved_by else None,
        "approved_at": v.approved_at,
    }


def _rule_detail(person: Person, rule_id: int) -> dict[str, Any]:
    rule = selectors.rule_get_for_person(person=person, pk=rule_id)
    return {
        **_rule(rule),
        "clauses": rule.current.clauses if rule.current else [],
        "versions": [_version(v) for v in selectors.rule_versions(person=person, rule=rule)],
    }


class RuleQuery(ParamsIn):
    category: RuleCategory | None = None


@router.get("/rules", response={200: list[RuleOut], **errors(401, 403, 422)}, summary="制度文件库")
def list_rules(request: HttpRequest, query: Query[RuleQuery]) -> list[dict[str, Any]]:
    rules = selectors.rule_list(person=_me(request), category=query.category or "")
    return [_rule(r) for r in rules[:500]]


@router.get(
    "/rules/{rule_id}",
    response={200: RuleDetailOut, **errors(401, 403, 404, 422)},
    summary="制度：条款与修订历史",
)
def get_rule(request: HttpRequest, rule_id: ObjectId) -> dict[str, Any]:
    return _rule_detail(_me(request), rule_id)


class RevisionIn(BodyIn):
    version: str = Field(..., min_length=1, max_length=30)
    effective_on: datetime.date
    body: str = Field(..., min_length=1, max_length=100_000)
    change_note: str = Field(..., min_length=1, max_length=300)

    def data(self) -> RevisionData:
        return RevisionData(self.version, self.effective_on, self.body, self.change_note)


class RuleIn(RevisionIn):
    code: str = Field(..., pattern=r"^[a-z][a-z0-9-]{1,39}$")
    title: str = Field(..., min_length=1, max_length=200)
    category: RuleCategory


@router.post(
    "/rules",
    response={201: RuleDetailOut, **errors(400, 401, 403, 409, 422)},
    summary="提请制定制度（送主要领导审批，批准后发布）",
)
def propose_rule(request: HttpRequest, body: RuleIn) -> Status[dict[str, Any]]:
    person = _me(request)
    version = rule_propose(
        actor=person, code=body.code, title=body.title, category=body.category, data=body.data()
    )
    return Status(201, _rule_detail(person, version.rule_id))


@router.post(
    "/rules/{rule_id}/revisions",
    response={201: RuleDetailOut, **errors(400, 401, 403, 404, 409, 422)},
    summary="提请修订制度（送审批）",
)
def revise_rule(
    request: HttpRequest, rule_id: ObjectId, body: RevisionIn
) -> Status[dict[str, Any]]:
    person = _me(request)
    selectors.rule_get_for_person(person=person, pk=rule_id)  # outsiders: 404
    rule_revise(actor=person, rule_id=rule_id, data=body.data())
    return Status(201, _rule_detail(person, rule_id))


class RepealIn(BodyIn):
    effective_on: datetime.date
    reason: str = Field(..., min_length=1, max_length=300)


@router.post(
    "/rules/{rule_id}/repeal",
    response={201: RuleDetailOut, **errors(400, 401, 403, 404, 409, 422)},
    summary="提请废止制度（送审批）",
)
def repeal_rule(request: HttpRequest, rule_id: ObjectId, body: RepealIn) -> Status[dict[str, Any]]:
    person = _me(request)
    selectors.rule_get_for_person(person=person, pk=rule_id)
    rule_repeal(actor=person, rule_id=rule_id, effective_on=body.effective_on, reason=body.reason)
    return Status(201, _rule_detail(person, rule_id))


class KeysetQuery(ParamsIn):
    after: ObjectId | None = None
    limit: int = Field(20, ge=1, le=100)


def _keyset(rows: QuerySet, limit: int, present: Any) -> dict[str, Any]:
    found = list(rows[: limit + 1])
    more = len(found) > limit
    found = found[:limit]
    return {"items": [present(r) for r in found], "next_after": found[-1].pk if more else None}


class StudyOut(Schema):
    id: int
    person: str
    studied_on: datetime.date
    title: str
    rule_id: int | None
    note: str


class StudyPage(Schema):
    items: list[StudyOut]
    next_after: int | None


def _study(e: StudyEntry) -> dict[str, Any]:
    return {
        "id": e.pk,
        "person": e.person.real_name,
        "studied_on": e.studied_on,
        "title": e.title,
        "rule_id": e.rule_id,
        "note": e.note,
    }


class StudyQuery(KeysetQuery):
    person: ObjectId | None = None
    department: ObjectId | None = None


@router.get(
    "/study-entries",
    response={200: StudyPage, **errors(401, 403, 422)},
    summary="学习记录（本人；部门负责人看本部门；办公室看全机关）",
)
def list_study(request: HttpRequest, query: Query[StudyQuery]) -> dict[str, Any]:
    rows = selectors.study_list(
        person=_me(request),
        of_person=query.person,
        department_id=query.department,
        after=query.after,
    )
    return _keyset(rows, query.limit, _study)


class StudyIn(BodyIn):
    studied_on: datetime.date
    title: str = Field(..., min_length=1, max_length=200)
    note: str = Field("", max_length=300)
    rule_id: ObjectId | None = None


@router.post(
    "/study-entries",
    response={201: StudyOut, **errors(400, 401, 403, 422)},
    summary="登记本人的学习（每月 1–2 篇）",
)
def record_study(request: HttpRequest, body: StudyIn) -> Status[dict[str, Any]]:
    entry = study_record(actor=_me(request), **body.model_dump())
    return Status(201, _study(entry))


class AttendanceOut(Schema):
    person_id: int
    person: str
    status: str
    status_label: str
    note: str


class SessionOut(Schema):
    id: int
    title: str
    topic: str
    held_on: datetime.date
    place: str
    organiser: str


class SessionDetailOut(SessionOut):
    attendance: list[AttendanceOut]


class SessionPage(Schema):
    items: list[SessionOut]
    next_after: int | None


def _session(s: TrainingSession) -> dict[str, Any]:
    return {
        "id": s.pk,
        "title": s.title,
        "topic": s.topic,
        "held_on": s.held_on,
        "place": s.place,
        "organiser": s.organiser.real_name,
    }


def _attendance(a: TrainingAttendance) -> dict[str, Any]:
    return {
        "person_id": a.person_id,
        "person": a.person.real_name,
        "status": a.status,
        "status_label": a.get_status_display(),
        "note": a.note,
    }


def _session_detail(person: Person, session_id: int) -> dict[str, Any]:
    session = selectors.session_get_for_person(person=person, pk=session_id)
    rows = selectors.session_attendance(person=person, session=session)
    return {**_session(session), "attendance": [_attendance(a) for a in rows]}


@router.get(
    "/training-sessions",
    response={200: SessionPage, **errors(401, 403, 422)},
    summary="培训",
)
def list_sessions(request: HttpRequest, query: Query[KeysetQuery]) -> dict[str, Any]:
    rows = selectors.session_list(person=_me(request), after=query.after)
    return _keyset(rows, query.limit, _session)


class SessionIn(BodyIn):
    title: str = Field(..., min_length=1, max_length=200)
    topic: str = Field(..., min_length=1, max_length=50)
    held_on: datetime.date
    place: str = Field("", max_length=100)


@router.post(
    "/training-sessions",
    response={201: SessionDetailOut, **errors(400, 401, 403, 422)},
    summary="登记培训（办公室主任）",
)
def create_session(request: HttpRequest, body: SessionIn) -> Status[dict[str, Any]]:
    person = _me(request)
    session = training_create(actor=person, **body.model_dump())
    return Status(201, _session_detail(person, session.pk))


@router.get(
    "/training-sessions/{session_id}",
    response={200: SessionDetailOut, **errors(401, 403, 404, 422)},
    summary="培训及出席情况",
)
def get_session(request: HttpRequest, session_id: ObjectId) -> dict[str, Any]:
    person = _me(request)
    if not may_handle_business(person):
        raise NotFound()
    return _session_detail(person, session_id)


class AttendanceIn(BodyIn):
    person_id: ObjectId
    status: AttendanceStatus
    note: str = Field("", max_length=200)


@router.post(
    "/training-sessions/{session_id}/attendance",
    response={200: SessionDetailOut, **errors(400, 401, 403, 404, 422)},
    summary="登记出席情况和培训小结（办公室主任；再次登记即更正）",
)
def record_attendance(
    request: HttpRequest, session_id: ObjectId, body: AttendanceIn
) -> dict[str, Any]:
    person = _me(request)
    selectors.session_get_for_person(person=person, pk=session_id)
    training_attendance_record(actor=person, session_id=session_id, **body.model_dump())
    return _session_detail(person, session_id)
