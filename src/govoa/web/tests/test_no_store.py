"""Classified content never stays in a browser's or a proxy's cache: every response to an
authenticated request, every API response and every download says ``Cache-Control:
no-store``; static assets keep their caching."""

import pytest
from django.test import Client

from govoa.accounts.services import token_issue
from govoa.core.vocabulary import Classification
from govoa.testing import outgoing
from govoa.testing.incoming import register


def _no_store(response) -> bool:
    return response["Cache-Control"] == "no-store" and response["Pragma"] == "no-cache"


@pytest.fixture
def classified(people):
    """A 内部 and a 秘密 收文 and 发文 that the registrar (收文) and the 处长 (发文) may see."""
    incoming = [
        register(people, classification=Classification.INTERNAL, source_number="某发〔2026〕1号"),
        register(
            people,
            classification=Classification.SECRET,
            secrecy_period="1年",
            source_number="某发〔2026〕2号",
        ),
    ]
    drafts = [
        outgoing.draft(people, drafter=people.dept_head, classification=Classification.INTERNAL),
        outgoing.draft(
            people,
            drafter=people.dept_head,
            classification=Classification.SECRET,
            secrecy_period="1年",
        ),
    ]
    return incoming, drafts


def test_pages_and_downloads_of_classified_documents_are_not_stored(client, people, classified):
    incoming, drafts = classified
    client.force_login(people.registrar)
    for document in incoming:
        attachment = document.attachments.get()
        for url in [
            "/incoming/",
            f"/incoming/{document.pk}/",
            f"/incoming/{document.pk}/attachments/{attachment.pk}/",
            f"/incoming/{document.pk}/sheet.pdf",
        ]:
            response = client.get(url)
            assert response.status_code == 200, url
            assert _no_store(response), url
    client.force_login(people.dept_head)
    for document in drafts:
        for url in [f"/outgoing/{document.pk}/", f"/outgoing/{document.pk}/render.docx"]:
            response = client.get(url)
            assert response.status_code == 200, url
            assert _no_store(response), url


def test_api_answers_and_downloads_are_not_stored(people, classified):
    incoming, drafts = classified
    _token, raw = token_issue(person=people.registrar, name="测试")
    api = Client(headers={"Authorization": f"Bearer {raw}"})
    for document in incoming:
        attachment = document.attachments.get()
        for url in [
            "/api/v1/incoming-documents",
            f"/api/v1/incoming-documents/{document.pk}",
            f"/api/v1/incoming-documents/{document.pk}/attachments/{attachment.pk}",
        ]:
            response = api.get(url)
            assert response.status_code == 200, url
            assert _no_store(response), url
    _token, raw = token_issue(person=people.dept_head, name="测试")
    api = Client(headers={"Authorization": f"Bearer {raw}"})
    for document in drafts:
        url = f"/api/v1/outgoing-documents/{document.pk}/render?format=docx"
        response = api.get(url)
        assert response.status_code == 200, url
        assert _no_store(response), url


def test_api_errors_and_anonymous_api_answers_are_not_stored(client, db):
    response = client.get("/api/v1/incoming-documents/1")
    assert response.status_code == 401
    assert _no_store(response)


def test_static_assets_keep_their_caching(client, people, settings):
    settings.WHITENOISE_USE_FINDERS = True  # serve from the app directories, as in development
    client.force_login(people.registrar)
    response = client.get("/static/web/govoa.css")
    assert response.status_code == 200
    assert "max-age" in response["Cache-Control"]
    assert "no-store" not in response["Cache-Control"]
