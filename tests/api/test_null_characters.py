"""A NUL character in any text an API client sends is bad input (422 naming the field), not
a 500: PostgreSQL cannot store or compare it (found by the contract test on PostgreSQL)."""

import json

import pytest
from django.test import Client

from govoa.accounts.services import token_issue
from govoa.flow.models import Reminder, WorkItem
from govoa.incoming.models import IncomingDocument
from govoa.outgoing.models import OutgoingDocument
from govoa.testing import outgoing
from govoa.testing.incoming import register


@pytest.fixture
def api(people):  # type: ignore[no-untyped-def]
    register(people)
    clients = {}
    for name, person in [("registrar", people.registrar), ("drafter", people.staff)]:
        _token, raw = token_issue(person=person, name="测试")
        clients[name] = Client(headers={"Authorization": f"Bearer {raw}"})
    return clients


def _refused(response, field: str) -> None:  # type: ignore[no-untyped-def]
    assert response.status_code == 422, response.content
    error = response.json()["error"]
    assert error["code"] == "invalid"
    assert error["fields"] == {field: ["不能包含空字符（NUL）。"]}


@pytest.mark.parametrize(
    ("url", "field"),
    [
        ("/api/v1/incoming-documents?q=%00", "q"),
        ("/api/v1/incoming-documents?status=a%00", "status"),
        ("/api/v1/incoming-documents?source=%00", "source"),
        ("/api/v1/outgoing-documents?q=%00", "q"),
        ("/api/v1/outgoing-documents?status=%00", "status"),
        ("/api/v1/work-items?module=%00", "module"),
    ],
)
def test_in_a_query(api, url, field):
    _refused(api["registrar"].get(url), field)


def test_in_a_json_body(api, people):
    body = {
        "category_id": outgoing.category(people).pk,
        "doc_type": "notice",
        "title": "关于\x00的通知",
    }
    raw = json.dumps(body)
    _refused(api["drafter"].post("/api/v1/outgoing-documents", raw, "application/json"), "title")
    assert not OutgoingDocument.objects.exists()


def test_in_a_remind_note_and_an_act_opinion(api, people):
    item = WorkItem.objects.get(assignee=people.registrar)
    url = f"/api/v1/work-items/{item.pk}"
    note = json.dumps({"note": "请尽快\x00"})
    _refused(api["registrar"].post(f"{url}/remind", note, "application/json"), "note")
    assert not Reminder.objects.exists()
    act = json.dumps({"action": "approve", "opinion": "同意\x00"})
    _refused(api["registrar"].post(f"{url}/act", act, "application/json"), "opinion")
    nested = json.dumps({"action": "approve", "payload": {"proposal": ["\x00"]}})
    _refused(api["registrar"].post(f"{url}/act", nested, "application/json"), "payload")
    item.refresh_from_db()
    assert item.status == "open"


def test_in_a_login_name(client, db):
    raw = json.dumps({"username": "guojun\x00", "password": "x"})
    _refused(client.post("/api/v1/auth/token", raw, "application/json"), "username")


def test_in_a_registration_form_field(api):
    before = IncomingDocument.objects.count()
    response = api["registrar"].post(
        "/api/v1/incoming-documents",
        {"source_org": "某省\x00发改委", "title": "关于的通知", "doc_type": "notice"},
    )
    _refused(response, "source_org")
    assert IncomingDocument.objects.count() == before
