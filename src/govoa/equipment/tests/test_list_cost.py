"""The equipment register costs the same whatever its size (ADR 0010): the office head's
register, a holder's own devices and the API run the same statements, reading the devices
with the same plans (through an index, never a read of the whole table), with 100 and with
10,000 devices — beside 20,000 of another holder."""

import datetime

import pytest
from django.db import connection

from govoa.equipment.models import Device
from govoa.testing.clock import FROZEN_TODAY
from govoa.testing.equipment import equipment_keeper
from govoa.testing.plans import assert_same_cost, page_cost

pytestmark = [
    pytest.mark.postgres_only,
    pytest.mark.slow,
    pytest.mark.django_db,
    pytest.mark.usefixtures("frozen_clock"),
]

HISTORY = ("equipment_device",)


def _devices(holder, n: int, prefix: str) -> None:
    first = Device.objects.filter(holder=holder).count()
    Device.objects.bulk_create(
        [
            Device(
                agency_id=holder.agency_id,
                kind="usb_drive" if i % 5 == 0 else "computer",
                asset_number=f"{prefix}-{first + i:06d}",
                model_name="联想 启天 M437",
                holder=holder,
                check_due_on=FROZEN_TODAY + datetime.timedelta(days=i % 90),
            )
            for i in range(n)
        ],
        batch_size=5000,
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE equipment_device")


def test_device_lists_cost_the_same_with_100_and_10_000_devices(client, people):
    keeper = equipment_keeper(people)
    _devices(people.registrar, 20_000, "BG")
    _devices(people.staff, 100, "GH")
    pages = [
        (keeper, "/equipment/"),
        (keeper, "/api/v1/equipment"),
        (people.staff, "/equipment/"),
        (people.staff, "/api/v1/equipment"),
    ]
    small = {}
    for person, url in pages:
        client.force_login(person)
        small[(person.pk, url)] = page_cost(client, url, HISTORY)
    _devices(people.staff, 9_900, "GH")
    for person, url in pages:
        client.force_login(person)
        assert_same_cost(small[(person.pk, url)], page_cost(client, url, HISTORY), url)
