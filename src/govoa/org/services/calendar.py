"""The system administrator's corrections to the working-day calendar.

The table belongs to ``core`` (which reads it); writing it is an audited administrative act,
so the service lives here beside the other system-administration services."""

import datetime
import re

from django.db import transaction

from govoa.audit.services import audit_denied, audit_record
from govoa.core.errors import ValidationFailed
from govoa.core.models import WorkdayOverride
from govoa.org.models import Person
from govoa.org.policies import can_manage_structure

_LINE = re.compile(r"^(\d{4}-\d{1,2}-\d{1,2})\s+(上班|工作日|休息|放假)\s*(.*)$")


def workday_override_set(
    *, actor: Person, day: datetime.date, is_workday: bool, note: str = ""
) -> WorkdayOverride:
    if not can_manage_structure(actor, actor.agency):
        raise audit_denied(
            action="core.workday_override.set",
            actor=actor,
            reason="只有系统管理员可以调整工作日历。",
        )
    with transaction.atomic():
        override, created = WorkdayOverride.objects.select_for_update().get_or_create(
            day=day, defaults={"is_workday": is_workday, "note": note, "updated_by_id": actor.pk}
        )
        before = None if created else [override.is_workday, override.note]
        if not created:
            override.is_workday, override.note, override.updated_by_id = is_workday, note, actor.pk
            override.save()
        audit_record(
            action="core.workday_override.set",
            actor=actor,
            obj=override,
            details={"day": str(day), "is_workday": is_workday, "note": note, "before": before},
        )
    return override


def workday_override_delete(*, actor: Person, day: datetime.date) -> None:
    if not can_manage_structure(actor, actor.agency):
        raise audit_denied(
            action="core.workday_override.delete",
            actor=actor,
            reason="只有系统管理员可以调整工作日历。",
        )
    with transaction.atomic():
        deleted, _ = WorkdayOverride.objects.filter(day=day).delete()
        if deleted:
            audit_record(
                action="core.workday_override.delete",
                actor=actor,
                object_type="core.workdayoverride",
                object_id=str(day),
                details={"day": str(day)},
            )


def parse_override_lines(text: str) -> list[tuple[datetime.date, bool, str]]:
    """Lines like ``2027-02-06 上班 春节调休`` or ``2027-02-10 休息 春节``; every error named by
    its line, and nothing returned unless all lines are good."""
    entries, errors = [], []
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        match = _LINE.match(line)
        if not match:
            errors.append(f"第 {number} 行格式应为“2027-01-01 休息 元旦”：{line}")
            continue
        try:
            day = datetime.date.fromisoformat(
                "-".join(part.zfill(2) for part in match.group(1).split("-"))
            )
        except ValueError:
            errors.append(f"第 {number} 行日期不存在：{match.group(1)}")
            continue
        entries.append((day, match.group(2) in {"上班", "工作日"}, match.group(3).strip()[:100]))
    if errors:
        raise ValidationFailed("工作日历内容有误，未保存任何一行。", fields={"lines": errors})
    if not entries:
        raise ValidationFailed(fields={"lines": ["请至少输入一行。"]})
    return entries


def workday_overrides_import(*, actor: Person, text: str) -> int:
    """Enter a year's 放假调休 arrangements at once; all lines or none."""
    entries = parse_override_lines(text)
    with transaction.atomic():
        for day, is_workday, note in entries:
            workday_override_set(actor=actor, day=day, is_workday=is_workday, note=note)
    return len(entries)
