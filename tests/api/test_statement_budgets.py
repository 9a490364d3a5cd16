"""Statements per write call through the API (issue 23 item 2, issue 9 item 3): what a client
pays to create a document, submit it and act on its items, with a personal API token as
clients use it. Transaction control (BEGIN, COMMIT, SAVEPOINT, RELEASE, ROLLBACK) is not
counted; callbacks run after commit are. The budgets are upper bounds: a change that adds a
statement to these calls must say why and raise them here."""

import io
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from govoa.accounts.services import token_issue
from govoa.flow.models import WorkItem
from govoa.outgoing.flows import OFFICE_REVIEW_CHECKLIST
from govoa.testing.incoming import PDF, incoming_cast
from govoa.testing.outgoing import BODY, category, outgoing_cast

# A write that changes what 全文检索 holds (a new document, the 文号 given at 签发) queues the
# index refresh after commit: one INSERT into the task queue (govoa.search).
INDEX_QUEUE = 1
# Issue 17 added one each: an act that announces a business event or notifies reads, once
# per cache lifetime (or per call without a shared cache), which agencies push webhooks
# (integration.webhooks.subscriptions) and which enabled 钉钉/企业微信 (notify.enabled_platforms).
CREATE_BUDGET = 13 + INDEX_QUEUE
SUBMIT_BUDGET = 30
ACT_BUDGET = 13
# 核稿 keeps its 办文三性 answers (issue 14, 三查): one INSERT of the checklist result.
CHECKLIST_RESULT = 1
TICKED = list(OFFICE_REVIEW_CHECKLIST["items"])

_CONTROL = re.compile(r"^\s*(BEGIN|COMMIT|ROLLBACK|SAVEPOINT|RELEASE)\b", re.IGNORECASE)


def _counted(captured: CaptureQueriesContext) -> list[str]:
    return [q["sql"] for q in captured.captured_queries if not _CONTROL.match(q["sql"])]


class Api:
    """Calls with a bearer token, each measured (after-commit callbacks included)."""

    def __init__(self, client, django_capture_on_commit_callbacks) -> None:  # type: ignore[no-untyped-def]
        self.client = client
        self.on_commit = django_capture_on_commit_callbacks
        self.statements: list[str] = []

    def call(self, person, method: str, url: str, **kwargs):  # type: ignore[no-untyped-def]
        _token, raw = token_issue(person=person, name="budget")
        headers = {"Authorization": f"Bearer {raw}", **kwargs.pop("headers", {})}
        # A first use notes the token's use (at most once a minute): a steady client pays
        # that write once a minute, not per call, so it is made before measuring.
        self.client.get("/api/v1/me", headers=headers)
        with (
            CaptureQueriesContext(connection) as captured,
            self.on_commit(execute=True),
        ):
            response = getattr(self.client, method)(url, headers=headers, **kwargs)
        self.statements = _counted(captured)
        return response


@pytest.fixture(autouse=True)
def _queued_tasks(settings) -> None:  # type: ignore[no-untyped-def]
    """Background work (the 全文检索 index, e-mail) goes into the task queue as in production:
    the call pays the queue's INSERT, the worker the rest. The test settings' immediate
    backend would run it inside the call and count the worker's statements as the client's."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.fixture
def api(client, django_capture_on_commit_callbacks) -> Api:  # type: ignore[no-untyped-def]
    return Api(client, django_capture_on_commit_callbacks)


def _draft_body(people) -> dict:  # type: ignore[no-untyped-def]
    return {
        "category_id": category(people, "han", "letter").pk,
        "doc_type": "letter",
        "title": f"{people.agency.name}关于做好2027年重点项目谋划工作的函",
        "recipients": "市财政局",
        "body": BODY,
    }


def _outgoing_flow(api: Api, people, cast):  # type: ignore[no-untyped-def]
    """A 函 drafted, submitted and approved at 审核, 核稿 and 审签; the statements per call."""
    counts = {}
    response = api.call(
        people.staff,
        "post",
        "/api/v1/outgoing-documents",
        data=_draft_body(people),
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    counts["create"] = len(api.statements)
    doc_id = response.json()["id"]
    response = api.call(
        people.staff,
        "post",
        f"/api/v1/outgoing-documents/{doc_id}/submit",
        data={"opinion": "请审核"},
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    counts["submit"] = len(api.statements)
    # Each call names the item it opened: the flow goes on without looking at an inbox.
    (opened,) = response.json()["next_items"]
    for node, person in (
        ("dept_review", people.dept_head),
        ("office_review", cast.office_head),
        ("leader_sign", people.deputy),
    ):
        assert (opened["node_key"], opened["assignee"]["id"]) == (node, person.pk)
        response = api.call(
            person,
            "post",
            f"/api/v1/work-items/{opened['id']}/act",
            # 核稿 goes through its 办文三性 list (other nodes ignore it).
            data={"action": "approve", "opinion": "同意", "checklist": TICKED},
            content_type="application/json",
        )
        assert response.status_code == 200, response.content
        counts[node] = len(api.statements)
        (opened,) = response.json()["next_items"]
    assert opened["node_key"] == "recheck"
    return counts


def test_outgoing_create_submit_and_acts_within_budget(api, people):
    cast = outgoing_cast(people)
    _outgoing_flow(api, people, cast)  # the first flow of the process fills its caches
    counts = _outgoing_flow(api, people, cast)
    assert counts["create"] <= CREATE_BUDGET, counts
    assert counts["submit"] <= SUBMIT_BUDGET, counts
    assert counts["dept_review"] <= ACT_BUDGET, counts
    assert counts["office_review"] <= ACT_BUDGET + CHECKLIST_RESULT, counts
    assert counts["leader_sign"] <= ACT_BUDGET + INDEX_QUEUE, counts  # the 文号 indexed


def _upload() -> io.BytesIO:
    stream = io.BytesIO(PDF)
    stream.name = "原文.pdf"
    return stream


def test_incoming_register_and_screen_within_budget(api, people):
    incoming_cast(people)
    counts = []
    for n in range(3):  # the first two create and read the agency's template
        response = api.call(
            people.registrar,
            "post",
            "/api/v1/incoming-documents",
            data={
                "source_org": "某市财政局",
                "title": f"关于预算执行情况的函{n}",
                "doc_type": "letter",
                "source_number": f"某财函〔2026〕{n + 7}号",
            },
        )
        assert response.status_code == 201, response.content
        counts.append(len(api.statements))
    assert counts[-1] <= CREATE_BUDGET, api.statements
    item = WorkItem.objects.get(
        instance__subject_id=response.json()["id"],
        instance__subject_type="incoming.incomingdocument",
        status="open",
    )
    response = api.call(
        people.registrar,
        "post",
        f"/api/v1/work-items/{item.pk}/act",
        data={
            "action": "approve",
            "opinion": "要素齐全",
            "payload": {"checks": {"ours": True, "rules": True, "format": True}},
        },
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    assert response.json()["next_items"][0]["node_key"] == "propose"
    assert len(api.statements) <= ACT_BUDGET, api.statements


def test_without_a_shared_cache_each_call_reads_its_token_calendar_and_template(
    api, people, settings
):
    """Production without Redis (GOVOA_CACHE_SHARED off): the token (one statement), the
    person's roles (two), the working-day overrides and the published template (one each)
    are read per call; so are the agencies' webhook subscriptions and messaging platforms
    (one each, where the act announces an event and notifies: 签发)."""
    settings.GOVOA_CACHE_SHARED = False
    cast = outgoing_cast(people)
    _outgoing_flow(api, people, cast)
    counts = _outgoing_flow(api, people, cast)
    assert counts["create"] <= CREATE_BUDGET + 2, counts
    # Without a shared cache the submit, as every call, also reads the webhook subscriptions
    # and the enabled messaging platforms (issue 17): two statements.
    assert counts["submit"] <= SUBMIT_BUDGET + 2, counts
    assert counts["dept_review"] <= ACT_BUDGET + 5, counts
    assert counts["office_review"] <= ACT_BUDGET + 5 + CHECKLIST_RESULT, counts
    assert counts["leader_sign"] <= ACT_BUDGET + 5 + INDEX_QUEUE, counts
