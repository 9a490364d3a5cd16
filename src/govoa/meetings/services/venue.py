"""会场布置与会前检查 (the office's venue work for a meeting): the checklist per meeting type,
the checks of the day before and of the day, rehearsals of important meetings, incidents
during the meeting. The organiser and the office head do them (``can_manage``)."""

import datetime
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from govoa.audit.services import audit_denied, audit_record
from govoa.core.errors import TransitionNotAllowed, ValidationFailed
from govoa.core.vocabulary import Role
from govoa.meetings.models import (
    Meeting,
    MeetingIncident,
    Rehearsal,
    VenueCheck,
    VenueChecklist,
)
from govoa.meetings.policies import can_manage
from govoa.meetings.services.trail import meeting_trail_note
from govoa.meetings.workflow import (
    DEFAULT_VENUE_ITEMS,
    MAX_VENUE_ITEMS,
    IncidentKind,
    MeetingStatus,
    MeetingType,
    VenuePhase,
)
from govoa.org.models import Person
from govoa.org.policies import may_handle_business


def checklist_items(agency_id: int, meeting_type: str) -> list[str]:
    """The agency's list for the meeting type, or the default one."""
    found = VenueChecklist.objects.filter(agency_id=agency_id, meeting_type=meeting_type).first()
    return list(found.items) if found is not None and found.items else list(DEFAULT_VENUE_ITEMS)


def _aware(moment: datetime.datetime) -> datetime.datetime:
    """A time sent without a zone (the API, a form) is the agency's local time."""
    return timezone.make_aware(moment) if timezone.is_naive(moment) else moment


def can_set_checklists(person: Person) -> bool:
    return may_handle_business(person) and person.has_role(Role.OFFICE_HEAD)


def venue_checklist_set(*, actor: Person, meeting_type: str, items: list[str]) -> VenueChecklist:
    if not can_set_checklists(actor):
        raise audit_denied(
            action="meetings.venue.checklist",
            actor=actor,
            reason="只有办公室主任可以设置检查清单。",
        )
    cleaned = [i.strip() for i in items if i.strip()]
    problems: dict[str, list[str]] = {}
    if meeting_type not in MeetingType.values:
        problems["meeting_type"] = ["会议类型无效。"]
    if not 1 <= len(cleaned) <= MAX_VENUE_ITEMS or any(len(i) > 40 for i in cleaned):
        problems["items"] = [f"请填写 1–{MAX_VENUE_ITEMS} 个检查项目，每项不超过 40 字。"]
    elif len(set(cleaned)) != len(cleaned):
        problems["items"] = ["检查项目重复。"]
    if problems:
        raise ValidationFailed(fields=problems)
    with transaction.atomic():
        row, _ = VenueChecklist.objects.update_or_create(
            agency_id=actor.agency_id,
            meeting_type=meeting_type,
            defaults={"items": cleaned, "updated_by": actor},
        )
        audit_record(
            action="meetings.venue.checklist",
            actor=actor,
            obj=row,
            details={"meeting_type": meeting_type, "items": len(cleaned)},
        )
    return row


def _refuse_unless_manager(actor: Person, meeting: Meeting, action: str) -> None:
    if not can_manage(actor, meeting):
        raise audit_denied(
            action=action,
            actor=actor,
            obj=meeting,
            reason="只有承办人和办公室主任可以办理会场事务。",
        )


def _check_summary(rows: list[VenueCheck]) -> str:
    """“检查 9 项，1 项不正常：投影（灯泡老化，已更换）”."""
    faults = [f"{r.item}（{r.note}）" for r in rows if not r.ok]
    text = f"检查 {len(rows)} 项"
    return text + (f"，{len(faults)} 项不正常：{'；'.join(faults)}" if faults else "，均正常")


def _locked(meeting: Meeting, *statuses: str) -> Meeting:
    locked = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if locked.status not in statuses:
        raise TransitionNotAllowed(f"会议{locked.get_status_display()}，不能办理此项。")
    return locked


def venue_settings_set(
    *, actor: Person, meeting: Meeting, meeting_type: str, important: bool
) -> Meeting:
    """会议类型 (which checklist) and whether it is important (a rehearsal is expected)."""
    _refuse_unless_manager(actor, meeting, "meetings.venue.settings")
    if meeting_type not in MeetingType.values:
        raise ValidationFailed(fields={"meeting_type": ["会议类型无效。"]})
    with transaction.atomic():
        locked = _locked(
            meeting, MeetingStatus.DRAFT, MeetingStatus.PENDING, MeetingStatus.APPROVED
        )
        locked.meeting_type, locked.important = meeting_type, important
        locked.save(update_fields=["meeting_type", "important"])
        audit_record(
            action="meetings.venue.settings",
            actor=actor,
            obj=locked,
            details={"meeting_type": meeting_type, "important": important},
        )
    return locked


@dataclass(frozen=True)
class ItemResult:
    item: str
    ok: bool
    note: str = ""


def _phase_due(meeting: Meeting, phase: str, today: datetime.date) -> str | None:
    """Why the check may not be recorded today, or None. 会前一天: any day before the
    meeting's day (the day before at the latest); 当天: the meeting's day."""
    day = timezone.localtime(meeting.starts_at).date()
    if phase == VenuePhase.DAY_BEFORE and today >= day:
        return "会前检查应在会议前一天（或更早）登记。"
    if phase == VenuePhase.ON_DAY and today != day:
        return "当天检查只能在会议当天登记。"
    return None


def venue_check_record(
    *, actor: Person, meeting: Meeting, phase: str, results: list[ItemResult]
) -> list[VenueCheck]:
    """Each item of the meeting type's checklist: 正常 or not (with what was found), who
    checked, when. Recording an item again corrects it."""
    _refuse_unless_manager(actor, meeting, "meetings.venue.check")
    if phase not in VenuePhase.values:
        raise ValidationFailed(fields={"phase": ["检查时点无效。"]})
    items = checklist_items(meeting.agency_id, meeting.meeting_type)
    unknown = [r.item for r in results if r.item not in items]
    problems: dict[str, list[str]] = {}
    if not results or unknown:
        problems["results"] = [
            "请按检查清单逐项登记" + (f"（无此项：{'、'.join(unknown)}）" if unknown else "") + "。"
        ]
    if any(not r.ok and not r.note.strip() for r in results):
        problems["note"] = ["不正常的项目请写明情况和处置。"]
    if any(len(r.note) > 200 for r in results):
        problems["note"] = ["情况说明不超过 200 字。"]
    if problems:
        raise ValidationFailed(fields=problems)
    now = timezone.now()
    with transaction.atomic():
        locked = _locked(meeting, MeetingStatus.APPROVED)
        why = _phase_due(locked, phase, timezone.localdate())
        if why:
            raise TransitionNotAllowed(why)
        rows = []
        for result in results:
            row, _ = VenueCheck.objects.update_or_create(
                meeting=locked,
                phase=phase,
                item=result.item,
                defaults={
                    "ok": result.ok,
                    "note": result.note.strip(),
                    "checked_by": actor,
                    "checked_at": now,
                },
            )
            rows.append(row)
        audit_record(
            action="meetings.venue.check",
            actor=actor,
            obj=locked,
            details={"phase": phase, "items": len(rows), "faults": sum(not r.ok for r in rows)},
        )
        meeting_trail_note(
            actor, locked, f"登记{VenuePhase(phase).label}", _check_summary(rows), phase=phase
        )
    return rows


def rehearsal_record(
    *, actor: Person, meeting: Meeting, held_at: datetime.datetime, note: str
) -> Rehearsal:
    """彩排: for an important meeting, before it starts."""
    _refuse_unless_manager(actor, meeting, "meetings.venue.rehearsal")
    held_at = _aware(held_at)
    if not note.strip() or len(note) > 500:
        raise ValidationFailed(fields={"note": ["请填写彩排情况（不超过 500 字）。"]})
    with transaction.atomic():
        locked = _locked(meeting, MeetingStatus.APPROVED)
        if not locked.important:
            raise TransitionNotAllowed("只有重要会议登记彩排。")
        if held_at > locked.starts_at or held_at > timezone.now():
            raise ValidationFailed(fields={"held_at": ["彩排时间应在会议开始前，且不晚于现在。"]})
        rehearsal = Rehearsal.objects.create(
            meeting=locked, held_at=held_at, note=note.strip(), recorded_by=actor
        )
        audit_record(action="meetings.venue.rehearsal", actor=actor, obj=locked)
        when = timezone.localtime(held_at).strftime("%m-%d %H:%M")
        meeting_trail_note(
            actor, locked, "登记彩排", f"{when} {rehearsal.note}", rehearsal=rehearsal.pk
        )
    return rehearsal


def incident_record(
    *,
    actor: Person,
    meeting: Meeting,
    kind: str,
    occurred_at: datetime.datetime,
    description: str,
    response: str,
) -> MeetingIncident:
    """会中突发情况 (设备故障, 人员缺席 …) and how it was handled, during the meeting."""
    _refuse_unless_manager(actor, meeting, "meetings.venue.incident")
    occurred_at = _aware(occurred_at)
    problems: dict[str, list[str]] = {}
    if kind not in IncidentKind.values:
        problems["kind"] = ["类别无效。"]
    if not description.strip() or len(description) > 300:
        problems["description"] = ["请填写情况（不超过 300 字）。"]
    if not response.strip() or len(response) > 300:
        problems["response"] = ["请填写处置情况（不超过 300 字）。"]
    if not meeting.starts_at <= occurred_at <= min(meeting.ends_at, timezone.now()):
        problems["occurred_at"] = ["发生时间应在会议期间，且不晚于现在。"]
    if problems:
        raise ValidationFailed(fields=problems)
    with transaction.atomic():
        locked = _locked(meeting, MeetingStatus.APPROVED, MeetingStatus.CLOSED)
        incident = MeetingIncident.objects.create(
            meeting=locked,
            kind=kind,
            occurred_at=occurred_at,
            description=description.strip(),
            response=response.strip(),
            recorded_by=actor,
        )
        audit_record(
            action="meetings.venue.incident", actor=actor, obj=locked, details={"kind": kind}
        )
        meeting_trail_note(
            actor,
            locked,
            f"登记会中情况（{IncidentKind(kind).label}）",
            f"{incident.description}；处置：{incident.response}",
            incident=incident.pk,
        )
    return incident
