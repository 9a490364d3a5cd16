"""密级 and 知悉范围 for every screen and endpoint: anonymous → login/401, outside the scope
→ 404 (or 403 where a role gates the screen), insufficient clearance → 404, in scope → 200."""

import io

import pytest
from openpyxl import load_workbook

from govoa.core.vocabulary import Classification
from govoa.flow.models import WorkItem
from govoa.testing.factories import make_person
from govoa.testing.incoming import incoming_cast, register
from govoa.testing.permissions import Matrix


@pytest.fixture
def secret_doc(people):
    incoming_cast(people)
    document = register(
        people,
        classification=Classification.SECRET,
        secrecy_period="1年",
        title="关于秘密事项的通知",
    )
    document.lead_department = people.planning
    document.save()
    return document


@pytest.fixture
def low(people):
    """In scope (heads the lead department … through the 规划处 role) but cleared only 内部."""
    person = make_person(
        department=people.planning, username="lowclear", clearance=Classification.INTERNAL
    )
    from govoa.core.vocabulary import Role
    from govoa.testing.factories import grant

    grant(person, Role.DEPT_HEAD, [people.planning])
    return person


def test_document_screens(client, people, secret_doc, low, other_agency_person):
    attachment = secret_doc.attachments.get()
    base = f"/incoming/{secret_doc.pk}/"
    for url in [base, f"{base}sheet.pdf", f"{base}attachments/{attachment.pk}/"]:
        Matrix(url).check(
            client, in_scope=people.dept_head, out_of_scope=people.staff, low_clearance=low
        )
        Matrix(url).check(client, in_scope=people.registrar, out_of_scope=other_agency_person)


def test_api_endpoints(client, people, secret_doc, low, other_agency_person):
    attachment = secret_doc.attachments.get()
    base = f"/api/v1/incoming-documents/{secret_doc.pk}"
    for url in [base, f"{base}/attachments/{attachment.pk}"]:
        Matrix(url, api=True).check(
            client, in_scope=people.dept_head, out_of_scope=people.staff, low_clearance=low
        )
    Matrix("/api/v1/incoming-documents", api=True).check(client, in_scope=people.registrar)


def test_lists_counts_and_exports_leave_out_what_one_may_not_see(client, people, secret_doc, low):
    plain = register(people, source_number="某发改〔2026〕90号", title="关于普通事项的通知")
    for person, expected in [
        (people.registrar, {secret_doc.pk, plain.pk}),
        (low, set()),
        (people.staff, set()),
    ]:
        client.force_login(person)
        page = client.get("/incoming/")
        assert {d.pk for d in page.context["page_obj"]} == expected
        api = client.get("/api/v1/incoming-documents").json()
        assert {d["id"] for d in api["items"]} == expected
        assert api["count"] == len(expected)
        book = load_workbook(io.BytesIO(client.get("/incoming/register.xlsx").content))
        titles = {row[4] for row in book.active.iter_rows(min_row=2, values_only=True)}
        assert ("关于秘密事项的通知" in titles) == (secret_doc.pk in expected)


def test_the_work_item_api_hides_it_from_the_low_cleared(client, people, secret_doc, low):
    item = WorkItem.objects.get(instance__subject_id=secret_doc.pk, status="open")
    client.force_login(low)
    assert client.get(f"/api/v1/work-items/{item.pk}").status_code == 404


def test_registration_screen_is_for_registrars(client, people):
    Matrix("/incoming/new/", out_of_scope_status=403).check(
        client, in_scope=people.registrar, out_of_scope=people.dept_head
    )


def test_export_formats_and_bad_ones(client, people, secret_doc):
    client.force_login(people.registrar)
    assert client.get("/incoming/register.exe").status_code == 404
    assert client.get(f"/incoming/{secret_doc.pk}/whatever.pdf").status_code == 404
    assert client.get(f"/incoming/{secret_doc.pk}/return-slip.pdf").status_code == 404
    response = client.get("/incoming/register.xlsx?year=abc&classification=9&department=x")
    assert response.status_code == 200


def test_classified_attachment_download_is_audited(client, people, secret_doc):
    from govoa.audit.models import AuditEvent

    attachment = secret_doc.attachments.get()
    client.force_login(people.registrar)
    response = client.get(f"/incoming/{secret_doc.pk}/attachments/{attachment.pk}/")
    assert response.status_code == 200
    assert b"".join(
        response.streaming_content if response.streaming else [response.content]
    ).startswith(b"%PDF")
    event = AuditEvent.objects.get(action="incoming.attachment.download")
    assert event.actor_id == people.registrar.pk
    assert event.details["sha256"] == attachment.file.sha256


def test_a_register_too_long_to_print_is_refused_in_chinese(client, people, monkeypatch):
    from govoa.audit.models import AuditEvent
    from govoa.documents import registers

    monkeypatch.setitem(registers.LIMITS, "pdf", 2)
    incoming_cast(people)
    for n in range(3):
        register(people, source_number=f"某发改〔2026〕{n + 1}号", title=f"关于第{n + 1}件事的函")
    client.force_login(people.registrar)
    response = client.get("/incoming/register.pdf")
    assert response.status_code == 422
    assert "共超过 2 件，不能一次导出。" in response.content.decode()
    assert not AuditEvent.objects.filter(action="incoming.register.export").exists()
    assert client.get("/incoming/register.pdf?q=第1件").status_code == 200
    assert AuditEvent.objects.filter(action="incoming.register.export").count() == 1


def _asking(people, title, number):
    from govoa.testing.outgoing import category

    category(people)
    document = register(
        people,
        source_number=number,
        doc_type="request",
        classification=Classification.SECRET,
        secrecy_period="1年",
        title=title,
    )
    document.lead_department = people.planning
    document.status = "handling"
    document.save()
    return document


def test_starting_a_reply(client, people, low, other_agency_person):
    """拟复文 (page and API): in scope the 发文 is drafted; others get 404 and nothing."""
    from govoa.documents.models import Reply

    page_doc = _asking(people, "关于秘密事项的请示", "某发〔2026〕5号")
    api_doc = _asking(people, "关于另一秘密事项的请示", "某发〔2026〕6号")
    Matrix(f"/incoming/{page_doc.pk}/reply/", method="post", in_scope_status=302).check(
        client, in_scope=people.dept_head, out_of_scope=other_agency_person, low_clearance=low
    )
    Matrix(
        f"/api/v1/incoming-documents/{api_doc.pk}/reply",
        method="post",
        api=True,
        in_scope_status=201,
    ).check(client, in_scope=people.dept_head, out_of_scope=people.staff, low_clearance=low)
    assert Reply.objects.filter(question_id__in=[page_doc.pk, api_doc.pk]).count() == 2
