"""设备与存储介质 in the generated agency, inserted in bulk: a computer for everyone (涉密
for a part of those cleared for it), two printers per 处室 held by its head, U盘 and 移动硬盘
for some, each with its 配发 record, and the quarterly 定期检查 since it was issued (some
overdue now).

Simplification: no 送修/报废 in the history (their requests go through the engine); the
register, the device pages and the API read these rows."""

import datetime
import random

from django.db import transaction
from django.utils import timezone

from govoa.core.vocabulary import Classification
from govoa.demo.loadgen.agency import USERNAME_PREFIX, Org
from govoa.demo.loadgen.scales import Scale
from govoa.equipment.models import Device, DeviceAssignment, DeviceCheck
from govoa.equipment.workflow import CHECK_INTERVAL, DeviceKind
from govoa.org.models import Person

BATCH = 5_000
MODELS: dict[str, str] = {
    DeviceKind.COMPUTER: "联想 启天 M437",
    DeviceKind.PRINTER: "奔图 P3300DN",
    DeviceKind.USB_DRIVE: "朗科 U208 32GB",
    DeviceKind.PORTABLE_DISK: "希捷 睿品 1TB",
}


def _plan(org: Org, rng: random.Random) -> list[tuple[str, int, bool]]:
    """(kind, holder, 涉密) of every device."""
    people = list(
        Person.objects.filter(agency=org.agency, username__regex=rf"^{USERNAME_PREFIX}\d+$")
        .order_by("pk")
        .values_list("pk", "clearance")
    )
    plan: list[tuple[str, int, bool]] = []
    for person, clearance in people:
        cleared = clearance >= Classification.SECRET
        plan.append((DeviceKind.COMPUTER, person, cleared and rng.random() < 0.3))
        if rng.random() < 0.3:
            kind = DeviceKind.USB_DRIVE if rng.random() < 0.8 else DeviceKind.PORTABLE_DISK
            plan.append((kind, person, cleared and rng.random() < 0.5))
    for department in org.business:
        plan += [(DeviceKind.PRINTER, org.heads[department], False)] * 2
    return plan


def _devices(org: Org, scale: Scale, rng: random.Random) -> list[tuple[Device, datetime.date]]:
    """Each device with the day it was issued (its history of checks starts there)."""
    today = timezone.localdate()
    span = 365 * scale.years
    devices = []
    for n, (kind, holder, classified) in enumerate(_plan(org, rng), start=1):
        issued = today - datetime.timedelta(days=rng.randint(30, span))
        checks = (today - issued) // CHECK_INTERVAL
        last_check = issued + CHECK_INTERVAL * checks
        # One in twenty is overdue: its last quarter's check was not done.
        overdue = rng.random() < 0.05 and checks > 0
        due = last_check + (CHECK_INTERVAL if not overdue else datetime.timedelta(0))
        device = Device(
            agency=org.agency,
            kind=kind,
            asset_number=f"ZC-{issued.year}-{n:06d}",
            model_name=MODELS[kind],
            serial_number=f"SN{rng.randint(10**9, 10**10 - 1)}",
            is_classified=classified,
            classification=Classification.SECRET if classified else Classification.INTERNAL,
            holder_id=holder,
            check_due_on=due,
        )
        devices.append((device, issued))
    return devices


def _records(
    org: Org, device: Device, issued: datetime.date, rng: random.Random
) -> tuple[DeviceAssignment, list[DeviceCheck]]:
    moment = timezone.make_aware(datetime.datetime.combine(issued, datetime.time(10)))
    assignment = DeviceAssignment(
        device=device,
        to_holder_id=device.holder_id,
        recorded_by_id=org.office_head,
        assigned_at=moment,
        note="新购配发",
    )
    checks = []
    day = issued + CHECK_INTERVAL
    while day < device.check_due_on:
        checks.append(
            DeviceCheck(
                device=device,
                checked_by_id=org.office_head,
                checked_on=day,
                virus_scanned=True,
                password_set=True,
                antivirus_updated=rng.random() < 0.97,
                note="",
            )
        )
        day += CHECK_INTERVAL
    return assignment, checks


def grow_equipment(org: Org, scale: Scale, rng: random.Random) -> dict[str, int]:
    devices = _devices(org, scale, rng)
    counts = {"equipment.Device": 0, "equipment.DeviceCheck": 0}
    for first in range(0, len(devices), BATCH):
        batch = devices[first : first + BATCH]
        with transaction.atomic():
            made = Device.objects.bulk_create([device for device, _issued in batch])
            if made and made[0].pk is None:  # backends that do not return keys
                numbers = {d.asset_number: d for d in made}
                for saved in Device.objects.filter(agency=org.agency, asset_number__in=numbers):
                    numbers[saved.asset_number].pk = saved.pk
            assignments, checks = [], []
            for device, issued in batch:
                assignment, device_checks = _records(org, device, issued, rng)
                assignments.append(assignment)
                checks += device_checks
            DeviceAssignment.objects.bulk_create(assignments, batch_size=BATCH)
            DeviceCheck.objects.bulk_create(checks, batch_size=BATCH)
        counts["equipment.Device"] += len(batch)
        counts["equipment.DeviceCheck"] += len(checks)
    return counts
