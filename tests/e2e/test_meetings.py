"""A meeting in the browser: the organiser requests it on a desktop and sends it for
approval; the leader approves it on a phone; an invitee answers the notice and signs in by
the QR link on a phone. Each main page is checked with ``check_page`` (no sideways
scrolling, axe-core clean, no console error)."""

import re

import pytest

from govoa.meetings.models import Meeting
from govoa.meetings.signin import sign_in_path
from govoa.meetings.workflow import Answer, MeetingStatus
from govoa.testing.factories import TEST_PASSWORD
from govoa.testing.meetings import THURSDAY, at, room
from tests.e2e.conftest import DESKTOP, PHONE, check_page

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _login(page, base, username):
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("登录名").fill(username)
    page.get_by_label("密码").fill(TEST_PASSWORD)
    page.get_by_role("button", name="登 录").click()
    page.wait_for_url(f"{base}/")


def test_request_approve_answer_and_sign_in(live_server, people, open_page, frozen_clock):
    hall = room(people)
    base = live_server.url
    desk = open_page(DESKTOP)
    _login(desk, base, "depthead")
    desk.get_by_role("link", name="会议管理").click()
    check_page(desk, base)
    desk.get_by_role("link", name="办会申请").click()
    check_page(desk, base)
    desk.get_by_label("会议名称").fill("浏览器申请的调度会")
    desk.get_by_label("临时会议理由").fill("项目进度滞后，需专题调度")
    desk.get_by_label("开始时间").fill(THURSDAY.strftime("%Y-%m-%dT%H:%M"))
    desk.get_by_label("结束时间").fill(at(1).strftime("%Y-%m-%dT%H:%M"))
    desk.get_by_label("会议室").select_option(str(hall.pk))
    # People are picked by typing (search as you type), never from a list of the agency.
    for label, typed, name in [
        ("主持领导", "分管", "分管副主任"),
        ("审批领导", "主任", "主任"),
        ("参会人员", "规划科", "规划科员"),
    ]:
        desk.get_by_role("combobox", name=label).fill(typed)
        desk.get_by_role("option", name=re.compile(f"^{name}")).first.click()
    desk.get_by_label("议程（每行一项）").fill("一、汇报进度\n二、研究措施")
    desk.get_by_label("预期成果").fill("明确下一步措施")
    desk.get_by_role("button", name="保存").click()
    desk.wait_for_url(re.compile(r"/meetings/\d+/$"))
    check_page(desk, base)
    desk.get_by_role("button", name="送审").click()
    check_page(desk, base)
    meeting = Meeting.objects.get()
    assert meeting.status == MeetingStatus.PENDING

    leader = open_page(PHONE)
    _login(leader, base, "principal")
    leader.get_by_role("link", name="浏览器申请的调度会").first.click()
    leader.wait_for_url(re.compile(rf"/meetings/{meeting.pk}/"))
    check_page(leader, base)
    leader.get_by_label("审批结果").select_option("1")
    leader.get_by_role("button", name="提交").click()
    check_page(leader, base)
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.APPROVED

    phone = open_page(PHONE)
    _login(phone, base, "staff")
    phone.goto(f"{base}/meetings/{meeting.pk}/")
    check_page(phone, base)
    phone.get_by_label("回执").select_option("attend")
    phone.get_by_role("button", name="回执").click()
    check_page(phone, base)
    assert meeting.invitees.get(person=people.staff).answer == Answer.ATTEND

    frozen_clock.move_to(at(-0.25))
    phone.context.clear_cookies()
    _login(phone, base, "staff")
    phone.goto(f"{base}{sign_in_path(meeting)}")
    check_page(phone, base)
    phone.get_by_role("button", name="签到").click()
    assert phone.get_by_text("您已签到").is_visible()
    check_page(phone, base)
    assert meeting.invitees.get(person=people.staff).signed_in_at is not None
