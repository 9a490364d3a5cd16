"""督查通报: the PDF of the fixed data set shows its figures and overdue items by name; it
is archived, sent to the leaders, issued once per period; the scheduler issues the month
and quarter just closed."""

import datetime

import pymupdf
import pytest

from govoa.core.errors import PermissionDenied
from govoa.documents.files import open_stored
from govoa.notify.models import Notification
from govoa.reports.models import BulletinKind, SupervisionBulletin
from govoa.reports.period import month
from govoa.reports.services.bulletins import bulletins_issue_due, supervision_bulletin_issue
from govoa.reports.tests.dataset import build
from govoa.testing.clock import FROZEN_TODAY
from govoa.testing.incoming import incoming_cast

pytestmark = pytest.mark.django_db

PERIOD = month(FROZEN_TODAY.year, FROZEN_TODAY.month)


def _text(bulletin: SupervisionBulletin) -> str:
    with open_stored(bulletin.file) as handle:
        document = pymupdf.open(stream=handle.read(), filetype="pdf")
    return " ".join(" ".join(page.get_text().split()) for page in document)


def test_bulletin_pdf_holds_the_figures(people, frozen_clock):
    build(people)
    bulletin = supervision_bulletin_issue(
        actor=people.principal, kind=BulletinKind.MONTHLY, period=PERIOD
    )
    text = _text(bulletin)
    assert "督查通报" in text
    assert f"{FROZEN_TODAY.year}年{FROZEN_TODAY.month}月" in text
    # 收文 by department: 规划处 3 received, 2 completed, 4.5 days, 50.0 %, 2 overdue.
    assert "规划处 3 2 4.5 50.0 2" in text
    assert "能源处 2 1 3.0 100.0 0" in text
    assert "合计 5 3 4.0 66.7 2" in text
    # 督办: 4 due, 2 completed, 1 on time, 2 overdue, 50.0 % and 50.0 %.
    assert "规划处 4 2 1 2 50.0 50.0" in text
    # 会议 against the plan: 规划处 4 due, 3 held, 2 in their window, 75.0 %, 1 outside it.
    assert "会议计划执行情况" in text
    assert "规划处 4 3 2 75.0 1" in text
    assert "能源处 2 0 0 0.0 1" in text
    assert "合计 6 3 2 50.0 2" in text
    for name in ("年度总结预备会", "迎峰度冬部署会", "能源保供协调会"):  # not held
        assert name in text
    # Overdue items by name.
    for name in ("统计样本收文2", "统计样本收文3", "统计样本督办事项2", "统计样本督办事项3"):
        assert name in text
    assert "统计样本收文1" not in text
    assert bulletin.figures["on_time"] == 66.7
    assert bulletin.figures["completion"] == 50.0
    leaders = {n.recipient_id for n in Notification.objects.filter(kind="reports.bulletin")}
    assert leaders == {people.principal.pk, people.deputy.pk}
    # Issued once per period.
    again = supervision_bulletin_issue(
        actor=people.principal, kind=BulletinKind.MONTHLY, period=PERIOD
    )
    assert again.pk == bulletin.pk


def test_only_the_office_issues(people):
    with pytest.raises(PermissionDenied):
        supervision_bulletin_issue(actor=people.dept_head, kind="monthly", period=PERIOD)


def test_scheduler_issues_the_closed_month_and_quarter(people, frozen_clock):
    incoming_cast(people)  # the office head, in whose name the office issues
    next_month = FROZEN_TODAY.replace(day=1) + datetime.timedelta(days=40)
    assert bulletins_issue_due(next_month) == 2
    kinds = dict(SupervisionBulletin.objects.values_list("kind", "label"))
    assert kinds[BulletinKind.MONTHLY] == PERIOD.text
    assert bulletins_issue_due(next_month) == 0


def test_bulletin_pages(people, client, frozen_clock):
    bulletin = supervision_bulletin_issue(
        actor=people.principal, kind=BulletinKind.MONTHLY, period=PERIOD
    )
    client.force_login(people.deputy)
    assert client.get("/reports/bulletins/").status_code == 200
    response = client.get(f"/reports/bulletins/{bulletin.pk}/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    client.force_login(people.staff)
    assert client.get(f"/reports/bulletins/{bulletin.pk}/").status_code == 404
    client.force_login(people.principal)
    last = FROZEN_TODAY.replace(day=1) - datetime.timedelta(days=1)
    response = client.post(
        "/reports/bulletins/issue/", {"kind": "monthly", "year": last.year, "number": last.month}
    )
    assert response.status_code == 302
    assert SupervisionBulletin.objects.count() == 2
    # The month not yet over: refused with a message, nothing issued.
    response = client.post(
        "/reports/bulletins/issue/",
        {"kind": "monthly", "year": FROZEN_TODAY.year, "number": FROZEN_TODAY.month + 1},
    )
    assert SupervisionBulletin.objects.count() == 2
