"""办会申请: a meeting with its 五要素 (planned or ad hoc with a reason; one request per
meeting), checked against rooms and people (``conflicts``) and against similar meetings of
the organiser that week (合并或套开, a warning); 送审 starts the approval flow; the approver
decides through their work item; the organiser may cancel (which frees the room)."""

import datetime
import difflib
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from govoa.audit.services import audit_denied, audit_record
from govoa.core.calendar import working_day_before
from govoa.core.errors import GovOAError, NotFound, TransitionNotAllowed, ValidationFailed
from govoa.core.vocabulary import Classification
from govoa.flow.models import FlowInstance
from govoa.flow.selectors import open_item_for
from govoa.flow.services.acts import flow_cancel, flow_start, work_item_act
from govoa.flow.workflow import Action, InstanceStatus
from govoa.meetings.conflicts import Clash, people_clashes, room_clashes
from govoa.meetings.models import Invitee, Meeting, MeetingPlan, MeetingRoom
from govoa.meetings.policies import MEETING_TYPE, can_manage, can_request, is_leader
from govoa.meetings.services.trail import meeting_trail_note
from govoa.meetings.workflow import (
    ACTIVE,
    MATERIALS_WORKING_DAYS,
    REQUEST_FLOW,
    MeetingStatus,
    PlanStatus,
    Seat,
)
from govoa.org.models import Person, PersonStatus
from govoa.org.policies import may_handle_business

MAX_INVITEES = 500
SIMILAR = 0.5


@dataclass(frozen=True)
class MeetingData:
    title: str
    starts_at: datetime.datetime
    ends_at: datetime.datetime
    agenda: str
    expected_outcome: str
    chair_id: int
    approver_id: int
    invitee_ids: list[int] = field(default_factory=list)
    room_id: int | None = None
    place: str = ""
    plan_id: int | None = None
    ad_hoc_reason: str = ""
    requirements: str = ""
    contacts: str = ""
    classification: int = Classification.NONE


def _person(agency_id: int, pk: int | None, key: str, label: str) -> Person:
    found = (
        Person.objects.filter(pk=pk, agency_id=agency_id, status=PersonStatus.ACTIVE).first()
        if pk
        else None
    )
    if found is None or not may_handle_business(found):
        raise ValidationFailed(fields={key: [f"请选择本机关在职的{label}。"]})
    return found


def _texts(data: MeetingData) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    for key, label, limit in (
        ("title", "会议名称", 200),
        ("agenda", "议程", 5000),
        ("expected_outcome", "预期成果", 2000),
    ):
        text = (getattr(data, key) or "").strip()
        if not text:
            errors[key] = [f"请填写{label}。"]
        elif len(text) > limit:
            errors[key] = [f"不能超过 {limit} 字。"]
    for key, limit in (("place", 200), ("requirements", 2000), ("contacts", 200)):
        if len(getattr(data, key) or "") > limit:
            errors[key] = [f"不能超过 {limit} 字。"]
    if len(data.ad_hoc_reason or "") > 2000:
        errors["ad_hoc_reason"] = ["不能超过 2000 字。"]
    return errors


def _times(data: MeetingData) -> dict[str, list[str]]:
    # A year past 2100 would overflow the week arithmetic of 合并或套开 (and is a typo).
    errors = {
        key: ["时间应在 2000 年至 2100 年之间。"]
        for key in ("starts_at", "ends_at")
        if not 2000 <= getattr(data, key).year <= 2100
    }
    if errors:
        return errors
    if data.ends_at <= data.starts_at:
        errors["ends_at"] = ["结束时间应晚于开始时间。"]
    elif data.ends_at - data.starts_at > datetime.timedelta(days=3):
        errors["ends_at"] = ["一次会议不超过 3 天。"]
    if data.starts_at < timezone.now():
        errors["starts_at"] = ["开始时间不能早于现在。"]
    return errors


@dataclass(frozen=True)
class _Checked:
    plan: MeetingPlan | None
    room: MeetingRoom | None
    chair: Person
    approver: Person
    people: list[Person]


def _checked(actor: Person, data: MeetingData) -> _Checked:
    errors = {**_texts(data), **_times(data)}
    if data.classification not in Classification.values:
        errors["classification"] = ["密级无效。"]
    elif data.classification > actor.clearance:
        errors["classification"] = ["不能高于申请人的涉密等级。"]
    if data.plan_id is None and not (data.ad_hoc_reason or "").strip():
        errors["ad_hoc_reason"] = ["未列入年度计划的临时会议须说明理由。"]
    if not data.room_id and not (data.place or "").strip():
        errors["room"] = ["请选择会议室或填写地点。"]
    if len(set(data.invitee_ids)) > MAX_INVITEES:
        errors["invitees"] = [f"参会人员不能超过 {MAX_INVITEES} 人。"]
    if errors:
        raise ValidationFailed(fields=errors)
    plan = None
    if data.plan_id is not None:
        plan = MeetingPlan.objects.filter(
            pk=data.plan_id, agency_id=actor.agency_id, status=PlanStatus.APPROVED
        ).first()
        if plan is None:
            raise ValidationFailed(fields={"plan": ["请选择本机关已批准的年度计划会议。"]})
    room = None
    if data.room_id:
        room = MeetingRoom.objects.filter(
            pk=data.room_id, agency_id=actor.agency_id, active=True
        ).first()
        if room is None:
            raise ValidationFailed(fields={"room": ["请选择本机关可预订的会议室。"]})
    chair = _person(actor.agency_id, data.chair_id, "chair", "主持领导")
    approver = _person(actor.agency_id, data.approver_id, "approver", "审批领导")
    if not is_leader(approver):
        raise ValidationFailed(fields={"approver": ["审批领导应为机关领导。"]})
    if approver.pk == actor.pk:
        raise ValidationFailed(fields={"approver": ["申请人不能审批自己的会议。"]})
    found = {
        p.pk: p
        for p in Person.objects.filter(
            pk__in=set(data.invitee_ids), agency_id=actor.agency_id, status=PersonStatus.ACTIVE
        )
    }
    missing = set(data.invitee_ids) - set(found)
    if missing or any(not may_handle_business(p) for p in found.values()):
        raise ValidationFailed(fields={"invitees": ["参会人员应为本机关在职人员。"]})
    invitees = sorted({chair.pk: chair, **found}.values(), key=lambda p: (p.rank_order, p.pk))
    under = [p.real_name for p in invitees if p.clearance < data.classification]
    if under:
        raise ValidationFailed(fields={"invitees": [f"{'、'.join(under)}的涉密等级不足。"]})
    if room is not None and len(invitees) > room.capacity:
        raise ValidationFailed(
            fields={"room": [f"会议室“{room.name}”只能容纳 {room.capacity} 人。"]}
        )
    return _Checked(plan, room, chair, approver, invitees)


def clashes_for(meeting: Meeting) -> list[Clash]:
    people = [i.person for i in meeting.invitees.select_related("person")]
    if meeting.chair not in people:
        people.append(meeting.chair)
    found = []
    if meeting.room_id:
        found += room_clashes(
            room_id=meeting.room_id,
            starts_at=meeting.starts_at,
            ends_at=meeting.ends_at,
            exclude_id=meeting.pk,
        )
    found += people_clashes(
        people=people,
        starts_at=meeting.starts_at,
        ends_at=meeting.ends_at,
        exclude_id=meeting.pk,
        leaders={p.pk for p in people if is_leader(p)},
    )
    return found


def similar_meetings(meeting: Meeting) -> list[Meeting]:
    """合并或套开: the organiser's other meetings of that week with a similar name."""
    day = meeting.starts_at.date()
    monday = day - datetime.timedelta(days=day.weekday())
    others = Meeting.objects.filter(
        Q(organiser_id=meeting.organiser_id) | Q(department_id=meeting.department_id),
        agency_id=meeting.agency_id,
        status__in=ACTIVE,
        starts_at__date__gte=monday,
        starts_at__date__lt=monday + datetime.timedelta(days=7),
    ).exclude(pk=meeting.pk)[:50]
    return [
        m
        for m in others
        if difflib.SequenceMatcher(None, m.title, meeting.title).ratio() >= SIMILAR
    ]


def warnings_for(meeting: Meeting) -> list[str]:
    texts = [c.message for c in clashes_for(meeting) if not c.blocking]
    texts += [
        f"本周已有相近会议《{m.title}》（{timezone.localtime(m.starts_at):%m-%d %H:%M}），"
        "请考虑合并召开或套开。"
        for m in similar_meetings(meeting)
    ]
    return texts


def refuse_blocking(meeting: Meeting) -> None:
    blocking = [c.message for c in clashes_for(meeting) if c.blocking]
    if blocking:
        raise ValidationFailed("时间冲突：" + "".join(blocking), fields={"starts_at": blocking})


def _materials_due(starts_at: datetime.datetime) -> datetime.date:
    day = timezone.localtime(starts_at).date()
    try:
        return working_day_before(day, MATERIALS_WORKING_DAYS)
    except GovOAError:
        return day - datetime.timedelta(days=MATERIALS_WORKING_DAYS)


def meeting_create(*, actor: Person, data: MeetingData) -> Meeting:
    """办会申请 (a draft, then ``meeting_submit``)."""
    if not can_request(actor):
        raise audit_denied(
            action="meetings.meeting.create", actor=actor, reason="没有所属部门，不能申请会议。"
        )
    checked = _checked(actor, data)
    department = actor.department
    if department is None:  # can_request refused this already; for the type checker
        raise ValidationFailed("没有所属部门，不能申请会议。")
    with transaction.atomic():
        meeting = Meeting.objects.create(
            agency_id=actor.agency_id,
            plan=checked.plan,
            ad_hoc_reason="" if data.plan_id else data.ad_hoc_reason.strip(),
            title=data.title.strip(),
            department=department,
            organiser=actor,
            chair=checked.chair,
            approver=checked.approver,
            starts_at=data.starts_at,
            ends_at=data.ends_at,
            room=checked.room,
            place=data.place.strip(),
            agenda=data.agenda.strip(),
            expected_outcome=data.expected_outcome.strip(),
            requirements=data.requirements.strip(),
            contacts=data.contacts.strip(),
            classification=data.classification,
            materials_due=_materials_due(data.starts_at),
        )
        people = checked.people
        Invitee.objects.bulk_create(
            Invitee(
                meeting=meeting,
                person=p,
                order=n,
                seat=Seat.ROSTRUM if is_leader(p) or p.pk == meeting.chair_id else Seat.HALL,
            )
            for n, p in enumerate(people, start=1)
        )
        refuse_blocking(meeting)
        audit_record(
            action="meetings.meeting.create",
            actor=actor,
            obj=meeting,
            details={"starts_at": data.starts_at.isoformat(), "invitees": len(people)},
        )
    return meeting


def meeting_submit(*, actor: Person, meeting: Meeting) -> list[str]:
    """送审: starts the approval flow; returns the warnings (not blocking)."""
    if meeting.organiser_id != actor.pk:
        raise audit_denied(
            action="meetings.meeting.submit",
            actor=actor,
            obj=meeting,
            reason="只有承办人可以送审。",
        )
    with transaction.atomic():
        locked = Meeting.objects.select_for_update().get(pk=meeting.pk)
        if locked.status not in (MeetingStatus.DRAFT, MeetingStatus.REJECTED):
            raise TransitionNotAllowed("该会议已送审。")
        refuse_blocking(locked)
        warnings = warnings_for(locked)
        locked.status = MeetingStatus.PENDING
        locked.save(update_fields=["status"])
        audit_record(
            action="meetings.meeting.submit",
            actor=actor,
            obj=locked,
            details={"warnings": warnings},
        )
        flow_start(actor=actor, code=REQUEST_FLOW, subject=locked, opinion=locked.title[:200])
    meeting.refresh_from_db()
    return warnings


def _act(actor: Person, meeting: Meeting, node_key: str, action: str, opinion: str) -> None:
    item = open_item_for(
        person=actor, subject_type=MEETING_TYPE, subject_id=meeting.pk, node_key=node_key
    )
    if item is None:
        raise NotFound("您在该会议上没有待办的这一步。")
    work_item_act(actor=actor, item_id=item.pk, action=action, opinion=opinion)
    meeting.refresh_from_db()


def meeting_decide(*, actor: Person, meeting: Meeting, approve: bool, opinion: str = "") -> None:
    """审批 (the approver's work item): approving books the room and sends the notices."""
    _act(actor, meeting, "approve", Action.APPROVE if approve else Action.REJECT, opinion)


def meeting_cancel(*, actor: Person, meeting: Meeting, reason: str) -> Meeting:
    """取消: the room and the people are free again; the invitees are told."""
    from govoa.meetings.services.notices import tell_cancelled

    if not can_manage(actor, meeting):
        raise audit_denied(
            action="meetings.meeting.cancel",
            actor=actor,
            obj=meeting,
            reason="只有承办人或办公室主任可以取消会议。",
        )
    reason = reason.strip()
    if not reason or len(reason) > 300:
        raise ValidationFailed(fields={"reason": ["请填写取消原因（不超过 300 字）。"]})
    with transaction.atomic():
        locked = Meeting.objects.select_for_update().get(pk=meeting.pk)
        if locked.status in (MeetingStatus.CANCELLED, MeetingStatus.CLOSED):
            raise TransitionNotAllowed("该会议已取消或已结束。")
        was_approved = locked.status == MeetingStatus.APPROVED
        running = FlowInstance.objects.filter(
            subject_type=MEETING_TYPE, subject_id=locked.pk, status=InstanceStatus.RUNNING
        ).values_list("pk", flat=True)
        for instance_id in list(running):
            flow_cancel(actor=actor, instance_id=instance_id, reason=f"会议取消：{reason}")
        locked.status = MeetingStatus.CANCELLED
        locked.cancelled_reason = reason
        locked.save(update_fields=["status", "cancelled_reason"])
        audit_record(
            action="meetings.meeting.cancel", actor=actor, obj=locked, details={"reason": reason}
        )
        if was_approved:  # a pending request's flow was cancelled above, with the reason
            meeting_trail_note(actor, locked, "取消会议", reason)
            tell_cancelled(locked)
    return locked
