"""会议室登记: the office head registers and changes the agency's rooms over HTTP; everyone of
the agency sees a room and its bookings, nobody else; bad input is refused with a Chinese
message and changes nothing; an approved meeting still to come keeps its room open and
large enough, naming itself."""

import pytest

from govoa.audit.models import AuditEvent
from govoa.meetings.models import MeetingRoom
from govoa.meetings.services.requests import meeting_cancel
from govoa.testing.meetings import approved, office_head, room
from govoa.testing.permissions import Matrix

GOOD = {
    "name": "第三会议室",
    "location": "机关大楼4楼401",
    "capacity": "40",
    "equipment": "投影、扩音",
    "rostrum_seats": "5",
    "hall_row_seats": "8",
    "active": "on",
}


def rooms():
    return list(MeetingRoom.objects.order_by("pk").values())


@pytest.fixture
def head(people):
    return office_head(people)


def test_the_office_head_registers_and_changes_a_room(client, people, head):
    client.force_login(head)
    assert client.get("/meetings/rooms/new/").status_code == 200
    response = client.post("/meetings/rooms/new/", GOOD)
    assert response.status_code == 302
    hall = MeetingRoom.objects.get(name="第三会议室")
    assert (hall.capacity, hall.rostrum_seats, hall.hall_row_seats, hall.active) == (40, 5, 8, True)
    assert hall.agency_id == people.agency.pk
    assert AuditEvent.objects.filter(action="meetings.room.create", actor_id=head.pk).exists()
    page = client.get("/meetings/rooms/").content.decode()
    assert "第三会议室" in page
    assert "登记会议室" in page
    # The room is offered to whoever requests a meeting.
    client.force_login(people.dept_head)
    assert hall in client.get("/meetings/new/").context["form"].fields["room"].queryset
    client.force_login(head)
    changed = {**GOOD, "capacity": "50", "equipment": "投影、扩音、视频会议终端"}
    assert client.post(f"/meetings/rooms/{hall.pk}/", changed).status_code == 302
    hall.refresh_from_db()
    assert (hall.capacity, hall.equipment) == (50, "投影、扩音、视频会议终端")
    event = AuditEvent.objects.get(action="meetings.room.update")
    assert set(event.details) == {"capacity", "equipment"}


def test_bad_input_is_refused_and_changes_nothing(client, people, head):
    existing = room(people)
    client.force_login(head)
    for fields, status, says in [
        ({"capacity": "0"}, 400, "确保该值大于或等于1"),
        ({"capacity": "-3"}, 400, "确保该值大于或等于1"),
        ({"capacity": "很多"}, 400, "输入整数"),
        ({"name": ""}, 400, "这个字段是必填项"),
        ({"name": "   "}, 400, "这个字段是必填项"),
        ({"name": "室" * 101}, 400, "100"),
        ({"equipment": "投" * 301}, 400, "300"),
        ({"hall_row_seats": "0"}, 400, "确保该值大于或等于1"),
        ({"capacity": "3", "rostrum_seats": "5"}, 422, "主席台座位不能多于容纳人数"),
        ({"name": existing.name}, 422, f"已有名为“{existing.name}”的会议室"),
    ]:
        before = rooms()
        response = client.post("/meetings/rooms/new/", {**GOOD, **fields})
        assert response.status_code == status, fields
        assert says in response.content.decode(), (fields, says)
        assert rooms() == before


def test_only_the_office_head_registers_rooms(client, people, other_agency_person):
    hall = room(people)
    before = rooms()
    for person in (people.staff, people.dept_head, people.principal):
        client.force_login(person)
        assert client.get("/meetings/rooms/new/").status_code == 403
        assert client.post("/meetings/rooms/new/", GOOD).status_code == 403
        page = client.get(f"/meetings/rooms/{hall.pk}/")
        assert page.status_code == 200
        assert page.context["form"] is None
        assert (
            client.post(f"/meetings/rooms/{hall.pk}/", {**GOOD, "capacity": "1"}).status_code == 403
        )
    assert rooms() == before
    url = f"/meetings/rooms/{hall.pk}/"
    Matrix(url).check(client, in_scope=people.staff, out_of_scope=other_agency_person)
    Matrix(url).check(client, in_scope=people.staff, out_of_scope=people.sys_admin)
    # The other agency's office head cannot change this agency's room either.
    client.force_login(other_agency_person)
    assert client.post(url, {**GOOD, "capacity": "1"}).status_code == 404
    assert rooms() == before


def test_an_approved_meeting_keeps_its_room_open_and_large_enough(client, people, head):
    hall = room(people, capacity=30)
    meeting = approved(people, room_id=hall.pk, place="")  # three people
    client.force_login(head)
    url = f"/meetings/rooms/{hall.pk}/"
    page = client.get(url).content.decode()
    assert meeting.title in page  # its bookings
    base = {**GOOD, "name": hall.name}
    for fields, says in [
        ({"active": ""}, f"该会议室还有已批准的会议《{meeting.title}》"),
        ({"capacity": "2", "rostrum_seats": "1"}, f"已批准的会议《{meeting.title}》有 3 人参加"),
    ]:
        before = rooms()
        response = client.post(url, {**base, **fields})
        assert response.status_code == 422
        assert says in response.content.decode()
        assert rooms() == before
    meeting_cancel(actor=people.dept_head, meeting=meeting, reason="改期")
    data = {**base}
    data.pop("active")
    assert client.post(url, data).status_code == 302
    hall.refresh_from_db()
    assert not hall.active
    # A retired room is listed apart, and no longer offered.
    assert hall.name in client.get("/meetings/rooms/").context["retired"][0].name
    client.force_login(people.dept_head)
    assert hall not in client.get("/meetings/new/").context["form"].fields["room"].queryset
