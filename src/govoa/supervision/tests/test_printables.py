"""The printed forms carry what they should (text extraction), the department's Gantt chart
its tasks, and the ledger's pages do not grow their queries with their rows."""

import datetime
import io
import re

import pdfplumber
from openpyxl import load_workbook

from govoa.audit.models import AuditEvent
from govoa.notify.models import Notification
from govoa.supervision.services import progress, tasks
from govoa.testing.clock import FROZEN_TODAY
from govoa.testing.queries import query_count
from govoa.testing.supervision import assign


def pdf_text(content: bytes) -> str:
    with pdfplumber.open(io.BytesIO(content)) as pdf:
        return re.sub(r"\s+", "", "".join(page.extract_text() or "" for page in pdf.pages))


def _under_way(people, **fields):
    task = assign(people, **fields)
    tasks.task_confirm(actor=people.dept_head, task=task)
    return tasks.task_sign(actor=people.deputy, task=task)


def test_weekly_bulletin_lists_the_departments_tasks_and_goes_to_the_leaders(client, people):
    late = _under_way(people, title="推进重点项目开工", deadline=FROZEN_TODAY)
    progress.task_report_progress(
        actor=people.dept_head, task=late, data=progress.ReportData("已完成用地预审")
    )
    _under_way(people, title="编制专项规划")
    client.force_login(people.dept_head)
    response = client.get(f"/supervision/bulletin/{people.planning.pk}.pdf?week=2026-11-16")
    assert response.status_code == 200
    text = pdf_text(response.content)
    for expected in [
        "督办通报",
        "规划处",
        "推进重点项目开工",
        "编制专项规划",
        "已完成用地预审",
        "未汇报",
    ]:
        assert expected in text, expected
    assert AuditEvent.objects.filter(action="supervision.bulletin.print").exists()
    sent = client.post(f"/supervision/bulletin/{people.planning.pk}/send/")
    assert sent.status_code == 302
    told = set(
        Notification.objects.filter(kind="supervision.bulletin").values_list("recipient", flat=True)
    )
    assert told == {people.deputy.pk, people.principal.pk}


def test_department_gantt_shows_its_tasks(client, people):
    _under_way(people, title="编制专项规划")
    client.force_login(people.deputy)
    svg = client.get(f"/supervision/departments/{people.planning.pk}/gantt.svg")
    assert svg.status_code == 200
    body = svg.content.decode()
    assert "规划处督办事项" in body
    assert "编制专项规划" in body
    assert "规划处长" in body
    client.force_login(people.staff)
    assert client.get(f"/supervision/departments/{people.planning.pk}/gantt.svg").status_code == 404


def test_ledger_exports_are_audited(client, people):
    _under_way(people)
    client.force_login(people.deputy)
    book = load_workbook(io.BytesIO(client.get("/supervision/ledger.xlsx").content))
    rows = list(book.active.iter_rows(values_only=True))
    assert rows[0][:3] == ("编号", "任务名称", "来源")
    assert rows[1][1] == "编制2027年重点项目清单"
    assert rows[1][10] == "进行中"
    pdf = client.get("/supervision/ledger.pdf")
    assert "督办台账" in pdf_text(pdf.content)
    assert AuditEvent.objects.filter(action="supervision.ledger.export").count() == 2


def test_ledger_queries_do_not_grow_with_rows(client, people):
    assign(people)
    client.force_login(people.deputy)
    client.get("/supervision/")  # the session's first request loads what later ones reuse
    one_page = query_count(lambda: client.get("/supervision/"))
    one_api = query_count(lambda: client.get("/api/v1/supervision-tasks"))
    for n in range(8):
        assign(people, title=f"任务{n}", deadline=FROZEN_TODAY + datetime.timedelta(days=n + 1))
    assert query_count(lambda: client.get("/supervision/")) == one_page
    assert query_count(lambda: client.get("/api/v1/supervision-tasks")) == one_api


def test_the_scheduler_sends_each_busy_departments_bulletin_once_a_week(people, frozen_clock):
    from govoa.supervision.services.exports import bulletins_send_weekly

    _under_way(people)
    assert bulletins_send_weekly(FROZEN_TODAY) == 1
    assert bulletins_send_weekly(FROZEN_TODAY + datetime.timedelta(days=2)) == 0
    told = list(
        Notification.objects.filter(kind="supervision.bulletin").values_list("recipient", "url")
    )
    url = f"/supervision/bulletin/{people.planning.pk}.pdf?week=2026-11-16"
    assert sorted(told) == sorted([(people.deputy.pk, url), (people.principal.pk, url)])
    assert bulletins_send_weekly(FROZEN_TODAY + datetime.timedelta(days=7)) == 1
