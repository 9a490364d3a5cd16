"""Reads of the equipment register, always through ``policies.devices_visible_q``; lists
page by keyset (newest first)."""

import datetime

from django.db.models import QuerySet

from govoa.core.errors import NotFound
from govoa.core.paging import newest_first
from govoa.equipment import policies
from govoa.equipment.models import DataWipe, Device, DeviceAssignment, DeviceCheck, DisposalRequest
from govoa.equipment.workflow import DeviceStatus
from govoa.org.models import Person


def device_list(
    *,
    person: Person,
    kind: str = "",
    overdue_on: datetime.date | None = None,
    after: int | None = None,
) -> QuerySet[Device]:
    devices = Device.objects.filter(policies.devices_visible_q(person))
    if kind:
        devices = devices.filter(kind=kind)
    if overdue_on is not None:
        devices = devices.exclude(status=DeviceStatus.SCRAPPED).filter(check_due_on__lt=overdue_on)
    return newest_first(devices.select_related("holder"), after=after)


def device_get_for_person(*, person: Person, pk: int) -> Device:
    device = device_list(person=person).filter(pk=pk).first()
    if device is None:
        raise NotFound()
    return device


def device_checks(device: Device) -> list[DeviceCheck]:
    return list(device.checks.select_related("checked_by").order_by("-pk")[:50])


def device_wipes(device: Device) -> list[DataWipe]:
    return list(device.wipes.select_related("wiped_by", "witness").order_by("-pk")[:50])


def device_assignments(device: Device) -> list[DeviceAssignment]:
    rows = device.assignments.select_related("from_holder", "to_holder", "recorded_by")
    return list(rows.order_by("-pk")[:50])


def device_disposals(device: Device) -> list[DisposalRequest]:
    rows = device.disposals.select_related("requester", "approved_by", "wipe")
    return list(rows.order_by("-pk")[:50])


def overdue_devices(*, agency_id: int, today: datetime.date) -> QuerySet[Device]:
    """Devices in use or in repair whose 定期检查 is overdue (index agency, status, due)."""
    return Device.objects.filter(
        agency_id=agency_id,
        status__in=[DeviceStatus.IN_USE, DeviceStatus.REPAIRING],
        check_due_on__lt=today,
    ).order_by("check_due_on", "pk")
