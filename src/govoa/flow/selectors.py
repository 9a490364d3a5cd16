"""Reads of the engine, always scoped by ``policies``: the workbench lists, item detail, the
trail, reminders and templates."""

import datetime

from django.db.models import Case, IntegerField, QuerySet, Value, When
from django.utils import timezone

from govoa.core.errors import NotFound
from govoa.flow.models import FlowInstance, FlowTemplate, Reminder, TrailEntry, WorkItem
from govoa.flow.policies import (
    instances_started_q,
    instances_visible_q,
    reminders_visible_q,
    work_items_assigned_q,
    work_items_done_q,
    work_items_reminded_q,
    work_items_visible_q,
)
from govoa.flow.workflow import InstanceStatus, ItemStatus, NodeKind, TemplateStatus
from govoa.org.models import Person

_ITEM_RELATED = ("instance", "assignee", "delegated_from", "instance__started_by")
# What a list row shows: no 发起人 (the lists never show it), whose 21 columns would be read,
# hashed against the ORDER BY and built into a Person on every row (issue 9, ADR 0020).
_LIST_RELATED = ("instance", "assignee", "delegated_from")


def _items(person: Person, today: datetime.date) -> QuerySet[WorkItem]:
    return WorkItem.objects.filter(work_items_visible_q(person, today)).select_related(
        *_ITEM_RELATED
    )


def _assigned(person: Person, today: datetime.date) -> QuerySet[WorkItem]:
    """Open-item lists: the person's own and those they act for, never their history."""
    return WorkItem.objects.filter(work_items_assigned_q(person, today)).select_related(
        *_LIST_RELATED
    )


def work_items_todo(
    *,
    person: Person,
    module: str = "",
    overdue: bool | None = None,
    today: datetime.date | None = None,
) -> QuerySet[WorkItem]:
    """待办: open items to handle (overdue first, then urgent, then by due date)."""
    today = today or timezone.localdate()
    qs = _assigned(person, today).filter(status=ItemStatus.OPEN).exclude(kind=NodeKind.NOTICE)
    if module:
        qs = qs.filter(instance__module=module)
    if overdue is True:
        qs = qs.filter(due_date__lt=today)
    elif overdue is False:
        qs = qs.exclude(due_date__lt=today)
    return qs.annotate(
        late=Case(
            When(due_date__lt=today, then=Value(0)), default=Value(1), output_field=IntegerField()
        ),
    ).order_by("late", "-instance__urgent", "due_date", "created_at", "pk")


def work_items_to_read(*, person: Person, module: str = "") -> QuerySet[WorkItem]:
    """待阅: circulation items not yet marked read."""
    qs = _assigned(person, timezone.localdate()).filter(
        status=ItemStatus.OPEN, kind=NodeKind.NOTICE
    )
    if module:
        qs = qs.filter(instance__module=module)
    return qs.order_by("-created_at", "-pk")


def work_items_done(*, person: Person, module: str = "") -> QuerySet[WorkItem]:
    """已办: what the person handled (or read), newest first."""
    qs = WorkItem.objects.filter(work_items_done_q(person)).select_related(*_LIST_RELATED)
    if module:
        qs = qs.filter(instance__module=module)
    return qs.order_by("-done_at", "-pk")


def work_items_list(
    *,
    person: Person,
    state: str = "open",
    module: str = "",
    overdue: bool | None = None,
    subject: tuple[str, int] | None = None,
) -> QuerySet[WorkItem]:
    """The API's inbox: ``state`` is ``open`` (待办), ``unread`` (待阅) or ``done`` (已办);
    ``subject`` (type, id) keeps the items of one document's flows, so that a client finds
    the item an act opened without scanning the inbox."""
    if state == "unread":
        qs = work_items_to_read(person=person, module=module)
    elif state == "done":
        qs = work_items_done(person=person, module=module)
    else:
        qs = work_items_todo(person=person, module=module, overdue=overdue)
    if subject is not None:  # the items carry their subject (ADR 0010)
        qs = qs.filter(subject_type=subject[0], subject_id=subject[1])
    return qs


def work_item_get_for_person(*, person: Person, pk: int) -> WorkItem:
    """An item of the person's (or one they act for, or handled), or one they were reminded
    about (超期上报: to see, not to act on)."""
    item = _items(person, timezone.localdate()).filter(pk=pk).first()
    if item is None:
        item = (
            WorkItem.objects.filter(work_items_reminded_q(person), pk=pk)
            .select_related(*_ITEM_RELATED)
            .first()
        )
    if item is None:
        raise NotFound()
    return item


def open_item_for(
    *,
    person: Person,
    subject_type: str,
    subject_id: int,
    item_id: int | None = None,
    node_key: str = "",
) -> WorkItem | None:
    """The person's open item on a subject — theirs, or one they act for today (代理) —
    or the one named by ``item_id`` (or the first at ``node_key``) if it is such an item."""
    if not person.is_active:
        return None
    items = _items(person, timezone.localdate()).filter(
        status=ItemStatus.OPEN,
        instance__subject_type=subject_type,
        instance__subject_id=subject_id,
        instance__status__in=[InstanceStatus.RUNNING, InstanceStatus.COMPLETED],
    )
    if item_id is not None:
        items = items.filter(pk=item_id)
    if node_key:
        items = items.filter(node_key=node_key)
    return items.select_related("instance__template").order_by("pk").first()


def instances_started(*, person: Person) -> QuerySet[FlowInstance]:
    """我发起的."""
    return FlowInstance.objects.filter(instances_started_q(person)).order_by("-started_at", "-pk")


def instance_get_for_person(*, person: Person, pk: int) -> FlowInstance:
    instance = (
        FlowInstance.objects.filter(instances_visible_q(person), pk=pk)
        .select_related("template", "started_by")
        .distinct()
        .first()
    )
    if instance is None:
        raise NotFound()
    return instance


def trail_for(*, instance: FlowInstance) -> QuerySet[TrailEntry]:
    """The 办理过程 of an instance the caller already may see."""
    return instance.trail.select_related("actor", "on_behalf_of").order_by("created_at", "pk")


def items_of(*, instance: FlowInstance) -> QuerySet[WorkItem]:
    """Every item of an instance the caller may see: who holds it now (去向), who has read."""
    return instance.items.select_related("assignee", "delegated_from", "acted_by").order_by(
        "activation", "pk"
    )


def reminders_for(*, person: Person) -> QuerySet[Reminder]:
    """催办记录: reminders sent to the person or by them."""
    return (
        Reminder.objects.filter(reminders_visible_q(person))
        .select_related("work_item", "work_item__instance", "sent_by", "sent_to")
        .order_by("-created_at", "-pk")
    )


def inbox_counts(*, person: Person) -> dict[str, int]:
    """The numbers in the navigation (two queries)."""
    today = timezone.localdate()
    open_items = WorkItem.objects.filter(
        work_items_assigned_q(person, today), status=ItemStatus.OPEN
    )
    return {
        "todo": open_items.exclude(kind=NodeKind.NOTICE).count(),
        "to_read": open_items.filter(kind=NodeKind.NOTICE).count(),
    }


def template_list(*, person: Person) -> QuerySet[FlowTemplate]:
    return (
        FlowTemplate.objects.filter(agency_id=person.agency_id)
        .exclude(status=TemplateStatus.RETIRED)
        .order_by("code", "-version")
    )


def template_versions(*, person: Person, code: str) -> QuerySet[FlowTemplate]:
    return FlowTemplate.objects.filter(agency_id=person.agency_id, code=code).order_by("-version")


def template_get_for_person(*, person: Person, pk: int) -> FlowTemplate:
    template = FlowTemplate.objects.filter(agency_id=person.agency_id, pk=pk).first()
    if template is None:
        raise NotFound()
    return template
