"""Through HTTP, as people use it: a finished 收文 and 发文 taken in, classified, numbered
and filed; the 归档章 on the first page (text extraction); the 目录 exported; a loan approved
and read with its watermark; appraisal, an approved destruction and its 清册."""

import datetime
import io

import pymupdf
import pytest
from django.core.files.storage import default_storage
from django.utils import timezone

from govoa.archives.models import Appraisal, ArchiveLoan, ArchiveRecord, Destruction
from govoa.core.xlsx import read_sheets
from govoa.flow.models import WorkItem
from govoa.testing.archive_records import (
    INCOMING,
    OUTGOING,
    archives_cast,
    finished_incoming,
    issued_outgoing,
)

pytestmark = pytest.mark.django_db


def pdf_text(content: bytes, page: int | None = None) -> str:
    with pymupdf.open(stream=content, filetype="pdf") as document:
        pages = [document[page]] if page is not None else list(document)
        # Table cells wrap: the words are compared without the line breaks.
        return "".join(p.get_text() for p in pages).replace("\n", "")


def _item(subject_type: str, subject_id: int) -> WorkItem:
    return WorkItem.objects.get(
        subject_type=subject_type, instance__subject_id=subject_id, status="open"
    )


def _take_in(client, source_type: str, source_id: int) -> ArchiveRecord:
    queue = client.get("/archives/queue/").content.decode()
    assert f'value="{source_id}"' in queue
    answer = client.post("/archives/intake/", {"source_type": source_type, "source_id": source_id})
    assert answer.status_code == 302
    return ArchiveRecord.objects.get(source_type=source_type, source_id=source_id)


def test_from_intake_to_destruction(client, people, django_capture_on_commit_callbacks):
    cast = archives_cast(people)
    old_letter = finished_incoming(
        people,
        title="关于商请提供规划资料的函",
        doc_type="letter",
        written_on=datetime.date(2011, 6, 3),
    )
    notice = issued_outgoing(people)
    client.force_login(cast.archivist)

    # 接收 and 分类 (bad input is refused with a Chinese message, nothing changed)
    letter = _take_in(client, INCOMING, old_letter.pk)
    issued = _take_in(client, OUTGOING, notice.pk)
    bad = client.post(f"/archives/records/{letter.pk}/classify/", {"retention": "D99"})
    assert bad.status_code == 422
    assert "保管期限" in bad.content.decode()
    for record, retention in ((letter, "D10"), (issued, "Y")):
        answer = client.post(
            f"/archives/records/{record.pk}/classify/",
            {"retention": retention, "department": people.office.pk},
        )
        assert answer.status_code == 302
    filed = client.post("/archives/file/", {"pick": [letter.pk, issued.pk]})
    assert filed.status_code == 302
    letter.refresh_from_db()
    issued.refresh_from_db()
    year = timezone.localdate().year
    assert letter.reference_code == "Z109-WS·2011-D10-BGS-0001"
    assert issued.reference_code == f"Z109-WS·{year}-Y-BGS-0001"

    # 归档章 on the first page of each 件
    for record in (letter, issued):
        stamped = client.get(f"/archives/records/{record.pk}/stamped.pdf")
        assert stamped["Content-Type"] == "application/pdf"
        first = pdf_text(
            b"".join(stamped.streaming_content) if stamped.streaming else stamped.content, 0
        )
        for text in (
            "全宗号",
            "Z109",
            str(record.year),
            "件号",
            "0001",
            "办公室",
            record.get_retention_display(),
            "页数",
        ):
            assert text in first, (record.reference_code, text)
        assert str(record.pages) in first

    # 目录 as XLSX and PDF
    xlsx = client.get(f"/archives/catalogue.xlsx?year={year}")
    rows = read_sheets(io.BytesIO(xlsx.content))["归档文件目录"]
    assert [r["档号"] for r in rows] == [issued.reference_code]
    assert rows[0]["文号"] == notice.number
    assert rows[0]["日期"] == issued.date_text
    pdf = client.get(f"/archives/catalogue.pdf?year={year}")
    assert issued.reference_code in pdf_text(pdf.content)
    notes = client.get(f"/archives/notes-sheet.pdf?year={year}&class_code={issued.class_code}")
    assert "备考表" in pdf_text(notes.content).replace(" ", "").replace("\u3000", "")

    # 借阅: requested by a staff member, approved by the office head, read with the watermark
    client.force_login(people.staff)
    page = client.get(f"/archives/records/{issued.pk}/").content.decode()
    assert "申请借阅" in page
    due = timezone.localdate() + datetime.timedelta(days=5)
    requested = client.post(
        f"/archives/records/{issued.pk}/loan/",
        {"kind": "electronic", "purpose": "起草年度总结查阅", "due_date": due.isoformat()},
    )
    assert requested.status_code == 302
    loan = ArchiveLoan.objects.get(record=issued)
    component = issued.components.order_by("order").first()
    refused = client.get(f"/archives/loans/{loan.pk}/files/{component.pk}/")
    assert refused.status_code == 403  # not approved yet
    item = _item("archives.archiveloan", loan.pk)
    assert item.assignee == cast.office_head
    client.force_login(cast.office_head)
    client.post(f"/flow/items/{item.pk}/act/", {"action": "approve", "opinion": "同意"})
    loan.refresh_from_db()
    assert loan.status == "approved"
    client.force_login(people.staff)
    view = client.get(f"/archives/loans/{loan.pk}/").content.decode()
    assert "在线查阅" in view
    read = client.get(f"/archives/loans/{loan.pk}/files/{component.pk}/")
    assert read["Content-Type"] == "application/pdf"
    assert "inline" in read["Content-Disposition"]
    stamp = f"{people.staff.real_name} {timezone.localtime():%Y-%m-%d %H:%M}"
    with pymupdf.open(stream=read.content, filetype="pdf") as document:
        assert len(document) >= 1
        for number, each in enumerate(document):
            assert stamp in each.get_text().replace("\n", ""), number
    client.post(f"/archives/loans/{loan.pk}/return/")
    loan.refresh_from_db()
    assert loan.status == "returned"
    assert client.get(f"/archives/loans/{loan.pk}/files/{component.pk}/").status_code == 403

    # 鉴定: the 2011 letter's ten years are over; the committee decides to destroy it
    client.force_login(cast.archivist)
    appraisal = client.get("/archives/appraisal/").content.decode()
    assert letter.reference_code in appraisal
    assert issued.reference_code not in appraisal
    decided = client.post(
        "/archives/appraisal/decide/",
        {
            "records": str(letter.pk),
            "decision": "destroy",
            "committee": "dagly、dabgszr、depthead",
            "opinion": "已无查考价值",
        },
    )
    assert decided.status_code == 302
    # Each member decides on their own, with a reason; the majority (two of three) decides.
    put = Appraisal.objects.get(record=letter)
    for member, reason in ((cast.archivist, "已无查考价值"), (people.dept_head, "内容已失效")):
        client.force_login(member)
        page = client.get(f"/archives/appraisals/{put.pk}/").content.decode()
        assert "提交我的意见" in page
        voted = client.post(
            f"/archives/appraisals/{put.pk}/vote/", {"decision": "destroy", "reason": reason}
        )
        assert voted.status_code == 302
    letter.refresh_from_db()
    assert letter.status == "to_destroy"
    page = client.get(f"/archives/appraisals/{put.pk}/").content.decode()
    assert "内容已失效" in page
    assert "提交我的意见" not in page  # voted once, and the committee has decided
    client.force_login(cast.archivist)
    asked = client.post(
        "/archives/destructions/new/",
        {"records": str(letter.pk), "reason": "保管期限已满，经鉴定无保存价值"},
    )
    assert asked.status_code == 302
    destruction = Destruction.objects.get()
    item = _item("archives.destruction", destruction.pk)
    assert item.assignee == people.principal
    client.force_login(people.principal)
    client.post(f"/flow/items/{item.pk}/act/", {"action": "approve", "opinion": "同意销毁"})
    destruction.refresh_from_db()
    assert destruction.status == "approved"

    keys = list(letter.components.values_list("file__storage_key", flat=True))
    assert all(default_storage.exists(key) for key in keys)
    client.force_login(cast.archivist)
    with django_capture_on_commit_callbacks(execute=True):  # the bytes go on commit
        done = client.post(f"/archives/destructions/{destruction.pk}/execute/")
    assert done.status_code == 302
    register = client.get(f"/archives/destructions/{destruction.pk}/register.pdf")
    text = pdf_text(register.content)
    assert letter.reference_code in text
    assert "销毁清册" in text.replace(" ", "")
    letter.refresh_from_db()
    assert letter.status == "destroyed"
    assert not any(default_storage.exists(key) for key in keys)
    assert letter.components.filter(file__isnull=False).count() == 0
    assert letter.metadata["档号"]["档号"] == letter.reference_code  # metadata kept
    sheets = read_sheets(io.BytesIO(client.get("/archives/catalogue.xlsx?year=2011").content))
    assert [r["档号"] for r in sheets["归档文件目录"]] == [letter.reference_code]
    assert "已销毁" in sheets["归档文件目录"][0]["备注"]
    client.force_login(people.staff)  # the entry stays in everyone's catalogue
    assert letter.reference_code in client.get("/archives/?year=2011").content.decode()


def test_nobody_approves_their_own_loan(client, people):
    cast = archives_cast(people)
    document = finished_incoming(people)
    client.force_login(cast.archivist)
    record = _take_in(client, INCOMING, document.pk)
    client.post(f"/archives/records/{record.pk}/classify/", {"department": people.office.pk})
    client.post("/archives/file/", {"records": str(record.pk)})
    client.force_login(cast.office_head)
    due = timezone.localdate() + datetime.timedelta(days=3)
    answer = client.post(
        f"/archives/records/{record.pk}/loan/",
        {"kind": "electronic", "purpose": "查阅", "due_date": due.isoformat()},
    )
    assert answer.status_code == 422
    assert "办公室主任审批" in answer.content.decode()
    assert not ArchiveLoan.objects.exists()
