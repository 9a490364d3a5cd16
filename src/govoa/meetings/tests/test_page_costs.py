"""The meeting pages run the same number of queries however many meetings, invitees, answers
and materials are behind them (issue 9: list and detail costs do not grow with history)."""

import datetime
import io

import pytest
from django.test import Client

from govoa.meetings.services.materials import material_add
from govoa.meetings.services.notices import meeting_answer
from govoa.testing.factories import make_person
from govoa.testing.incoming import PDF
from govoa.testing.meetings import THURSDAY, approved
from govoa.testing.queries import query_count

pytestmark = pytest.mark.django_db

LISTS = ["/meetings/", "/meetings/plans/", "/meetings/rooms/", "/api/v1/meetings"]


def _costs(client: Client, urls: list[str]) -> dict[str, int]:
    costs = {}
    for url in urls:
        assert client.get(url).status_code == 200, url  # the first request warms the session
        costs[url] = query_count(lambda url=url: client.get(url))
    return costs


def _detail_urls(meeting_id: int) -> list[str]:
    return [f"/meetings/{meeting_id}/", f"/api/v1/meetings/{meeting_id}"]


def _busy_meeting(people, week: int, invitees: int):
    """An approved meeting ``week`` weeks after the first, with ``invitees`` more people, each
    of whom answered, and one material per answer."""
    extra = [
        make_person(department=people.planning, username=f"chy{week}_{n}", real_name=f"参会{n}")
        for n in range(invitees)
    ]
    starts = THURSDAY + datetime.timedelta(weeks=week)
    meeting = approved(
        people,
        title=f"第{week}次项目调度会",
        starts_at=starts,
        ends_at=starts + datetime.timedelta(hours=2),
        invitee_ids=[people.staff.pk, people.registrar.pk, *(p.pk for p in extra)],
    )
    for n, person in enumerate(extra):
        meeting_answer(actor=person, meeting=meeting, answer="attend")
        material_add(
            actor=person,
            meeting=meeting,
            title=f"汇报材料{n}",
            name=f"汇报材料{n}.pdf",
            stream=io.BytesIO(PDF),
        )
    return meeting


@pytest.mark.parametrize("role", ["dept_head", "staff", "principal"])
def test_meeting_lists_and_details_cost_the_same_with_more_history(people, role):
    first = approved(people)
    client = Client()
    client.force_login(getattr(people, role))
    before = _costs(client, LISTS)
    small_detail = list(_costs(client, _detail_urls(first.pk)).values())

    busy = [_busy_meeting(people, week, invitees=6) for week in range(1, 5)]

    assert _costs(client, LISTS) == before
    assert list(_costs(client, _detail_urls(busy[-1].pk)).values()) == small_detail
    listed = client.get("/api/v1/meetings").json()["items"]
    assert {m["id"] for m in listed} >= {first.pk, *(m.pk for m in busy)}
