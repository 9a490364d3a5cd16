"""会场布置与会前检查 on the meeting page and over the API: the checklist per meeting type,
the checks of the day before and of the day with who checked, the rehearsal of an important
meeting, incidents with their response; who may do them. The meeting is on the frozen
week's Thursday; the clock moves to the day before and to the day."""

import datetime

import pytest

from govoa.audit.models import AuditEvent
from govoa.meetings.models import MeetingIncident, Rehearsal, VenueCheck
from govoa.meetings.workflow import DEFAULT_VENUE_ITEMS
from govoa.testing.clock import SHANGHAI
from govoa.testing.meetings import THURSDAY, approved, at, office_head
from govoa.testing.permissions import Matrix

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_clock")]

WEDNESDAY = THURSDAY - datetime.timedelta(days=1)


@pytest.fixture
def meeting(people):
    return approved(people)


def _travel(client, time_machine, person, moment: datetime.datetime) -> None:
    """Move the clock and sign in again (the idle session would have expired)."""
    time_machine.move_to(moment)
    client.force_login(person)


def _local(moment: datetime.datetime) -> str:
    return moment.astimezone(SHANGHAI).strftime("%Y-%m-%dT%H:%M")


def test_permission_matrix(client, people, meeting, other_agency_person):
    base = f"/meetings/{meeting.pk}/venue/"
    for act in ["settings", "check", "rehearsal", "incident"]:
        Matrix(f"{base}{act}/", method="post", in_scope_status=400).check(
            client, in_scope=people.dept_head, out_of_scope=other_agency_person
        )
    client.force_login(people.staff)  # invited: sees the meeting, may not run its venue
    refused = client.post(f"{base}settings/", {"meeting_type": "video"})
    assert refused.status_code == 403
    assert AuditEvent.objects.filter(action="meetings.venue.settings", outcome="denied").exists()
    Matrix(f"/api/v1/meetings/{meeting.pk}/venue", api=True).check(
        client, in_scope=people.staff, out_of_scope=other_agency_person
    )
    Matrix("/meetings/venue-checklists/").check(client, in_scope=people.staff)
    client.force_login(people.audit_admin)
    assert client.get("/meetings/venue-checklists/").status_code == 403


def test_checks_the_day_before_and_on_the_day(client, people, meeting, time_machine):
    client.force_login(people.dept_head)
    url = f"/meetings/{meeting.pk}/venue/check/"
    page = client.get(f"/meetings/{meeting.pk}/").content.decode()
    assert all(item in page for item in DEFAULT_VENUE_ITEMS)
    on_day_too_early = client.post(url, {"phase": "on_day", "result_0": "ok"})
    assert on_day_too_early.status_code == 409
    _travel(client, time_machine, people.dept_head, WEDNESDAY.replace(hour=16))
    fault = {"phase": "day_before", "result_0": "ok", "result_4": "fault"}
    assert client.post(url, fault).status_code == 422  # a fault without what was found
    assert not VenueCheck.objects.exists()
    fault["note_4"] = "投影灯泡老化，已更换备用投影仪"
    assert client.post(url, fault).status_code == 302
    checks = {c.item: c for c in VenueCheck.objects.filter(phase="day_before")}
    assert set(checks) == {"座位摆放", "投影"}
    assert checks["投影"].ok is False
    assert checks["投影"].checked_by == people.dept_head
    _travel(client, time_machine, people.dept_head, at(-1))  # Thursday, an hour before the start
    assert client.post(url, {"phase": "day_before", "result_0": "ok"}).status_code == 409
    assert client.post(url, {"phase": "on_day", "result_4": "ok"}).status_code == 302
    page = client.get(f"/meetings/{meeting.pk}/").content.decode()
    assert "投影灯泡老化" in page
    assert page.count("规划处长") >= 3


def test_rehearsal_and_incidents(client, people, meeting, time_machine):
    client.force_login(people.dept_head)
    base = f"/meetings/{meeting.pk}/venue/"
    rehearsal = {"held_at": _local(WEDNESDAY.replace(hour=10)), "note": "流程顺畅"}
    _travel(client, time_machine, people.dept_head, WEDNESDAY.replace(hour=17))
    assert client.post(f"{base}rehearsal/", rehearsal).status_code == 409  # not important
    settings = {"meeting_type": "video", "important": "on"}
    assert client.post(f"{base}settings/", settings).status_code == 302
    assert client.post(f"{base}rehearsal/", rehearsal).status_code == 302
    assert Rehearsal.objects.get().recorded_by == people.dept_head
    _travel(client, time_machine, people.dept_head, at(1))  # during the meeting
    incident = {
        "kind": "equipment",
        "occurred_at": _local(at(0.5)),
        "description": "视频连线中断",
        "response": "切换备用线路，3分钟恢复",
    }
    late = {**incident, "occurred_at": _local(at(1.5))}
    assert client.post(f"{base}incident/", late).status_code == 422  # not yet happened
    assert client.post(f"{base}incident/", incident).status_code == 302
    api = client.post(
        f"/api/v1/meetings/{meeting.pk}/venue/incidents",
        {
            **incident,
            "kind": "absence",
            "description": "能源处长缺席",
            "response": "由副处长代为汇报",
        },
        content_type="application/json",
    )
    assert api.status_code == 201
    assert [i["kind_label"] for i in api.json()["incidents"]] == ["设备故障", "人员缺席"]
    assert MeetingIncident.objects.count() == 2
    page = client.get(f"/meetings/{meeting.pk}/").content.decode()
    assert "切换备用线路" in page
    assert "流程顺畅" in page


def _trail_of(page: str) -> str:
    return page.split("<h2>办理过程</h2>", 1)[1]


def test_venue_acts_appear_in_the_trail(client, people, meeting, time_machine):
    """The checks, the rehearsal and the incidents are acts on the meeting: its 办理过程 shows
    each, who did it and what was found, beside the approval's acts."""
    client.force_login(people.dept_head)
    base = f"/meetings/{meeting.pk}/venue/"
    settings = {"meeting_type": "video", "important": "on"}
    assert client.post(f"{base}settings/", settings).status_code == 302
    _travel(client, time_machine, people.dept_head, WEDNESDAY.replace(hour=16))
    fault = {"phase": "day_before", "result_0": "ok", "result_4": "fault", "note_4": "灯泡老化"}
    assert client.post(f"{base}check/", fault).status_code == 302
    rehearsal = {"held_at": _local(WEDNESDAY.replace(hour=10)), "note": "流程顺畅"}
    assert client.post(f"{base}rehearsal/", rehearsal).status_code == 302
    _travel(client, time_machine, people.dept_head, at(1))
    incident = {
        "kind": "equipment",
        "occurred_at": _local(at(0.5)),
        "description": "视频连线中断",
        "response": "切换备用线路",
    }
    assert client.post(f"{base}incident/", incident).status_code == 302
    client.force_login(people.staff)  # an invitee reads the trail too
    trail = _trail_of(client.get(f"/meetings/{meeting.pk}/").content.decode())
    assert "规划处长 登记会前一天检查：检查 2 项，1 项不正常：投影（灯泡老化）" in trail
    assert "规划处长 登记彩排：" in trail
    assert "流程顺畅" in trail
    assert "规划处长 登记会中情况（设备故障）：视频连线中断；处置：切换备用线路" in trail
    lines = [trail.index(t) for t in ("登记会前一天检查", "登记彩排", "登记会中情况")]
    assert lines == sorted(lines)  # in the order they happened


def test_a_checklist_per_meeting_type(client, people, meeting, time_machine):
    head = office_head(people)
    client.force_login(people.staff)
    refused = client.post("/meetings/venue-checklists/", {"meeting_type": "video", "items": "x"})
    assert refused.status_code == 403
    client.force_login(head)
    form = {"meeting_type": "video", "items": "视频连线\n视频连线"}
    assert client.post("/meetings/venue-checklists/", form).status_code == 422
    form["items"] = "视频连线\n备用线路\n摄像头角度"
    assert client.post("/meetings/venue-checklists/", form).status_code == 302
    client.force_login(people.dept_head)
    client.post(f"/meetings/{meeting.pk}/venue/settings/", {"meeting_type": "video"})
    venue = client.get(f"/api/v1/meetings/{meeting.pk}/venue").json()
    assert venue["items"] == ["视频连线", "备用线路", "摄像头角度"]
    _travel(client, time_machine, people.dept_head, WEDNESDAY.replace(hour=9))
    body = {"phase": "day_before", "results": [{"item": "会标", "ok": True}]}
    url = f"/api/v1/meetings/{meeting.pk}/venue/checks"
    unknown = client.post(url, body, content_type="application/json")
    assert unknown.status_code == 422
    body["results"] = [{"item": "摄像头角度", "ok": True}]
    done = client.post(url, body, content_type="application/json")
    assert done.status_code == 200
    assert [c["checked_by"] for c in done.json()["checks"]] == ["规划处长"]
