import pytest

from govoa.flow.models import TrailEntry
from govoa.flow.workflow import ItemStatus
from govoa.testing.factories import TEST_PASSWORD
from govoa.testing.flows import make_memo, memo_cast, open_items, start_memo

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_handle_an_item_from_the_workbench(live_server, people, page):
    cast = memo_cast(people)
    instance = start_memo(people, make_memo(people, cast, title="关于浏览器办理测试的请示"))
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("登录名").fill("depthead")
    page.get_by_label("密码").fill(TEST_PASSWORD)
    page.get_by_role("button", name="登 录").click()
    page.wait_for_url(f"{live_server.url}/")
    assert page.locator(".sidenav a.active .count").inner_text() == "1"
    page.get_by_role("link", name="关于浏览器办理测试的请示").click()
    page.get_by_label("同意").check()
    page.get_by_label("意见").fill("同意，请办公室核稿")
    page.get_by_role("button", name="提交").click()
    page.wait_for_url(f"{live_server.url}/")
    assert page.get_by_text("已办理：同意").is_visible()
    assert page.get_by_text("暂无待办事项").is_visible()
    [item] = [i for i in instance.items.all() if i.node_key == "dept_review"]
    assert item.status == ItemStatus.DONE
    assert (
        TrailEntry.objects.get(instance=instance, action="approve").opinion == "同意，请办公室核稿"
    )
    assert open_items(instance)[0].assignee == cast.office_head
    assert page.console_errors == []
