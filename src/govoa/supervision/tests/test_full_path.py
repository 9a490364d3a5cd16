"""The whole 督办 routine through HTTP, as an office would click it: 交办 → 确认 → 签认 →
分解 → two 进展汇报 → 延期 granted → 办结报告 → 验收 → 复盘; and an overdue task escalated
to its supervising leader through the engine's deadline scan."""

import datetime
import io
import re
import xml.etree.ElementTree as ET

import pdfplumber
import pytest

from govoa.flow.models import ChecklistResult, Reminder, TrailEntry
from govoa.flow.services.reminders import scan_deadlines
from govoa.flow.workflow import ReminderKind
from govoa.supervision.flows import ACCEPT_CHECKLIST
from govoa.supervision.models import SupervisionTask
from govoa.supervision.workflow import ExtensionDecision, TaskStatus
from govoa.testing.clock import FROZEN_TODAY

SVG = "{http://www.w3.org/2000/svg}"

# Deadlines and extensions here meet the frozen today (FROZEN_NOW): the clock is named.
pytestmark = pytest.mark.usefixtures("frozen_clock")


def pdf_text(content: bytes) -> str:
    with pdfplumber.open(io.BytesIO(content)) as pdf:
        return re.sub(r"\s+", "", "".join(page.extract_text() or "" for page in pdf.pages))


def svg_texts(content: bytes) -> list[str]:
    # Our own server-rendered chart, parsed to prove it is well-formed XML with real text.
    root = ET.fromstring(content)  # noqa: S314
    return ["".join(t.itertext()) for t in root.iter(f"{SVG}text")]


def post(client, person, url, data, expect=302):
    client.force_login(person)
    response = client.post(url, data)
    assert response.status_code == expect, response.content.decode()[:3000]
    return response


def assign_by_http(client, people, **extra):
    data = {
        "title": "编制2027年重点项目清单",
        "background": "市政府常务会议要求提前谋划2027年重点项目。",
        "goal": "形成2027年重点项目清单（初稿），报委领导审定。",
        "deadline": (FROZEN_TODAY + datetime.timedelta(days=30)).isoformat(),
        "resources": "能源处配合",
        "deliverables": "重点项目清单及编制说明",
        "owner": people.dept_head.pk,
        "leader": people.principal.pk,
        "classification": "0",
        "report_every_days": "7",
        **extra,
    }
    response = post(client, people.deputy, "/supervision/new/", data)
    task = SupervisionTask.objects.latest("pk")
    assert response["Location"] == f"/supervision/{task.pk}/"
    return task


def test_assignment_to_review_through_http(client, people):
    task = assign_by_http(client, people)
    base = f"/supervision/{task.pk}/"
    # The owner finds it on the workbench, opens it and confirms.
    client.force_login(people.dept_head)
    assert task.title in client.get("/").content.decode()
    page = client.get(base).content.decode()
    assert "确认承接" in page
    assert "任务确认" in page
    post(
        client,
        people.dept_head,
        f"{base}acts/confirm/",
        {"decision": "accept", "opinion": "无异议"},
    )
    post(client, people.deputy, f"{base}acts/sign/", {"decision": "accept", "opinion": "同意"})
    task.refresh_from_db()
    assert task.status == TaskStatus.IN_PROGRESS

    # 分解
    for title, start, end in [
        ("梳理项目库", 0, 7),
        ("征求能源处意见", 7, 20),
    ]:
        post(
            client,
            people.dept_head,
            f"{base}acts/step/",
            {
                "title": title,
                "owner": people.staff.pk,
                "starts_on": (FROZEN_TODAY + datetime.timedelta(days=start)).isoformat(),
                "milestone": (FROZEN_TODAY + datetime.timedelta(days=end)).isoformat(),
            },
        )
    post(client, people.staff, f"{base}steps/{task.steps.first().pk}/done/", {})
    # Two progress reports.
    for percent in (30, 60):
        post(
            client,
            people.dept_head,
            f"{base}acts/report/",
            {
                "progress": f"已完成{percent}%",
                "problems": "数据口径待统一",
                "next_steps": "对表",
                "percent": percent,
            },
        )
    # 延期 granted by the assigner.
    later = task.deadline + datetime.timedelta(days=14)
    post(
        client,
        people.dept_head,
        f"{base}acts/extension/",
        {"requested_deadline": later.isoformat(), "reason": "等待统计年鉴数据"},
    )
    client.force_login(people.deputy)
    assert "延期审批" in client.get(base).content.decode()
    post(client, people.deputy, f"{base}acts/decide/", {"approve": "1", "note": "同意"})
    task.refresh_from_db()
    assert task.deadline == later
    assert task.extensions.get().decision == ExtensionDecision.APPROVED

    # An incomplete final report is refused (400) and changes nothing.
    post(client, people.dept_head, f"{base}acts/final/", {"conclusion": "完成"}, expect=400)
    assert task.reports.count() == 2
    post(
        client,
        people.dept_head,
        f"{base}acts/final/",
        {
            "conclusion": "清单初稿已完成",
            "figures": "入库项目52个",
            "suggestions": "提交主任办公会审定",
        },
    )
    # 验收 goes through the 办事三实 list: the boxes are on the page; one left unticked → 422.
    client.force_login(people.deputy)
    page = client.get(base).content.decode()
    assert "办事三实检查" in page
    three = list(ACCEPT_CHECKLIST["items"])
    refused = post(
        client, people.deputy, f"{base}acts/accept/",
        {"approve": "1", "opinion": "验收通过", "checklist": three[1:]}, expect=422,
    )  # fmt: skip
    assert "须完成“办事三实”检查" in refused.content.decode()
    task.refresh_from_db()
    assert task.status == TaskStatus.ACCEPTING
    post(
        client, people.deputy, f"{base}acts/accept/",
        {"approve": "1", "opinion": "验收通过", "checklist": three, "checklist_note": "已回访"},
    )  # fmt: skip
    task.refresh_from_db()
    assert task.status == TaskStatus.COMPLETED
    assert ChecklistResult.objects.get(name="办事三实").note == "已回访"
    post(
        client,
        people.dept_head,
        f"{base}acts/review/",
        {
            "difficulties": "数据口径不一",
            "improvements": "提前与统计局对表",
            "keywords": "项目 统计",
        },
    )

    client.force_login(people.dept_head)
    page = client.get(base).content.decode()
    for text in ["已完成", "梳理项目库", "入库项目52个", "提前与统计局对表", "验收通过"]:
        assert text in page
    assert (
        client.get("/supervision/experience/?q=统计")
        .content.decode()
        .count("编制2027年重点项目清单")
        >= 1
    )
    # Every act is in the 办理过程 of the task's flows.
    actions = list(
        TrailEntry.objects.filter(instance__subject_id=task.pk, instance__module="supervision")
        .order_by("created_at", "pk")
        .values_list("node_key", "action")
    )
    assert ("confirm", "approve") in actions
    assert ("accept", "approve") in actions
    assert ("decide", "approve") in actions
    assert ("execute", "reschedule") in actions
    # … and so are the acts beside the engine's: 分解, 进展汇报, 步骤完成, 复盘.
    notes = list(
        TrailEntry.objects.filter(
            instance__subject_id=task.pk, instance__module="supervision", action="note"
        )
        .order_by("pk")
        .values_list("details__verb", "actor__real_name")
    )
    assert notes == [
        ("分解任务", "规划处长"),
        ("分解任务", "规划处长"),
        ("完成步骤", "规划科员"),
        ("汇报进展", "规划处长"),
        ("汇报进展", "规划处长"),
        ("复盘", "规划处长"),
    ]
    assert "规划处长 汇报进展：完成 60%。已完成60%" in page
    main = TrailEntry.objects.filter(action="note").first().instance
    client.force_login(people.deputy)
    assert (
        "规划科员 完成步骤：梳理项目库"
        in client.get(f"/flow/instances/{main.pk}/").content.decode()
    )

    # 确认单 and Gantt chart carry the task's steps and names.
    pdf = client.get(f"{base}confirmation.pdf")
    assert pdf["Content-Type"] == "application/pdf"
    text = pdf_text(pdf.content)
    for expected in [
        "任务确认单",
        "编制2027年重点项目清单",
        "梳理项目库",
        "征求能源处意见",
        "规划处长",
        "分管副主任",
        "无异议",
    ]:
        assert expected in text, expected
    svg = client.get(f"{base}gantt.svg")
    assert svg["Content-Type"].startswith("image/svg+xml")
    texts = svg_texts(svg.content)
    assert "1. 梳理项目库" in texts
    assert "2. 征求能源处意见" in texts
    assert "规划科员" in texts
    assert "编制2027年重点项目清单" in texts


def test_overdue_task_is_escalated_to_the_supervising_leader(client, people, frozen_clock):
    task = assign_by_http(
        client, people, deadline=(FROZEN_TODAY + datetime.timedelta(days=2)).isoformat()
    )
    base = f"/supervision/{task.pk}/"
    post(client, people.dept_head, f"{base}acts/confirm/", {"decision": "accept"})
    post(client, people.deputy, f"{base}acts/sign/", {"decision": "accept"})
    frozen_clock.move_to(datetime.datetime(2026, 11, 23, 9, 0, tzinfo=datetime.UTC))
    scan_deadlines()
    escalation = Reminder.objects.get(kind=ReminderKind.ESCALATION)
    assert escalation.sent_to == people.principal
    client.force_login(people.principal)
    ledger = client.get("/supervision/?status=overdue").content.decode()
    assert task.title in ledger
    assert "已逾期" in ledger
    # The escalation's link leads to the task's page, which the leader may open.
    opened = client.get(f"/flow/items/{escalation.work_item_id}/", follow=True)
    assert opened.status_code == 200
    assert opened.redirect_chain[-1][0].startswith(base)
    assert "已逾期" in opened.content.decode()


def test_deliverables_are_attached_checked_and_downloaded(client, people):
    from govoa.testing.incoming import PDF

    task = assign_by_http(client, people)
    base = f"/supervision/{task.pk}/"
    post(client, people.dept_head, f"{base}acts/confirm/", {"decision": "accept"})
    post(client, people.deputy, f"{base}acts/sign/", {"decision": "accept"})
    client.force_login(people.dept_head)
    upload = io.BytesIO(PDF)
    upload.name = "重点项目清单.pdf"
    response = client.post(f"{base}deliverables/", {"uploads": [upload]})
    assert response.status_code == 302, response.content.decode()[:2000]
    fake = io.BytesIO(b"MZ not a pdf")
    fake.name = "清单.pdf"
    refused = client.post(f"{base}deliverables/", {"uploads": [fake]})
    assert refused.status_code in (413, 415, 422)
    assert "清单.pdf" in refused.content.decode()
    (attachment,) = task.attachments.all()
    assert attachment.file.name == "重点项目清单.pdf"
    client.force_login(people.deputy)
    assert "重点项目清单.pdf" in client.get(base).content.decode()
    download = client.get(f"{base}deliverables/{attachment.pk}/")
    assert download.status_code == 200
    assert download.content == PDF
    client.force_login(people.registrar)
    assert client.get(f"{base}deliverables/{attachment.pk}/").status_code == 404
    client.force_login(people.deputy)  # not the owner
    upload.seek(0)
    assert client.post(f"{base}deliverables/", {"uploads": [upload]}).status_code == 403
    assert task.attachments.count() == 1


def test_deliverables_over_the_api(client, people):
    from govoa.testing.incoming import PDF

    task = assign_by_http(client, people)
    base = f"/supervision/{task.pk}/"
    url = f"/api/v1/supervision-tasks/{task.pk}/deliverables"
    client.force_login(people.dept_head)
    early = io.BytesIO(PDF)
    early.name = "清单.pdf"
    assert client.post(url, {"files": [early]}).status_code == 409  # not yet under way
    post(client, people.dept_head, f"{base}acts/confirm/", {"decision": "accept"})
    post(client, people.deputy, f"{base}acts/sign/", {"decision": "accept"})
    client.force_login(people.dept_head)
    assert client.post(url, {}).status_code == 422  # no file
    fake = io.BytesIO(b"MZ not a pdf")
    fake.name = "清单.pdf"
    refused = client.post(url, {"files": [fake]})
    assert refused.status_code in (413, 415, 422)
    assert task.attachments.count() == 0
    first, second = io.BytesIO(PDF), io.BytesIO(PDF)
    first.name, second.name = "重点项目清单.pdf", "测算表.pdf"
    created = client.post(url, {"files": [first, second]})
    assert created.status_code == 201
    assert [d["name"] for d in created.json()] == ["重点项目清单.pdf", "测算表.pdf"]
    assert created.json()[0]["added_by"] == "规划处长"
    client.force_login(people.deputy)
    listed = client.get(url).json()
    download = client.get(f"{url}/{listed[0]['id']}")
    assert download.status_code == 200
    assert download.content == PDF
    # The upload is an act in the 办理过程 too.
    assert "规划处长 提交交付物：重点项目清单.pdf、测算表.pdf" in client.get(base).content.decode()
