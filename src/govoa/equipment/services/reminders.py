"""The reminder of overdue 定期检查: once a day, each agency's office heads get one message
naming how many devices are overdue (each device counted in one day's message only)."""

from collections import defaultdict

from django.db import transaction
from django.utils import timezone

from govoa.core.vocabulary import Role
from govoa.equipment.models import Device
from govoa.equipment.workflow import DeviceStatus
from govoa.notify.services import notify
from govoa.org.selectors import people_with_role

BATCH = 1000


def remind_overdue_checks() -> int:
    """Returns the number of messages sent (one per agency with overdue devices)."""
    today = timezone.localdate()
    due = (
        Device.objects.filter(
            status__in=[DeviceStatus.IN_USE, DeviceStatus.REPAIRING], check_due_on__lt=today
        )
        .exclude(check_reminded_on__gte=today)
        .order_by("check_due_on", "pk")
        .values_list("pk", "agency_id")[:BATCH]
    )
    by_agency: dict[int, list[int]] = defaultdict(list)
    for pk, agency_id in due:
        by_agency[agency_id].append(pk)
    for agency_id, ids in by_agency.items():
        with transaction.atomic():
            notify(
                recipients=people_with_role(agency_id=agency_id, role=Role.OFFICE_HEAD),
                kind="equipment.check.overdue",
                title=f"{len(ids)} 台设备或存储介质定期检查已逾期",
                body="请尽快完成病毒查杀、口令和防病毒软件升级检查并登记。",
                url="/equipment/?overdue=1",
                agency_id=agency_id,
                channels=("inapp",),
            )
            Device.objects.filter(pk__in=ids).update(check_reminded_on=today)
    return len(by_agency)
