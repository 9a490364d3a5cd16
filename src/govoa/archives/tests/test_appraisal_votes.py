"""Issue 13, 鉴定: each member of the committee decides on their own (继续保存 / 销毁, with a
reason), recorded and audited; the committee's majority decides; only records the majority
decided to destroy may be put up for destruction, whose requester never approves it. The
way around: a non-member, a second vote, a vote after the decision, a request too early."""

import datetime

import pytest
from django.utils import timezone

from govoa.archives.models import Appraisal, AppraisalVote, Destruction
from govoa.archives.services.appraisal import (
    AppraisalData,
    archive_appraisal_vote,
    archive_appraise,
    archive_destruction_request,
)
from govoa.audit.models import AuditEvent
from govoa.core.errors import Conflict, PermissionDenied, ValidationFailed
from govoa.core.vocabulary import Role
from govoa.flow.models import WorkItem
from govoa.testing.archive_records import (
    INCOMING,
    archives_cast,
    filed_record,
    finished_incoming,
)
from govoa.testing.factories import grant, make_person

pytestmark = pytest.mark.django_db


@pytest.fixture
def due(people, frozen_clock):
    """A 2011 letter kept ten years (due for 鉴定), put to a committee of three."""
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


def _vote(person, appraisal, decision="destroy", reason="已无查考价值"):
    return archive_appraisal_vote(
        actor=person, appraisal_id=appraisal.pk, decision=decision, reason=reason
    )


def test_the_archivists_proposal_decides_nothing_the_majority_does(due, people):
    cast, record, appraisal = due
    assert appraisal.status == "voting"
    record.refresh_from_db()
    assert record.status == "filed"  # the 初步意见 alone changes nothing
    with pytest.raises(ValidationFailed):  # not decided by the committee yet
        archive_destruction_request(actor=cast.archivist, record_ids=[record.pk], reason="期满")
    _vote(cast.archivist, appraisal)
    record.refresh_from_db()
    assert record.status == "filed"  # one of three is no majority
    _vote(people.dept_head, appraisal, reason="内容已失效")
    record.refresh_from_db()
    appraisal.refresh_from_db()
    assert (record.status, appraisal.status, appraisal.decision) == (
        "to_destroy",
        "decided",
        "destroy",
    )
    reasons = dict(AppraisalVote.objects.values_list("member__username", "reason"))
    assert reasons == {cast.archivist.username: "已无查考价值", "depthead": "内容已失效"}
    decided = AuditEvent.objects.get(action="archives.appraisal.decide")
    assert decided.details["votes"] == {"keep": 0, "destroy": 2}
    assert AuditEvent.objects.filter(action="archives.appraisal.vote").count() == 2
    # Decided: the last member's vote comes too late, and nothing changes.
    with pytest.raises(Conflict):
        _vote(cast.office_head, appraisal, "keep")
    assert appraisal.votes.count() == 2


def test_the_majority_keeps_and_the_retention_is_extended(due, people):
    cast, record, appraisal = due
    _vote(cast.archivist, appraisal, "destroy")
    _vote(cast.office_head, appraisal, "keep", "仍有查考价值")
    record.refresh_from_db()
    assert record.status == "filed"
    _vote(people.dept_head, appraisal, "keep", "涉及规划依据")
    record.refresh_from_db()
    appraisal.refresh_from_db()
    assert (appraisal.decision, appraisal.retention_after) == ("keep", "D30")
    assert record.status == "filed"
    assert record.keep_until == timezone.localdate().year + 30
    with pytest.raises(ValidationFailed):
        archive_destruction_request(actor=cast.archivist, record_ids=[record.pk], reason="期满")


def test_a_tie_keeps_the_record(people, frozen_clock):
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
        _vote(member, appraisal, decision)
    appraisal.refresh_from_db()
    record.refresh_from_db()
    assert (appraisal.status, appraisal.decision, record.status) == ("decided", "keep", "filed")


def test_a_non_member_cannot_vote_and_is_audited(due, people):
    _cast, _record, appraisal = due
    with pytest.raises(PermissionDenied):
        _vote(people.staff, appraisal)
    assert not AppraisalVote.objects.exists()
    assert AuditEvent.objects.filter(
        action="archives.appraisal.vote", outcome="denied", actor_id=people.staff.pk
    ).exists()


def test_one_member_votes_once(due, people):
    cast, _record, appraisal = due
    _vote(cast.archivist, appraisal)
    with pytest.raises(Conflict):
        _vote(cast.archivist, appraisal, "keep", "改变主意")
    assert list(appraisal.votes.values_list("decision", flat=True)) == ["destroy"]


def test_votes_over_http_the_way_around(client, due, people):
    cast, _record, appraisal = due
    url = f"/archives/appraisals/{appraisal.pk}/"
    # Not on the committee and not the archivist: the 鉴定 is not there for them.
    client.force_login(people.staff)
    assert client.get(url).status_code == 404
    assert client.post(url + "vote/", {"decision": "destroy", "reason": "x"}).status_code == 404
    # A member: bad input refused with a Chinese message, nothing recorded.
    client.force_login(people.dept_head)
    bad = client.post(url + "vote/", {"decision": "burn", "reason": ""})
    assert bad.status_code == 422
    assert "理由" in bad.content.decode()
    assert not AppraisalVote.objects.exists()
    assert client.post(url + "vote/", {"decision": "keep", "reason": "仍有价值"}).status_code == 302
    again = client.post(url + "vote/", {"decision": "destroy", "reason": "再投一次"})
    assert again.status_code == 409
    assert appraisal.votes.count() == 1
    # The archivist sees it and its tally on the appraisal page.
    client.force_login(cast.archivist)
    page = client.get("/archives/appraisal/").content.decode()
    assert url in page
    assert "1 / 3" in page


def test_the_requester_of_a_destruction_never_approves_it(client, due, people):
    cast, record, appraisal = due
    for member in cast.committee[:2]:  # a majority of three
        _vote(member, appraisal)
    grant(cast.archivist, Role.LEADER_PRINCIPAL)  # the archivist could approve, but asked
    destruction = archive_destruction_request(
        actor=cast.archivist, record_ids=[record.pk], reason="保管期限已满"
    )
    items = WorkItem.objects.filter(
        instance__subject_type="archives.destruction", instance__subject_id=destruction.pk
    )
    assert cast.archivist.pk not in set(items.values_list("assignee_id", flat=True))
    item = items.get(assignee=people.principal)
    client.force_login(cast.archivist)
    refused = client.post(f"/flow/items/{item.pk}/act/", {"action": "approve", "opinion": "同意"})
    assert refused.status_code in (403, 404)
    destruction.refresh_from_db()
    assert destruction.status == "reviewing"
    assert Destruction.objects.count() == 1
    assert Appraisal.objects.get().status == "decided"


def test_the_appraisal_page_costs_the_same_with_more_open_appraisals(client, due, people):
    from govoa.testing.queries import query_count

    cast, _record, _appraisal = due
    client.force_login(cast.archivist)
    client.get("/archives/appraisal/")
    before = query_count(lambda: client.get("/archives/appraisal/"))
    for n in range(3):
        document = finished_incoming(
            people,
            title=f"关于报送旧资料的函{n}",
            source_number=f"旧函〔2011〕{n + 1}号",
            doc_type="letter",
            written_on=datetime.date(2011, 2, n + 1),
        )
        record = filed_record(cast, INCOMING, document.pk, retention="D10")
        archive_appraise(
            actor=cast.archivist,
            data=AppraisalData([record.pk], "keep", [p.pk for p in cast.committee], "仍有价值"),
        )
    assert query_count(lambda: client.get("/archives/appraisal/")) == before
