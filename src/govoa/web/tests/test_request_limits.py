"""A request Django refuses to read — a body past DATA_UPLOAD_MAX_MEMORY_SIZE, a multipart
body past GOVOA_REQUEST_MAX_BYTES, too many fields — answers 413 or 400 with a Chinese message,
in the API's JSON error format or as a page; never 500."""

import io

import pytest
from django.test import Client

from govoa.incoming.models import IncomingDocument
from govoa.testing.incoming import PDF

ELEVEN_MB = 11 * 1024 * 1024


def _json_body() -> bytes:
    return b'{"username": "' + b"x" * ELEVEN_MB + b'", "password": "p"}'


def _assert_api_error(response, status: int, code: str) -> None:
    assert response.status_code == status, response.content[:300]
    error = response.json()["error"]
    assert error["code"] == code
    assert "超过" in error["message"] or "过多" in error["message"]


@pytest.mark.django_db
def test_an_11_mb_json_body_to_the_token_endpoint_is_413(client):
    response = client.post("/api/v1/auth/token", _json_body(), content_type="application/json")
    _assert_api_error(response, 413, "request_too_large")
    assert "10 MB" in response.json()["error"]["message"]


def test_an_11_mb_json_body_to_an_authenticated_endpoint_is_413(client, people):
    client.force_login(people.staff)
    response = client.post(
        "/api/v1/work-items/1/act", _json_body(), content_type="application/json"
    )
    _assert_api_error(response, 413, "request_too_large")


def test_an_oversized_form_post_to_a_page_is_a_chinese_413_page(people):
    client = Client(enforce_csrf_checks=True)  # as a browser: the CSRF check reads the form
    client.get("/accounts/login/")  # the CSRF cookie
    response = client.post(
        "/accounts/login/",
        "username=a&password=" + "x" * ELEVEN_MB,
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 413
    page = response.content.decode()
    assert "提交的内容超过 10 MB" in page
    assert 'lang="zh-CN"' in page


def test_an_oversized_form_post_inside_a_page_view_is_413(client, people):
    client.force_login(people.registrar)
    response = client.post(
        "/incoming/new/",
        "title=" + "x" * ELEVEN_MB,
        content_type="application/x-www-form-urlencoded",
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 413
    assert "提交的内容超过 10 MB" in response.content.decode()


def test_too_many_fields_is_a_chinese_400(client, people):
    client.force_login(people.registrar)
    fields = "&".join(f"f{n}=1" for n in range(1100))
    page = client.post("/incoming/new/", fields, content_type="application/x-www-form-urlencoded")
    assert page.status_code == 400
    assert "字段过多" in page.content.decode()
    api = client.post(
        "/api/v1/incoming-documents", fields, content_type="application/x-www-form-urlencoded"
    )
    _assert_api_error(api, 400, "bad_request")


def test_a_multipart_body_past_the_request_limit_is_refused_before_it_is_read(
    client, people, settings
):
    settings.GOVOA_REQUEST_MAX_BYTES = 1024 * 1024
    client.force_login(people.registrar)
    upload = io.BytesIO(PDF + b"%" * (2 * 1024 * 1024))
    upload.name = "来文.pdf"
    fields = {"source_org": "某市财政局", "title": "函", "doc_type": "letter", "files": [upload]}
    _assert_api_error(client.post("/api/v1/incoming-documents", fields), 413, "request_too_large")
    upload.seek(0)
    page = client.post("/incoming/new/", {**fields, "attachments": [upload]})
    assert page.status_code == 413
    assert "合计超过 1 MB" in page.content.decode()
    assert IncomingDocument.objects.count() == 0
