import re

import pytest

from govoa.incoming.models import IncomingDocument
from govoa.testing.factories import TEST_PASSWORD

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_registrar_registers_with_the_keyboard_only(live_server, people, page):
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("登录名").fill("registrar")
    page.get_by_label("密码").fill(TEST_PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url(f"{live_server.url}/")
    page.goto(f"{live_server.url}/incoming/")
    page.keyboard.press("Alt+N")  # the accesskey of 签收登记
    page.wait_for_url(f"{live_server.url}/incoming/new/")
    # The cursor starts in 来文单位; Tab walks the fields in the order of the paper.
    page.keyboard.type("某省发展和改革委员会")
    page.keyboard.press("Tab")
    page.keyboard.type("某发改〔2026〕88号")
    page.keyboard.press("Tab")
    page.keyboard.type("关于做好2027年重点项目谋划工作的通知")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/incoming/\d+/$"))
    assert page.get_by_text("已登记：收〔").is_visible()
    document = IncomingDocument.objects.get()
    assert document.source_org == "某省发展和改革委员会"
    assert document.number.startswith("收〔")
    assert page.get_by_role("heading", name="办理：初审").is_visible()
    assert page.console_errors == []
