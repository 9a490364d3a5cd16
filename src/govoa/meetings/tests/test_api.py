"""``/api/v1/meetings`` and ``/api/v1/meeting-rooms``: a request and 送审 through the API, the
rooms' availability over a window, receipts, sign-in by the QR token and by the organiser;
bad input is a 422 with a Chinese message and changes nothing."""

import pytest

from govoa.meetings.models import Meeting
from govoa.meetings.signin import sign_in_token
from govoa.testing.meetings import THURSDAY, approved, at, room


@pytest.fixture
def hall(people):
    return room(people)


def _json(client, url, body):
    return client.post(url, body, content_type="application/json")


def test_request_submit_and_read_through_the_api(client, people, hall):
    client.force_login(people.dept_head)
    body = {
        "title": "项目调度会",
        "starts_at": THURSDAY.isoformat(),
        "ends_at": at(1).isoformat(),
        "agenda": "调度项目进度",
        "expected_outcome": "明确下一步安排",
        "chair": people.deputy.pk,
        "approver": people.principal.pk,
        "invitees": [people.staff.pk],
        "room": hall.pk,
        "ad_hoc_reason": "项目进度滞后，需专题调度",
    }
    created = _json(client, "/api/v1/meetings", body)
    assert created.status_code == 201, created.content
    meeting_id = created.json()["id"]
    submitted = _json(client, f"/api/v1/meetings/{meeting_id}/submit", {})
    assert submitted.status_code == 200
    assert submitted.json()["status"] == "pending"
    client.force_login(people.principal)
    detail = client.get(f"/api/v1/meetings/{meeting_id}").json()
    assert [i["node_key"] for i in detail["work_items"]] == ["approve"]
    # Bad input: a 422 in Chinese, nothing created.
    client.force_login(people.dept_head)
    refused = _json(client, "/api/v1/meetings", {**body, "ends_at": THURSDAY.isoformat()})
    assert refused.status_code == 422
    assert "结束时间" in str(refused.json()["error"])
    assert Meeting.objects.count() == 1


def test_rooms_say_when_they_are_free(client, people, hall):
    approved(people, room_id=hall.pk, place="")
    room(people, name="小会议室", capacity=8)
    client.force_login(people.staff)
    window = {"starts_at": at(1).isoformat(), "ends_at": at(3).isoformat()}
    rooms = {r["name"]: r for r in client.get("/api/v1/meeting-rooms", window).json()}
    assert rooms["第一会议室"]["free"] is False
    assert rooms["第一会议室"]["bookings"][0]["title"] == "2027年重点项目谋划推进会"
    assert rooms["小会议室"]["free"] is True
    after = {"starts_at": at(2).isoformat(), "ends_at": at(3).isoformat()}
    rooms = {r["name"]: r for r in client.get("/api/v1/meeting-rooms", after).json()}
    assert rooms["第一会议室"]["free"] is True  # ends exactly when the window starts
    big = client.get("/api/v1/meeting-rooms", {**after, "capacity": 20}).json()
    assert [r["name"] for r in big] == ["第一会议室"]
    backwards = {"starts_at": at(3).isoformat(), "ends_at": at(1).isoformat()}
    assert client.get("/api/v1/meeting-rooms", backwards).status_code == 422


def test_receipts_and_sign_in_through_the_api(client, people, frozen_clock):
    meeting = approved(people)
    client.force_login(people.staff)
    url = f"/api/v1/meetings/{meeting.pk}/receipt"
    assert _json(client, url, {"answer": "leave"}).status_code == 422
    answered = _json(client, url, {"answer": "attend"})
    assert answered.status_code == 200
    assert answered.json()["answer"] == "attend"
    assert _json(client, url, {"answer": "maybe"}).status_code == 422
    frozen_clock.move_to(at(-0.2))
    client.force_login(people.staff)
    signed = _json(client, "/api/v1/meeting-sign-ins", {"token": sign_in_token(meeting)})
    assert signed.status_code == 200
    assert signed.json()["signed_in_at"]
    assert _json(client, "/api/v1/meeting-sign-ins", {"token": "garbage"}).status_code == 404
    registrar = meeting.invitees.get(person=people.registrar)
    client.force_login(people.dept_head)
    manual = _json(client, f"/api/v1/meetings/{meeting.pk}/invitees/{registrar.pk}/sign-in", {})
    assert manual.status_code == 200
    client.force_login(people.staff)
    refused = _json(client, f"/api/v1/meetings/{meeting.pk}/invitees/{registrar.pk}/sign-in", {})
    assert refused.status_code == 403
