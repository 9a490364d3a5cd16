"""Issue 13, 鉴定 on the flow engine: putting a record to the committee opens one 待办 per
member (template ``archive_appraisal``, a parallel node on the ``committee`` field); a member
votes through the ordinary act — on the appraisal's page or ``/api/v1/work-items/{id}/act``
with ``payload.decision`` and the reason as the opinion; the majority decides and withdraws
the others' items; the votes are listed by the API and the acts read in the 办理过程. An
appraisal put to the committee before the engine ran it gets its flow from the migration's
backfill. The way around: no decision, no reason, a non-member, a vote after the decision."""

import datetime

import pytest

from govoa.archives.models import Appraisal, AppraisalVote
from govoa.archives.services.appraisal import (
    AppraisalData,
    appraisal_vote_flows_backfill,
    archive_appraise,
)
from govoa.audit.models import AuditEvent
from govoa.flow.models import FlowInstance, TrailEntry, WorkItem
from govoa.flow.workflow import ItemStatus
from govoa.testing.archive_records import INCOMING, archives_cast, filed_record, finished_incoming
from govoa.testing.queries import query_count

pytestmark = pytest.mark.django_db


@pytest.fixture
def due(people, frozen_clock):
    cast = archives_cast(people)
    document = finished_incoming(
        people,
        title="关于商请提供规划资料的函",
        doc_type="letter",
        written_on=datetime.date(2011, 6, 3),
    )
    record = filed_record(cast, INCOMING, document.pk, retention="D10")
    (appraisal,) = archive_appraise(
        actor=cast.archivist,
        data=AppraisalData(
            record_ids=[record.pk],
            decision="destroy",
            committee_ids=[p.pk for p in cast.committee],
            opinion="已无查考价值",
        ),
    )
    return cast, record, appraisal


def _items(appraisal):
    return WorkItem.objects.filter(
        instance__subject_type="archives.appraisal", instance__subject_id=appraisal.pk
    ).order_by("pk")


def _act(client, item, **body):
    return client.post(f"/api/v1/work-items/{item.pk}/act", body, content_type="application/json")


def test_each_member_gets_a_work_item_on_the_workbench(client, due, people):
    cast, _record, appraisal = due
    items = _items(appraisal)
    assert {i.assignee_id for i in items} == {p.pk for p in cast.committee}
    assert {(i.node_key, i.kind, i.status) for i in items} == {("vote", "parallel", "open")}
    client.force_login(people.dept_head)
    workbench = client.get("/").content.decode()
    assert "档案鉴定" in workbench
    # The generic item page sends the member to the appraisal's page, where the vote is cast.
    mine = items.get(assignee=people.dept_head)
    opened = client.get(f"/flow/items/{mine.pk}/")
    assert opened.status_code == 302
    assert opened["Location"].startswith(f"/archives/appraisals/{appraisal.pk}/")
    page = client.get(f"/archives/appraisals/{appraisal.pk}/").content.decode()
    assert "提交我的意见" in page


def test_votes_through_the_work_item_api_majority_decides(client, due, people):
    cast, record, appraisal = due
    items = _items(appraisal)
    first = items.get(assignee=cast.archivist)
    client.force_login(cast.archivist)
    # No decision, or no reason: 422 in Chinese, nothing recorded, the item still open.
    no_decision = _act(client, first, action="approve", opinion="已无查考价值")
    assert no_decision.status_code == 422
    assert "鉴定意见" in no_decision.content.decode()
    no_reason = _act(client, first, action="approve", payload={"decision": "destroy"})
    assert no_reason.status_code == 422
    assert "理由" in no_reason.content.decode()
    forwarded = _act(
        client, first, action="forward", opinion="请他人代为表决", to_person=people.staff.pk
    )
    assert forwarded.status_code == 409  # the committee is named: no 转办
    assert not AppraisalVote.objects.exists()
    assert _items(appraisal).filter(status="open").count() == 3
    voted = _act(
        client, first, action="approve", opinion="已无查考价值", payload={"decision": "destroy"}
    )
    assert voted.status_code == 200
    assert voted.json()["status"] == "done"
    listed = client.get(f"/api/v1/archive-appraisals/{appraisal.pk}/votes").json()
    assert listed["status"] == "voting"
    assert [(v["member"]["id"], v["decision"], v["reason"]) for v in listed["votes"]] == [
        (cast.archivist.pk, "destroy", "已无查考价值")
    ]
    assert listed["my_work_item_id"] is None
    assert {m["id"] for m in listed["committee"]} == {p.pk for p in cast.committee}

    client.force_login(people.dept_head)
    mine = client.get(f"/api/v1/archive-appraisals/{appraisal.pk}/votes").json()
    second = items.get(assignee=people.dept_head)
    assert mine["my_work_item_id"] == second.pk
    decided = _act(
        client, second, action="approve", opinion="内容已失效", payload={"decision": "destroy"}
    )
    assert decided.status_code == 200
    appraisal.refresh_from_db()
    record.refresh_from_db()
    assert (appraisal.status, appraisal.decision, record.status) == (
        "decided",
        "destroy",
        "to_destroy",
    )
    # The majority decided: the third member's item is withdrawn, the flow has ended.
    third = items.get(assignee=cast.office_head)
    assert third.status == ItemStatus.CANCELLED
    instance = FlowInstance.objects.get(subject_type="archives.appraisal", subject_id=appraisal.pk)
    assert instance.status == "completed"
    client.force_login(cast.office_head)
    late = _act(client, third, action="approve", opinion="仍有价值", payload={"decision": "keep"})
    assert late.status_code in (404, 409)
    assert appraisal.votes.count() == 2
    assert AuditEvent.objects.get(action="archives.appraisal.decide").details["votes"] == {
        "keep": 0,
        "destroy": 2,
    }

    # The acts read in the 办理过程, on the appraisal's page and through the API.
    client.force_login(cast.archivist)
    page = client.get(f"/archives/appraisals/{appraisal.pk}/").content.decode()
    trail = page.split("<h2>办理过程</h2>", 1)[1]
    assert "表决：销毁" in trail
    assert "内容已失效" in trail
    lines = client.get(f"/api/v1/flows/{instance.pk}/trail").json()
    assert [line["text"] for line in lines if line["action"] == "approve"] == [
        f"{cast.archivist.real_name} 同意：已无查考价值（表决：销毁）",
        f"{people.dept_head.real_name} 同意：内容已失效（表决：销毁）",
    ]


def test_a_tie_on_the_engine_keeps_the_record(client, people, frozen_clock):
    from govoa.testing.factories import make_person

    cast = archives_cast(people)
    fourth = make_person(department=people.office, username="dasiren", real_name="第四人")
    document = finished_incoming(
        people,
        title="关于报送统计资料的函",
        doc_type="letter",
        written_on=datetime.date(2011, 3, 1),
    )
    record = filed_record(cast, INCOMING, document.pk, retention="D10")
    members = [*cast.committee, fourth]
    (appraisal,) = archive_appraise(
        actor=cast.archivist,
        data=AppraisalData([record.pk], "destroy", [p.pk for p in members], "已无查考价值"),
    )
    for member, decision in zip(members, ("destroy", "keep", "destroy", "keep"), strict=True):
        item = _items(appraisal).get(assignee=member)
        client.force_login(member)
        answer = _act(
            client, item, action="approve", opinion="理由", payload={"decision": decision}
        )
        assert answer.status_code == 200
    appraisal.refresh_from_db()
    record.refresh_from_db()
    assert (appraisal.status, appraisal.decision, record.status) == ("decided", "keep", "filed")
    assert record.keep_until == 2026 + 30


def test_the_votes_are_not_there_for_outsiders(client, due, people):
    _cast, _record, appraisal = due
    url = f"/api/v1/archive-appraisals/{appraisal.pk}/votes"
    client.force_login(people.staff)  # not on the committee, not the archivist
    assert client.get(url).status_code == 404
    assert client.get("/api/v1/archive-appraisals/999999/votes").status_code == 404


def test_the_votes_list_costs_the_same_with_more_votes(client, due, people):
    cast, _record, appraisal = due
    client.force_login(cast.archivist)
    url = f"/api/v1/archive-appraisals/{appraisal.pk}/votes"
    client.get(url)
    before = query_count(lambda: client.get(url))
    for member in cast.committee[:2]:
        item = _items(appraisal).get(assignee=member)
        client.force_login(member)
        _act(client, item, action="approve", opinion="理由", payload={"decision": "keep"})
    client.force_login(cast.archivist)
    client.get(url)  # the first request of a new login touches its session
    assert query_count(lambda: client.get(url)) == before


def test_an_appraisal_from_before_the_engine_gets_its_flow(people, frozen_clock):
    """What migration 0003 does with a 鉴定 put to its committee by 0002's own mechanism."""
    from django.utils import timezone

    cast = archives_cast(people)
    document = finished_incoming(
        people, title="关于报送旧资料的函", doc_type="letter", written_on=datetime.date(2011, 2, 1)
    )
    record = filed_record(cast, INCOMING, document.pk, retention="D10")
    legacy = Appraisal.objects.create(
        agency=people.agency,
        record=record,
        decision="destroy",
        retention_before="D10",
        opinion="已无查考价值",
        recorded_by=cast.archivist,
        decided_at=timezone.now(),
    )
    legacy.committee.set(cast.committee)
    AppraisalVote.objects.create(
        appraisal=legacy,
        member=cast.office_head,
        decision="destroy",
        reason="无保存价值",
        voted_at=timezone.now(),
    )
    assert appraisal_vote_flows_backfill() == 1
    items = _items(legacy)
    assert {(i.assignee_id, i.status) for i in items} == {
        (cast.archivist.pk, "open"),
        (people.dept_head.pk, "open"),
        (cast.office_head.pk, "done"),
    }
    line = TrailEntry.objects.get(
        instance__subject_type="archives.appraisal",
        instance__subject_id=legacy.pk,
        action="approve",
    )
    assert (line.actor_id, line.opinion, line.details["said"]) == (
        cast.office_head.pk,
        "无保存价值",
        "表决：销毁",
    )
    assert appraisal_vote_flows_backfill() == 0  # once
    # The next member's vote decides as before (2 of 3 to destroy).
    from govoa.archives.services.appraisal import archive_appraisal_vote

    archive_appraisal_vote(
        actor=people.dept_head, appraisal_id=legacy.pk, decision="destroy", reason="已失效"
    )
    legacy.refresh_from_db()
    assert (legacy.status, legacy.decision) == ("decided", "destroy")


def test_the_votes_endpoint_in_the_permission_matrix(
    client, due, people, other_agency_person, frozen_clock
):
    from govoa.testing.permissions import Matrix

    _cast, _record, appraisal = due
    url = f"/api/v1/archive-appraisals/{appraisal.pk}/votes"
    # A member sees it; someone of another agency, or of this one off the committee, does not.
    Matrix(url, api=True).check(client, in_scope=people.dept_head, out_of_scope=other_agency_person)
    Matrix(url, api=True).check(client, in_scope=people.dept_head, out_of_scope=people.staff)
    for admin in (people.audit_admin, people.sys_admin, people.sec_admin):  # 三员: never
        client.force_login(admin)
        assert client.get(url).status_code in (403, 404)
