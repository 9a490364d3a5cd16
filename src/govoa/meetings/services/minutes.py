"""会议记录 and 纪要: the organiser records the meeting and drafts the 纪要 (within 24 hours of
its end, or flagged late) with its 议定事项 (owner and deadline each); 送审签 goes to the
chairing leader (never the drafter); once signed each 议定事项 becomes a 督办 task; 印发
sends the 纪要 to the attendees and closes the meeting."""

import datetime

from django.db import transaction
from django.utils import timezone

from govoa.audit.services import audit_denied, audit_record
from govoa.core.errors import NotFound, TransitionNotAllowed, ValidationFailed
from govoa.flow.selectors import open_item_for
from govoa.flow.services import checklists
from govoa.flow.services.acts import flow_start, work_item_act
from govoa.flow.workflow import Action
from govoa.meetings.models import Evaluation, Meeting, Minutes, Resolution
from govoa.meetings.policies import MEETING_TYPE, can_manage
from govoa.meetings.services.trail import meeting_trail_note
from govoa.meetings.workflow import (
    LARGE_MEETING,
    MINUTES_FLOW,
    MINUTES_WITHIN,
    Answer,
    MeetingStatus,
    MinutesStatus,
)
from govoa.notify.services import notify
from govoa.org.models import Person, PersonStatus
from govoa.org.policies import may_handle_business


def _manager(actor: Person, meeting: Meeting, action: str) -> None:
    if not can_manage(actor, meeting):
        raise audit_denied(
            action=action,
            actor=actor,
            obj=meeting,
            reason="只有承办人或办公室主任可以整理会议记录和纪要。",
        )


def _drafter(actor: Person, meeting: Meeting, action: str) -> None:
    """Who drafts the 纪要 and its 议定事项: the organiser or the office head, never the
    chairing leader, who signs it (起草 ≠ 审签, whoever sends it to be signed)."""
    _manager(actor, meeting, action)
    if actor.pk == meeting.chair_id:
        raise audit_denied(
            action=action,
            actor=actor,
            obj=meeting,
            reason="纪要由主持领导审签，主持领导本人不能起草、修改或送审纪要"
            "（职责分离），请由办公室主任或其他承办人员办理。",
        )


def _started(meeting: Meeting) -> None:
    if meeting.status not in (MeetingStatus.APPROVED, MeetingStatus.CLOSED):
        raise TransitionNotAllowed("会议未批准或已取消。")
    if meeting.starts_at > timezone.now():
        raise TransitionNotAllowed("会议尚未开始。")


def minutes_save(
    *,
    actor: Person,
    meeting: Meeting,
    record: str,
    summary: str,
    number: str = "",
    recordings: str = "",
) -> Minutes:
    _drafter(actor, meeting, "meetings.minutes.save")
    errors: dict[str, list[str]] = {}
    if not summary.strip():
        errors["summary"] = ["请填写纪要正文。"]
    for key, value, limit in (
        ("record", record, 50000),
        ("summary", summary, 20000),
        ("number", number, 30),
        ("recordings", recordings, 2000),
    ):
        if len(value) > limit:
            errors[key] = [f"不能超过 {limit} 字。"]
    if errors:
        raise ValidationFailed(fields=errors)
    with transaction.atomic():
        locked = Meeting.objects.select_for_update().get(pk=meeting.pk)
        _started(locked)
        minutes = Minutes.objects.filter(meeting=locked).first()
        if minutes is not None and minutes.status not in (MinutesStatus.DRAFT,):
            raise TransitionNotAllowed("纪要已送审签或已印发，不能修改。")
        now = timezone.now()
        values = {
            "record": record.strip(),
            "summary": summary.strip(),
            "number": number.strip(),
            "recordings": recordings.strip(),
        }
        if minutes is None:
            minutes = Minutes.objects.create(
                meeting=locked,
                drafted_by=actor,
                drafted_at=now,
                late=now > locked.ends_at + MINUTES_WITHIN,
                **values,
            )
        else:
            for key, value in values.items():
                setattr(minutes, key, value)
            minutes.save(update_fields=list(values))
        audit_record(
            action="meetings.minutes.save", actor=actor, obj=locked, details={"late": minutes.late}
        )
        late = "（超过会后 24 小时）" if minutes.late else ""
        verb = "起草纪要" if minutes.drafted_by_id == actor.pk else "修改纪要"
        meeting_trail_note(actor, locked, verb, f"{minutes.number or '纪要'}{late}")
    return minutes


def resolution_add(
    *, actor: Person, meeting: Meeting, content: str, owner_id: int, deadline: datetime.date
) -> Resolution:
    """议定事项 with its owner (责任人) and deadline (完成时限)."""
    _drafter(actor, meeting, "meetings.resolution.add")
    content = content.strip()
    if not content or len(content) > 2000:
        raise ValidationFailed(fields={"content": ["请填写议定事项（不超过 2000 字）。"]})
    if deadline < timezone.localdate():
        raise ValidationFailed(fields={"deadline": ["完成时限不能早于今天。"]})
    owner = Person.objects.filter(
        pk=owner_id, agency_id=meeting.agency_id, status=PersonStatus.ACTIVE
    ).first()
    if owner is None or not may_handle_business(owner) or owner.department_id is None:
        raise ValidationFailed(fields={"owner": ["请选择本机关在职的责任人。"]})
    if owner.pk == meeting.chair_id:
        raise ValidationFailed(fields={"owner": ["责任人不能是主持领导本人（由其交办）。"]})
    if owner.clearance < meeting.classification:
        raise ValidationFailed(fields={"owner": [f"{owner.real_name}的涉密等级不足。"]})
    with transaction.atomic():
        locked = Meeting.objects.select_for_update().get(pk=meeting.pk)
        _started(locked)
        minutes = Minutes.objects.filter(meeting=locked).first()
        if minutes is not None and minutes.status != MinutesStatus.DRAFT:
            raise TransitionNotAllowed("纪要已送审签，不能再添加议定事项。")
        resolution = Resolution.objects.create(
            meeting=locked, content=content, owner=owner, deadline=deadline
        )
        audit_record(
            action="meetings.resolution.add",
            actor=actor,
            obj=locked,
            details={"owner": owner.real_name, "deadline": deadline.isoformat()},
        )
        meeting_trail_note(
            actor,
            locked,
            "添加议定事项",
            f"{content[:200]}（责任人：{owner.real_name}，完成时限：{deadline:%Y-%m-%d}）",
        )
    return resolution


def minutes_submit(*, actor: Person, meeting: Meeting) -> Minutes:
    """送主持领导审签."""
    _drafter(actor, meeting, "meetings.minutes.submit")
    with transaction.atomic():
        minutes = Minutes.objects.select_for_update().filter(meeting=meeting).first()
        if minutes is None:
            raise TransitionNotAllowed("请先起草纪要。")
        if minutes.drafted_by_id == meeting.chair_id:
            raise ValidationFailed(
                "纪要由主持领导本人起草，不能送其本人审签（职责分离）。请由承办人重新起草。"
            )
        if minutes.status != MinutesStatus.DRAFT:
            raise TransitionNotAllowed("纪要已送审签。")
        minutes.status = MinutesStatus.APPROVING
        minutes.save(update_fields=["status"])
        audit_record(action="meetings.minutes.submit", actor=actor, obj=meeting)
        flow_start(actor=actor, code=MINUTES_FLOW, subject=meeting, opinion="纪要送审签")
    return minutes


def minutes_sign(
    *,
    actor: Person,
    meeting: Meeting,
    approve: bool,
    opinion: str = "",
    checked: list[str] | None = None,
    checklist_note: str = "",
) -> None:
    """主持领导审签 (or 退回修改) through the work item. ``checked``: the items of the node's
    三查 list (办会三全) ticked."""
    item = open_item_for(
        person=actor, subject_type=MEETING_TYPE, subject_id=meeting.pk, node_key="sign"
    )
    if item is None:
        raise NotFound("您在该会议上没有待审签的纪要。")
    work_item_act(
        actor=actor,
        item_id=item.pk,
        action=Action.APPROVE if approve else Action.REJECT,
        opinion=opinion,
        payload=checklists.act_payload(checked, checklist_note),
    )


def minutes_distribute(*, actor: Person, meeting: Meeting) -> Minutes:
    """印发: the 纪要 goes to everyone invited; the meeting is closed."""
    _manager(actor, meeting, "meetings.minutes.distribute")
    with transaction.atomic():
        locked = Meeting.objects.select_for_update().get(pk=meeting.pk)
        minutes = Minutes.objects.select_for_update().filter(meeting=locked).first()
        if minutes is None or minutes.status != MinutesStatus.APPROVED:
            raise TransitionNotAllowed("纪要经主持领导审签后才能印发。")
        minutes.status = MinutesStatus.DISTRIBUTED
        minutes.distributed_at = timezone.now()
        minutes.save(update_fields=["status", "distributed_at"])
        locked.status = MeetingStatus.CLOSED
        locked.save(update_fields=["status"])
        notify(
            recipients=[i.person for i in locked.invitees.select_related("person")],
            kind="meetings.minutes",
            title=f"会议纪要：{locked.title}",
            url=f"/meetings/{locked.pk}/",
            agency_id=locked.agency_id,
            classification=locked.classification,
        )
        audit_record(action="meetings.minutes.distribute", actor=actor, obj=locked)
        meeting_trail_note(
            actor, locked, "印发纪要", f"分送参会人员 {locked.invitees.count()} 人；会议办结"
        )
    return minutes


def is_large(meeting: Meeting) -> bool:
    return meeting.invitees.count() >= LARGE_MEETING


def evaluation_submit(*, actor: Person, meeting: Meeting, score: int, comment: str) -> Evaluation:
    """会后评估 of a large meeting, by someone who attended."""
    if not 1 <= score <= 5:
        raise ValidationFailed(fields={"score": ["评价为 1 至 5 分。"]})
    if len(comment) > 2000:
        raise ValidationFailed(fields={"comment": ["不能超过 2000 字。"]})
    attended = meeting.invitees.filter(person_id=actor.pk).exclude(answer=Answer.LEAVE).exists()
    if not attended:
        raise NotFound("只有参会人员可以评估。")
    if meeting.status != MeetingStatus.CLOSED or not is_large(meeting):
        raise TransitionNotAllowed("大型会议结束后才能评估。")
    with transaction.atomic():
        evaluation, _created = Evaluation.objects.update_or_create(
            meeting=meeting, person=actor, defaults={"score": score, "comment": comment.strip()}
        )
        audit_record(
            action="meetings.evaluation.submit", actor=actor, obj=meeting, details={"score": score}
        )
        meeting_trail_note(actor, meeting, "提交会后评估")
    return evaluation
