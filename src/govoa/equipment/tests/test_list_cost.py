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
from govoa.testing.plans import assert_same_cost, page_cost, rows_read

pytestmark = [
    pytest.mark.postgres_only,
    pytest.mark.slow,
    pytest.mark.django_db,
    pytest.mark.usefixtures("frozen_clock"),
]

# A page of 50 (and the little else a page reads, e.g. this month's study count): never
# the history behind it.
READ_BOUND = 600
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


def _pages(people) -> list[tuple[object, str]]:
    keeper = equipment_keeper(people)
    return [
        (keeper, "/equipment/"),
        (keeper, "/api/v1/equipment"),
        (people.staff, "/equipment/"),
        (people.staff, "/api/v1/equipment"),
    ]


def _grown(client, people) -> dict[tuple[int, str], list[tuple[str, list[str]]]]:
    """Each page's cost with the staff member's 100 devices, then grown to 10,000."""
    _devices(people.registrar, 20_000, "BG")
    _devices(people.staff, 100, "GH")
    small = {}
    for person, url in _pages(people):
        client.force_login(person)
        small[(person.pk, url)] = page_cost(client, url, HISTORY)
    _devices(people.staff, 9_900, "GH")
    return small


def test_device_lists_cost_the_same_with_100_and_10_000_devices(client, people):
    small = _grown(client, people)
    for person, url in _pages(people):
        client.force_login(person)
        assert_same_cost(small[(person.pk, url)], page_cost(client, url, HISTORY), url)
        assert rows_read(client, url, HISTORY) <= READ_BOUND, url


def test_device_lists_read_a_page_when_others_rows_are_newer(client, people):
    _grown(client, people)
    _devices(people.registrar, 2_000, "BG")  # newer devices of another holder on top
    for person, url in _pages(people):
        client.force_login(person)
        assert rows_read(client, url, HISTORY) <= READ_BOUND, url


def test_a_deep_load_more_page_reads_a_page(client, people):
    """A "load more" page deep in a holder's 10,000 devices starts in the index at the key (the row
    comparison is the index scan's start, not a filter over the rows before it)."""
    _grown(client, people)
    client.force_login(people.staff)
    deep = Device.objects.filter(holder=people.staff).order_by("-created_at", "-pk")[5_000]
    url = f"/api/v1/equipment?after={deep.pk}"
    page = client.get(url).json()
    assert page["items"]
    assert page["items"][0]["id"] < deep.pk
    assert rows_read(client, url, HISTORY) <= READ_BOUND, url
