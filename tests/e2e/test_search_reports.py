"""全文检索 and 统计与通报 in a real browser, at desktop and phone sizes: a leader finds a
document by a two-character word and opens it; the statistics draw their charts from the
local ECharts; a staff member without clearance finds nothing of a secret document and sends
a suggestion. Every page is checked with ``check_page`` (axe, layout, console, requests)."""

import pytest

from govoa.core.vocabulary import Classification
from govoa.search.indexing import search_reindex
from govoa.testing.incoming import register
from tests.e2e.conftest import DESKTOP, PHONE, check_page
from tests.e2e.test_journeys import _login

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_search_statistics_and_feedback(live_server, people, open_page, viewport):
    document = register(
        people, title="关于规范印章使用管理的通知", source_number="某发改〔2026〕88号"
    )
    register(
        people,
        title="关于防汛物资储备的通知",
        classification=Classification.SECRET,
        secrecy_period="1年",
        source_number="",
    )
    search_reindex()
    base = live_server.url
    page = open_page(viewport)
    _login(page, base, "principal")
    page.goto(f"{base}/search/")
    check_page(page, base)
    page.get_by_label("检索词").fill("印章")
    page.get_by_role("button", name="检索").click()
    page.wait_for_url(f"{base}/search/?*")
    check_page(page, base)
    assert page.locator("mark", has_text="印章").first.is_visible()
    page.get_by_role("link", name="关于规范印章使用管理的通知").click()
    page.wait_for_url(f"{base}/incoming/{document.pk}/")
    page.goto(f"{base}/reports/")
    check_page(page, base)
    page.wait_for_function("() => document.querySelector('[data-chart] canvas') !== null")

    staff = open_page(viewport)
    _login(staff, base, "staff")
    staff.goto(f"{base}/search/?q=防汛")
    check_page(staff, base)
    assert "防汛物资储备" not in staff.content()
    staff.goto(f"{base}/reports/feedback/")
    check_page(staff, base)
    staff.get_by_label("涉及的流程或事项").fill("会议通知")
    staff.get_by_label("问题或建议").fill("会议通知增加短信提醒。")
    staff.get_by_role("button", name="提交").click()
    staff.wait_for_url(f"{base}/reports/feedback/")
    check_page(staff, base)
    assert "会议通知增加短信提醒" in staff.content()
