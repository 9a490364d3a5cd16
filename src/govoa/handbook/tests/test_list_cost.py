"""The learning records cost the same whatever the history behind them (ADR 0010): one's own
record, a department's record and the API run the same statements, reading the study entries
with the same plans (through an index, never a read of the whole table), when the person has
100 entries and when they have 10,000 — among 20,000 entries of others."""

import datetime

import pytest
from django.db import connection

from govoa.handbook.models import StudyEntry
from govoa.testing.clock import FROZEN_TODAY
from govoa.testing.handbook import office_head
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
HISTORY = ("handbook_studyentry", "handbook_trainingattendance")


def _studies(person, n: int) -> None:
    StudyEntry.objects.bulk_create(
        [
            StudyEntry(
                agency_id=person.agency_id,
                person=person,
                department_id=person.department_id,
                studied_on=FROZEN_TODAY - datetime.timedelta(days=i % 3650),
                title=f"学习《政策文件第{i}号》",
            )
            for i in range(n)
        ],
        batch_size=5000,
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE handbook_studyentry")


def _pages(people) -> list[tuple[object, str]]:
    planning = people.planning.pk
    return [
        (people.staff, "/handbook/learning/"),
        (people.staff, "/api/v1/study-entries"),
        (people.dept_head, f"/handbook/learning/departments/{planning}/"),
        (people.dept_head, f"/api/v1/study-entries?department={planning}"),
        (office_head(people), f"/api/v1/study-entries?person={people.staff.pk}"),
    ]


def _grown(client, people) -> dict[str, list[tuple[str, list[str]]]]:
    """Each page's cost with the staff member's 100 entries, then the entries grown to 10,000."""
    _studies(people.registrar, 10_000)  # others' history: the office's
    _studies(people.deputy, 10_000)
    _studies(people.staff, 100)
    small = {}
    for person, url in _pages(people):
        client.force_login(person)
        small[url] = page_cost(client, url, HISTORY)
    _studies(people.staff, 9_900)
    return small


def test_learning_records_cost_the_same_with_100_and_10_000_entries(client, people):
    small = _grown(client, people)
    for person, url in _pages(people):
        client.force_login(person)
        assert_same_cost(small[url], page_cost(client, url, HISTORY), url)
        assert rows_read(client, url, HISTORY) <= READ_BOUND, url


def test_learning_records_read_a_page_when_others_rows_are_newer(client, people):
    _grown(client, people)
    _studies(people.registrar, 2_000)  # newer rows of others on top
    for person, url in _pages(people):
        client.force_login(person)
        assert rows_read(client, url, HISTORY) <= READ_BOUND, url
    # The office's record of the whole agency, newest first: a page of its own index.
    client.force_login(office_head(people))
    assert rows_read(client, "/api/v1/study-entries", HISTORY) <= READ_BOUND
