"""档案 in the browser, at desktop and phone sizes: the archivist takes a finished 收文 in
from the queue, classifies and files it (档号 shown), a colleague asks for an electronic
loan; every page on the way holds its shape (no sideways scroll, axe clean)."""

import datetime

import pytest

from govoa.archives.models import ArchiveLoan, ArchiveRecord
from govoa.testing.archive_records import archives_cast, finished_incoming
from govoa.testing.clock import FROZEN_TODAY
from govoa.testing.factories import TEST_PASSWORD
from tests.e2e.conftest import DESKTOP, PHONE, check_page

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _login(page, base, username):
    page.context.clear_cookies()
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("登录名").fill(username)
    page.get_by_label("密码").fill(TEST_PASSWORD)
    page.get_by_role("button", name="登 录").click()
    page.wait_for_url(f"{base}/")


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_take_in_classify_file_and_borrow(live_server, people, open_page, viewport):
    archives_cast(people)
    document = finished_incoming(people, title="关于报送年度投资计划执行情况的通知")
    base = live_server.url
    page = open_page(viewport)
    _login(page, base, "dagly")
    page.goto(f"{base}/archives/")
    check_page(page, base)
    page.goto(f"{base}/archives/queue/")
    check_page(page, base)
    page.locator("tr", has_text=document.title).get_by_role("button", name="接收").click()
    page.wait_for_url(f"{base}/archives/records/*/")
    check_page(page, base)
    page.get_by_label("保管期限").select_option("D30")
    page.get_by_role("button", name="分类", exact=True).click()
    page.get_by_role("button", name="编号并归档").click()
    record = ArchiveRecord.objects.get(source_id=document.pk)
    assert record.reference_code
    assert page.get_by_text(record.reference_code).first.is_visible()
    check_page(page, base)
    for path in ["/archives/appraisal/", "/archives/loans/", f"/archives/?year={record.year}"]:
        page.goto(f"{base}{path}")
        check_page(page, base)

    _login(page, base, "staff")
    page.goto(f"{base}/archives/records/{record.pk}/")
    check_page(page, base)
    page.get_by_label("借阅目的").fill("起草年度总结")
    page.get_by_label("归还日期").fill((FROZEN_TODAY + datetime.timedelta(days=7)).isoformat())
    page.get_by_role("button", name="申请借阅").click()
    page.wait_for_url(f"{base}/archives/loans/*/")
    check_page(page, base)
    assert ArchiveLoan.objects.get().status == "reviewing"
