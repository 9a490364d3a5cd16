"""Reads of 印章管理, always through the policies' ``*_visible_q``; lists page by keyset."""

import dataclasses
import datetime

from django.db.models import QuerySet

from govoa.core.dates import day_start
from govoa.core.errors import NotFound
from govoa.flow.models import FlowInstance, WorkItem
from govoa.flow.workflow import ItemStatus
from govoa.org.models import Person
from govoa.seals import policies
from govoa.seals.models import Seal, SealStatusChange, SealTransfer, SealUsage
from govoa.seals.workflow import UsageStatus


def seal_list(*, person: Person) -> QuerySet[Seal]:
    return (
        Seal.objects.filter(policies.seals_visible_q(person))
        .select_related("custodian", "department")
        .order_by("seal_type", "name", "pk")
    )


def seal_get_for_person(*, person: Person, pk: int) -> Seal:
    seal = seal_list(person=person).filter(pk=pk).first()
    if seal is None:
        raise NotFound()
    return seal


def seal_transfers(seal: Seal) -> list[SealTransfer]:
    """交接记录, newest first (the 50 latest)."""
    transfers = seal.transfers.select_related("from_custodian", "to_custodian", "recorded_by")
    return list(transfers.order_by("-pk")[:50])


def seal_changes(seal: Seal) -> list[SealStatusChange]:
    return list(seal.changes.select_related("requester", "approved_by").order_by("-pk")[:50])


@dataclasses.dataclass(frozen=True)
class UsageFilters:
    seal_id: int | None = None
    status: str = ""
    department_id: int | None = None
    date_from: datetime.date | None = None
    date_to: datetime.date | None = None


def usage_list(
    *, person: Person, filters: UsageFilters = UsageFilters(), after: int | None = None
) -> QuerySet[SealUsage]:
    usages = SealUsage.objects.filter(policies.usages_visible_q(person))
    if filters.seal_id:
        usages = usages.filter(seal_id=filters.seal_id)
    if filters.status:
        usages = usages.filter(status=filters.status)
    if filters.department_id:
        usages = usages.filter(department_id=filters.department_id)
    if filters.date_from:
        usages = usages.filter(created_at__date__gte=filters.date_from)
    if filters.date_to:
        usages = usages.filter(created_at__date__lte=filters.date_to)
    if after:
        usages = usages.filter(pk__lt=after)
    return usages.select_related(
        "seal", "requester", "department", "approved_by", "stamped_by"
    ).order_by("-pk")


def register_list(
    *, person: Person, filters: UsageFilters = UsageFilters(), after: int | None = None
) -> QuerySet[SealUsage]:
    """用印登记簿: the stamped requests (事由, 单位, 批准人, 用印人, 日期, 份数)."""
    stamped = dataclasses.replace(filters, status=UsageStatus.STAMPED, date_from=None, date_to=None)
    usages = usage_list(person=person, filters=stamped, after=after)
    if filters.date_from:
        usages = usages.filter(stamped_at__gte=day_start(filters.date_from))
    if filters.date_to:
        usages = usages.filter(
            stamped_at__lt=day_start(filters.date_to + datetime.timedelta(days=1))
        )
    return usages


def usage_get_for_person(*, person: Person, pk: int) -> SealUsage:
    usage = usage_list(person=person).filter(pk=pk).first()
    if usage is None:
        raise NotFound()
    return usage


def usage_flow(*, person: Person, usage: SealUsage) -> tuple[FlowInstance | None, WorkItem | None]:
    instance = FlowInstance.objects.filter(
        subject_type=policies.USAGE_TYPE, subject_id=usage.pk
    ).first()
    if instance is None:
        return None, None
    item = WorkItem.objects.filter(
        instance=instance, assignee=person, status=ItemStatus.OPEN
    ).first()
    return instance, item


def usages_to_stamp(*, person: Person, limit: int = 5) -> list[SealUsage]:
    """Approved requests waiting for the person's stamp (the seals they keep), oldest first;
    ``limit + 1`` at most, so the caller knows there are more. The ``(agency, status, …)``
    index finds the approved few however long the register is."""
    return list(
        SealUsage.objects.filter(
            agency_id=person.agency_id, status=UsageStatus.APPROVED, seal__custodian=person
        )
        .select_related("seal", "department")
        .order_by("pk")[: limit + 1]
    )
