"""学习与培训: one's monthly study entries, training sessions and their attendance (with a
short note per person), and the reminder for a month that passed without a study entry."""

import datetime

from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone

from govoa.audit.services import audit_denied, audit_record
from govoa.core.errors import NotFound, ValidationFailed
from govoa.handbook.models import (
    Rule,
    StudyEntry,
    StudyReminder,
    TrainingAttendance,
    TrainingSession,
)
from govoa.handbook.policies import can_manage_training, can_record_study
from govoa.handbook.workflow import AttendanceStatus
from govoa.notify.services import Message, notify_each
from govoa.org.models import Agency, Person
from govoa.org.selectors import business_people

# A study entry may be recorded for this month or the one before (补登), never the future.
BACKDATE_DAYS = 62


def study_record(
    *,
    actor: Person,
    studied_on: datetime.date,
    title: str,
    note: str = "",
    rule_id: int | None = None,
) -> StudyEntry:
    if not can_record_study(actor):
        raise audit_denied(action="handbook.study.record", actor=actor, reason="不办理业务。")
    today = timezone.localdate()
    problems: dict[str, list[str]] = {}
    if studied_on > today or (today - studied_on).days > BACKDATE_DAYS:
        problems["studied_on"] = ["学习日期应在今天及此前两个月内。"]
    if not title.strip() or len(title) > 200:
        problems["title"] = ["请填写学习文件（不超过 200 字）。"]
    if len(note) > 300:
        problems["note"] = ["学习体会不超过 300 字。"]
    rule = None
    if rule_id is not None:
        rule = Rule.objects.filter(pk=rule_id, agency_id=actor.agency_id).first()
        if rule is None:
            problems["rule_id"] = ["制度不存在。"]
    if problems:
        raise ValidationFailed(fields=problems)
    with transaction.atomic():
        entry = StudyEntry.objects.create(
            agency_id=actor.agency_id,
            person=actor,
            department_id=actor.department_id,
            studied_on=studied_on,
            title=title.strip(),
            rule=rule,
            note=note.strip(),
        )
        audit_record(action="handbook.study.record", actor=actor, obj=entry)
    return entry


def training_create(
    *, actor: Person, title: str, topic: str, held_on: datetime.date, place: str = ""
) -> TrainingSession:
    if not can_manage_training(actor):
        raise audit_denied(
            action="handbook.training.create", actor=actor, reason="只有办公室主任可以组织培训。"
        )
    problems: dict[str, list[str]] = {}
    if not title.strip() or len(title) > 200:
        problems["title"] = ["请填写培训名称（不超过 200 字）。"]
    if not topic.strip() or len(topic) > 50:
        problems["topic"] = ["请填写培训主题（不超过 50 字）。"]
    if len(place) > 100:
        problems["place"] = ["地点不超过 100 字。"]
    if problems:
        raise ValidationFailed(fields=problems)
    with transaction.atomic():
        session = TrainingSession.objects.create(
            agency_id=actor.agency_id,
            title=title.strip(),
            topic=topic.strip(),
            held_on=held_on,
            place=place.strip(),
            organiser=actor,
        )
        audit_record(action="handbook.training.create", actor=actor, obj=session)
    return session


def training_attendance_record(
    *, actor: Person, session_id: int, person_id: int, status: str, note: str = ""
) -> TrainingAttendance:
    """出席登记: one row per person and session; recording again corrects it."""
    if not can_manage_training(actor):
        raise audit_denied(
            action="handbook.training.attend", actor=actor, reason="只有办公室主任可以登记出席。"
        )
    problems: dict[str, list[str]] = {}
    if status not in AttendanceStatus.values:
        problems["status"] = ["出席情况无效。"]
    if len(note) > 200:
        problems["note"] = ["培训小结不超过 200 字。"]
    attendee = business_people(agency_id=actor.agency_id).filter(pk=person_id).first()
    if attendee is None:
        problems["person_id"] = ["人员不存在、不在职或不能办理业务。"]
    if problems:
        raise ValidationFailed(fields=problems)
    assert attendee is not None
    with transaction.atomic():
        session = (
            TrainingSession.objects.select_for_update()
            .filter(pk=session_id, agency_id=actor.agency_id)
            .first()
        )
        if session is None:
            raise NotFound()
        row, created = TrainingAttendance.objects.update_or_create(
            session=session,
            person=attendee,
            defaults={
                "department_id": attendee.department_id,
                "status": status,
                "note": note.strip(),
                "recorded_by": actor,
                "recorded_at": timezone.now(),
            },
        )
        audit_record(
            action="handbook.training.attend",
            actor=actor,
            obj=session,
            details={"person_id": attendee.pk, "status": status, "created": created},
        )
    return row


def _previous_month(today: datetime.date) -> tuple[datetime.date, datetime.date]:
    first_this = today.replace(day=1)
    last_previous = first_this - datetime.timedelta(days=1)
    return last_previous.replace(day=1), last_previous


def study_remind_missing(today: datetime.date | None = None) -> int:
    """Everyone in post who recorded no study entry last month is reminded, once per month
    (run by the scheduler; running it again sends nothing twice). Returns how many."""
    today = today or timezone.localdate()
    first, last = _previous_month(today)
    studied = StudyEntry.objects.filter(
        person_id=OuterRef("pk"), studied_on__gte=first, studied_on__lte=last
    )
    reminded = StudyReminder.objects.filter(person_id=OuterRef("pk"), month=first)
    total = 0
    for agency_id in Agency.objects.values_list("pk", flat=True).order_by("pk"):
        missing = list(
            business_people(agency_id=agency_id)
            .filter(~Exists(studied), ~Exists(reminded))
            .order_by("pk")
        )
        if not missing:
            continue
        now = timezone.now()
        try:
            with transaction.atomic():
                StudyReminder.objects.bulk_create(
                    [StudyReminder(person=p, month=first, sent_at=now) for p in missing]
                )
                notify_each(
                    messages=[
                        Message(
                            p,
                            f"{first:%Y年%m月}尚未登记政策理论学习",
                            "按办公室工作规范，每人每月学习 1–2 篇政策法规文件，请补登学习记录。",
                            "/handbook/learning/",
                        )
                        for p in missing
                    ],
                    kind="handbook.study.reminder",
                    agency_id=agency_id,
                )
                audit_record(
                    action="handbook.study.remind",
                    agency_id=agency_id,
                    details={"month": f"{first:%Y-%m}", "people": len(missing)},
                )
        except IntegrityError:
            continue  # another run reminded them meanwhile
        total += len(missing)
    return total
