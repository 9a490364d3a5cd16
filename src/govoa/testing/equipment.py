"""Test support for 设备与存储介质: the office head who keeps the register, devices, and a
device with a data wipe recorded (ready for 送修/报废)."""

import datetime
from typing import Any

from django.utils import timezone

from govoa.core.vocabulary import Classification, Role
from govoa.equipment.models import DataWipe, Device
from govoa.equipment.services.care import data_wipe_record
from govoa.equipment.services.register import DeviceData, device_register
from govoa.org.models import Person
from govoa.testing.factories import grant, make_person


def equipment_keeper(people: Any) -> Person:
    """The agency's 办公室主任 (found, or appointed for the test)."""
    head = Person.objects.filter(
        agency=people.agency, role_assignments__role=Role.OFFICE_HEAD
    ).first()
    if head is None:
        head = make_person(department=people.office, real_name="办公室主任", username="officehead")
        grant(head, Role.OFFICE_HEAD)
        grant(head, Role.DEPT_HEAD, [people.office])
    return head


def make_device(keeper: Person, holder: Person, **fields: Any) -> Device:
    classified = fields.pop("is_classified", False)
    data = DeviceData(
        kind=fields.pop("kind", "computer"),
        asset_number=fields.pop("asset_number", f"ZC-{Device.objects.count() + 1:04d}"),
        model_name=fields.pop("model_name", "联想 启天 M437"),
        is_classified=classified,
        classification=fields.pop(
            "classification", Classification.SECRET if classified else Classification.INTERNAL
        ),
        holder_id=holder.pk,
        **fields,
    )
    return device_register(actor=keeper, data=data)


def wipe(keeper: Person, device: Device, witness: Person) -> DataWipe:
    return data_wipe_record(
        actor=keeper,
        device_id=device.pk,
        method="overwrite",
        wiped_on=timezone.localdate() - datetime.timedelta(days=1),
        witness_id=witness.pk,
    )
