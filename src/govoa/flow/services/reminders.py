"""催办: manual reminders, and the scheduler's scan of deadlines — a reminder one working day
before the due date, the overdue mark, and escalation to the department head after a
configurable number of working days overdue."""

import datetime
import logging

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from govoa.audit.services import audit_record
from govoa.core.errors import NotFound, TransitionNotAllowed, ValidationFailed
from govoa.core.events import BusinessEvent, business_event
from govoa.core.vocabulary import Role
from govoa.flow import registry
from govoa.flow.deadlines import due_before, next_working_day, working_days_late
from govoa.flow.definition import parse
from govoa.flow.models import Reminder, TrailEntry, WorkItem
from govoa.flow.policies import can_remind, remind_channels_allowed
from govoa.flow.workflow import Channel, ItemStatus, ReminderKind, TrailEvent
from govoa.notify.services import notify
from govoa.org.models import Person, PersonStatus
from govoa.org.selectors import people_with_role

logger = logging.getLogger("govoa.flow")

_CHANNELS = {
    Channel.SYSTEM: ("inapp",),
    Channel.EMAIL: ("inapp", "email"),
    Channel.SMS: ("inapp", "sms"),
    Channel.PHONE: ("inapp",),  # a phone call is made by the person; the system records it
}


def work_item_remind(
    *, actor: Person, item_id: int, channel: str = Channel.SYSTEM, note: str = ""
) -> Reminder:
    if channel not in Channel.values:
        raise ValidationFailed(fields={"channel": ["催办方式无效。"]})
    note = (note or "").strip()
    if len(note) > 300:
        raise ValidationFailed(fields={"note": ["说明不能超过 300 字。"]})
    with transaction.atomic():
        item = (
            WorkItem.objects.select_for_update()
            .select_related("instance", "assignee")
            .filter(pk=item_id)
            .first()
        )
        if item is None or not can_remind(actor, item):
            raise NotFound()
        if item.status != ItemStatus.OPEN:
            raise TransitionNotAllowed("该事项已经办理，无需催办。")
        if channel not in remind_channels_allowed(item.instance.classification):
            raise ValidationFailed(
                "涉密文件不能通过邮件或短信催办，请选择系统消息或电话。",
                fields={"channel": ["涉密文件只能用系统消息或电话催办。"]},
            )
        reminder = Reminder.objects.create(
            work_item=item,
            kind=ReminderKind.MANUAL,
            sent_by=actor,
            sent_to=item.assignee,
            channel=channel,
            note=note,
        )
        due = f"（期限 {item.due_date:%Y-%m-%d}）" if item.due_date else ""
        notify(
            recipients=[item.assignee],
            kind="flow.item.reminded",
            title=f"催办：{item.instance.title}",
            body=f"{actor.real_name}催办“{item.node_name}”{due}。{note}",
            url=f"/flow/items/{item.pk}/",
            channels=_CHANNELS[Channel(channel)],
            agency_id=item.instance.agency_id,
            classification=item.instance.classification,
        )
        audit_record(
            action="flow.work_item.remind",
            actor=actor,
            obj=item,
            agency_id=item.instance.agency_id,
            details={"to": item.assignee.real_name, "channel": channel, "note": note},
        )
    return reminder


def _system_reminder(item: WorkItem, kind: str, to: Person, title: str, body: str) -> None:
    Reminder.objects.create(
        work_item=item, kind=kind, sent_by=None, sent_to=to, channel=Channel.SYSTEM, note=body[:300]
    )
    notify(
        recipients=[to],
        kind=f"flow.item.{kind}",
        title=title,
        body=body,
        url=f"/flow/items/{item.pk}/",
        classification=item.instance.classification,
        agency_id=item.instance.agency_id,
    )


def _companion_due(item: WorkItem, due_date: datetime.date, today: datetime.date) -> datetime.date:
    """A companion's (协办) own deadline, so many working days before its host's new one."""
    definition = parse(item.instance.template.definition)
    node = definition.node(item.node_key) if definition.has(item.node_key) else None
    if node is None or not node.alongside or node.due_before_host is None:
        return due_date
    earlier, _estimate = due_before(due_date, node.due_before_host)
    return max(earlier, min(today, due_date))


def work_items_reschedule(
    *,
    actor: Person,
    subject_type: str,
    subject_id: int,
    node_keys: list[str],
    due_date: datetime.date,
    reason: str = "",
) -> list[WorkItem]:
    """A new due date granted by a module (收文 延期): the subject's open items at
    ``node_keys`` get it (a companion such as 协办 its own, earlier by the template's
    ``due_before_host``), their reminder marks are cleared so that 到期提醒, 超期 and 超期上报
    run again for the new date, and the 办理过程 records it. In the caller's transaction."""
    items = list(
        WorkItem.objects.select_for_update(of=("self",))
        .select_related("instance__template")
        .filter(
            instance__subject_type=subject_type,
            instance__subject_id=subject_id,
            status=ItemStatus.OPEN,
            node_key__in=node_keys,
        )
        .order_by("pk")
    )
    if not items:
        return []
    today = timezone.localdate()
    new_dates = {item.pk: _companion_due(item, due_date, today) for item in items}
    for day in set(new_dates.values()):
        WorkItem.objects.filter(pk__in=[pk for pk, d in new_dates.items() if d == day]).update(
            due_date=day, due_soon_reminded_at=None, overdue_notified_at=None, escalated_at=None
        )
    TrailEntry.objects.bulk_create(
        [
            TrailEntry(
                instance=item.instance,
                work_item=item,
                node_key=item.node_key,
                node_name=item.node_name,
                actor=actor,
                action=TrailEvent.RESCHEDULE,
                opinion=f"期限延至 {new_dates[item.pk]:%Y-%m-%d}。{reason.strip()}".strip(),
                details={
                    "due_date": new_dates[item.pk].isoformat(),
                    "was": str(item.due_date or ""),
                },
            )
            for item in items
        ]
    )
    for item in items:
        item.due_date = new_dates[item.pk]
    return items


def _each_open(filters: dict[str, object]) -> list[int]:
    return list(
        WorkItem.objects.filter(status=ItemStatus.OPEN, **filters).values_list("pk", flat=True)
    )


def _locked(item_id: int) -> WorkItem | None:
    """The item, locked, unless another scheduler holds it (it will handle it)."""
    return (
        WorkItem.objects.select_for_update(skip_locked=True, of=("self",))
        .select_related("instance", "assignee", "assignee__department")
        .filter(pk=item_id, status=ItemStatus.OPEN)
        .first()
    )


def _named_by_subject(item: WorkItem) -> list[Person]:
    """The people the subject's module names for 超期上报 (``SubjectAdapter.escalate_to``)."""
    adapter = registry.find_subject_adapter(item.instance.subject_type)
    if adapter is None:
        return []
    ids = adapter.escalate_to(adapter.load(item.instance.subject_id), item)
    if not ids:
        return []
    return list(
        Person.objects.filter(
            pk__in=ids, agency_id=item.instance.agency_id, status=PersonStatus.ACTIVE
        ).exclude(pk=item.assignee_id)
    )


def _supervisors(item: WorkItem) -> list[Person]:
    """Whom an overdue item escalates to: whom the subject's module names (a 督办 task's
    supervising leader); else the handler's department head; if the handler is that head,
    the leader supervising the department; failing both, the office head."""
    named = _named_by_subject(item)
    if named:
        return named
    agency_id = item.instance.agency_id
    department = item.assignee.department
    for role in (Role.DEPT_HEAD, Role.LEADER_DEPUTY):
        if department is None:
            break
        found = [
            p
            for p in people_with_role(agency_id=agency_id, role=role, department_id=department.pk)
            if p.pk != item.assignee_id
        ]
        if found:
            return found
    return [
        p
        for p in people_with_role(agency_id=agency_id, role=Role.OFFICE_HEAD)
        if p.pk != item.assignee_id
    ]


def scan_deadlines(today: datetime.date | None = None) -> dict[str, int]:
    """One pass of the deadline rules; each item is handled in its own transaction, once."""
    today = today or timezone.localdate()
    counts = {"due_soon": 0, "overdue": 0, "escalated": 0}
    tomorrow = next_working_day(today)
    for item_id in _each_open({"due_date": tomorrow, "due_soon_reminded_at__isnull": True}):
        with transaction.atomic():
            item = _locked(item_id)
            if item is None or item.due_soon_reminded_at:
                continue
            item.due_soon_reminded_at = timezone.now()
            item.save(update_fields=["due_soon_reminded_at"])
            _system_reminder(
                item,
                ReminderKind.DUE_SOON,
                item.assignee,
                f"明天到期：{item.instance.title}",
                f"“{item.node_name}”将于 {item.due_date:%Y-%m-%d} 到期，请及时办理。",
            )
            counts["due_soon"] += 1
    for item_id in _each_open({"due_date__lt": today, "overdue_notified_at__isnull": True}):
        with transaction.atomic():
            item = _locked(item_id)
            if item is None or item.overdue_notified_at:
                continue
            item.overdue_notified_at = timezone.now()
            item.save(update_fields=["overdue_notified_at"])
            _system_reminder(
                item,
                ReminderKind.OVERDUE,
                item.assignee,
                f"已超期：{item.instance.title}",
                f"“{item.node_name}”已于 {item.due_date:%Y-%m-%d} 到期，请尽快办理。",
            )
            business_event(
                BusinessEvent(
                    name="item.overdue",
                    agency_id=item.instance.agency_id,
                    object_type="flow.work_item",
                    object_id=item.pk,
                    url=f"/flow/items/{item.pk}/",
                    classification=item.instance.classification,
                    data={"title": item.instance.title, "node": item.node_name},
                )
            )
            counts["overdue"] += 1
    after = settings.GOVOA_ESCALATE_AFTER_WORKING_DAYS
    for item_id in _each_open({"due_date__lt": today, "escalated_at__isnull": True}):
        with transaction.atomic():
            item = _locked(item_id)
            if item is None or item.escalated_at or item.due_date is None:
                continue
            late = working_days_late(item.due_date, today)
            if late < after:
                continue
            heads = _supervisors(item)
            item.escalated_at = timezone.now()
            item.save(update_fields=["escalated_at"])
            if not heads:
                logger.warning("超期事项 %s 找不到可上报的负责人", item.pk)
                continue
            for head in heads:
                _system_reminder(
                    item,
                    ReminderKind.ESCALATION,
                    head,
                    f"超期上报：{item.instance.title}",
                    f"{item.assignee.real_name}办理的“{item.node_name}”已超期 {late} 个工作日"
                    f"（期限 {item.due_date:%Y-%m-%d}），请督促办理。",
                )
            # 超期上报 is in the 办理过程 too (the system's act, beside the handlers').
            TrailEntry.objects.create(
                instance=item.instance,
                work_item=item,
                node_key=item.node_key,
                node_name=item.node_name,
                actor=None,
                action=TrailEvent.NOTE,
                opinion=f"{item.assignee.real_name}办理的“{item.node_name}”已超期 {late} 个工作日"
                f"（期限 {item.due_date:%Y-%m-%d}），上报{'、'.join(h.real_name for h in heads)}。",
                details={"verb": "超期上报", "to": [h.pk for h in heads]},
            )
            audit_record(
                action="flow.work_item.escalate",
                obj=item,
                agency_id=item.instance.agency_id,
                details={"late_working_days": late, "to": [h.real_name for h in heads]},
            )
            counts["escalated"] += 1
    return counts
