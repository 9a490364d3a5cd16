"""Who may act on, see and remind about work items; who administers templates."""

import datetime

from django.db.models import Q, QuerySet

from govoa.core.vocabulary import Role
from govoa.flow import registry
from govoa.flow.models import FlowInstance, WorkItem
from govoa.org.models import Person
from govoa.org.selectors import delegate_for, delegators_of


def can_act_on_item(person: Person, item: WorkItem, today: datetime.date) -> bool:
    """The assignee, or whoever acts for them today (代理) — cleared for the flow's 密级."""
    if not person.is_active or person.clearance < item.instance.classification:
        return False
    if item.assignee_id == person.pk:
        return True
    delegate = delegate_for(item.assignee, today)
    return delegate is not None and delegate.pk == person.pk


def work_items_visible_q(person: Person, today: datetime.date | None = None) -> Q:
    """Items assigned to the person or to someone they act for, and items they handled."""
    acting_for = delegators_of(person, today)
    return (
        Q(assignee_id=person.pk) | Q(assignee_id__in=acting_for) | Q(acted_by_id=person.pk)
    ) & Q(instance__classification__lte=person.clearance)


def instances_visible_q(person: Person) -> Q:
    """Flows the person takes part in (started, assigned, acted) within their clearance."""
    participant = (
        Q(started_by_id=person.pk)
        | Q(items__assignee_id=person.pk)
        | Q(items__acted_by_id=person.pk)
        | Q(items__delegated_from_id=person.pk)
    )
    return participant & Q(agency_id=person.agency_id, classification__lte=person.clearance)


# Who sees every document of the agency (within their clearance), in 收文 and 发文 alike.
SEE_ALL_DOCUMENTS = (Role.REGISTRAR, Role.OFFICE_HEAD, Role.LEADER_PRINCIPAL)


def sees_all_documents(person: Person) -> bool:
    return any(person.has_role(role) for role in SEE_ALL_DOCUMENTS)


def subjects_taken_part_in(person: Person, subject_type: str) -> QuerySet:
    """Ids of the subjects whose flow the person holds or held an item of, acted on, or
    acts on for someone (代理) — a subquery for a module's visibility rule."""
    people = [person.pk, *delegators_of(person)]
    return WorkItem.objects.filter(
        Q(assignee_id__in=people) | Q(acted_by_id=person.pk) | Q(delegated_from_id=person.pk),
        instance__subject_type=subject_type,
    ).values("instance__subject_id")


def can_remind(person: Person, item: WorkItem) -> bool:
    """催办: the registrar or office head of the agency, the one who started the flow, or
    someone who already handled an earlier step of it."""
    instance = item.instance
    if not person.is_active or person.agency_id != instance.agency_id:
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


def can_cancel_flow(person: Person, instance: FlowInstance) -> bool:
    return (
        person.is_active
        and person.agency_id == instance.agency_id
        and (instance.started_by_id == person.pk or person.has_role(Role.OFFICE_HEAD))
    )


def can_manage_templates(person: Person) -> bool:
    return person.is_active and person.has_role(Role.SYS_ADMIN)
