"""``govoa loadgen`` (issue 9): the generated history is what the services would have written
— its rows agree with each other, its pages open for the people in them and not for others,
and the audit chain over it verifies."""

import io

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from govoa.audit.models import AuditChainLink, AuditEvent
from govoa.audit.verify import verify_chain
from govoa.core.models import Sequence
from govoa.demo.loadgen.agency import AGENCY_NAME
from govoa.demo.loadgen.generate import generate
from govoa.demo.loadgen.scales import SCALES
from govoa.demo.loadgen.supervision import open_task_count
from govoa.flow.models import FlowInstance, TrailEntry, WorkItem
from govoa.flow.workflow import InstanceStatus, ItemStatus
from govoa.incoming.models import IncomingDocument
from govoa.incoming.policies import SUBJECT_TYPE as INCOMING
from govoa.notify.models import Notification
from govoa.org.models import Agency, Person
from govoa.outgoing.models import Distribution, OutgoingDocument
from govoa.outgoing.policies import SUBJECT_TYPE as OUTGOING

TINY = SCALES["tiny"]


@pytest.fixture
def generated(db):
    return generate(TINY, progress=lambda line: None)


def _client(person: Person) -> Client:
    client = Client()
    client.force_login(person)
    return client


def test_counts_match_the_scale_and_the_rows_agree(generated):
    agency = Agency.objects.get(name=AGENCY_NAME)
    # 4 prototypes through the services, the rest copied.
    documents = TINY.incoming + TINY.open_incoming + TINY.outgoing + TINY.open_outgoing
    assert generated.documents == documents
    incoming = IncomingDocument.objects.filter(agency=agency)
    outgoing = OutgoingDocument.objects.filter(agency=agency)
    assert incoming.count() == TINY.incoming + TINY.open_incoming + 2
    assert outgoing.count() == TINY.outgoing + TINY.open_outgoing + 2
    assert Person.objects.filter(agency=agency).count() >= TINY.people
    # Every document has its one flow; every flow's subject, title and 密级 match it.
    for module, documents_, subject_type in (
        ("incoming", incoming, INCOMING),
        ("outgoing", outgoing, OUTGOING),
    ):
        instances = FlowInstance.objects.filter(subject_type=subject_type, agency=agency)
        assert instances.count() == documents_.count()
        by_pk = {d.pk: d for d in documents_}
        for instance in instances:
            document = by_pk[instance.subject_id]
            assert (instance.title, instance.classification) == (
                document.title,
                document.classification,
            )
            assert instance.url == f"/{module}/{document.pk}/"
    # Numbers are unique and the numbering continues after the history.
    assert len(set(incoming.values_list("number", flat=True))) == incoming.count()
    numbered = outgoing.exclude(number="")
    assert len(set(numbered.values_list("number", flat=True))) == numbered.count()
    # The 发文's register year: its number's year, or the local year it was drafted in
    # (ADR 0019); both kinds are among the copies.
    assert outgoing.filter(year__isnull=True).count() > 2
    for document in outgoing:
        drafted = timezone.localtime(document.created_at).year
        assert document.register_year == (document.year or drafted), document.pk
    # Each distribution repeats its document's 创建时间 (the 科员's register reads it in order).
    distributions = Distribution.objects.filter(document__agency=agency)
    assert distributions.exists()
    for distribution in distributions.select_related("document"):
        assert distribution.document_created_at == distribution.document.created_at
    for year, top in {(d.year, d.serial) for d in incoming}:
        assert (
            Sequence.objects.get(agency_id=agency.pk, kind="incoming", year=year).last_value >= top
        )
    # Finished flows have no open item; open ones do, with someone holding each.
    documents_flows = FlowInstance.objects.filter(
        agency=agency, module__in=["incoming", "outgoing"]
    )
    finished = documents_flows.filter(status=InstanceStatus.COMPLETED)
    running = documents_flows.filter(status=InstanceStatus.RUNNING)
    assert finished.count() == TINY.incoming + TINY.outgoing + 2
    assert running.count() == TINY.open_incoming + TINY.open_outgoing + 2
    assert not WorkItem.objects.filter(instance__in=finished, status=ItemStatus.OPEN).exists()
    for instance in running:
        assert instance.items.filter(status=ItemStatus.OPEN).exists()
    # Trails and items belong to their flow's people: a done item was acted on by its holder.
    for item in WorkItem.objects.filter(instance__agency=agency, status=ItemStatus.DONE):
        assert item.acted_by_id == item.assignee_id
        assert item.done_at is not None
        assert item.done_at >= item.created_at
        assert item.assignee.clearance >= item.instance.classification
    assert TrailEntry.objects.filter(instance__agency=agency).count() > 10 * documents // 2
    # Notifications link to the items of the copy they were made for.
    notifications = Notification.objects.filter(agency_id=agency.pk, url__startswith="/flow/items/")
    assert notifications.count() > documents
    for notification in notifications[:200]:
        item = WorkItem.objects.get(pk=int(notification.url.split("/")[3]))
        assert item.assignee_id == notification.recipient_id
        assert item.instance.title in notification.title


def test_the_audit_chain_over_the_history_verifies(generated):
    assert AuditEvent.objects.count() == AuditChainLink.objects.count()
    assert AuditEvent.objects.filter(action="accounts.session.login").exists()
    result = verify_chain()
    assert result.ok, result.describe()
    assert result.checked == AuditEvent.objects.count()


def test_pages_open_for_participants_and_not_for_outsiders(generated):
    agency = Agency.objects.get(name=AGENCY_NAME)
    document = (
        IncomingDocument.objects.filter(agency=agency, status="archived")
        .exclude(title__contains="重点项目谋划储备")  # a copy, not the prototype
        .order_by("pk")
        .first()
    ) or IncomingDocument.objects.filter(agency=agency).order_by("-pk").first()
    instance = FlowInstance.objects.get(subject_type=INCOMING, subject_id=document.pk)
    handler = instance.items.get(node_key="handle").assignee
    outsider = (
        Person.objects.filter(agency=agency, title="科员")
        .exclude(department=handler.department)
        .exclude(pk__in=instance.items.values("assignee_id"))
        .first()
    )
    participant = _client(handler)
    assert participant.get(f"/incoming/{document.pk}/").status_code == 200
    assert participant.get("/?tab=done").status_code == 200
    assert _client(outsider).get(f"/incoming/{document.pk}/").status_code == 404
    registrar = Person.objects.get(username=generated.usernames["收发员"])
    assert _client(registrar).get("/incoming/").status_code == 200
    outgoing = OutgoingDocument.objects.filter(agency=agency).exclude(number="").last()
    drafter = outgoing.drafter
    assert _client(drafter).get(f"/outgoing/{outgoing.pk}/").status_code == 200
    if outsider.department_id not in (outgoing.drafting_department_id,):
        assert _client(outsider).get(f"/outgoing/{outgoing.pk}/").status_code == 404


def test_the_command_refuses_a_second_run(db):
    out = io.StringIO()
    call_command("loadgen", "--scale", "tiny", stdout=out)
    assert "完成" in out.getvalue()
    with pytest.raises(Exception, match="已存在"):
        call_command("loadgen", "--scale", "tiny", stdout=io.StringIO())


def test_an_agency_of_more_than_999_people_keeps_every_person(db):
    """Usernames run past ``lg.0999`` at the large scale (2,000 people); every one of them is
    read back and given its roles (the lookup once missed those from ``lg.1000`` on)."""
    import random

    from govoa.demo.loadgen.agency import build_org
    from govoa.demo.loadgen.scales import Scale

    org = build_org(Scale("wide", 1_010, 2, 1, 0, 0, 0, 0, 0.0), random.Random(1))
    last = Person.objects.get(agency=org.agency, username="lg.1010")
    assert len(org.names) == 1_010
    assert org.names[last.pk] == last.real_name


def test_supervision_history_and_open_tasks(generated):
    """督办: completed tasks over the history with their steps and reports, and open ones
    with real flows (their owners hold the items); the ledger opens for a department head and
    shows the department's tasks only."""
    from govoa.supervision.models import SupervisionTask
    from govoa.supervision.workflow import TaskStatus

    agency = Agency.objects.get(name=AGENCY_NAME)
    tasks = SupervisionTask.objects.filter(agency=agency)
    completed = tasks.filter(status=TaskStatus.COMPLETED)
    assert completed.count() == max(TINY.incoming // 10, 2)
    for task in completed:
        assert task.steps.count() == 2
        assert task.reports.filter(kind="final").count() == 1
        assert task.owner.department_id == task.department_id
    open_tasks = tasks.exclude(status=TaskStatus.COMPLETED)
    assert open_tasks.count() == open_task_count(TINY) == max(TINY.open_incoming // 3, 2)
    for task in open_tasks:
        item = WorkItem.objects.get(
            instance__subject_type="supervision.supervisiontask",
            instance__subject_id=task.pk,
            status=ItemStatus.OPEN,
        )
        assert item.assignee_id in (task.owner_id, task.assigner_id)
    head = open_tasks.first().owner
    page = _client(head).get("/supervision/")
    assert page.status_code == 200
    shown = {t.department_id for t, _glance in page.context["rows"]}
    assert shown <= {head.department_id}


def test_the_fast_sign_in_digest_is_the_chain_s_own():
    """A sign-in's canonical form is put together from a prepared part (``digests``): byte for
    byte what the chain hashes, and the same digests in worker processes as inline."""
    import datetime
    import json

    from govoa.audit.chain import canonical_values, link_hash, values_digest
    from govoa.demo.loadgen import digests

    at = datetime.datetime(2024, 3, 4, 0, 31, 7, 120, tzinfo=datetime.UTC)
    login = [
        7,
        at,
        1,
        23,
        '张"三',
        "10.20.0.24",
        digests.LOGIN,
        "org.person",
        "23",
        '张"三',
        "success",
        "{}",
    ]
    other = [
        8,
        at,
        1,
        23,
        "张三",
        "",
        "incoming.register",
        "incoming.incomingdocument",
        "5",
        "关于{x}的通知",
        "success",
        '{"b": [1, 2.0], "a": "收"}',
    ]
    assert digests.canonical(login) == canonical_values([*login[:-1], {}])
    assert digests.canonical(other) == canonical_values([*other[:-1], {"a": "收", "b": [1, 2]}])
    rows = [login, other]
    expected = [values_digest([*r[:-1], json.loads(r[-1])]) for r in rows]
    assert digests.digests(rows) == expected
    hasher = digests.Hasher()
    try:
        many = [[i, *login[1:]] for i in range(digests.POOL_THRESHOLD + 1)]
        pending = hasher.submit(many)
        assert not isinstance(pending[0], str)  # went to the worker processes
        assert hasher.result(pending) == digests.digests(many)
    finally:
        hasher.close()
    assert digests.link_hashes("0" * 64, expected) == [
        link_hash("0" * 64, expected[0]),
        link_hash(link_hash("0" * 64, expected[0]), expected[1]),
    ]


def test_meetings_history_and_open_requests(generated):
    """会议: closed meetings over the history with their invitees, and open requests with
    real flows (their approvers hold the items); the list opens for a department head."""
    from govoa.meetings.models import Meeting

    agency = Agency.objects.get(name=AGENCY_NAME)
    meetings = Meeting.objects.filter(agency=agency)
    closed = meetings.filter(status="closed")
    assert closed.count() == max(TINY.incoming // 20, 2)
    for meeting in closed:
        assert meeting.invitees.filter(person=meeting.chair).exists()
        assert meeting.ends_at > meeting.starts_at
    pending = meetings.filter(status="pending")
    assert pending.count() == max(TINY.open_incoming // 5, 2)
    for meeting in pending:
        item = WorkItem.objects.get(
            instance__subject_type="meetings.meeting",
            instance__subject_id=meeting.pk,
            status=ItemStatus.OPEN,
        )
        assert item.assignee_id == meeting.approver_id
    head = pending.first().organiser
    page = _client(head).get("/meetings/")
    assert page.status_code == 200
    assert {m.pk for m in page.context["rows"]} >= {pending.first().pk}


def test_archive_history_is_filed_with_unique_reference_codes(generated):
    """档案: the past years' finished documents filed, 件号 running 1, 2, … in each class in
    date order; the catalogue opens for the staff and shows those years."""
    from govoa.archives.models import ArchiveRecord

    agency = Agency.objects.get(name=AGENCY_NAME)
    records = ArchiveRecord.objects.filter(agency=agency)
    assert generated.rows["archives.ArchiveRecord"] == records.count() > 0
    codes = list(records.values_list("reference_code", flat=True))
    assert len(set(codes)) == len(codes)
    by_class: dict[str, list] = {}
    for record in records.order_by("class_code", "item_number"):
        by_class.setdefault(record.class_code, []).append(record)
    for rows in by_class.values():
        assert [r.item_number for r in rows] == list(range(1, len(rows) + 1))
        assert [r.date for r in rows] == sorted(r.date for r in rows)
    year = records.order_by("-year").first().year
    staff = Person.objects.filter(agency=agency, role_assignments__isnull=True).first()
    page = _client(staff).get(f"/archives/?year={year}")
    assert page.status_code == 200
    assert page.context["records"]
