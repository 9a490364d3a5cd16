"""The 发文 editor in a browser: the live preview follows the typing, save, 送审."""

import re

import pytest

from govoa.outgoing.models import OutgoingDocument, OutgoingVersion
from govoa.outgoing.workflow import Status
from govoa.testing.factories import TEST_PASSWORD
from govoa.testing.outgoing import draft

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PREVIEW = "#preview-pages img.page-image"
# Every page image of the preview, as one string (the typed text may land on any page).
PAGES = (
    "() => Array.from(document.querySelectorAll('#preview-pages img.page-image'))"
    ".map(img => img.src).join('|')"
)


def _login(page, base, username):
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("登录名").fill(username)
    page.get_by_label("密码").fill(TEST_PASSWORD)
    page.get_by_role("button", name="登 录").click()
    page.wait_for_url(f"{base}/")


def test_drafter_types_sees_the_preview_follow_saves_and_submits(live_server, people, page):
    document = draft(people)
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    _login(page, live_server.url, "staff")
    page.goto(f"{live_server.url}/outgoing/{document.pk}/")
    # The preview of the text as it stands arrives by itself.
    page.wait_for_selector(PREVIEW, timeout=30_000)
    first = page.locator(PREVIEW).first.get_attribute("src")
    assert first
    assert first.startswith("data:image/png;base64,")
    shown = page.evaluate(PAGES)
    assert page.get_by_role("heading", name="核稿助手").is_visible()

    # Typing in 正文 refreshes the page image (after a short pause), without saving.
    body = page.get_by_label("正文")
    body.click()
    body.press("Control+End")
    body.type("\n四、其他事项\n请各单位高度重视，认真抓好落实。")
    page.wait_for_function(f"old => ({PAGES})() !== old", arg=shown, timeout=30_000)
    assert "认真抓好落实" not in OutgoingDocument.objects.get(pk=document.pk).body

    # 保存 keeps it (no version before submission).
    page.get_by_role("button", name="保存（Alt+S）").click()
    page.wait_for_url(f"{live_server.url}/outgoing/{document.pk}/")
    assert page.get_by_text("已保存。").is_visible()
    saved = OutgoingDocument.objects.get(pk=document.pk)
    assert saved.body.endswith("请各单位高度重视，认真抓好落实。")
    assert "\r" not in saved.body
    assert not OutgoingVersion.objects.filter(document=saved).exists()

    # 保存并送审: it goes to the department head and the editor closes for the drafter.
    page.wait_for_selector(PREVIEW, timeout=30_000)
    page.get_by_role("button", name="保存并送审").click()
    page.wait_for_url(re.compile(rf"/outgoing/{document.pk}/$"))
    assert page.get_by_text("已送审").is_visible()
    submitted = OutgoingDocument.objects.get(pk=document.pk)
    assert submitted.status == Status.REVIEWING
    assert submitted.version == 1
    assert page.locator("#draft-form").count() == 0
    page.wait_for_selector(PREVIEW, timeout=30_000)  # the saved text, for reading

    assert all(url.startswith(live_server.url) for url in requests), requests
    assert page.console_errors == []  # no CSP violation, no script error
