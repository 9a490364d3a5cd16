"""Who may act on, see and remind about work items; who administers templates."""

import datetime
from collections.abc import Callable

from django.db.models import Q, QuerySet

from govoa.core.paging import Source
from govoa.core.vocabulary import Classification, Role
from govoa.flow import registry
from govoa.flow.definition import parse
from govoa.flow.models import FlowInstance, Reminder, WorkItem
from govoa.flow.workflow import COMPLETING_ACTIONS, Channel, InstanceStatus, ItemStatus
from govoa.org.models import Person
from govoa.org.policies import may_handle_business
from govoa.org.selectors import delegate_for, delegators_of

# Matches nothing: what the 三员 (and people no longer 在职) see of the business.
NOTHING = Q(pk__in=[])


def can_act_on_item(person: Person, item: WorkItem, today: datetime.date) -> bool:
    """The assignee, or whoever acts for them today (代理) — cleared for the flow's 密级;
    never one of the 三员."""
    if not may_handle_business(person) or person.clearance < item.instance.classification:
        return False
    if item.assignee_id == person.pk:
        return True
    delegate = delegate_for(item.assignee, today)
    return delegate is not None and delegate.pk == person.pk


def cleared_q(person: Person, classification: str = "classification") -> Q:
    """Rows whose 密级 (the field at the lookup path ``classification``) the person is cleared
    for now — every list of flow titles is capped by this, so lowering someone's clearance
    hides what is above it at once, in 待办 and 已办 alike."""
    return Q(**{f"{classification}__lte": person.clearance})


def work_items_assigned_q(person: Person, today: datetime.date | None = None) -> Q:
    """Items assigned to the person or to someone they act for (the open lists and counts:
    unlike ``work_items_visible_q`` this never reaches into what the person handled, so
    the 待办 page and the navigation's numbers do not read the person's history)."""
    if not may_handle_business(person):
        return NOTHING
    acting_for = delegators_of(person, today)
    return (Q(assignee_id=person.pk) | Q(assignee_id__in=acting_for)) & cleared_q(person)


def work_items_visible_q(person: Person, today: datetime.date | None = None) -> Q:
    """Items assigned to the person or to someone they act for, and items they handled."""
    if not may_handle_business(person):
        return NOTHING
    acting_for = delegators_of(person, today)
    return (
        Q(assignee_id=person.pk) | Q(assignee_id__in=acting_for) | Q(acted_by_id=person.pk)
    ) & cleared_q(person)


def work_items_done_q(person: Person) -> Q:
    """已办: items the person handled (or read), within their clearance."""
    if not may_handle_business(person):
        return NOTHING
    return Q(acted_by_id=person.pk) & cleared_q(person)


def instances_started_q(person: Person) -> Q:
    """我发起的: flows the person started, within their clearance."""
    if not may_handle_business(person):
        return NOTHING
    return Q(started_by_id=person.pk) & cleared_q(person, "classification")


def reminders_visible_q(person: Person) -> Q:
    """催办记录: reminders sent to or by the person, within their clearance."""
    if not may_handle_business(person):
        return NOTHING
    return (Q(sent_to_id=person.pk) | Q(sent_by_id=person.pk)) & cleared_q(
        person, "work_item__classification"
    )


def instances_visible_q(person: Person) -> Q:
    """Flows the person takes part in (started, assigned, acted) within their clearance."""
    if not may_handle_business(person):
        return NOTHING
    participant = (
        Q(started_by_id=person.pk)
        | Q(items__assignee_id=person.pk)
        | Q(items__acted_by_id=person.pk)
        | Q(items__delegated_from_id=person.pk)
    )
    return participant & Q(agency_id=person.agency_id) & cleared_q(person, "classification")


# Who sees every document of the agency (within their clearance), in 收文 and 发文 alike.
SEE_ALL_DOCUMENTS = (Role.REGISTRAR, Role.OFFICE_HEAD, Role.LEADER_PRINCIPAL)


def sees_all_documents(person: Person) -> bool:
    return any(person.has_role(role) for role in SEE_ALL_DOCUMENTS)


def work_items_reminded_q(person: Person) -> Q:
    """Items the person was sent a reminder about — an overdue item escalated to them (超期
    上报) — within their clearance: they may open it (read-only) to 督促办理."""
    reminded = Reminder.objects.filter(sent_to_id=person.pk).values("work_item_id")
    return Q(pk__in=reminded) & cleared_q(person)


def participation_sources(person: Person, subject_type: str) -> list[QuerySet]:
    """Subqueries of the ids of the subjects whose flow the person holds or held an item of,
    acted on, acts on for someone (代理), or was asked to see to (超期上报): one per kind of
    participation, each answered by an index on the person's column (the person's own
    rows, never a scan of the module). A module unions them with its own (ADR 0010)."""
    people = [person.pk, *delegators_of(person)]
    items = WorkItem.objects.filter(subject_type=subject_type)
    return [
        items.filter(assignee_id__in=people).values("subject_id"),
        items.filter(acted_by_id=person.pk).values("subject_id"),
        items.filter(delegated_from_id=person.pk).values("subject_id"),
        Reminder.objects.filter(sent_to_id=person.pk, work_item__subject_type=subject_type).values(
            "work_item__subject_id"
        ),
    ]


def visible_ids_q(sources: list[QuerySet]) -> Q:
    """``pk IN (a UNION b UNION …)``: rows in any of the id ``sources``. One semi-join the
    database answers from each source's index, where ``pk IN a OR pk IN b OR …`` would be
    tested row by row over the whole table."""
    first, *others = (source.order_by() for source in sources)  # no ORDER BY inside a UNION
    return Q(pk__in=first.union(*others))


def document_scopes(
    person: Person, scope: Callable[[Person], list[Source] | None], archivist: Q
) -> tuple[Q, list[Source] | None]:
    """The 知悉范围 of a 收文 or 发文 for its register: the condition every row meets
    (agency and clearance), and the sources, each a condition on the document, for the
    register to read each in its own order (ADR 0018). ``scope`` gives the module's sources
    (``None``: the person sees all of the agency's, within clearance); the archivists also
    see the documents ``archivist`` selects (those handed over for 归档)."""
    if not may_handle_business(person):  # inactive, or one of the 三员
        return Q(pk__in=[]), None
    base = Q(agency_id=person.agency_id, classification__lte=person.clearance)
    parts = scope(person)
    if parts is None:
        return base, None
    if person.has_role(Role.ARCHIVIST):
        parts.append(Source(archivist))
    return base, parts


def documents_visible_q(base: Q, parts: list[Source] | None) -> Q:
    """``document_scopes`` as one condition, for one document's check: the id sources as
    one semi-join over their UNION, the sources without ids as plain conditions."""
    if parts is None:
        return base
    ids = [part.ids for part in parts if part.ids is not None]
    scope = visible_ids_q(ids) if ids else Q(pk__in=[])
    for part in parts:
        if part.ids is None:
            scope |= part.condition
    return base & scope


def can_remind(person: Person, item: WorkItem) -> bool:
    """催办: the registrar or office head of the agency, the one who started the flow, or
    someone who already handled an earlier step of it."""
    instance = item.instance
    if not may_handle_business(person) or person.agency_id != instance.agency_id:
        return False
    if person.clearance < instance.classification:
        return False
    if person.has_role(Role.REGISTRAR) or person.has_role(Role.OFFICE_HEAD):
        return True
    if instance.started_by_id == person.pk:
        return True
    if WorkItem.objects.filter(instance=instance, acted_by=person).exists():
        return True
    adapter = registry.subject_adapter(instance.subject_type)
    return adapter.may_remind(adapter.load(instance.subject_id), person)


def withdraw_followers(item: WorkItem) -> QuerySet[WorkItem]:
    """The items an act on ``item`` opened and a 收回 would take back."""
    return WorkItem.objects.filter(created_by_item=item).exclude(
        status__in=[ItemStatus.CANCELLED, ItemStatus.WITHDRAWN]
    )


def withdraw_refusal(
    item: WorkItem,
    *,
    instance: FlowInstance | None = None,
    following: list[WorkItem] | None = None,
) -> str | None:
    """Why 收回 of ``item`` is not allowed now, or None if it is — the one rule behind both
    the service and the button. The service passes the rows it has locked (``instance``,
    ``following``); a page passes only the item. Who may withdraw is separate: only the one
    who acted (``can_withdraw_item``)."""
    instance = instance or item.instance
    if instance.status != InstanceStatus.RUNNING:
        return "流程已结束，不能收回。"
    if item.status != ItemStatus.DONE or item.action not in COMPLETING_ACTIONS:
        return "只有“同意”或“不同意”之后才能收回。"
    if following is None:
        following = list(withdraw_followers(item))
    if following:
        if any(i.status != ItemStatus.OPEN or i.opened_at for i in following):
            return "下一环节的办理人已经查看或办理，不能收回。"
    elif instance.activation != item.activation and not is_companion_of_current(item, instance):
        return "流程已进入下一环节，不能收回。"
    return None


def is_companion_of_current(item: WorkItem, instance: FlowInstance) -> bool:
    """An item of a companion node (协办) while its host (承办) is still the current step."""
    definition = parse(instance.template.definition)
    if not instance.current_node or not definition.has(item.node_key):
        return False
    return definition.node(item.node_key).alongside == instance.current_node


def can_withdraw_item(person: Person, item: WorkItem) -> bool:
    return item.acted_by_id == person.pk and withdraw_refusal(item) is None


def remind_channels_allowed(classification: int) -> list[str]:
    """催办 channels for an item of this 密级. E-mail and SMS leave the intranet: never for a
    classified subject (秘密 and above), only the system message or a phone call."""
    if classification >= Classification.SECRET:
        return [Channel.SYSTEM, Channel.PHONE]
    return list(Channel.values)


def can_cancel_flow(person: Person, instance: FlowInstance) -> bool:
    return (
        may_handle_business(person)
        and person.agency_id == instance.agency_id
        and (instance.started_by_id == person.pk or person.has_role(Role.OFFICE_HEAD))
    )


def can_manage_templates(person: Person) -> bool:
    return person.is_active and person.has_role(Role.SYS_ADMIN)
