"""A 督办 task in the browser: the deputy leader assigns it, the department head confirms it
from the workbench, the leader signs, the head adds a step and sees it on the Gantt chart —
with no console error (the chart draws under the pages' strict CSP)."""

import datetime
import re

import pytest

from govoa.supervision.models import SupervisionTask
from govoa.supervision.workflow import TaskStatus
from govoa.testing.clock import FROZEN_TODAY
from govoa.testing.factories import TEST_PASSWORD

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _login(page, live_server, username):
    page.context.clear_cookies()
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("登录名").fill(username)
    page.get_by_label("密码").fill(TEST_PASSWORD)
    page.get_by_role("button", name="登 录").click()
    page.wait_for_url(f"{live_server.url}/")


def test_assign_confirm_sign_and_decompose(live_server, people, page):
    deadline = (FROZEN_TODAY + datetime.timedelta(days=30)).isoformat()
    _login(page, live_server, "deputy")
    page.get_by_role("link", name="督查督办").click()
    page.get_by_role("link", name="交办任务").click()
    page.get_by_label("任务名称").fill("浏览器交办的督办事项")
    page.get_by_label("目标").fill("形成工作方案")
    page.get_by_label("时限").fill(deadline)
    page.get_by_label("交付物").fill("工作方案")
    # 承办人: typed and picked from the matches — the page lists nobody beforehand.
    page.get_by_role("combobox", name="承办人").fill("规划处长")
    page.get_by_role("option", name=re.compile("规划处长")).click()
    page.get_by_role("button", name="交办").click()
    # The task's own page: a glob "/supervision/*/" matches the form's "/supervision/new/" too,
    # and the test then read the database while the server was still writing the task.
    page.wait_for_url(re.compile(rf"{re.escape(live_server.url)}/supervision/\d+/$"))
    task = SupervisionTask.objects.get()

    _login(page, live_server, "depthead")
    page.get_by_role("link", name="浏览器交办的督办事项").first.click()
    page.get_by_role("button", name="确认承接").click()
    assert page.get_by_text("已办理任务确认。").is_visible()

    _login(page, live_server, "deputy")
    page.goto(f"{live_server.url}/supervision/{task.pk}/")
    page.get_by_role("button", name="签认确认单").click()
    task.refresh_from_db()
    assert task.status == TaskStatus.IN_PROGRESS

    _login(page, live_server, "depthead")
    page.goto(f"{live_server.url}/supervision/{task.pk}/")
    page.get_by_label("步骤").fill("起草方案初稿")
    page.get_by_role("combobox", name="负责人").fill("规划科员")
    page.get_by_role("option", name=re.compile("规划科员")).click()
    page.get_by_label("开始日期").fill(FROZEN_TODAY.isoformat())
    page.get_by_label("节点日期").fill(deadline)
    page.get_by_role("button", name="添加步骤").click()
    assert page.locator("svg text", has_text="1. 起草方案初稿").count() == 1
    assert page.console_errors == []
