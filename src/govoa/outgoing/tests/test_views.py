"""The 发文 screens through HTTP: the permission matrix of every page and download, the
editor (save, 送审, versions, preview, Word import, attachments), the act form of each node,
the 登记簿 and its exports, and bad input."""

import io
import re
from typing import Any

import pytest
from docx import Document as WordDocument
from openpyxl import load_workbook

from govoa.audit.models import AuditEvent
from govoa.core.vocabulary import Classification, Role
from govoa.documents.models import StoredFile
from govoa.flow.models import ChecklistResult, FlowInstance, WorkItem
from govoa.flow.services.acts import work_item_act
from govoa.flow.services.checklists import every_item_ticked
from govoa.outgoing.flows import OFFICE_REVIEW_CHECKLIST
from govoa.outgoing.forms import initial_of
from govoa.outgoing.models import (
    OutgoingAttachment,
    OutgoingDocument,
    OutgoingVersion,
    VoidedNumber,
)
from govoa.outgoing.official import findings_for
from govoa.outgoing.services.drafting import outgoing_attach, outgoing_submit
from govoa.outgoing.workflow import Status
from govoa.testing.factories import grant, make_person
from govoa.testing.incoming import PDF
from govoa.testing.outgoing import BODY, category, draft, outgoing_cast
from govoa.testing.permissions import Matrix
from govoa.testing.queries import query_count

IMAGE = re.compile(r'<img class="page-image" src="(data:image/png;base64,[^"]+)"')


def form_data(document, **changes):
    """The editor's form as a browser would post it for ``document`` with ``changes``."""
    values = {**initial_of(document), **changes}
    data: dict[str, Any] = {}
    for name, value in values.items():
        if isinstance(value, bool):
            if value:
                data[name] = "on"
        elif isinstance(value, list):
            data[name] = [str(v) for v in value]
        else:
            data[name] = str(value)
    return data


def upload(name, content):
    stream = io.BytesIO(content)
    stream.name = name
    return stream


def docx_bytes(paragraphs):
    word = WordDocument()
    for text in paragraphs:
        word.add_paragraph(text)
    buffer = io.BytesIO()
    word.save(buffer)
    return buffer.getvalue()


def open_item(document, node_key=None):
    items = WorkItem.objects.filter(
        instance__subject_type="outgoing.outgoingdocument",
        instance__subject_id=document.pk,
        status="open",
    )
    return (items.filter(node_key=node_key) if node_key else items).get()


def advance(document, *nodes):
    """Move the document through ``nodes`` by the services (to set up a later step)."""
    for node in nodes:
        item = open_item(document, node)
        work_item_act(
            actor=item.assignee,
            item_id=item.pk,
            action="approve",
            opinion="同意",
            payload=every_item_ticked(item),
        )
    document.refresh_from_db()


def act(client, person, document, expect=302, **data):
    """办理 through the page, as the holder would: open it, post the act form."""
    client.force_login(person)
    item = open_item(document)
    assert item.assignee_id == person.pk
    page = client.get(f"/outgoing/{document.pk}/")
    assert page.status_code == 200
    assert f"办理：{item.node_name}" in page.content.decode()
    response = client.post(f"/outgoing/{document.pk}/items/{item.pk}/act/", data)
    assert response.status_code == expect, response.content.decode()[:3000]
    document.refresh_from_db()
    return response


@pytest.fixture
def cast(people):
    return outgoing_cast(people)


@pytest.fixture
def secret_doc(people):
    """A 秘密 draft of the 规划处 head with an attachment."""
    document = draft(
        people,
        drafter=people.dept_head,
        classification=Classification.SECRET,
        secrecy_period="1年",
        title=f"{people.agency.name}关于秘密事项的通知",
    )
    outgoing_attach(
        actor=people.dept_head,
        document=document,
        name="项目清单",
        upload=("项目清单.pdf", io.BytesIO(PDF)),
    )
    return document


@pytest.fixture
def low(people):
    """In scope (heads the 规划处, which drafted it) but cleared only 内部."""
    person = make_person(
        department=people.planning, username="lowclear", clearance=Classification.INTERNAL
    )
    grant(person, Role.DEPT_HEAD, [people.planning])
    return person


# The permission matrix ------------------------------------------------------------------


def test_register_and_exports_for_everyone_signed_in(client, people):
    for url in ["/outgoing/", "/outgoing/register.xlsx", "/outgoing/register.pdf"]:
        Matrix(url).check(client, in_scope=people.staff)


def test_register_leaves_out_what_one_may_not_see(client, people, secret_doc, low):
    plain = draft(people, title=f"{people.agency.name}关于普通事项的通知")
    for person, expected in [
        (people.registrar, {secret_doc.pk, plain.pk}),
        (people.dept_head, {secret_doc.pk, plain.pk}),
        (low, {plain.pk}),
        (people.staff, {plain.pk}),
        (people.sys_admin, set()),
    ]:
        client.force_login(person)
        page = client.get("/outgoing/")
        assert {d.pk for d in page.context["page_obj"]} == expected, person.username
        book = load_workbook(io.BytesIO(client.get("/outgoing/register.xlsx").content))
        titles = {row[1] for row in book.active.iter_rows(min_row=2, values_only=True)}
        assert (secret_doc.title in titles) == (secret_doc.pk in expected)
    assert AuditEvent.objects.filter(action="outgoing.register.export").count() == 5


def test_document_pages_and_downloads(client, people, secret_doc, low, other_agency_person):
    attachment = secret_doc.attachments.get()
    base = f"/outgoing/{secret_doc.pk}/"
    urls = [
        base,
        f"{base}versions/",
        f"{base}preview/",
        f"{base}render.pdf",
        f"{base}render.docx",
        f"{base}sheet.pdf",
        f"{base}attachments/{attachment.pk}/",
    ]
    for url in urls:
        Matrix(url).check(
            client, in_scope=people.dept_head, out_of_scope=people.staff, low_clearance=low
        )
        Matrix(url).check(client, in_scope=people.registrar, out_of_scope=other_agency_person)
    # The live preview and a save, posted with the editor's form.
    data = form_data(secret_doc)
    Matrix(f"{base}preview/", method="post", data=data).check(
        client, in_scope=people.dept_head, out_of_scope=people.staff, low_clearance=low
    )
    Matrix(f"{base}save/", method="post", data=data, in_scope_status=302).check(
        client, in_scope=people.dept_head, out_of_scope=other_agency_person, low_clearance=low
    )


def test_writes_answer_not_found_out_of_scope(client, people, secret_doc, low):
    attachment = secret_doc.attachments.get()
    base = f"/outgoing/{secret_doc.pk}/"
    urls = [
        f"{base}save/",
        f"{base}import/",
        f"{base}attachments/add/",
        f"{base}attachments/{attachment.pk}/remove/",
        f"{base}items/1/act/",
        f"{base}number/void/",
        f"{base}distributions/1/receive/",
    ]
    for url in urls:
        client.logout()
        response = client.post(url, {})
        assert response.status_code == 302
        assert "/accounts/login/" in response["Location"]
        for person in (people.staff, low):
            client.force_login(person)
            assert client.post(url, {"reason": "x", "name": "x"}).status_code == 404, url
    assert secret_doc.attachments.count() == 1


def test_the_draft_screen_is_for_drafters(client, people):
    Matrix("/outgoing/new/", out_of_scope_status=403).check(
        client, in_scope=people.staff, out_of_scope=people.sys_admin
    )
    for admin in (people.sec_admin, people.audit_admin):
        client.force_login(admin)
        assert client.get("/outgoing/new/").status_code == 403
        page = client.get("/outgoing/")
        assert "拟稿（Alt+N）" not in page.content.decode()
    client.force_login(people.staff)
    page = client.get("/outgoing/").content.decode()
    assert 'data-hotkey="n"' in page


# 拟稿 -------------------------------------------------------------------------------------


def new_data(people, **changes):
    data = {
        "category": str(category(people).pk),
        "doc_type": "notice",
        "direction": "downward",
        "title": f"{people.agency.name}关于做好2027年重点项目谋划工作的通知",
        "recipients": "各区县发展改革局、市直各有关部门",
        "body": BODY,
        "copies": "10",
        "classification": "0",
        "urgency": "normal",
        "publicity": "on_request",
        "idempotency_key": "key-1",
    }
    data.update(changes)
    return data


def test_a_new_draft_opens_in_the_editor(client, people):
    category(people)
    client.force_login(people.staff)
    page = client.get("/outgoing/new/")
    assert page.status_code == 200
    text = page.content.decode()
    assert "测发改发" in text
    assert "特此通知。" in text  # the notice's starting body
    assert "data-body-templates" in text
    response = client.post(
        "/outgoing/new/",
        new_data(
            people,
            doc_type="request",
            direction="upward",
            title="关于申请专项资金的请示",
            body="",
            countersign_departments=[str(people.energy.pk)],
            important="on",
        ),
    )
    document = OutgoingDocument.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/outgoing/{document.pk}/"
    assert document.body.endswith("妥否，请批示。")
    assert (document.drafter, document.drafting_department) == (people.staff, people.planning)
    assert list(document.countersign_departments.all()) == [people.energy]
    assert document.important
    assert document.direction == "upward"
    # The same form posted again (a double click, a retry) makes no second draft.
    client.post(
        "/outgoing/new/", new_data(people, doc_type="request", title="关于申请专项资金的请示")
    )
    assert OutgoingDocument.objects.count() == 1


@pytest.mark.parametrize(
    ("changes", "status", "message"),
    [
        ({"title": ""}, 400, "这个字段是必填项。"),
        ({"title": "   "}, 400, "这个字段是必填项。"),
        ({"category": "999999"}, 400, "选择一个有效的选项"),
        ({"category": "abc"}, 400, "选择一个有效的选项"),
        ({"doc_type": "memo"}, 400, "选择一个有效的选项"),
        ({"classification": "4"}, 400, "选择一个有效的选项"),
        ({"copies": "十"}, 400, "输入整数"),
        ({"countersign_departments": ["x"]}, 400, "不是一个有效的值"),
        ({"countersign_departments": ["99999999999999999999"]}, 400, "不是一个有效的值"),
        ({"category": "99999999999999999999"}, 400, "选择一个有效的选项"),
        ({"publicity": "not_public"}, 422, "不予公开须说明理由。"),
    ],
)
def test_a_bad_draft_is_refused_in_chinese(client, people, changes, status, message):
    client.force_login(people.staff)
    response = client.post("/outgoing/new/", new_data(people, **changes))
    assert response.status_code == status
    assert message in response.content.decode()
    assert not OutgoingDocument.objects.exists()


def test_a_category_of_another_agency_is_refused(client, people, other_agency_person):
    from govoa.outgoing.models import DocumentCategory

    theirs = DocumentCategory.objects.create(
        agency=other_agency_person.agency, code="fa", word="财发", name="财发", issuer_mark="财政局"
    )
    client.force_login(people.staff)
    response = client.post("/outgoing/new/", new_data(people, category=str(theirs.pk)))
    assert response.status_code == 400
    assert not OutgoingDocument.objects.exists()


# The editor -----------------------------------------------------------------------------


def test_saves_before_submission_keep_no_version_and_after_do(client, people):
    document = draft(people)
    client.force_login(people.staff)
    page = client.get(f"/outgoing/{document.pk}/").content.decode()
    assert 'id="draft-form"' in page
    assert "保存并送审" in page
    response = client.post(
        f"/outgoing/{document.pk}/save/", form_data(document, note="此件公开发布")
    )
    assert response.status_code == 302
    document.refresh_from_db()
    assert (document.note, document.version) == ("此件公开发布", 0)
    assert not OutgoingVersion.objects.exists()
    # 保存并送审: the text as submitted is the first version.
    response = client.post(f"/outgoing/{document.pk}/save/", {**form_data(document), "send": "1"})
    assert response.status_code == 302
    document.refresh_from_db()
    assert (document.status, document.version) == (Status.REVIEWING, 1)
    assert OutgoingVersion.objects.get().saved_by == people.staff
    # The drafter no longer edits; the department head, who holds it, does.
    page = client.get(f"/outgoing/{document.pk}/").content.decode()
    assert 'id="draft-form"' not in page
    assert client.post(f"/outgoing/{document.pk}/save/", form_data(document)).status_code == 403
    client.force_login(people.dept_head)
    page = client.get(f"/outgoing/{document.pk}/").content.decode()
    assert 'id="draft-form"' in page
    assert "保存并送审" not in page
    assert "办理：部门负责人审核" in page
    body = document.body.replace("建立项目清单。", "建立项目清单和储备库。")
    response = client.post(f"/outgoing/{document.pk}/save/", form_data(document, body=body))
    assert response.status_code == 302
    document.refresh_from_db()
    assert document.version == 2
    latest = OutgoingVersion.objects.get(number=2)
    assert (latest.saved_by, latest.node_name) == (people.dept_head, "部门负责人审核")
    assert "建立项目清单和储备库。" in latest.snapshot["body"]
    # Saving unchanged text (the browser sends CRLF) makes no new version.
    unchanged = form_data(document, body=document.body.replace("\n", "\r\n"))
    assert client.post(f"/outgoing/{document.pk}/save/", unchanged).status_code == 302
    document.refresh_from_db()
    assert document.version == 2


def test_submission_with_checker_errors_shows_the_findings_and_stays_a_draft(client, people):
    document = draft(people, title="关于做好工作的通知。", recipients="各单位：")
    client.force_login(people.staff)
    response = client.post(f"/outgoing/{document.pk}/save/", {**form_data(document), "send": "1"})
    assert response.status_code == 422
    text = response.content.decode()
    assert "核稿助手发现格式问题" in text
    assert "文稿已保存，但未送审。" in text
    assert "finding finding-error" in text
    assert 'id="draft-form"' in text  # still editable, with what was typed
    document.refresh_from_db()
    assert (document.status, document.submitted_at) == (Status.DRAFTING, None)
    assert findings_for(document)
    assert not FlowInstance.objects.filter(subject_id=document.pk).exists()


def test_a_bad_save_changes_nothing(client, people):
    document = draft(people)
    client.force_login(people.staff)
    for changes, status in [
        ({"title": ""}, 400),
        ({"category": "abc"}, 400),
        ({"classification": "2"}, 400),  # above the drafter's clearance
        ({"publicity": "not_public"}, 422),
    ]:
        response = client.post(f"/outgoing/{document.pk}/save/", form_data(document, **changes))
        assert response.status_code == status, changes
        assert "form-errors" in response.content.decode() or "error" in response.content.decode()
    fresh = OutgoingDocument.objects.get(pk=document.pk)
    assert (fresh.title, fresh.publicity, fresh.updated_at) == (
        document.title,
        document.publicity,
        document.updated_at,
    )


def test_the_page_shows_current_findings_and_writes_nothing(client, people):
    document = draft(people)
    OutgoingDocument.objects.filter(pk=document.pk).update(title="关于做好工作的通知。")
    before = OutgoingDocument.objects.filter(pk=document.pk).values().get()
    client.force_login(people.staff)
    page = client.get(f"/outgoing/{document.pk}/").content.decode()
    assert "核稿助手" in page
    assert "finding-error" in page
    assert OutgoingDocument.objects.filter(pk=document.pk).values().get() == before


def test_the_preview_shows_the_typed_text_and_saves_nothing(client, people):
    document = draft(people)
    before = OutgoingDocument.objects.filter(pk=document.pk).values().get()
    events = AuditEvent.objects.count()
    client.force_login(people.staff)
    url = f"/outgoing/{document.pk}/preview/"
    first = client.post(url, form_data(document), HTTP_HX_REQUEST="true")
    assert first.status_code == 200
    pages = IMAGE.findall(first.content.decode())
    assert pages
    assert 'hx-swap-oob="true"' in first.content.decode()  # the findings on the typed text
    typed = client.post(
        url, form_data(document, title="关于做好工作的通知。", body=BODY + "\n四、其他事项")
    )
    text = typed.content.decode()
    assert IMAGE.findall(text) != pages
    assert "finding-error" in text
    assert "按编辑中的文稿" in text
    # Mistakes in the form still preview (those fields as saved).
    partial = client.post(url, form_data(document, title="", copies="x"))
    assert partial.status_code == 200
    assert IMAGE.findall(partial.content.decode())
    assert "填写不正确" in partial.content.decode()
    assert OutgoingDocument.objects.filter(pk=document.pk).values().get() == before
    assert not OutgoingVersion.objects.exists()
    assert AuditEvent.objects.count() == events


def test_the_preview_follows_the_chosen_category(client, people, other_agency_person):
    from govoa.outgoing.models import DocumentCategory

    document = draft(people)
    letter = category(people, "han", layout="letter")
    theirs = DocumentCategory.objects.create(
        agency=other_agency_person.agency, code="fa", word="财发", name="财发", issuer_mark="财政局"
    )
    client.force_login(people.staff)
    url = f"/outgoing/{document.pk}/preview/"

    def pages(**changes):
        return IMAGE.findall(client.post(url, form_data(document, **changes)).content.decode())

    saved = pages()
    assert pages(category=letter.pk) != saved  # 信函格式: another 发文机关标志 and layout
    assert pages(category=theirs.pk) == saved  # not ours: shown as saved
    assert OutgoingDocument.objects.get(pk=document.pk).category_id == category(people).pk


def test_who_may_not_edit_previews_the_saved_text(client, people):
    document = draft(people)
    client.force_login(people.registrar)
    page = client.get(f"/outgoing/{document.pk}/").content.decode()
    assert 'id="draft-form"' not in page
    assert 'hx-get="/outgoing/' in page
    saved = client.get(f"/outgoing/{document.pk}/preview/").content.decode()
    posted = client.post(
        f"/outgoing/{document.pk}/preview/", form_data(document, body="完全不同的正文。")
    ).content.decode()
    assert IMAGE.findall(saved) == IMAGE.findall(posted)
    assert "hx-swap-oob" not in posted
    assert OutgoingDocument.objects.get(pk=document.pk).body == BODY


def test_body_from_word(client, people):
    document = draft(people)
    client.force_login(people.staff)
    paragraphs = ["为做好项目谋划工作，现通知如下。", "一、工作目标", "谋划储备一批重点项目。"]
    response = client.post(
        f"/outgoing/{document.pk}/import/",
        {"file": upload("正文.docx", docx_bytes(paragraphs))},
    )
    assert response.status_code == 302
    document.refresh_from_db()
    assert document.body == "\n".join(paragraphs)
    assert document.title.endswith("的通知")  # nothing else changed
    for name, content, status, message in [
        ("正文.docx", PDF, 415, "扩展名与内容不符"),
        ("正文.pdf", PDF, 422, "只能从 Word（.docx）文件导入正文。"),
        ("正文.docx", b"MZ\x90\x00not a word file", 415, "不是可接受的文件类型"),
    ]:
        response = client.post(f"/outgoing/{document.pk}/import/", {"file": upload(name, content)})
        assert response.status_code == status, name
        assert message in response.content.decode()
    response = client.post(f"/outgoing/{document.pk}/import/", {})
    assert response.status_code == 400
    assert "这个字段是必填项。" in response.content.decode()
    assert OutgoingDocument.objects.get(pk=document.pk).body == "\n".join(paragraphs)


def test_attachments_add_download_and_remove(client, people):
    document = draft(people)
    client.force_login(people.staff)
    base = f"/outgoing/{document.pk}/attachments/"
    response = client.post(f"{base}add/", {"name": "项目清单", "file": upload("清单.pdf", PDF)})
    assert response.status_code == 302
    response = client.post(f"{base}add/", {"name": "纸质材料"})
    assert response.status_code == 302
    listed, paper = document.attachments.order_by("pk")
    download = client.get(f"{base}{listed.pk}/")
    assert download.status_code == 200
    assert download.content == PDF
    assert client.get(f"{base}{paper.pk}/").status_code == 404  # no file to download
    stored = StoredFile.objects.count()
    for data, status, message in [
        (
            {"name": "伪装", "file": upload("伪装.pdf", b"MZ\x90\x00\x03")},
            415,
            "不是可接受的文件类型",
        ),
        (
            {"name": "伪装", "file": upload("伪装.pdf", b"\x89PNG\r\n\x1a\n....")},
            415,
            "扩展名与内容不符",
        ),
        ({"name": "", "file": upload("清单.pdf", PDF)}, 400, "这个字段是必填项。"),
    ]:
        response = client.post(f"{base}add/", data)
        assert response.status_code == status
        assert message in response.content.decode()
    assert (document.attachments.count(), StoredFile.objects.count()) == (2, stored)
    assert client.post(f"{base}{paper.pk}/remove/").status_code == 302
    assert list(document.attachments.all()) == [listed]
    assert client.post(f"{base}{paper.pk}/remove/").status_code == 404
    # Someone who sees it but may not edit it cannot change the attachments.
    client.force_login(people.registrar)
    assert client.post(f"{base}{listed.pk}/remove/").status_code == 403
    assert client.post(f"{base}add/", {"name": "再加一个"}).status_code == 403
    assert OutgoingAttachment.objects.filter(document=document).count() == 1


def test_a_classified_attachment_download_is_audited(client, people, secret_doc):
    attachment = secret_doc.attachments.get()
    client.force_login(people.registrar)
    response = client.get(f"/outgoing/{secret_doc.pk}/attachments/{attachment.pk}/")
    assert response.status_code == 200
    assert response.content == PDF
    event = AuditEvent.objects.get(action="outgoing.attachment.download")
    assert (event.actor_id, event.object_id) == (people.registrar.pk, str(secret_doc.pk))
    assert event.details["sha256"] == attachment.file.sha256
    # An unclassified document's attachment is not an audited download.
    plain = draft(people)
    outgoing_attach(
        actor=people.staff, document=plain, name="清单", upload=("清单.pdf", io.BytesIO(PDF))
    )
    client.get(f"/outgoing/{plain.pk}/attachments/{plain.attachments.get().pk}/")
    assert AuditEvent.objects.filter(action="outgoing.attachment.download").count() == 1


def test_viewing_a_classified_document_is_audited(client, people, secret_doc):
    client.force_login(people.registrar)
    assert client.get(f"/outgoing/{secret_doc.pk}/").status_code == 200
    assert client.get(f"/api/v1/outgoing-documents/{secret_doc.pk}").status_code == 200
    events = AuditEvent.objects.filter(action="outgoing.document.view")
    assert [(e.actor_id, e.object_id) for e in events] == [
        (people.registrar.pk, str(secret_doc.pk))
    ] * 2
    assert events.first().details["classification"] == Classification.SECRET
    plain = draft(people)
    client.get(f"/outgoing/{plain.pk}/")
    assert events.count() == 2  # a 非密 document's view is not an audited act


def test_a_register_too_long_to_print_is_refused_in_chinese(client, people, monkeypatch):
    from govoa.documents import registers

    monkeypatch.setitem(registers.LIMITS, "pdf", 2)
    for n in range(3):
        draft(people, title=f"{people.agency.name}关于第{n + 1}件事项的通知")
    client.force_login(people.registrar)
    response = client.get("/outgoing/register.pdf")
    assert response.status_code == 422
    assert "共超过 2 件，不能一次导出。请缩小查询范围，或导出 Excel。" in response.content.decode()
    assert not AuditEvent.objects.filter(action="outgoing.register.export").exists()
    assert client.get("/outgoing/register.xlsx").status_code == 200
    assert client.get("/outgoing/register.pdf?q=第1件").status_code == 200


def test_version_diff(client, people):
    document = draft(people)
    outgoing_submit(actor=people.staff, document=document)
    document.refresh_from_db()
    client.force_login(people.dept_head)
    body = document.body.replace("建立项目清单。", "建立项目清单和储备库。")
    client.post(f"/outgoing/{document.pk}/save/", form_data(document, body=body))
    page = client.get(f"/outgoing/{document.pk}/versions/")
    assert page.status_code == 200
    text = page.content.decode()
    assert "第 1 稿" in text
    assert "第 2 稿" in text
    assert "规划处长" in text
    assert re.search(
        r'<del class="diff-line diff-del">.*各单位要全面梳理本领域项目，建立项目清单。</del>', text
    )
    assert re.search(r'<ins class="diff-line diff-ins">.*建立项目清单和储备库。</ins>', text)
    assert (
        client.get(f"/outgoing/{document.pk}/versions/?a=1&b=2").content.decode().count("diff-ins")
        >= 2
    )
    same = client.get(f"/outgoing/{document.pk}/versions/?a=2&b=2").content.decode()
    assert "两稿内容相同" in same
    for query in ["?a=abc&b=2", "?a=1&b=99", "?a=-1", "?b=²", "?a=1%00"]:
        response = client.get(f"/outgoing/{document.pk}/versions/{query}")
        assert response.status_code == 200, query
        assert "所选的版本不存在" in response.content.decode()


# The 登记簿 -------------------------------------------------------------------------------


def test_register_runs_a_constant_number_of_queries(client, people):
    draft(people)
    client.force_login(people.registrar)
    client.get("/outgoing/")
    one = query_count(lambda: client.get("/outgoing/"))
    for number in range(15):
        document = draft(people, title=f"{people.agency.name}关于第{number}项工作的通知")
        if number % 3 == 0:
            OutgoingDocument.objects.filter(pk=document.pk).update(signed_by=people.deputy)
    many = query_count(lambda: client.get("/outgoing/"))
    assert many == one
    filtered = query_count(lambda: client.get("/outgoing/?status=drafting&q=通知&numbered="))
    assert filtered == one


def test_register_filters(client, people, cast):
    first = draft(people, title=f"{people.agency.name}关于甲事项的通知")
    second = draft(people, title=f"{people.agency.name}关于乙事项的函", doc_type="letter")
    outgoing_submit(actor=people.staff, document=first)
    client.force_login(people.registrar)

    def found(query):
        response = client.get(f"/outgoing/?{query}")
        assert response.status_code == 200
        return {d.pk for d in response.context["page_obj"]}

    assert found("q=乙事项") == {second.pk}
    assert found("status=reviewing") == {first.pk}
    assert found(f"category={category(people).pk}&department={people.planning.pk}") == {
        first.pk,
        second.pk,
    }
    assert found(f"department={people.energy.pk}") == set()
    assert found("numbered=on") == set()
    assert found("classification=0") == {first.pk, second.pk}
    year = first.created_at.year
    assert found(f"year={year}") == {first.pk, second.pk}
    assert found(f"year={year + 1}") == set()
    assert found(f"created_from={first.created_at.date().isoformat()}") == {first.pk, second.pk}


def test_bad_query_strings_never_fail(client, people):
    document = draft(people)
    client.force_login(people.registrar)
    bad = (
        "year=abc&category=x&department=%00&classification=9&created_from=2026-13-40"
        "&page=zz&page_size=-1"
    )
    response = client.get(f"/outgoing/?{bad}")
    assert response.status_code == 200
    assert "部分查询条件有误" in response.content.decode()
    assert {d.pk for d in response.context["page_obj"]} == {document.pk}
    assert client.get(f"/outgoing/register.xlsx?{bad}").status_code == 200
    assert client.get("/outgoing/register.exe").status_code == 404
    assert client.get(f"/outgoing/{document.pk}/render.txt").status_code == 404
    assert client.get("/outgoing/abc/").status_code == 404
    assert client.get("/outgoing/999999/").status_code == 404
    assert client.get(f"/outgoing/{document.pk}/?item=abc").status_code == 200


def test_exports_and_downloads(client, people):
    document = draft(people)
    client.force_login(people.staff)
    pdf = client.get("/outgoing/register.pdf")
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")
    xlsx = client.get("/outgoing/register.xlsx")
    assert "filename*=UTF-8''" in xlsx["Content-Disposition"]
    rendered = client.get(f"/outgoing/{document.pk}/render.pdf")
    assert rendered.content.startswith(b"%PDF")
    word = client.get(f"/outgoing/{document.pk}/render.docx")
    assert word.content.startswith(b"PK")
    assert client.get(f"/outgoing/{document.pk}/sheet.pdf").content.startswith(b"%PDF")


# Acts through the page ------------------------------------------------------------------


def test_the_whole_path_through_the_pages(client, people, cast, other_agency_person):
    grant(other_agency_person, Role.REGISTRAR)
    document = draft(people)
    client.force_login(people.staff)
    client.post(f"/outgoing/{document.pk}/save/", {**form_data(document), "send": "1"})
    act(client, people.dept_head, document, action="approve", opinion="同意")
    # 核稿 shows the 办文三性 boxes; an item left unticked is refused (422) and nothing moves.
    client.force_login(cast.office_head)
    page = client.get(f"/outgoing/{document.pk}/").content.decode()
    assert "办文三性检查" in page
    for item in OFFICE_REVIEW_CHECKLIST["items"]:
        assert f'value="{item}"' in page
    three = list(OFFICE_REVIEW_CHECKLIST["items"])
    refused = act(
        client, cast.office_head, document, 422, action="approve", opinion="核稿无误",
        checklist=three[:2],
    )  # fmt: skip
    assert "须完成“办文三性”检查后才能核稿同意" in refused.content.decode()
    assert "表述准确性" in refused.content.decode()
    assert open_item(document).node_key == "office_review"
    act(
        client, cast.office_head, document, action="approve", opinion="核稿无误",
        checklist=three, checklist_note="引用的法规已核对",
    )  # fmt: skip
    result = ChecklistResult.objects.get(node_name="办公室核稿")
    assert (result.passed, result.note) == (True, "引用的法规已核对")
    act(client, people.deputy, document, action="approve", opinion="同意印发")
    assert document.signed_by == people.deputy
    act(client, cast.office_head, document, action="approve", opinion="复核无误")
    act(client, people.registrar, document, action="approve")
    assert document.number.startswith("测发改发〔")
    act(client, cast.proofreader, document, action="approve", opinion="一校无误")
    # 印制: the second checker is someone else (the form does not offer oneself).
    client.force_login(people.registrar)
    page = client.get(f"/outgoing/{document.pk}/").content.decode()
    assert "核对人" in page
    assert "实印份数" in page
    response = act(
        client,
        people.registrar,
        document,
        expect=400,
        action="approve",
        checked_by=people.registrar.pk,
    )
    assert "选择一个有效的选项" in response.content.decode()
    act(
        client,
        people.registrar,
        document,
        action="approve",
        checked_by=cast.office_head.pk,
        copies="30",
    )
    assert (document.print_checked_by, document.printed_copies) == (cast.office_head, 30)
    act(client, cast.seal_keeper, document, action="approve")
    # 分发: nothing chosen is refused in Chinese; then departments, agencies and others.
    client.force_login(people.registrar)
    page = client.get(f"/outgoing/{document.pk}/").content.decode()
    assert "本机关部门" in page
    assert "平台内机关" in page
    assert other_agency_person.agency.name in page
    response = act(client, people.registrar, document, expect=422, action="approve")
    assert "请选择至少一个分发对象。" in response.content.decode()
    act(
        client,
        people.registrar,
        document,
        action="approve",
        departments=[people.energy.pk],
        agencies=[other_agency_person.agency_id],
        others="某区发展和改革局\r\n\r\n某县发展和改革局\r\n",
    )
    assert document.status == Status.ISSUED
    assert sorted(document.distributions.values_list("kind", flat=True)) == [
        "exchange",
        "external",
        "external",
        "internal",
    ]
    # 签收 by the head of the receiving department, on the page.
    internal = document.distributions.get(kind="internal")
    client.force_login(people.staff)
    page = client.get(f"/outgoing/{document.pk}/").content.decode()
    assert "未签收" in page
    assert f"/distributions/{internal.pk}/receive/" not in page
    assert (
        client.post(f"/outgoing/{document.pk}/distributions/{internal.pk}/receive/").status_code
        == 403
    )
    client.force_login(cast.energy_head)
    page = client.get(f"/outgoing/{document.pk}/").content.decode()
    assert f"/distributions/{internal.pk}/receive/" in page
    response = client.post(f"/outgoing/{document.pk}/distributions/{internal.pk}/receive/")
    assert response.status_code == 302
    internal.refresh_from_db()
    assert internal.received_by_name == "能源处长"
    page = client.get(f"/outgoing/{document.pk}/").content.decode()
    assert "已签收" in page
    assert "办理过程" in page
    assert "分发" in page


def test_return_to_the_drafter_and_submit_again(client, people, cast):
    document = draft(people)
    outgoing_submit(actor=people.staff, document=document)
    client.force_login(people.dept_head)
    page = client.get(f"/outgoing/{document.pk}/").content.decode()
    assert "退回到" in page
    assert "转办给" in page
    response = act(
        client, people.dept_head, document, expect=422, action="return", target_node="draft"
    )
    assert "理由" in response.content.decode()
    act(
        client,
        people.dept_head,
        document,
        action="return",
        target_node="draft",
        opinion="请补充工作要求",
    )
    assert document.status == Status.DRAFTING
    client.force_login(people.staff)
    page = client.get(f"/outgoing/{document.pk}/").content.decode()
    assert "保存并送审" in page
    assert "act-panel" not in page
    body = document.body + "\n请各单位高度重视。"
    response = client.post(
        f"/outgoing/{document.pk}/save/", {**form_data(document, body=body), "send": "1"}
    )
    assert response.status_code == 302
    document.refresh_from_db()
    assert document.status == Status.REVIEWING
    assert open_item(document).assignee == people.dept_head


def test_an_item_one_does_not_hold_is_not_found(client, people):
    document = draft(people)
    outgoing_submit(actor=people.staff, document=document)
    item = open_item(document)
    client.force_login(people.staff)
    response = client.post(f"/outgoing/{document.pk}/items/{item.pk}/act/", {"action": "approve"})
    assert response.status_code == 404
    client.force_login(people.dept_head)
    response = client.post(f"/outgoing/{document.pk}/items/{item.pk}/act/", {"action": "jump"})
    assert response.status_code == 400
    assert open_item(document).pk == item.pk


def test_voiding_a_number(client, people, cast):
    document = draft(people)
    outgoing_submit(actor=people.staff, document=document)
    advance(document, "dept_review", "office_review", "leader_sign", "recheck", "number")
    number = document.number
    assert number
    client.force_login(people.staff)
    page = client.get(f"/outgoing/{document.pk}/").content.decode()
    assert "作废字号" not in page
    assert (
        client.post(f"/outgoing/{document.pk}/number/void/", {"reason": "不再印发"}).status_code
        == 403
    )
    client.force_login(people.registrar)
    page = client.get(f"/outgoing/{document.pk}/").content.decode()
    assert "作废字号" in page
    response = client.post(f"/outgoing/{document.pk}/number/void/", {"reason": ""})
    assert response.status_code == 400
    assert "这个字段是必填项。" in response.content.decode()
    response = client.post(
        f"/outgoing/{document.pk}/number/void/", {"reason": "文件撤回，不再印发"}
    )
    assert response.status_code == 302
    document.refresh_from_db()
    assert document.number == ""
    assert VoidedNumber.objects.get().number == number
    response = client.post(f"/outgoing/{document.pk}/number/void/", {"reason": "再来一次"})
    assert response.status_code == 409
    assert "尚未编号" in response.content.decode()


def test_the_preview_says_which_official_fonts_are_stood_in_for(client, people, settings, tmp_path):
    """Without the agency's licensed fonts the page says which free faces stand in."""
    document = draft(people)
    client.force_login(people.staff)
    settings.GOVOA_OFFICIAL_FONT_DIR = ""
    text = client.get(f"/outgoing/{document.pk}/preview/").content.decode()
    assert "使用了替代字体：" in text
    assert "方正小标宋简体（以 FandolSong-Bold 代替）" in text
    settings.GOVOA_OFFICIAL_FONT_DIR = str(tmp_path)  # an empty directory: still all five
    assert (
        "仿宋_GB2312（以 FandolFang-Regular 代替）"
        in client.get(f"/outgoing/{document.pk}/preview/").content.decode()
    )


def test_the_official_file_is_offered_only_once_numbered(client, people):
    document = draft(people)
    client.force_login(people.staff)
    page = client.get(f"/outgoing/{document.pk}/").content.decode()
    assert "正式文件（PDF）" not in page
    assert "正式文件（Word）" not in page
    assert "发文稿纸（PDF）" in page
    OutgoingDocument.objects.filter(pk=document.pk).update(number="测发改发〔2026〕1号")
    page = client.get(f"/outgoing/{document.pk}/").content.decode()
    assert "正式文件（PDF）" in page
    assert "正式文件（Word）" in page


def test_the_preview_is_rendered_only_when_it_comes_into_view(client, people):
    document = draft(people)
    client.force_login(people.staff)
    page = client.get(f"/outgoing/{document.pk}/").content.decode()
    preview = re.search(r'<div id="preview-pages"[^>]*>', page, re.S).group(0)
    assert 'hx-trigger="intersect once' in preview
    assert "load" not in preview
