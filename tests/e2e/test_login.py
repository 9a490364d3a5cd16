import pytest

from govoa.audit.models import AuditEvent
from govoa.testing.factories import TEST_PASSWORD

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _login(page, base, username, password):
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("登录名").fill(username)
    page.get_by_label("密码").fill(password)
    page.get_by_role("button", name="登 录").click()


def test_login_reaches_the_workbench_with_only_local_assets(live_server, people, page):
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    _login(page, live_server.url, "depthead", TEST_PASSWORD)
    page.wait_for_url(f"{live_server.url}/")
    assert page.get_by_role("heading", name="工作台").is_visible()
    assert page.get_by_role("link", name="待办", exact=True).is_visible()
    assert page.get_by_role("link", name="收文办理").is_visible()
    assert requests
    assert all(url.startswith(live_server.url) for url in requests), requests
    assert page.console_errors == []  # no CSP violation, no script error
    # htmx and our script loaded and run under the CSP.
    assert page.evaluate("typeof window.htmx") == "object"


def test_five_wrong_passwords_lock_in_the_browser(live_server, people, page):
    for _ in range(5):
        _login(page, live_server.url, "staff", "wrong-password")
    assert page.get_by_text("账户已被锁定").is_visible()
    _login(page, live_server.url, "staff", TEST_PASSWORD)
    assert page.get_by_text("账户已被锁定").is_visible()
    assert AuditEvent.objects.filter(action="accounts.person.lock").count() == 1


def test_forced_password_change_then_work(live_server, people, page):
    people.staff.must_change_password = True
    people.staff.save()
    _login(page, live_server.url, "staff", TEST_PASSWORD)
    page.wait_for_url(f"{live_server.url}/accounts/password/")
    page.get_by_label("原密码").fill(TEST_PASSWORD)
    page.get_by_label("新密码", exact=True).fill("Nw#2026abc")
    page.get_by_label("再次输入新密码").fill("Nw#2026abc")
    page.get_by_role("button", name="保存新密码").click()
    page.wait_for_url(f"{live_server.url}/")
    assert page.get_by_text("密码已修改").is_visible()
