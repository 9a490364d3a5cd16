"""会议通知 and 回执: on approval every invitee is told in-app and by e-mail with the ICS
invitation (nothing leaves the system for a 秘密+ meeting: ``notify`` refuses); each answers
参加 / 请假 (with a reason) / 派人参加 (with the name); the organiser reminds those who have
not answered; the attendee list follows the answers."""

import datetime

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from govoa.audit.services import audit_denied, audit_record
from govoa.core.errors import NotFound, TransitionNotAllowed, ValidationFailed
from govoa.meetings.invitations import CANCELLED, NOTICE, duration_text
from govoa.meetings.models import Invitee, Meeting
from govoa.meetings.policies import can_manage
from govoa.meetings.services.trail import meeting_trail_note
from govoa.meetings.workflow import Answer, MeetingStatus
from govoa.notify.services import Message, notify, notify_each
from govoa.org.models import Person


def _url(meeting: Meeting) -> str:
    return f"/meetings/{meeting.pk}/"


def send_notices(meeting: Meeting) -> None:
    """The notice of an approved meeting (called by the approval flow's end)."""
    people = [i.person for i in meeting.invitees.select_related("person")]
    notify(
        recipients=people,
        kind=NOTICE,
        title=f"会议通知：{meeting.title}",
        body=notice_text(meeting, len(people)),
        url=_url(meeting),
        agency_id=meeting.agency_id,
        classification=meeting.classification,
    )


NOTICE_AGENDA = 300


def notice_text(meeting: Meeting, invited: int) -> str:
    """会议通知 as both standards ask: 时间、地点、主要内容（议程）、参会人员、参会要求、材料提交
    时限、联系人, and the 回执 asked for."""
    agenda = "；".join(line.strip() for line in meeting.agenda.splitlines() if line.strip())
    if len(agenda) > NOTICE_AGENDA:
        agenda = agenda[:NOTICE_AGENDA] + "……（详见会议页面）"
    parts = [
        f"时间：{duration_text(meeting)}",
        f"地点：{meeting.location}",
        f"主持：{meeting.chair.real_name}",
        f"议程：{agenda}",
        f"参会人员：{invited} 人（名单见会议页面）",
    ]
    if meeting.requirements:
        parts.append(f"参会要求：{meeting.requirements}")
    if meeting.materials_due:
        parts.append(f"材料请于{meeting.materials_due:%Y-%m-%d}前提交")
    if meeting.contacts:
        parts.append(f"联系人：{meeting.contacts}")
    return "；".join(parts) + "。请于会前在系统中回执（参加、请假须填事由、派人参加须填姓名）。"


def tell_cancelled(meeting: Meeting) -> None:
    people = [i.person for i in meeting.invitees.select_related("person")]
    notify(
        recipients=people,
        kind=CANCELLED,
        title=f"会议取消：{meeting.title}",
        body=f"原定{duration_text(meeting)}的会议取消。原因：{meeting.cancelled_reason}",
        url=_url(meeting),
        agency_id=meeting.agency_id,
        classification=meeting.classification,
    )


def meeting_answer(
    *, actor: Person, meeting: Meeting, answer: str, reason: str = "", delegate_name: str = ""
) -> Invitee:
    """回执 of the actor's own invitation (may be changed until the meeting starts)."""
    reason, delegate_name = reason.strip(), delegate_name.strip()
    if answer not in (Answer.ATTEND, Answer.LEAVE, Answer.DELEGATE):
        raise ValidationFailed(fields={"answer": ["请选择参加、请假或派人参加。"]})
    if answer == Answer.LEAVE and not reason:
        raise ValidationFailed(fields={"reason": ["请假请填写事由。"]})
    if answer == Answer.DELEGATE and not delegate_name:
        raise ValidationFailed(fields={"delegate_name": ["请填写代为参会人员的姓名。"]})
    if len(reason) > 200 or len(delegate_name) > 50:
        raise ValidationFailed(fields={"reason": ["事由不超过 200 字，姓名不超过 50 字。"]})
    with transaction.atomic():
        invitee = (
            Invitee.objects.select_for_update()
            .select_related("meeting")
            .filter(meeting_id=meeting.pk, person_id=actor.pk)
            .first()
        )
        if invitee is None:
            raise NotFound("您不在该会议的参会人员中。")
        if invitee.meeting.status != MeetingStatus.APPROVED:
            raise TransitionNotAllowed("会议尚未批准或已取消，不能回执。")
        if invitee.meeting.starts_at <= timezone.now():
            raise TransitionNotAllowed("会议已开始，不能再修改回执。")
        invitee.answer = answer
        invitee.reason = reason if answer == Answer.LEAVE else ""
        invitee.delegate_name = delegate_name if answer == Answer.DELEGATE else ""
        invitee.answered_at = timezone.now()
        invitee.save(update_fields=["answer", "reason", "delegate_name", "answered_at"])
        audit_record(
            action="meetings.receipt.answer",
            actor=actor,
            obj=invitee.meeting,
            details={"answer": answer, "reason": invitee.reason, "delegate": delegate_name},
        )
        said = str(Answer(answer).label)
        if invitee.reason:
            said = f"{said}（事由：{invitee.reason}）"
        elif invitee.delegate_name:
            said = f"{said}（{invitee.delegate_name}代为参会）"
        meeting_trail_note(actor, invitee.meeting, "回执", said, answer=answer)
    return invitee


def remind_unanswered(*, actor: Person, meeting: Meeting) -> int:
    """催回执: a message to each invitee who has not answered; returns how many."""
    if not can_manage(actor, meeting):
        raise audit_denied(
            action="meetings.receipt.remind",
            actor=actor,
            obj=meeting,
            reason="只有承办人或办公室主任可以催回执。",
        )
    if meeting.status != MeetingStatus.APPROVED:
        raise TransitionNotAllowed("会议尚未批准或已取消。")
    with transaction.atomic():
        pending = list(meeting.invitees.select_related("person").filter(answer=Answer.PENDING))
        if pending:
            notify(
                recipients=[i.person for i in pending],
                kind="meetings.receipt_reminder",
                title=f"请回执：{meeting.title}",
                body=f"会议时间：{duration_text(meeting)}。请回执参加、请假或派人参加。",
                url=_url(meeting),
                channels=("inapp",),
                agency_id=meeting.agency_id,
                classification=meeting.classification,
            )
            Invitee.objects.filter(pk__in=[i.pk for i in pending]).update(
                reminded_at=timezone.now()
            )
        audit_record(
            action="meetings.receipt.remind",
            actor=actor,
            obj=meeting,
            details={"reminded": len(pending)},
        )
        names = "、".join(i.person.real_name for i in pending[:20])
        text = f"提醒 {len(pending)} 人回执：{names}" if pending else "全部已回执，无需提醒"
        meeting_trail_note(actor, meeting, "催回执", text, reminded=len(pending))
    return len(pending)


REMIND_WITHIN = datetime.timedelta(hours=48)
REMIND_AGAIN_AFTER = datetime.timedelta(hours=24)
REMIND_BATCH = 500


def remind_unanswered_due() -> int:
    """催回执 by the scheduler: invitees of an approved meeting starting within 48 hours who
    have not answered and were not reminded in the last 24 hours. Returns how many."""
    now = timezone.now()
    due = list(
        Invitee.objects.filter(
            answer=Answer.PENDING,
            meeting__status=MeetingStatus.APPROVED,
            meeting__starts_at__gt=now,
            meeting__starts_at__lte=now + REMIND_WITHIN,
        )
        .filter(Q(reminded_at__isnull=True) | Q(reminded_at__lt=now - REMIND_AGAIN_AFTER))
        .select_related("meeting", "person")
        .order_by("pk")[:REMIND_BATCH]
    )
    if not due:
        return 0
    with transaction.atomic():
        notify_each(
            messages=[
                Message(
                    i.person,
                    f"请回执：{i.meeting.title}",
                    f"会议时间：{duration_text(i.meeting)}。请回执参加、请假或派人参加。",
                    _url(i.meeting),
                )
                for i in due
            ],
            kind="meetings.receipt_reminder",
            channels=("inapp",),
        )
        Invitee.objects.filter(pk__in=[i.pk for i in due]).update(reminded_at=now)
    return len(due)
