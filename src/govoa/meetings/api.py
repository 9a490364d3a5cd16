"""``/api/v1/meetings`` (list by keyset, one meeting, 办会申请, 送审), ``/api/v1/meeting-rooms``
(with availability over a window), receipts (回执) and sign-in (签到 by the QR link's token,
or by the organiser for an invitee). The approvals (会议审批, 纪要审签) go through
``/api/v1/work-items/{id}/act`` like every module's; a meeting lists the caller's open items."""

import datetime
from typing import Any, Literal

from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Query, Router, Schema, Status

from govoa.core.api import BodyIn, ObjectId, ParamsIn, errors
from govoa.core.errors import ValidationFailed
from govoa.core.vocabulary import Classification
from govoa.flow.models import WorkItem
from govoa.flow.policies import work_items_visible_q
from govoa.flow.workflow import ItemStatus
from govoa.meetings import selectors
from govoa.meetings.api_venue import router as venue_router
from govoa.meetings.models import Meeting
from govoa.meetings.policies import MEETING_TYPE, can_manage
from govoa.meetings.services import attendance, notices, requests
from govoa.meetings.workflow import HOLDING
from govoa.org.models import Person

router = Router(tags=["会议"])
router.add_router("", venue_router)


class PersonRef(Schema):
    id: int
    name: str


class MeetingOut(Schema):
    id: int
    title: str
    status: str
    status_label: str
    starts_at: datetime.datetime
    ends_at: datetime.datetime
    room: int | None
    location: str
    department: str
    organiser: PersonRef
    chair: PersonRef
    classification: int


class InviteeOut(Schema):
    id: int
    person: PersonRef
    order: int
    seat: str
    answer: str
    reason: str
    delegate_name: str
    signed_in_at: datetime.datetime | None


class MeetingItemRef(Schema):
    id: int
    node_key: str
    node_name: str


class MeetingDetailOut(MeetingOut):
    agenda: str
    expected_outcome: str
    requirements: str
    plan: int | None
    ad_hoc_reason: str
    materials_due: datetime.date | None
    invitees: list[InviteeOut]
    work_items: list[MeetingItemRef]
    warnings: list[str]


class MeetingPage(Schema):
    items: list[MeetingOut]
    next_before: int | None


def _ref(p: Person) -> dict[str, Any]:
    return {"id": p.pk, "name": p.real_name}


def _out(m: Meeting) -> dict[str, Any]:
    return {
        "id": m.pk,
        "title": m.title,
        "status": m.status,
        "status_label": m.get_status_display(),
        "starts_at": m.starts_at,
        "ends_at": m.ends_at,
        "room": m.room_id,
        "location": m.location,
        "department": m.department.name,
        "organiser": _ref(m.organiser),
        "chair": _ref(m.chair),
        "classification": m.classification,
    }


def _detail(person: Person, meeting_id: int, warnings: list[str] | None = None) -> dict[str, Any]:
    m = selectors.meeting_get_for_person(person=person, pk=meeting_id)
    items = WorkItem.objects.filter(
        work_items_visible_q(person),
        status=ItemStatus.OPEN,
        instance__subject_type=MEETING_TYPE,
        instance__subject_id=m.pk,
    ).order_by("pk")
    return {
        **_out(m),
        "agenda": m.agenda,
        "expected_outcome": m.expected_outcome,
        "requirements": m.requirements,
        "plan": m.plan_id,
        "ad_hoc_reason": m.ad_hoc_reason,
        "materials_due": m.materials_due,
        "invitees": [
            {
                "id": i.pk,
                "person": _ref(i.person),
                "order": i.order,
                "seat": i.seat,
                "answer": i.answer,
                "reason": i.reason,
                "delegate_name": i.delegate_name,
                "signed_in_at": i.signed_in_at,
            }
            for i in m.invitees.select_related("person")
        ],
        "work_items": [
            {"id": i.pk, "node_key": i.node_key, "node_name": i.node_name} for i in items
        ],
        "warnings": warnings or [],
    }


class MeetingListQuery(ParamsIn):
    q: str = Field("", max_length=50)
    before: ObjectId | None = None
    page_size: int = Field(20, ge=1, le=100)


@router.get(
    "/meetings",
    response={200: MeetingPage, **errors(401, 403, 422)},
    summary="会议（新的在前；下一页用 next_before 作 before 参数，不统计总数）",
)
def list_meetings(request: HttpRequest, query: Query[MeetingListQuery]) -> dict[str, Any]:
    person: Person = request.auth  # type: ignore[attr-defined]
    rows, next_before = selectors.keyset_page(
        selectors.meeting_list(person=person, query=query.q),
        before=query.before,
        size=query.page_size,
    )
    return {"items": [_out(m) for m in rows], "next_before": next_before}


@router.get(
    "/meetings/{meeting_id}",
    response={200: MeetingDetailOut, **errors(401, 403, 404, 422)},
    summary="一次会议（五要素、参会人员与回执、签到、本人的待办）",
)
def get_meeting(request: HttpRequest, meeting_id: int) -> dict[str, Any]:
    return _detail(request.auth, meeting_id)  # type: ignore[attr-defined]


class MeetingIn(BodyIn):
    title: str = Field(..., max_length=200)
    starts_at: datetime.datetime
    ends_at: datetime.datetime
    agenda: str = Field(..., max_length=5000)
    expected_outcome: str = Field(..., max_length=2000)
    chair: ObjectId
    approver: ObjectId
    invitees: list[ObjectId] = Field(default_factory=list, max_length=500)
    room: ObjectId | None = None
    place: str = Field("", max_length=200)
    plan: ObjectId | None = None
    ad_hoc_reason: str = Field("", max_length=2000)
    requirements: str = Field("", max_length=2000)
    contacts: str = Field("", max_length=200)
    classification: Classification = Classification.NONE


def _aware(value: datetime.datetime, key: str) -> datetime.datetime:
    if not 2000 <= value.year < 2100:
        raise ValidationFailed(fields={key: ["时间应在 2000 年至 2100 年之间。"]})
    return value if timezone.is_aware(value) else timezone.make_aware(value)


@router.post(
    "/meetings",
    response={201: MeetingDetailOut, **errors(400, 401, 403, 413, 422)},
    summary="办会申请（五要素；计划外的临时会议须说明理由；送审另行提交）",
)
def create_meeting(request: HttpRequest, body: MeetingIn) -> Status[dict[str, Any]]:
    person: Person = request.auth  # type: ignore[attr-defined]
    meeting = requests.meeting_create(
        actor=person,
        data=requests.MeetingData(
            title=body.title,
            starts_at=_aware(body.starts_at, "starts_at"),
            ends_at=_aware(body.ends_at, "ends_at"),
            agenda=body.agenda,
            expected_outcome=body.expected_outcome,
            chair_id=body.chair,
            approver_id=body.approver,
            invitee_ids=list(body.invitees),
            room_id=body.room,
            place=body.place,
            plan_id=body.plan,
            ad_hoc_reason=body.ad_hoc_reason,
            requirements=body.requirements,
            contacts=body.contacts,
            classification=int(body.classification),
        ),
    )
    return Status(201, _detail(person, meeting.pk))


@router.post(
    "/meetings/{meeting_id}/submit",
    response={200: MeetingDetailOut, **errors(401, 403, 404, 409, 422)},
    summary="送审（返回提醒：会议室待审批的申请、参会人员日程、本周相近会议）",
)
def submit_meeting(request: HttpRequest, meeting_id: int) -> dict[str, Any]:
    person: Person = request.auth  # type: ignore[attr-defined]
    meeting = selectors.meeting_get_for_person(person=person, pk=meeting_id)
    warnings = requests.meeting_submit(actor=person, meeting=meeting)
    return _detail(person, meeting_id, warnings)


class ReceiptIn(BodyIn):
    answer: Literal["attend", "leave", "delegate"]
    reason: str = Field("", max_length=200)
    delegate_name: str = Field("", max_length=50)


@router.post(
    "/meetings/{meeting_id}/receipt",
    response={200: InviteeOut, **errors(400, 401, 403, 404, 409, 422)},
    summary="回执：参加、请假（须填事由）或派人参加（须填姓名）",
)
def answer_notice(request: HttpRequest, meeting_id: int, body: ReceiptIn) -> dict[str, Any]:
    person: Person = request.auth  # type: ignore[attr-defined]
    meeting = selectors.meeting_get_for_person(person=person, pk=meeting_id)
    i = notices.meeting_answer(
        actor=person,
        meeting=meeting,
        answer=body.answer,
        reason=body.reason,
        delegate_name=body.delegate_name,
    )
    return _invitee(i)


def _invitee(i: Any) -> dict[str, Any]:
    return {
        "id": i.pk,
        "person": _ref(i.person),
        "order": i.order,
        "seat": i.seat,
        "answer": i.answer,
        "reason": i.reason,
        "delegate_name": i.delegate_name,
        "signed_in_at": i.signed_in_at,
    }


class SignInIn(BodyIn):
    token: str = Field(..., min_length=1, max_length=500)


@router.post(
    "/meeting-sign-ins",
    response={200: InviteeOut, **errors(400, 401, 403, 404, 409, 422)},
    summary="扫码签到（签到码中的 token；会前 1 小时开放，会议结束关闭）",
)
def sign_in(request: HttpRequest, body: SignInIn) -> dict[str, Any]:
    person: Person = request.auth  # type: ignore[attr-defined]
    return _invitee(attendance.sign_in_by_link(actor=person, token=body.token))


@router.post(
    "/meetings/{meeting_id}/invitees/{invitee_id}/sign-in",
    response={200: InviteeOut, **errors(401, 403, 404, 409, 422)},
    summary="代签到（承办人为某位参会人员签到）",
)
def sign_in_for(request: HttpRequest, meeting_id: int, invitee_id: int) -> dict[str, Any]:
    person: Person = request.auth  # type: ignore[attr-defined]
    meeting = selectors.meeting_get_for_person(person=person, pk=meeting_id)
    return _invitee(attendance.sign_in_manual(actor=person, meeting=meeting, invitee_id=invitee_id))


class Booking(Schema):
    meeting: int | None
    title: str
    starts_at: datetime.datetime
    ends_at: datetime.datetime
    status: str
    holds: bool


class RoomOut(Schema):
    id: int
    name: str
    location: str
    capacity: int
    equipment: str
    free: bool
    bookings: list[Booking]


class RoomQuery(ParamsIn):
    starts_at: datetime.datetime | None = None
    ends_at: datetime.datetime | None = None
    capacity: int = Field(0, ge=0, le=100000)


@router.get(
    "/meeting-rooms",
    response={200: list[RoomOut], **errors(401, 403, 422)},
    summary="会议室及其在某时段的占用（free：该时段没有已批准的会议；默认今天）",
)
def list_rooms(request: HttpRequest, query: Query[RoomQuery]) -> list[dict[str, Any]]:
    person: Person = request.auth  # type: ignore[attr-defined]
    today = timezone.localdate()
    first = (
        _aware(query.starts_at, "starts_at")
        if query.starts_at
        else timezone.make_aware(datetime.datetime.combine(today, datetime.time()))
    )
    last = _aware(query.ends_at, "ends_at") if query.ends_at else first + datetime.timedelta(days=1)
    if last <= first or last - first > datetime.timedelta(days=31):
        raise ValidationFailed(fields={"ends_at": ["结束时间应晚于开始时间，且不超过 31 天。"]})
    rooms = []
    for room in selectors.rooms_of(person).filter(capacity__gte=query.capacity)[:100]:
        bookings = []
        for m in selectors.room_bookings(room, first, last):
            visible = m.classification <= person.clearance and (
                m.classification < Classification.SECRET or can_manage(person, m)
            )
            bookings.append(
                {
                    "meeting": m.pk if visible else None,
                    "title": m.title if visible else "（涉密会议）",
                    "starts_at": m.starts_at,
                    "ends_at": m.ends_at,
                    "status": m.status,
                    "holds": m.status in HOLDING,
                }
            )
        rooms.append(
            {
                "id": room.pk,
                "name": room.name,
                "location": room.location,
                "capacity": room.capacity,
                "equipment": room.equipment,
                "free": not any(b["holds"] for b in bookings),
                "bookings": bookings,
            }
        )
    return rooms
