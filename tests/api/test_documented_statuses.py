"""Each status an endpoint was seen to answer without documenting it (found by the contract
test, ``test_contract.py``) is now in the OpenAPI document; one test per case."""

from django.test import Client

from govoa.testing.openapi import assert_documented


def _json(client: Client, method: str, url: str, raw: str, **headers: str):  # type: ignore[no-untyped-def]
    return getattr(client, method)(url, raw, content_type="application/json", headers=headers)


def test_token_with_no_body_is_a_documented_422(client, db):
    response = client.generic("POST", "/api/v1/auth/token")  # no body at all
    assert response.status_code == 422
    assert_documented(response, "POST", "/api/v1/auth/token")


def test_token_with_malformed_json_is_a_documented_400(client, db):
    response = _json(client, "post", "/api/v1/auth/token", "{not json")
    assert response.status_code == 400
    assert_documented(response, "POST", "/api/v1/auth/token")


def test_me_without_credentials_is_a_documented_401(client, db):
    response = client.get("/api/v1/me")
    assert response.status_code == 401
    assert_documented(response, "GET", "/api/v1/me")


def test_me_with_a_password_to_change_is_a_documented_403(client, people):
    people.staff.must_change_password = True
    people.staff.save(update_fields=["must_change_password"])
    client.force_login(people.staff)
    response = client.get("/api/v1/me")
    assert response.status_code == 403
    assert_documented(response, "GET", "/api/v1/me")


def test_downloads_document_the_types_of_file_they_answer_with(client, people):
    from govoa.testing import outgoing
    from govoa.testing.incoming import register
    from govoa.testing.openapi import documented_content_types

    document = register(people)
    attachment = document.attachments.get()
    client.force_login(people.registrar)
    path = "/api/v1/incoming-documents/{document_id}/attachments/{attachment_id}"
    response = client.get(f"/api/v1/incoming-documents/{document.pk}/attachments/{attachment.pk}")
    assert response.status_code == 200
    assert response["Content-Type"] in documented_content_types("GET", path)
    draft = outgoing.draft(people)
    client.force_login(people.staff)
    path = "/api/v1/outgoing-documents/{document_id}/render"
    for fmt in ["pdf", "docx"]:
        response = client.get(f"/api/v1/outgoing-documents/{draft.pk}/render?format={fmt}")
        assert response.status_code == 200
        assert response["Content-Type"] in documented_content_types("GET", path)
