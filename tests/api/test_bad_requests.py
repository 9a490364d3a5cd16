"""Malformed requests the contract test's probes turned up: a clear 4xx, never a 500, and
nothing saved."""

import json

import pytest
from django.test import Client

from govoa.accounts.services import token_issue
from govoa.incoming.models import IncomingDocument
from govoa.outgoing.models import OutgoingDocument
from govoa.testing import outgoing
from govoa.testing.flows import move_to, open_items
from govoa.testing.openapi import assert_documented
from govoa.testing.scenarios import outgoing_scenario


@pytest.fixture
def as_person(people):  # type: ignore[no-untyped-def]
    def client(person):  # type: ignore[no-untyped-def]
        _token, raw = token_issue(person=person, name="测试")
        return Client(headers={"Authorization": f"Bearer {raw}"})

    return client


@pytest.mark.parametrize("key", ["a\x00b", "带中文的键", "k" * 101, "two words"])
def test_an_idempotency_key_that_is_not_a_short_token_is_422(as_person, people, key):
    drafter = as_person(people.staff)
    body = json.dumps(
        {"category_id": outgoing.category(people).pk, "doc_type": "notice", "title": "关于的通知"}
    )
    response = drafter.post(
        "/api/v1/outgoing-documents", body, "application/json", headers={"Idempotency-Key": key}
    )
    assert response.status_code == 422
    assert list(response.json()["error"]["fields"]) == ["Idempotency-Key"]
    assert not OutgoingDocument.objects.exists()
    registrar = as_person(people.registrar)
    form = {"source_org": "某省发改委", "title": "关于的通知", "doc_type": "notice"}
    response = registrar.post("/api/v1/incoming-documents", form, headers={"Idempotency-Key": key})
    assert response.status_code == 422
    assert list(response.json()["error"]["fields"]) == ["Idempotency-Key"]
    assert not IncomingDocument.objects.exists()


def test_the_idempotency_key_is_documented(db):
    from config.api import api

    spec = api.get_openapi_schema()
    for path in ["/api/v1/outgoing-documents", "/api/v1/incoming-documents"]:
        names = [p["name"] for p in spec["paths"][path]["post"].get("parameters", [])]
        assert "Idempotency-Key" in names, path


def test_a_multipart_body_without_a_boundary_is_400(as_person, people):
    registrar = as_person(people.registrar)
    response = registrar.post("/api/v1/incoming-documents", b"--", "multipart/form-data")
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "http_error"
    assert_documented(response, "POST", "/api/v1/incoming-documents")
    assert not IncomingDocument.objects.exists()


@pytest.mark.parametrize("copies", ["Infinity", "-Infinity", "NaN", "1e400"])
def test_a_number_json_cannot_carry_is_400_not_500(client, people, copies):
    """Found at 印制: ``{"copies": 1e400}`` reached the service as infinity, and
    ``int(inf)`` raised. JSON (RFC 8259) has no NaN or Infinity, and 1e400 is no double."""
    scenario = outgoing_scenario(people)
    move_to(scenario.instance, "print", actor=people.staff)
    [item] = open_items(scenario.instance)
    checker = scenario.colleague(item)
    client.force_login(item.assignee)
    payload = f'{{"checked_by": {checker.pk}, "copies": {copies}}}'
    raw = f'{{"action": "approve", "payload": {payload}}}'
    response = client.post(f"/api/v1/work-items/{item.pk}/act", raw, "application/json")
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "http_error"
    item.refresh_from_db()
    assert item.status == "open"


@pytest.mark.parametrize("url", ["/api/v1/no-such-thing", "/api/v1/me/", "/api/v2/me", "/api/"])
def test_an_unknown_api_path_is_a_json_404(client, people, url):
    client.force_login(people.staff)
    response = client.get(url)
    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/json")
    assert response.json()["error"]["code"] == "not_found"


@pytest.mark.parametrize("value", ["0", "20261116", "1e9", "2026-11-16T00:00"])
def test_a_date_in_a_query_is_written_yyyy_mm_dd(client, people, value):
    """``?received_to=0`` was read as seconds since 1970 and answered 200 (schemathesis)."""
    client.force_login(people.registrar)
    for path in ("/api/v1/incoming-documents", "/api/v1/outgoing-documents"):
        field = "received_to" if "incoming" in path else "created_to"
        response = client.get(path, {field: value})
        assert response.status_code == 422, (path, value)
        assert response.json()["error"]["fields"][field] == ["日期格式应为 YYYY-MM-DD。"]
    assert (
        client.get("/api/v1/incoming-documents", {"received_to": "2026-11-16"}).status_code == 200
    )
