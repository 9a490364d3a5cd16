"""The whole meeting routine through HTTP, as an office would click it: plan (办公室审核,
领导审批) → request → approval → notices (e-mail caught by a loopback SMTP server, with a
valid ICS invitation) → receipts → materials → seating → sign-in by the QR link →
minutes → 纪要审签 → the 议定事项 appear as 督办 tasks → 印发."""

import datetime
import email
import email.policy
import io
import re

import pdfplumber
from icalendar import Calendar

from govoa.flow.models import ChecklistResult
from govoa.meetings.flows import MINUTES_CHECKLIST
from govoa.meetings.models import Meeting, MeetingPlan
from govoa.meetings.signin import sign_in_path
from govoa.meetings.workflow import Answer, MeetingStatus, MinutesStatus, PlanStatus
from govoa.supervision.models import SupervisionTask
from govoa.testing.clock import FROZEN_TODAY
from govoa.testing.meetings import THURSDAY, at, office_head, room


def pdf_text(content: bytes) -> str:
    with pdfplumber.open(io.BytesIO(content)) as pdf:
        return re.sub(r"\s+", "", "".join(page.extract_text() or "" for page in pdf.pages))


def login(client, person):
    # A fresh session: the clock moves on in this test, past the idle timeout of the last.
    client.logout()
    client.force_login(person)


def post(client, person, url, data=None, expect=302):
    login(client, person)
    response = client.post(url, data or {})
    assert response.status_code == expect, response.content.decode()[:3000]
    return response


def _plan(client, people):
    head = office_head(people)
    post(
        client,
        people.dept_head,
        "/meetings/plans/new/",
        {
            "year": FROZEN_TODAY.year,
            "name": "重点项目谋划推进会",
            "content": "研究下一年度重点项目储备",
            "window_start": FROZEN_TODAY.replace(month=11, day=1).isoformat(),
            "window_end": FROZEN_TODAY.replace(month=12, day=31).isoformat(),
            "place": "第一会议室",
            "attendee_scope": "委领导、相关处室负责人",
            "scale": 20,
            "budget": "0",
        },
    )
    plan = MeetingPlan.objects.get()
    base = f"/meetings/plans/{plan.pk}/acts/"
    post(client, people.dept_head, f"{base}submit/")
    # The proposer cannot review it; the office head does, then the principal approves.
    post(client, people.dept_head, f"{base}review/", {"approve": "1"}, expect=404)
    plan.refresh_from_db()
    assert plan.status == PlanStatus.REVIEWING
    post(client, head, f"{base}review/", {"approve": "1", "opinion": "列入计划"})
    post(client, people.principal, f"{base}approve/", {"approve": "1"})
    plan.refresh_from_db()
    assert plan.status == PlanStatus.APPROVED
    return plan


def test_the_meeting_routine_through_http(
    client, people, smtp_server, django_capture_on_commit_callbacks, frozen_clock
):
    for person, address in [
        (people.staff, "guihua@example.gov.cn"),
        (people.registrar, "shoufa@example.gov.cn"),
        (people.deputy, "fenguan@example.gov.cn"),
    ]:
        person.email = address
        person.save()
    plan = _plan(client, people)
    hall = room(people)
    local = THURSDAY.strftime("%Y-%m-%dT%H:%M")
    post(
        client,
        people.dept_head,
        "/meetings/new/",
        {
            "title": "2027年重点项目谋划推进会",
            "plan": plan.pk,
            "starts_at": local,
            "ends_at": at(2).strftime("%Y-%m-%dT%H:%M"),
            "room": hall.pk,
            "chair": people.deputy.pk,
            "approver": people.principal.pk,
            "invitees": [people.staff.pk, people.registrar.pk],
            "agenda": "一、规划处汇报\n二、分管领导讲话",
            "expected_outcome": "形成项目储备意见",
            "requirements": "请携带本处室项目清单",
            "contacts": "规划处长 12345",
            "classification": "0",
        },
    )
    meeting = Meeting.objects.get()
    base = f"/meetings/{meeting.pk}/"
    post(client, people.dept_head, f"{base}acts/submit/")
    # The approver finds it on the workbench and approves: notices go out with the ICS.
    login(client, people.principal)
    assert meeting.title in client.get("/").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        post(client, people.principal, f"{base}acts/decide/", {"approve": "1", "opinion": "同意"})
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.APPROVED
    received = {m.to[0]: m for m in smtp_server.messages}
    assert set(received) == {
        "guihua@example.gov.cn",
        "shoufa@example.gov.cn",
        "fenguan@example.gov.cn",
    }
    notice = received["guihua@example.gov.cn"]
    assert notice.subject == "【GovOA】会议通知：2027年重点项目谋划推进会"
    parsed = email.message_from_bytes(notice.raw, policy=email.policy.default)
    [invite] = [p for p in parsed.iter_attachments() if p.get_content_type() == "text/calendar"]
    calendar = Calendar.from_ical(invite.get_payload(decode=True))
    assert str(calendar["method"]) == "REQUEST"
    [event] = calendar.walk("VEVENT")
    assert str(event["summary"]) == meeting.title
    assert event.decoded("dtstart") == THURSDAY
    assert event.decoded("dtend") == at(2)
    assert str(event["uid"]) == f"meeting-{meeting.pk}@govoa"
    attendees = {str(a) for a in event.get("attendee")}
    assert "mailto:guihua@example.gov.cn" in attendees
    # The notice says what both standards ask of it: time, place, agenda, attendees,
    # requirements, the materials deadline, contacts, and that a receipt is expected.
    body = parsed.get_body(preferencelist=("plain",)).get_content()
    for said in (
        "地点：第一会议室",
        "议程：一、规划处汇报；二、分管领导讲话",
        "参会人员：3 人",
        "参会要求：请携带本处室项目清单",
        f"材料请于{meeting.materials_due:%Y-%m-%d}前提交",
        "联系人：规划处长 12345",
        "回执",
    ):
        assert said in body, said
    # The invitee finds the notice to answer on the workbench, until answering it.
    login(client, people.staff)
    assert f"待回执：{meeting.title}" in client.get("/").content.decode()

    # Receipts: 参加; 请假 needs a reason.
    post(client, people.staff, f"{base}acts/answer/", {"answer": "attend"})
    post(client, people.registrar, f"{base}acts/answer/", {"answer": "leave"}, expect=422)
    post(client, people.registrar, f"{base}acts/answer/", {"answer": "leave", "reason": "外出开会"})
    answers = dict(meeting.invitees.values_list("person_id", "answer"))
    assert answers[people.registrar.pk] == Answer.LEAVE
    login(client, people.staff)
    assert f"待回执：{meeting.title}" not in client.get("/").content.decode()
    post(client, people.dept_head, f"{base}acts/remind/")

    # Materials: in time, then after the deadline (two working days before) flagged late.
    from govoa.testing.incoming import PDF

    for title in ("项目谋划情况汇报", "补充材料"):
        upload = io.BytesIO(PDF)
        upload.name = f"{title}.pdf"
        login(client, people.staff)
        response = client.post(f"{base}materials/", {"title": title, "file": upload})
        assert response.status_code == 302, response.content.decode()[:2000]
        frozen_clock.move_to(THURSDAY.replace(hour=9))
    assert list(meeting.materials.values_list("title", "late")) == [
        ("项目谋划情况汇报", False),
        ("补充材料", True),
    ]
    login(client, people.dept_head)
    handbook = pdf_text(client.get(f"{base}print/handbook.pdf").content)
    assert "会议手册" in handbook
    assert "项目谋划情况汇报" in handbook

    # Seating: the deputy (the chair) on the rostrum, the staff member in the hall.
    ids = dict(meeting.invitees.values_list("person_id", "pk"))
    order = [ids[people.deputy.pk], ids[people.staff.pk], ids[people.registrar.pk]]
    post(
        client,
        people.dept_head,
        f"{base}acts/seating/",
        {"order": ",".join(map(str, order)), "rostrum": str(order[0]), "even_rule": "second_right"},
    )
    seating = pdf_text(client.get(f"{base}print/seating.pdf").content)
    assert "主席台" in seating
    assert "分管副主任" in seating
    assert "收发员" not in seating  # on leave

    # Sign-in: the chair signed in by staff on time, the staff member by QR, late.
    frozen_clock.move_to(at(-0.25))
    post(client, people.dept_head, f"/meetings/{meeting.pk}/sign-in/{ids[people.deputy.pk]}/")
    login(client, people.dept_head)
    svg = client.get(f"{base}sign-in.svg")
    assert svg["Content-Type"].startswith("image/svg+xml")
    assert b"<svg" in svg.content
    link = sign_in_path(meeting)
    frozen_clock.move_to(at(0.1))
    login(client, people.staff)
    assert "确认以本人身份签到" in client.get(link).content.decode()
    done = client.post(link)
    assert done.status_code == 200
    assert "您已签到" in done.content.decode()
    page = client.get(base)
    stats = page.context["stats"]
    assert (stats.expected, stats.signed, stats.late, stats.on_leave) == (2, 2, 1, 1)
    sheet = pdf_text(client.get(f"{base}print/sign-in-sheet.pdf").content)
    assert "规划科员" in sheet
    assert "分管副主任" in sheet

    # Minutes within 24 hours, with a 议定事项; the chair signs; 督办 takes it up. The
    # organiser's workbench says the 纪要 is due.
    frozen_clock.move_to(at(3))
    login(client, people.dept_head)
    assert f"待整理纪要：{meeting.title}" in client.get("/").content.decode()
    post(
        client,
        people.dept_head,
        f"{base}acts/minutes/",
        {
            "number": "第3期",
            "summary": "会议听取了规划处的汇报，研究了重点项目储备工作。",
            "record": "规划处长汇报……",
        },
    )
    deadline = FROZEN_TODAY + datetime.timedelta(days=30)
    post(
        client,
        people.dept_head,
        f"{base}acts/resolution/",
        {
            "content": "规划处牵头形成2027年重点项目储备清单",
            "owner": people.staff.pk,
            "deadline": deadline.isoformat(),
        },
    )
    post(client, people.dept_head, f"{base}acts/minutes_submit/")
    post(client, people.dept_head, f"{base}acts/sign/", {"approve": "1"}, expect=404)
    # 审签 goes through the 办会三全 list: the boxes are on the page; one unticked → 422.
    login(client, people.deputy)
    assert "办会三全检查" in client.get(base).content.decode()
    three = list(MINUTES_CHECKLIST["items"])
    refused = post(
        client, people.deputy, f"{base}acts/sign/",
        {"approve": "1", "opinion": "同意印发", "checklist": three[:2]}, expect=422,
    )  # fmt: skip
    assert "须完成“办会三全”检查" in refused.content.decode()
    post(
        client, people.deputy, f"{base}acts/sign/",
        {"approve": "1", "opinion": "同意印发", "checklist": three},
    )  # fmt: skip
    assert ChecklistResult.objects.get(name="办会三全").passed
    meeting.refresh_from_db()
    assert meeting.minutes.status == MinutesStatus.APPROVED
    task = SupervisionTask.objects.get(source_type="meetings.resolution")
    assert task.owner == people.staff
    assert task.assigner == people.deputy
    assert task.deadline == deadline
    assert task.source_url == base
    assert "谋划推进会" in task.source_label
    login(client, people.staff)
    assert task.title in client.get("/supervision/").content.decode()
    minutes_text = pdf_text(client.get(f"{base}print/minutes.pdf").content)
    assert "会议纪要" in minutes_text
    assert "出席" in minutes_text
    assert "规划科员" in minutes_text
    post(client, people.dept_head, f"{base}acts/distribute/")
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.CLOSED
    # Every act is in the 办理过程, in order, by whom it was done.
    login(client, people.dept_head)
    assert f"待整理纪要：{meeting.title}" not in client.get("/").content.decode()
    trail = [line for _entry, line in client.get(base).context["trail"]]
    expected = [
        "规划处长 发起：2027年重点项目谋划推进会",
        "主任 同意",
        "规划科员 回执：参加",
        "收发员 回执：请假（事由：外出开会）",
        "规划处长 催回执：提醒 1 人回执：分管副主任",
        "规划科员 提交材料：《项目谋划情况汇报》",
        "规划科员 提交材料：《补充材料》（逾期提交",
        "规划处长 调整座次：主席台 1 人，台下 2 人",
        "规划处长 代签到：为分管副主任代签到",
        "规划科员 扫码签到：",
        "规划处长 起草纪要：第3期",
        "规划处长 添加议定事项：规划处牵头形成2027年重点项目储备清单（责任人：规划科员",
        "规划处长 发起：纪要送审签",
        # The 督办 hand-over runs inside the chair's act, just before the act's own entry.
        "分管副主任 审签纪要，议定事项列入督办："
        "1 项：规划处牵头形成2027年重点项目储备清单（规划科员）",
        "分管副主任 同意",
        "规划处长 印发纪要",
    ]
    found = iter(trail)
    for line in expected:  # each in turn, after the one before
        assert any(t.startswith(line) for t in found), (line, "\n".join(trail))
    # The plan-versus-actual report shows the plan held.
    login(client, people.dept_head)
    report = client.get(f"/meetings/plans/?year={FROZEN_TODAY.year}")
    assert report.context["held"] == 1
