"""Printouts for API clients (issue 22): every download answers a token client with the
file, or a 401/403/404 in the API's error format — never the login page; the downloads are
in the OpenAPI schema with their content types. Played on the demo agency, whose documents
are in every state (a 退文, a completed 收文, an issued 发文)."""

import pytest
from django.utils import timezone

from govoa.accounts.services import token_issue
from govoa.demo.seed import seed_demo
from govoa.incoming.models import IncomingDocument
from govoa.org.models import Person
from govoa.outgoing.models import OutgoingDocument

PDF = "application/pdf"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@pytest.fixture
def demo(db):
    seed_demo()
    return {p.username: p for p in Person.objects.filter(agency__name="某市发展和改革委员会")}


def _bearer(person):
    _token, raw = token_issue(person=person, name="测试客户端")
    return {"Authorization": f"Bearer {raw}"}


def _documents():
    returned = IncomingDocument.objects.get(status="returned")
    # The demo's own finished 收文 and issued 通知 (the 复文 and 档案 demos finish more).
    completed = IncomingDocument.objects.get(title="关于公布2026年度市级重点项目名单的通知")
    issued = OutgoingDocument.objects.get(title__endswith="重点项目谋划储备工作的通知")
    return returned, completed, issued


def test_every_printout_downloads_over_the_api_with_a_token(client, demo):
    returned, completed, issued = _documents()
    auth = _bearer(demo["zhaolei"])
    year = timezone.localdate().year
    for url, content_type in [
        (f"/api/v1/incoming-documents/{completed.pk}/sheet", PDF),
        (f"/api/v1/incoming-documents/{returned.pk}/return-slip", PDF),
        (f"/api/v1/incoming-documents/export?format=pdf&year={year}", PDF),
        ("/api/v1/incoming-documents/export?format=xlsx", XLSX),
        (f"/api/v1/outgoing-documents/{issued.pk}/render?format=pdf", PDF),
        (f"/api/v1/outgoing-documents/{issued.pk}/render?format=docx", DOCX),
        (f"/api/v1/outgoing-documents/{issued.pk}/sheet", PDF),
        ("/api/v1/outgoing-documents/export?format=xlsx", XLSX),
        ("/api/v1/outgoing-documents/export?format=pdf", PDF),
    ]:
        response = client.get(url, headers=auth)
        assert response.status_code == 200, (url, response.content[:300])
        assert response["Content-Type"] == content_type, url
        assert response.content[:2] in (b"%P", b"PK"), url


def test_errors_are_json_for_token_clients(client, demo):
    _returned, completed, issued = _documents()
    outsider = _bearer(demo["sunwei"])  # 后勤管理员: not in the 知悉范围 of these
    for url in [
        f"/api/v1/incoming-documents/{completed.pk}/sheet",
        f"/api/v1/outgoing-documents/{issued.pk}/sheet",
    ]:
        response = client.get(url, headers=outsider)
        assert response.status_code == 404, url
        assert response.json()["error"]["code"] == "not_found"
    # A 处理单 before 办结 does not exist; a 退文通知单 of a document never returned neither.
    response = client.get(
        f"/api/v1/incoming-documents/{completed.pk}/return-slip", headers=_bearer(demo["zhaolei"])
    )
    assert (response.status_code, response.json()["error"]["code"]) == (404, "not_found")
    unauthenticated = client.get(f"/api/v1/incoming-documents/{completed.pk}/sheet")
    assert unauthenticated.status_code == 401


@pytest.mark.parametrize("auth", ["valid", "invalid", "json"])
def test_the_page_downloads_never_answer_a_client_with_the_login_page(client, demo, auth):
    returned, completed, issued = _documents()
    headers = {
        "valid": _bearer(demo["zhaolei"]),
        "invalid": {"Authorization": "Bearer nonsense"},
        "json": {"Accept": "application/json"},
    }[auth]
    for url in [
        f"/incoming/{completed.pk}/sheet.pdf",
        f"/incoming/{returned.pk}/return-slip.pdf",
        "/incoming/register.xlsx",
        "/incoming/register.pdf",
        f"/outgoing/{issued.pk}/render.pdf",
        f"/outgoing/{issued.pk}/render.docx",
        f"/outgoing/{issued.pk}/sheet.pdf",
        "/outgoing/register.xlsx",
    ]:
        response = client.get(url, headers=headers)
        assert response.status_code == 401, (url, response.status_code)
        body = response.json()
        assert body["error"]["code"] == "unauthenticated"
        assert "/api/v1/" in body["error"]["message"]


def test_a_session_client_asking_for_json_gets_json_errors(client, demo):
    _returned, completed, _issued = _documents()
    client.force_login(demo["sunwei"])
    response = client.get(
        f"/incoming/{completed.pk}/sheet.pdf", headers={"Accept": "application/json"}
    )
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"
    # A browser (no JSON asked for) still gets the page it expects.
    assert "text/html" in client.get(f"/incoming/{completed.pk}/sheet.pdf")["Content-Type"]


def test_the_downloads_are_in_the_openapi_schema(client, db):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    for path, content_type in [
        ("/api/v1/incoming-documents/{document_id}/sheet", PDF),
        ("/api/v1/incoming-documents/{document_id}/return-slip", PDF),
        ("/api/v1/incoming-documents/export", XLSX),
        ("/api/v1/outgoing-documents/{document_id}/render", DOCX),
        ("/api/v1/outgoing-documents/{document_id}/sheet", PDF),
        ("/api/v1/outgoing-documents/export", PDF),
        # An attachment is one of the accepted kinds, each named (documents.files.KINDS).
        ("/api/v1/incoming-documents/{document_id}/attachments/{attachment_id}", PDF),
        ("/api/v1/incoming-documents/{document_id}/attachments/{attachment_id}", DOCX),
        ("/api/v1/outgoing-documents/{document_id}/attachments/{attachment_id}", PDF),
    ]:
        content = paths[path]["get"]["responses"]["200"]["content"]
        assert content_type in content, (path, content)
