"""座次 (reordering, 主席台 or 台下, the even-number rule) and 签到 (by the QR link, or by
staff on someone's behalf), with late and absent statistics."""

import secrets
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from govoa.audit.services import audit_denied, audit_record
from govoa.core.errors import NotFound, TransitionNotAllowed, ValidationFailed
from govoa.meetings.models import Invitee, Meeting
from govoa.meetings.policies import can_manage
from govoa.meetings.services.trail import meeting_trail_note
from govoa.meetings.signin import check_window, meeting_id_from
from govoa.meetings.workflow import Answer, EvenRule, MeetingStatus, Seat
from govoa.notify.services import notify
from govoa.org.models import Person


def _manager(actor: Person, meeting: Meeting, action: str) -> None:
    if not can_manage(actor, meeting):
        raise audit_denied(
            action=action, actor=actor, obj=meeting, reason="只有承办人或办公室主任可以操作。"
        )


def seating_set(
    *,
    actor: Person,
    meeting: Meeting,
    order: list[int],
    rostrum: list[int],
    even_rule: str,
) -> Meeting:
    """排座次: ``order`` is every invitee id, first-ranked first; ``rostrum`` those on the
    主席台."""
    _manager(actor, meeting, "meetings.seating.set")
    if even_rule not in EvenRule.values:
        raise ValidationFailed(fields={"even_rule": ["双数规则无效。"]})
    with transaction.atomic():
        locked = Meeting.objects.select_for_update().get(pk=meeting.pk)
        if locked.status in (MeetingStatus.CANCELLED, MeetingStatus.CLOSED):
            raise TransitionNotAllowed("会议已取消或已结束。")
        invitees = {i.pk: i for i in locked.invitees.all()}
        if sorted(order) != sorted(invitees) or len(set(order)) != len(order):
            raise ValidationFailed(fields={"order": ["排序应列出每位参会人员，且各一次。"]})
        if not set(rostrum) <= set(invitees):
            raise ValidationFailed(fields={"rostrum": ["主席台人员应为参会人员。"]})
        room = locked.room
        if room is not None and len(rostrum) > room.rostrum_seats:
            raise ValidationFailed(
                fields={"rostrum": [f"主席台只有 {room.rostrum_seats} 个座位。"]}
            )
        for n, pk in enumerate(order, start=1):
            invitee = invitees[pk]
            invitee.order = n
            invitee.seat = Seat.ROSTRUM if pk in rostrum else Seat.HALL
        Invitee.objects.bulk_update(invitees.values(), ["order", "seat"])
        locked.even_rule = even_rule
        locked.save(update_fields=["even_rule"])
        audit_record(
            action="meetings.seating.set",
            actor=actor,
            obj=locked,
            details={"rostrum": len(rostrum), "even_rule": even_rule},
        )
        meeting_trail_note(
            actor,
            locked,
            "调整座次",
            f"主席台 {len(rostrum)} 人，台下 {len(order) - len(rostrum)} 人；"
            f"{EvenRule(even_rule).label}",
        )
    return locked


def _sign(invitee: Invitee, by: Person) -> bool:
    """Signs ``invitee`` in now; False if signed in already (the first time stays)."""
    if invitee.signed_in_at is not None:
        return False
    invitee.signed_in_at = timezone.now()
    invitee.signed_in_by = by
    invitee.save(update_fields=["signed_in_at", "signed_in_by"])
    return True


def _when(invitee: Invitee, meeting: Meeting) -> str:
    at = timezone.localtime(invitee.signed_in_at)
    late = invitee.signed_in_at is not None and invitee.signed_in_at > meeting.starts_at
    return f"{at:%H:%M}签到" + ("（迟到）" if late else "")


def sign_in_by_link(*, actor: Person, token: str) -> Invitee:
    """扫码签到: the logged-in person, if invited, while the link is open."""
    meeting_id, key = meeting_id_from(token)
    with transaction.atomic():
        invitee = (
            Invitee.objects.select_for_update()
            .select_related("meeting")
            .filter(meeting_id=meeting_id, person_id=actor.pk, meeting__agency_id=actor.agency_id)
            .first()
        )
        if invitee is None or invitee.meeting.sign_in_key != key:
            raise NotFound("签到码无效，或您不在该会议的参会人员中。")
        meeting = invitee.meeting
        if meeting.status != MeetingStatus.APPROVED:
            raise TransitionNotAllowed("会议未批准或已取消。")
        check_window(meeting)
        audit_record(action="meetings.sign_in.qr", actor=actor, obj=meeting)
        if _sign(invitee, actor):
            meeting_trail_note(actor, meeting, "扫码签到", _when(invitee, meeting))
    return invitee


def sign_in_manual(*, actor: Person, meeting: Meeting, invitee_id: int) -> Invitee:
    """代签到 by the organiser (someone without a phone at the door)."""
    _manager(actor, meeting, "meetings.sign_in.manual")
    with transaction.atomic():
        invitee = (
            Invitee.objects.select_for_update(of=("self",))
            .select_related("person")
            .filter(pk=invitee_id, meeting_id=meeting.pk)
            .first()
        )
        if invitee is None:
            raise NotFound("没有这位参会人员。")
        if meeting.status != MeetingStatus.APPROVED:
            raise TransitionNotAllowed("会议未批准或已取消。")
        check_window(meeting)
        audit_record(
            action="meetings.sign_in.manual",
            actor=actor,
            obj=meeting,
            details={"person": invitee.person_id},
        )
        if _sign(invitee, actor):
            meeting_trail_note(
                actor,
                meeting,
                "代签到",
                f"为{invitee.person.real_name}代签到：{_when(invitee, meeting)}",
                person=invitee.person_id,
            )
    return invitee


def remind_absent(*, actor: Person, meeting: Meeting) -> int:
    """提醒未到 (000 二(三)1: 对未按时参会人员及时提醒): once the meeting has begun, a message to
    each invitee expected (not on leave) who has not signed in. Returns how many."""
    _manager(actor, meeting, "meetings.sign_in.remind")
    with transaction.atomic():
        locked = Meeting.objects.select_for_update().get(pk=meeting.pk)
        if locked.status != MeetingStatus.APPROVED:
            raise TransitionNotAllowed("会议未批准或已取消。")
        now = timezone.now()
        if now < locked.starts_at:
            raise TransitionNotAllowed("会议开始后才能提醒未到人员。")
        if now > locked.ends_at:
            raise TransitionNotAllowed("会议已结束。")
        missing = list(
            locked.invitees.select_related("person")
            .filter(signed_in_at__isnull=True)
            .exclude(answer=Answer.LEAVE)
        )
        if missing:
            start = timezone.localtime(locked.starts_at)
            notify(
                recipients=[i.person for i in missing],
                kind="meetings.absent_reminder",
                title=f"会议已开始：{locked.title}",
                body=f"会议已于{start:%H:%M}在{locked.location}开始，您（或代参会人员）尚未签到。"
                "请尽快到会；不能参会请告知承办人。",
                url=f"/meetings/{locked.pk}/",
                channels=("inapp",),
                agency_id=locked.agency_id,
                classification=locked.classification,
            )
        audit_record(
            action="meetings.sign_in.remind",
            actor=actor,
            obj=locked,
            details={"reminded": len(missing)},
        )
        names = "、".join(i.display_name for i in missing[:20])
        text = f"提醒 {len(missing)} 人：{names}" if missing else "应到人员均已签到"
        meeting_trail_note(actor, locked, "提醒未到人员", text, reminded=len(missing))
    return len(missing)


def sign_in_rotate(*, actor: Person, meeting: Meeting) -> Meeting:
    """换签到码: codes printed or shared before stop working."""
    _manager(actor, meeting, "meetings.sign_in.rotate")
    with transaction.atomic():
        meeting.sign_in_key = secrets.token_hex(4)
        meeting.save(update_fields=["sign_in_key"])
        audit_record(action="meetings.sign_in.rotate", actor=actor, obj=meeting)
        meeting_trail_note(actor, meeting, "更换签到码", "此前打印或转发的签到码失效")
    return meeting


@dataclass(frozen=True)
class Attendance:
    expected: int
    signed: int
    late: int
    absent: int
    on_leave: int


def attendance(meeting: Meeting) -> Attendance:
    """应到、实到、迟到、缺席 (expected, not signed in), 请假."""
    rows = list(meeting.invitees.all())
    expected = [i for i in rows if i.answer != Answer.LEAVE]
    signed = [i for i in expected if i.signed_in_at is not None]
    late = [i for i in signed if i.signed_in_at and i.signed_in_at > meeting.starts_at]
    return Attendance(
        expected=len(expected),
        signed=len(signed),
        late=len(late),
        absent=len(expected) - len(signed),
        on_leave=len(rows) - len(expected),
    )
