"""``/api/v1/feedback``: submit, one's own list, the office head's triage queue, 研判."""

import datetime

import pytest

from govoa.audit.models import AuditEvent
from govoa.reports.models import Feedback, FeedbackStatus
from govoa.supervision.models import SupervisionTask
from govoa.testing.clock import FROZEN_TODAY
from govoa.testing.incoming import incoming_cast
from govoa.testing.openapi import assert_documented
from govoa.testing.permissions import Matrix

pytestmark = pytest.mark.django_db

API = "/api/v1/feedback"


def _post(client, url, body):
    return client.post(url, body, content_type="application/json")


def _submit(client, person, procedure="收文拟办", content="拟办意见要手工抄写，重复劳动。"):
    client.force_login(person)
    response = _post(client, API, {"kind": "problem", "procedure": procedure, "content": content})
    assert response.status_code == 201, response.content
    return response.json()


def test_submit_list_own_and_triage_through_the_api(client, people, frozen_clock):
    office_head = incoming_cast(people).office_head
    mine = _submit(client, people.staff)
    assert (mine["status"], mine["status_label"]) == ("submitted", "待研判")
    assert mine["submitted_by"] == {"id": people.staff.pk, "name": people.staff.real_name}
    _submit(client, people.dept_head, procedure="会议通知", content="希望增加短信提醒。")

    client.force_login(people.staff)  # one's own only
    listed = client.get(API).json()
    assert [f["id"] for f in listed["items"]] == [mine["id"]]
    client.force_login(office_head)  # the office: the agency's queue
    queue = client.get(API, {"status": "submitted"}).json()
    assert [f["procedure"] for f in queue["items"]] == ["会议通知", "收文拟办"]
    assert client.get(API, {"mine": "true"}).json()["items"] == []

    url = f"{API}/{mine['id']}/triage"
    refused = _post(client, url, {"decision": "accept", "note": "采纳"})
    assert refused.status_code == 422  # no owner, no deadline
    assert "负责人" in str(refused.json()["error"])
    assert Feedback.objects.get(pk=mine["id"]).status == FeedbackStatus.SUBMITTED
    done = _post(
        client,
        url,
        {
            "decision": "accept",
            "note": "采纳，处理单自动带出拟办意见。",
            "owner_id": people.dept_head.pk,
            "deadline": (FROZEN_TODAY + datetime.timedelta(days=30)).isoformat(),
            "goal": "处理单自动带出拟办意见。",
        },
    )
    assert done.status_code == 200, done.content
    answer = done.json()
    assert answer["status"] == "accepted"
    assert answer["triaged_by"]["id"] == office_head.pk
    task = SupervisionTask.objects.get(pk=answer["task_id"])
    assert (task.title, task.owner_id) == ("流程优化：收文拟办", people.dept_head.pk)
    assert AuditEvent.objects.filter(action="reports.feedback.triage").count() == 1
    again = _post(client, url, {"decision": "decline", "note": "重复"})
    assert again.status_code == 409
    client.force_login(people.staff)  # the submitter reads the outcome
    assert client.get(f"{API}/{mine['id']}").json()["task_id"] == task.pk


def test_bad_input_is_refused_in_chinese_and_changes_nothing(client, people):
    office_head = incoming_cast(people).office_head
    client.force_login(people.staff)
    for body in (
        {"kind": "problem", "procedure": "  ", "content": "x"},
        {"kind": "complaint", "procedure": "收文", "content": "x"},
        {"kind": "problem", "procedure": "收", "content": "长" * 2001},
    ):
        response = _post(client, API, body)
        assert response.status_code == 422, body
    assert not Feedback.objects.exists()
    mine = _submit(client, people.staff)
    client.force_login(office_head)
    refused = _post(client, f"{API}/{mine['id']}/triage", {"decision": "decline"})
    assert refused.status_code == 422
    assert "理由" in str(refused.json()["error"])
    assert client.get(API, {"status": "closed"}).status_code == 422


def test_permissions(client, people, other_agency_person):
    office_head = incoming_cast(people).office_head
    mine = _submit(client, people.staff)
    one = f"{API}/{mine['id']}"
    Matrix(one, api=True).check(client, in_scope=people.staff, out_of_scope=people.dept_head)
    Matrix(one, api=True).check(client, in_scope=office_head, out_of_scope=other_agency_person)
    Matrix(API, api=True).check(client, in_scope=people.staff, out_of_scope=people.sys_admin)
    # Triage is the office head's: anyone else is refused (403, audited), nothing changes.
    client.force_login(people.staff)
    refused = _post(client, f"{one}/triage", {"decision": "decline", "note": "不采纳"})
    assert refused.status_code == 403
    assert Feedback.objects.get(pk=mine["id"]).status == FeedbackStatus.SUBMITTED
    client.force_login(other_agency_person)
    assert client.get(API).json()["items"] == []


def test_list_cost_does_not_grow(client, people, django_assert_max_num_queries):
    for n in range(3):
        _submit(client, people.staff, procedure=f"流程{n}")
    client.force_login(people.staff)
    with django_assert_max_num_queries(8) as few:
        client.get(API)
    baseline = len(few.captured_queries)
    for n in range(10):
        _submit(client, people.staff, procedure=f"更多流程{n}")
    client.force_login(people.staff)
    with django_assert_max_num_queries(baseline):
        assert len(client.get(API).json()["items"]) == 13


def test_every_answer_is_documented(client, people):
    office_head = incoming_cast(people).office_head
    mine = _submit(client, people.staff)
    triage = "/api/v1/feedback/{feedback_id}/triage"
    client.force_login(office_head)
    for method, path, response in (
        ("get", API, client.get(API)),
        ("get", "/api/v1/feedback/{feedback_id}", client.get(f"{API}/{mine['id']}")),
        ("get", "/api/v1/feedback/{feedback_id}", client.get(f"{API}/999999")),
        ("post", API, _post(client, API, {"kind": "problem"})),
        ("post", triage, _post(client, f"{API}/{mine['id']}/triage", {"decision": "decline"})),
        (
            "post",
            triage,
            _post(client, f"{API}/{mine['id']}/triage", {"decision": "decline", "note": "否"}),
        ),
        ("post", triage, _post(client, f"{API}/{mine['id']}/triage", {"decision": "decline"})),
    ):
        assert_documented(response, method, path)
