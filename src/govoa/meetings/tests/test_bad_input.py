"""Bad input on every form and endpoint of 办会, as a careless or curious user would send it:
empty, overlong, end before start, past or absurd dates, another agency's room or people,
someone else's receipt, a forged, rotated or expired sign-in link, a past deadline, a score
out of range. Each answers a Chinese message with a 4xx status, never a 500, and changes
nothing."""

import datetime
import io
import json
from typing import Any

import pytest

from govoa.meetings.models import Invitee, Material, Meeting, MeetingPlan, Minutes, Resolution
from govoa.meetings.signin import sign_in_path
from govoa.meetings.workflow import MeetingStatus
from govoa.testing.clock import FROZEN_TODAY
from govoa.testing.meetings import approved, at, office_head, room

LOCAL = "%Y-%m-%dT%H:%M"


def state():
    """What a refused request must leave as it was."""
    return (
        list(Meeting.objects.order_by("pk").values_list("pk", "status", "title", "even_rule")),
        list(
            Invitee.objects.order_by("pk").values_list(
                "pk", "answer", "reason", "order", "seat", "signed_in_at"
            )
        ),
        list(Minutes.objects.values_list("pk", "summary", "status")),
        list(Resolution.objects.values_list("pk")),
        list(Material.objects.values_list("pk")),
        list(MeetingPlan.objects.values_list("pk", "status")),
    )


def refused(client, person, url, data=None, *, status, says="", api=False):
    client.logout()  # a fresh session: the clock moves on in these tests
    client.force_login(person)
    before = state()
    if api:
        response = client.post(url, data or {}, content_type="application/json")
    else:
        response = client.post(url, data or {})
    assert response.status_code == status, (url, response.content.decode()[:2000])
    text = json.dumps(response.json(), ensure_ascii=False) if api else response.content.decode()
    assert says in text, (url, says, text[:3000])
    assert state() == before, url
    return response


@pytest.fixture
def hall(people):
    return room(people, capacity=3, rostrum_seats=2)


def _form(people, **fields):
    values = {
        "title": "项目调度会",
        "starts_at": at(24).strftime(LOCAL),
        "ends_at": at(26).strftime(LOCAL),
        "place": "机关大楼3楼会议室",
        "chair": people.deputy.pk,
        "approver": people.principal.pk,
        "invitees": [people.staff.pk],
        "agenda": "一、汇报",
        "expected_outcome": "形成意见",
        "ad_hoc_reason": "市里要求",
        "classification": "0",
    }
    values.update(fields)
    return {k: v for k, v in values.items() if v is not None}


def test_the_request_form_refuses_bad_input(client, people, hall, other_agency_person):
    other_room = room(people, name="外机关会议室")
    type(other_room).objects.filter(pk=other_room.pk).update(agency=other_agency_person.agency)
    url = "/meetings/new/"
    cases = [
        ({"title": "", "agenda": "", "expected_outcome": ""}, 400, "这个字段是必填项"),
        ({"title": "会" * 201}, 400, "200"),
        ({"ends_at": at(23).strftime(LOCAL)}, 422, "结束时间应晚于开始时间"),
        ({"ends_at": at(24).strftime(LOCAL)}, 422, "结束时间应晚于开始时间"),
        (
            {"starts_at": at(-100).strftime(LOCAL), "ends_at": at(-99).strftime(LOCAL)},
            422,
            "开始时间不能早于现在",
        ),
        ({"starts_at": "9999-12-31T09:00", "ends_at": "9999-12-31T10:00"}, 422, "2100"),
        ({"starts_at": "明天上午"}, 400, "输入一个有效的日期/时间"),
        ({"ends_at": at(24 * 5).strftime(LOCAL)}, 422, "不超过 3 天"),
        ({"room": other_room.pk, "place": ""}, 400, "选择一个有效的选项"),
        ({"room": "", "place": ""}, 422, "请选择会议室或填写地点"),
        ({"invitees": [other_agency_person.pk]}, 400, "选择一个有效的选项"),
        ({"approver": people.staff.pk}, 422, "审批领导应为机关领导"),
        ({"approver": people.dept_head.pk}, 422, "审批领导应为机关领导"),
        ({"classification": "2"}, 422, "涉密等级不足"),
        ({"classification": "9"}, 400, "选择一个有效的选项"),
        ({"ad_hoc_reason": ""}, 422, "临时会议须说明理由"),
        (
            {
                "room": hall.pk,
                "place": "",
                "invitees": [people.staff.pk, people.registrar.pk, people.dept_head.pk],
            },
            422,
            "只能容纳 3 人",
        ),
    ]
    for fields, status, says in cases:
        refused(client, people.dept_head, url, _form(people, **fields), status=status, says=says)
    assert not Meeting.objects.exists()


def test_the_api_refuses_the_same(client, people, other_agency_person):
    theirs = room(people, name="外机关会议室")
    type(theirs).objects.filter(pk=theirs.pk).update(agency=other_agency_person.agency)
    body = {
        "title": "项目调度会",
        "starts_at": at(24).isoformat(),
        "ends_at": at(26).isoformat(),
        "agenda": "一、汇报",
        "expected_outcome": "形成意见",
        "chair": people.deputy.pk,
        "approver": people.principal.pk,
        "place": "会议室",
        "ad_hoc_reason": "市里要求",
    }
    cases: list[tuple[dict[str, Any], str]] = [
        ({"ends_at": at(23).isoformat()}, "结束时间应晚于开始时间"),
        ({"starts_at": at(-100).isoformat(), "ends_at": at(-99).isoformat()}, "不能早于现在"),
        ({"room": theirs.pk, "place": ""}, "请选择本机关可预订的会议室"),
        ({"invitees": [other_agency_person.pk]}, "参会人员应为本机关在职人员"),
        ({"chair": other_agency_person.pk}, "请选择本机关在职的主持领导"),
        ({"title": "   "}, "请填写会议名称"),
    ]
    for fields, says in cases:
        refused(
            client,
            people.dept_head,
            "/api/v1/meetings",
            {**body, **fields},
            status=422,
            says=says,
            api=True,
        )
    client.force_login(people.staff)
    for query, says in [
        ("capacity=-1", ""),
        ("starts_at=2026-11-20T10:00&ends_at=2026-11-20T09:00", "结束时间应晚于开始时间"),
        ("starts_at=2026-11-01T10:00&ends_at=2026-12-20T09:00", "不超过 31 天"),
        ("starts_at=9999-11-01T10:00", "2100"),
    ]:
        response = client.get(f"/api/v1/meeting-rooms?{query}")
        assert response.status_code == 422, query
        assert says in json.dumps(response.json(), ensure_ascii=False), query


def test_receipts_seating_and_acts_refuse_bad_input(client, people, hall):
    head = office_head(people)
    meeting = approved(people, room_id=hall.pk, place="")
    base = f"/meetings/{meeting.pk}/acts/"
    # Someone who sees the meeting but is not invited answers: not theirs.
    refused(
        client,
        head,
        f"{base}answer/",
        {"answer": "attend"},
        status=404,
        says="不在该会议的参会人员中",
    )
    refused(
        client,
        people.staff,
        f"{base}answer/",
        {"answer": "maybe"},
        status=400,
        says="选择一个有效的选项",
    )
    refused(
        client,
        people.staff,
        f"{base}answer/",
        {"answer": "leave"},
        status=422,
        says="请假请填写事由",
    )
    refused(
        client, people.staff, f"{base}answer/", {"answer": "delegate"}, status=422, says="代为参会"
    )
    refused(
        client,
        people.staff,
        f"{base}answer/",
        {"answer": "leave", "reason": "事" * 201},
        status=400,
        says="200",
    )
    refused(client, people.staff, f"{base}nonsense/", status=404, says="")
    ids = list(meeting.invitees.order_by("order").values_list("pk", flat=True))
    seating = f"{base}seating/"
    for data, status, says in [
        ({"order": "甲,乙", "even_rule": "second_right"}, 400, "以逗号分隔的编号"),
        ({"order": ",".join(map(str, ids[:-1])), "even_rule": "second_right"}, 422, "每位参会人员"),
        ({"order": ",".join(map(str, ids + ids[:1])), "even_rule": "second_right"}, 422, "各一次"),
        (
            {
                "order": ",".join(map(str, ids)),
                "rostrum": ",".join(map(str, ids)),
                "even_rule": "second_right",
            },
            422,
            "主席台只有 2 个座位",
        ),
        (
            {"order": ",".join(map(str, ids)), "rostrum": "999999", "even_rule": "second_right"},
            422,
            "主席台人员应为参会人员",
        ),
        ({"order": ",".join(map(str, ids)), "even_rule": "third_left"}, 400, "选择一个有效的选项"),
    ]:
        refused(client, people.dept_head, seating, data, status=status, says=says)
    for reason, status, says in [("", 400, "这个字段是必填项"), ("因" * 301, 400, "300")]:
        refused(
            client, people.dept_head, f"{base}cancel/", {"reason": reason}, status=status, says=says
        )
    # Acts that carry no form say why on the page too.
    refused(client, people.dept_head, f"{base}minutes_submit/", status=409, says="请先起草纪要")
    refused(
        client,
        people.dept_head,
        f"{base}distribute/",
        status=409,
        says="纪要经主持领导审签后才能印发",
    )
    refused(client, people.dept_head, f"{base}submit/", status=409, says="该会议已送审")
    # Materials: nothing, an empty file, a program.
    client.force_login(people.staff)
    before = state()
    for name, content, says in [
        (None, None, "这个字段是必填项"),
        ("空.pdf", b"", "空文件"),
        ("程序.exe", b"MZ\x90\x00" + b"\x00" * 200, "不是可接受的文件类型"),
    ]:
        posted: dict[str, Any] = {"title": "汇报"}
        if name is not None:
            upload = io.BytesIO(content)
            upload.name = name
            posted["file"] = upload
        response = client.post(f"/meetings/{meeting.pk}/materials/", posted)
        assert 400 <= response.status_code < 500, name
        assert says in response.content.decode(), (name, says)
    assert state() == before
    # A manual sign-in of an invitee of another meeting, or before the link opens.
    other = approved(people, title="另一个会", starts_at=at(48), ends_at=at(49))
    stranger = other.invitees.first()
    refused(
        client,
        people.dept_head,
        f"/meetings/{meeting.pk}/sign-in/{stranger.pk}/",
        status=404,
        says="没有这位参会人员",
    )
    refused(
        client,
        people.dept_head,
        f"/meetings/{meeting.pk}/sign-in/{ids[0]}/",
        status=409,
        says="签到尚未开始",
    )
    assert meeting.invitees.filter(answer="pending").count() == 3


def test_the_sign_in_link_refuses_forged_rotated_and_expired_codes(client, people, frozen_clock):
    meeting = approved(people)
    link = sign_in_path(meeting)
    frozen_clock.move_to(at(-0.5))
    forged = link.replace(link.split("/")[-2][-6:], "AAAAAA")
    for url, person, status, says in [
        (forged, people.staff, 404, "签到码无效"),
        ("/meetings/sign-in/" + "x" * 600 + "/", people.staff, 404, "签到码无效"),
        (link, people.dept_head, 404, "不在该会议的参会人员中"),  # not invited
    ]:
        refused(client, person, url, status=status, says=says)
    from govoa.meetings.services.attendance import sign_in_rotate

    sign_in_rotate(actor=people.dept_head, meeting=meeting)
    refused(client, people.staff, link, status=404, says="签到码无效")
    fresh = sign_in_path(Meeting.objects.get(pk=meeting.pk))
    frozen_clock.move_to(at(2.5))
    refused(client, people.staff, fresh, status=409, says="签到已关闭")
    refused(
        client,
        people.staff,
        "/api/v1/meeting-sign-ins",
        {"token": fresh[18:-1]},
        status=409,
        says="签到已关闭",
        api=True,
    )
    assert not meeting.invitees.filter(signed_in_at__isnull=False).exists()


def test_minutes_resolutions_and_evaluations_refuse_bad_input(
    client, people, frozen_clock, other_agency_person
):
    meeting = approved(people)
    base = f"/meetings/{meeting.pk}/acts/"
    refused(
        client,
        people.dept_head,
        f"{base}minutes/",
        {"summary": "纪要"},
        status=409,
        says="会议尚未开始",
    )
    frozen_clock.move_to(at(3))
    for data, status, says in [
        ({"summary": ""}, 400, "这个字段是必填项"),
        ({"summary": "纪要", "number": "期" * 31}, 400, "30"),
        ({"summary": "纪" * 20001}, 422, "不能超过 20000 字"),
    ]:
        refused(client, people.dept_head, f"{base}minutes/", data, status=status, says=says)
    later = (FROZEN_TODAY + datetime.timedelta(days=30)).isoformat()
    for data, status, says in [
        ({"content": "", "owner": people.staff.pk, "deadline": later}, 400, "这个字段是必填项"),
        (
            {"content": "落实", "owner": people.staff.pk, "deadline": "2020-01-01"},
            422,
            "不能早于今天",
        ),
        ({"content": "落实", "owner": people.staff.pk, "deadline": "明年"}, 400, "有效的日期"),
        (
            {"content": "落实", "owner": other_agency_person.pk, "deadline": later},
            400,
            "选择一个有效的选项",
        ),
        (
            {"content": "落实", "owner": people.deputy.pk, "deadline": later},
            422,
            "不能是主持领导本人",
        ),
        ({"content": "落" * 2001, "owner": people.staff.pk, "deadline": later}, 400, "2000"),
    ]:
        refused(client, people.dept_head, f"{base}resolution/", data, status=status, says=says)
    # The evaluation of a meeting that is neither over nor large.
    for data, status, says in [
        ({"score": "0"}, 400, "1"),
        ({"score": "6"}, 400, "5"),
        ({"score": "4"}, 409, "大型会议结束后才能评估"),
    ]:
        refused(client, people.staff, f"{base}evaluate/", data, status=status, says=says)


def test_the_plan_form_refuses_bad_input(client, people):
    year = FROZEN_TODAY.year
    good = {
        "year": year,
        "name": "年度工作会",
        "content": "部署",
        "window_start": f"{year}-03-01",
        "window_end": f"{year}-03-31",
        "attendee_scope": "全体",
        "scale": 50,
        "budget": "100",
    }
    plan_cases: list[tuple[dict[str, Any], int, str]] = [
        ({"name": ""}, 400, "这个字段是必填项"),
        ({"scale": 0}, 400, "1"),
        ({"budget": "-5"}, 400, "0"),
        ({"budget": "很多"}, 400, "输入一个数字"),
        ({"window_end": f"{year}-02-01"}, 422, "不能早于"),
        ({"window_start": f"{year + 1}-01-01", "window_end": f"{year + 1}-01-02"}, 422, "该年度内"),
        ({"year": 9999}, 400, "2100"),
        ({"content": "内" * 2001}, 422, "不能超过 2000 字"),
    ]
    for fields, status, says in plan_cases:
        refused(
            client,
            people.dept_head,
            "/meetings/plans/new/",
            {**good, **fields},
            status=status,
            says=says,
        )
    # Someone without the role is refused the form and the post.
    refused(client, people.staff, "/meetings/plans/new/", good, status=403, says="")
    assert not MeetingPlan.objects.exists()
    # The list with a nonsense year shows this year's, not an error.
    client.force_login(people.staff)
    assert client.get("/meetings/plans/?year=abc").status_code == 200
    assert client.get("/meetings/rooms/?week=9999-99-99").status_code == 200


def test_a_meeting_of_a_cancelled_or_past_state_refuses_acts(client, people, frozen_clock):
    meeting = approved(people)
    client.force_login(people.dept_head)
    client.post(f"/meetings/{meeting.pk}/acts/cancel/", {"reason": "改期"})
    assert Meeting.objects.get(pk=meeting.pk).status == MeetingStatus.CANCELLED
    base = f"/meetings/{meeting.pk}/acts/"
    refused(
        client, people.dept_head, f"{base}cancel/", {"reason": "再取消"}, status=409, says="已取消"
    )
    refused(
        client, people.staff, f"{base}answer/", {"answer": "attend"}, status=409, says="不能回执"
    )
    refused(client, people.dept_head, f"{base}remind/", status=409, says="尚未批准或已取消")
    order = ",".join(str(i) for i in meeting.invitees.values_list("pk", flat=True))
    refused(
        client,
        people.dept_head,
        f"{base}seating/",
        {"order": order, "even_rule": "second_right"},
        status=409,
        says="已取消",
    )
