"""A 三员 account never sees business documents or work (issue 8.2), whatever roles, clearance
or delegations were written for it straight into the database — checked through HTTP on the
exact paths of the issue: the 收文 page and API, its attachment, register.xlsx, the work item."""

import io

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from govoa.core.vocabulary import Classification, Role
from govoa.flow.models import WorkItem
from govoa.org.models import Delegation
from govoa.testing.factories import grant
from govoa.testing.incoming import incoming_cast, register
from govoa.testing.outgoing import draft

ADMINS = ["sys_admin", "sec_admin", "audit_admin"]


@pytest.fixture
def secret_doc(people):
    incoming_cast(people)
    document = register(
        people,
        classification=Classification.SECRET,
        secrecy_period="1年",
        title="关于秘密事项的通知",
    )
    document.lead_department = people.office
    document.save()
    return document


def _empowered(people, admin):
    """The attack of the issue, done around the services: a 三员 made 主要领导 and 绝密."""
    three = getattr(people, admin)
    grant(three, Role.LEADER_PRINCIPAL)
    grant(three, Role.REGISTRAR)
    grant(three, Role.DEPT_HEAD, [people.office, people.planning])
    three.clearance = Classification.TOP_SECRET
    three.save(update_fields=["clearance"])
    three.forget_roles()
    return three


def _registered_titles(client, url="/incoming/register.xlsx", column=4):
    book = load_workbook(io.BytesIO(client.get(url).content))
    return {row[column] for row in book.active.iter_rows(min_row=2, values_only=True)}


def _document_paths(document):
    attachment = document.attachments.get()
    return [
        f"/incoming/{document.pk}/",
        f"/incoming/{document.pk}/attachments/{attachment.pk}/",
        f"/incoming/{document.pk}/sheet.pdf",
        f"/api/v1/incoming-documents/{document.pk}",
        f"/api/v1/incoming-documents/{document.pk}/attachments/{attachment.pk}",
    ]


def test_a_business_leader_sees_the_document_so_the_paths_are_right(client, people, secret_doc):
    client.force_login(people.principal)
    for path in _document_paths(secret_doc):
        assert client.get(path).status_code == 200, path
    assert "关于秘密事项的通知" in _registered_titles(client)


@pytest.mark.parametrize("admin", ADMINS)
def test_a_security_admin_with_business_roles_sees_no_document(client, people, secret_doc, admin):
    three = _empowered(people, admin)
    client.force_login(three)
    for path in _document_paths(secret_doc):
        assert client.get(path).status_code == 404, path
    assert "关于秘密事项的通知" not in _registered_titles(client)
    assert client.get("/incoming/").context["page_obj"].paginator.count == 0
    assert client.get("/api/v1/incoming-documents").json()["items"] == []


@pytest.mark.parametrize("admin", ADMINS)
def test_a_security_admin_sees_no_outgoing_document(client, people, admin):
    document = draft(people, title=f"{people.agency.name}关于普通事项的通知")
    three = _empowered(people, admin)
    client.force_login(three)
    assert client.get(f"/outgoing/{document.pk}/").status_code == 404
    assert document.title not in _registered_titles(client, "/outgoing/register.xlsx", 1)


@pytest.mark.parametrize("admin", ADMINS)
def test_a_delegation_to_a_security_admin_opens_nothing(client, people, admin):
    """Issue: a delegation registrar → sysadmin turned the 收文 and its work item from 404
    into 200. Written here straight into the database, as if the service had let it pass."""
    document = register(people, title="关于普通事项的通知")
    item = WorkItem.objects.get(
        instance__subject_id=document.pk, assignee=people.registrar, status="open"
    )
    three = getattr(people, admin)
    Delegation.objects.create(
        principal=people.registrar,
        delegate=three,
        starts_on=timezone.localdate(),
        ends_on=timezone.localdate(),
        reason="绕过服务写入",
    )
    client.force_login(three)
    assert client.get(f"/api/v1/incoming-documents/{document.pk}").status_code == 404
    assert client.get(f"/incoming/{document.pk}/").status_code == 404
    assert client.get(f"/api/v1/work-items/{item.pk}").status_code == 404
    assert client.get("/api/v1/work-items").json()["items"] == []
    acted = client.post(
        f"/api/v1/work-items/{item.pk}/act",
        {"action": "approve", "opinion": "同意"},
        content_type="application/json",
    )
    assert acted.status_code == 404
    item.refresh_from_db()
    assert item.status == "open"


@pytest.mark.parametrize("admin", ADMINS)
def test_a_work_item_handed_to_a_security_admin_stays_closed_to_them(client, people, admin):
    document = register(people, title="关于普通事项的通知")
    item = WorkItem.objects.get(instance__subject_id=document.pk, status="open")
    three = _empowered(people, admin)
    WorkItem.objects.filter(pk=item.pk).update(assignee=three)
    client.force_login(three)
    assert client.get(f"/api/v1/work-items/{item.pk}").status_code == 404
    assert client.get(f"/incoming/{document.pk}/").status_code == 404
    assert client.get("/api/v1/work-items").json()["items"] == []
