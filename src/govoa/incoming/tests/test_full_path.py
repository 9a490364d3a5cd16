"""The whole 收文 routine through HTTP, as the people of an office would click it."""

import datetime
import io
import re

import pdfplumber
import pytest
from django.utils import timezone

from govoa.audit.models import AuditEvent
from govoa.flow.models import TrailEntry, WorkItem
from govoa.incoming.models import IncomingDocument
from govoa.incoming.workflow import Status
from govoa.testing.incoming import PDF, incoming_cast


def open_item(document, person):
    return WorkItem.objects.get(instance__subject_id=document.pk, assignee=person, status="open")


def act(client, person, document, **data):
    client.force_login(person)
    item = open_item(document, person)
    page = client.get(f"/incoming/{document.pk}/?item={item.pk}")
    assert page.status_code == 200
    assert "办理：" in page.content.decode()
    response = client.post(f"/incoming/{document.pk}/items/{item.pk}/act/", data)
    assert response.status_code == 302, response.content.decode()[:3000]
    return item


def pdf_text(content: bytes) -> str:
    with pdfplumber.open(io.BytesIO(content)) as pdf:
        return re.sub(r"\s+", "", "".join(page.extract_text() or "" for page in pdf.pages))


@pytest.fixture
def cast(people):
    return incoming_cast(people)


def register_by_http(client, people, **extra):
    client.force_login(people.registrar)
    upload = io.BytesIO(PDF)
    upload.name = "原文.pdf"
    data = {
        "source_org": "某省发展和改革委员会",
        "source_number": "某发改〔2026〕88号",
        "title": "关于做好2027年重点项目谋划工作的通知",
        "doc_type": "notice",
        "classification": "0",
        "urgency": "urgent",
        "copies": "2",
        "pages": "6",
        "written_on": (timezone.localdate() - datetime.timedelta(days=2)).isoformat(),
        "received_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
        "channel": "paper",
        "attachments": [upload],
        **extra,
    }
    response = client.post("/incoming/new/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    return IncomingDocument.objects.latest("pk")


def test_register_to_archive_through_http(client, people, cast, django_capture_on_commit_callbacks):
    document = register_by_http(client, people)
    assert document.status == Status.SCREENING
    act(
        client,
        people.registrar,
        document,
        action="approve",
        opinion="要素齐全，符合行文规则",
        checks=["ours", "rules", "format"],
    )
    act(
        client,
        cast.office_head,
        document,
        action="approve",
        proposal_kind="instruct",
        proposed_lead=people.planning.pk,
        leader=people.deputy.pk,
        opinion="拟请分管领导阅示，建议规划处主办",
    )
    deadline = timezone.localdate() + datetime.timedelta(days=10)
    act(
        client,
        people.deputy,
        document,
        action="approve",
        opinion="请规划处牵头办理，能源处、办公室协办，月底前报结果",
        lead_department=people.planning.pk,
        co_departments=[people.energy.pk, people.office.pk],
        readers=[r.pk for r in cast.readers],
        deadline=deadline.isoformat(),
    )
    document.refresh_from_db()
    assert (document.status, document.deadline) == (Status.ASSIGNING, deadline)
    for number, reader in enumerate(cast.readers, start=1):
        act(client, reader, document, action="read", opinion=f"已阅{number}")
    act(
        client,
        people.dept_head,
        document,
        action="approve",
        handler=people.staff.pk,
        opinion="请规划科员承办",
    )
    # 协办 answer while the 主办 works (their items opened with 承办), then the 主办 finishes.
    act(client, cast.energy_head, document, action="approve", opinion="能源项目已核对")
    act(client, cast.office_dept_head, document, action="approve", opinion="同意")
    act(
        client,
        people.staff,
        document,
        action="approve",
        opinion="已梳理重点项目12个，形成清单报省发改委",
    )
    with django_capture_on_commit_callbacks(execute=True):
        act(
            client,
            people.registrar,
            document,
            action="approve",
            opinion="办结",
            reply="已于当日书面答复来文单位",
        )
    document.refresh_from_db()
    assert document.status == Status.COMPLETED
    assert document.result == "已梳理重点项目12个，形成清单报省发改委"
    assert document.archive_ready_at is not None
    assert document.processing_sheet is not None
    # The trail and the audit log hold every act.
    nodes = list(
        TrailEntry.objects.filter(instance__subject_id=document.pk).values_list(
            "node_key", "action"
        )
    )
    assert nodes == [
        ("screen", "start"),
        ("screen", "approve"),
        ("propose", "approve"),
        ("instruct", "approve"),
        ("circulate", "read"),
        ("circulate", "read"),
        ("circulate", "read"),
        ("assign", "approve"),
        ("co_handle", "approve"),
        ("co_handle", "approve"),
        ("handle", "approve"),
        ("complete", "approve"),
    ]
    acts = AuditEvent.objects.filter(action__startswith="flow.work_item.")
    assert acts.count() == 11
    assert AuditEvent.objects.filter(action="incoming.document.archive_ready").exists()
    # The 收文处理单 has every opinion, name and date.
    client.force_login(people.registrar)
    response = client.get(f"/incoming/{document.pk}/sheet.pdf")
    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    for expected in [
        "收文处理单",
        document.number,
        "某省发展和改革委员会",
        "要素齐全，符合行文规则",
        "拟请分管领导阅示，建议规划处主办",
        "请规划处牵头办理，能源处、办公室协办，月底前报结果",
        "请规划科员承办",
        "已梳理重点项目12个，形成清单报省发改委",
        "能源项目已核对",
        "已阅1",
        "已阅3",
        "已于当日书面答复来文单位",
        "收发员",
        "办公室主任",
        "分管副主任",
        "规划处长",
        "规划科员",
        "能源处长",
        "秘书科长",
        "阅读人2",
        f"{timezone.localdate().year}年{timezone.localdate().month}月",
    ]:
        assert expected in text, expected


def test_screening_return_is_recorded_and_printable(client, people, cast):
    document = register_by_http(client, people)
    act(
        client,
        people.registrar,
        document,
        action="reject",
        opinion="该事项不属于本机关职权范围，请改报市财政局",
    )
    document.refresh_from_db()
    assert document.status == Status.RETURNED
    assert document.return_reason == "该事项不属于本机关职权范围，请改报市财政局"
    response = client.get(f"/incoming/{document.pk}/return-slip.pdf")
    text = pdf_text(response.content)
    assert "退文通知单" in text
    assert "该事项不属于本机关职权范围，请改报市财政局" in text
    assert "某省发展和改革委员会" in text


def test_return_without_reason_is_refused(client, people, cast):
    document = register_by_http(client, people)
    client.force_login(people.registrar)
    item = open_item(document, people.registrar)
    response = client.post(
        f"/incoming/{document.pk}/items/{item.pk}/act/", {"action": "reject", "opinion": ""}
    )
    assert response.status_code == 422
    assert "请填写退文的理由" in response.content.decode()
    document.refresh_from_db()
    assert document.status == Status.SCREENING


def test_read_only_proposal_circulates_then_completes(client, people, cast):
    document = register_by_http(client, people)
    act(client, people.registrar, document, action="approve", opinion="符合要求")
    act(
        client,
        cast.office_head,
        document,
        action="approve",
        proposal_kind="read",
        readers=[cast.readers[0].pk, people.principal.pk],
        opinion="阅知件，送主任阅",
    )
    document.refresh_from_db()
    assert document.status == Status.COMPLETING
    assert set(document.readers.all()) == {cast.readers[0], people.principal}
    act(client, people.principal, document, action="read", opinion="阅")
    act(client, people.registrar, document, action="approve", opinion="阅知完毕")
    document.refresh_from_db()
    assert document.status == Status.COMPLETED
