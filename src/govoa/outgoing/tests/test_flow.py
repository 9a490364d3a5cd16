"""发文 through its flow, service by service (the HTTP path is in test_http.py)."""

import datetime

import pytest

from govoa.core.errors import TransitionNotAllowed, ValidationFailed
from govoa.flow.models import WorkItem
from govoa.flow.services.acts import work_item_act
from govoa.flow.services.checklists import every_item_ticked
from govoa.outgoing.models import OutgoingDocument
from govoa.outgoing.official import findings_for
from govoa.outgoing.services.drafting import outgoing_submit
from govoa.outgoing.workflow import Status
from govoa.testing.outgoing import draft, outgoing_cast


def item_of(document, node_key=None):
    items = WorkItem.objects.filter(
        instance__subject_id=document.pk,
        instance__subject_type="outgoing.outgoingdocument",
        status="open",
    )
    if node_key:
        items = items.filter(node_key=node_key)
    return items.get()


def act(document, node_key, action="approve", opinion="同意", actor=None, **payload):
    item = item_of(document, node_key)
    work_item_act(
        actor=actor or item.assignee,
        item_id=item.pk,
        action=action,
        opinion=opinion,
        payload={**every_item_ticked(item), **payload} if action == "approve" else payload,
    )
    document.refresh_from_db()
    return item


@pytest.fixture
def cast(people):
    return outgoing_cast(people)


def test_submission_runs_the_checker_and_refuses_errors(people, cast):
    bad = draft(people, title="关于做好工作的通知。", recipients="各单位：")
    with pytest.raises(ValidationFailed) as excinfo:
        outgoing_submit(actor=people.staff, document=bad)
    assert "核稿助手发现格式问题" in excinfo.value.message
    bad.refresh_from_db()
    assert bad.status == Status.DRAFTING
    assert findings_for(bad)  # what the drafter is shown
    good = draft(people)
    outgoing_submit(actor=people.staff, document=good)
    assert good.__class__.objects.get(pk=good.pk).status == Status.REVIEWING


def test_main_path_to_issue_with_exchange_receipt(people, cast, other_agency_person):
    from govoa.core.vocabulary import Role
    from govoa.documents.models import Exchange
    from govoa.incoming.models import IncomingDocument
    from govoa.testing.factories import grant

    grant(other_agency_person, Role.REGISTRAR)
    document = draft(people)
    outgoing_submit(actor=people.staff, document=document)
    document.refresh_from_db()
    assert document.version == 1
    act(document, "dept_review", opinion="同意")
    act(document, "office_review", opinion="核稿无误")
    act(document, "leader_sign", opinion="同意印发")
    assert document.signed_by == people.deputy
    act(document, "recheck", opinion="复核无误")
    act(document, "number")
    assert document.number == f"测发改发〔{document.year}〕1号"
    act(document, "proofread", opinion="一校无误")
    with pytest.raises(ValidationFailed) as excinfo:
        act(document, "print", checked_by=people.registrar.pk)
    assert excinfo.value.fields == {
        "checked_by": ["按职责分离规则“印制”≠“核对人”，核对人须由“印制”办理人以外的人担任。"]
    }
    act(document, "print", checked_by=cast.office_head.pk, copies=30)
    assert (document.printed_by, document.print_checked_by) == (people.registrar, cast.office_head)
    act(document, "seal")
    assert document.sealed_by == cast.seal_keeper
    for refused, fields in [
        ({"departments": [people.energy.pk, 10**9]}, {"departments": ["请选择本机关的部门。"]}),
        ({"agencies": [people.agency.pk]}, {"agencies": ["请选择平台上的其他机关。"]}),
        ({"departments": ["规划处"]}, {"departments": ["选择无效。"]}),
    ]:
        with pytest.raises(ValidationFailed) as excinfo:
            act(document, "distribute", **refused)
        assert excinfo.value.fields == fields
    assert not document.distributions.exists()
    act(
        document,
        "distribute",
        departments=[people.energy.pk],
        agencies=[other_agency_person.agency_id],
        others=["某区发展和改革局"],
    )
    assert document.status == Status.ISSUED
    assert document.archive_due is not None
    received = IncomingDocument.objects.get(agency=other_agency_person.agency)
    assert (received.source_number, received.title) == (document.number, document.title)
    assert received.attachments.get().file.name == f"{document.number}.pdf"
    receipt = WorkItem.objects.get(instance__subject_id=received.pk, status="open")
    work_item_act(actor=other_agency_person, item_id=receipt.pk, action="approve")
    distribution = document.distributions.get(kind="exchange")
    assert distribution.received_by_name == "外单位人员"
    assert Exchange.objects.get().status == "received"
    assert document.distributions.count() == 3


def test_skipping_review_is_refused(people, cast):
    document = draft(people)
    outgoing_submit(actor=people.staff, document=document)
    act(document, "dept_review")
    OutgoingDocument.objects.filter(pk=document.pk).update(checked_at=None)
    from govoa.flow.models import FlowInstance
    from govoa.testing.flows import move_to

    move_to(
        FlowInstance.objects.get(subject_id=document.pk, code="outgoing"),
        "leader_sign",
        actor=people.staff,
    )
    with pytest.raises(TransitionNotAllowed, match="尚未经过办公室核稿"):
        act(document, "leader_sign")


def test_a_voided_number_stops_the_flow_until_the_document_is_numbered_again(people, cast):
    from govoa.outgoing.services.numbers import number_void

    document = draft(people)
    outgoing_submit(actor=people.staff, document=document)
    for node in ("dept_review", "office_review", "leader_sign", "recheck", "number"):
        act(document, node)
    first = document.number
    number_void(actor=people.registrar, document=document, reason="编号类别有误")
    document.refresh_from_db()
    assert (document.number, document.year, document.serial) == ("", None, None)
    with pytest.raises(TransitionNotAllowed, match="发文字号已作废"):
        act(document, "proofread", opinion="校对无误")
    assert document.proof_rounds.count() == 0
    act(document, "proofread", action="return", opinion="请重新编号", target_node="number")
    act(document, "number")
    assert document.number == first.replace("1号", "2号")  # the voided number is not reused
    for node in ("proofread", "print", "seal"):
        act(document, node, checked_by=cast.office_head.pk)
    assert document.status == "distributing"


def test_the_register_files_a_document_under_its_number_s_year_else_the_year_drafted(
    people, cast, time_machine
):
    """The 发文登记簿's year (ADR 0019): before numbering, the local year it was drafted in
    (a draft of 07:00 on 1 January is of the new year, though UTC still says 31 December);
    once numbered, the 发文字号's year; after 作废, the year drafted again."""
    from govoa.outgoing.selectors import RegisterFilters, outgoing_list
    from govoa.outgoing.services.numbers import number_void
    from govoa.testing.clock import FROZEN_TODAY, SHANGHAI

    year = FROZEN_TODAY.year
    time_machine.move_to(datetime.datetime(year, 12, 31, 23, 30, tzinfo=SHANGHAI))
    late = draft(people, title=f"{people.agency.name}关于年末事项的通知")
    outgoing_submit(actor=people.staff, document=late)
    time_machine.move_to(datetime.datetime(year + 1, 1, 1, 7, 0, tzinfo=SHANGHAI))
    early = draft(people, title=f"{people.agency.name}关于年初事项的通知")
    late.refresh_from_db()
    early.refresh_from_db()
    assert (late.register_year, early.register_year) == (year, year + 1)

    def filed(in_year):
        rows = outgoing_list(person=people.registrar, filters=RegisterFilters(year=in_year))
        return {d.pk for d in rows[:50]}

    assert filed(year) == {late.pk}
    assert filed(year + 1) == {early.pk}
    time_machine.move_to(datetime.datetime(year + 1, 1, 4, 9, 0, tzinfo=SHANGHAI))
    for node in ("dept_review", "office_review", "leader_sign", "recheck", "number"):
        act(late, node)
    assert (late.year, late.register_year) == (year + 1, year + 1)
    assert filed(year) == set()
    assert filed(year + 1) == {late.pk, early.pk}
    number_void(actor=people.registrar, document=late, reason="编号类别有误")
    late.refresh_from_db()
    assert (late.year, late.register_year) == (None, year)
    assert filed(year) == {late.pk}


def test_sign_off_refuses_a_text_the_checker_finds_in_error(people, cast):
    """An error of the 核稿助手 blocks 签发 too: a text changed after 核稿 into a 批复 sent
    upward (条例 第八条 forbids it) is refused at 签发 and nothing is signed."""
    document = draft(people)
    outgoing_submit(actor=people.staff, document=document)
    act(document, "dept_review")
    act(document, "office_review")
    OutgoingDocument.objects.filter(pk=document.pk).update(
        doc_type="reply", direction="upward", title="测试市发展和改革委员会关于项目储备的批复"
    )
    document.refresh_from_db()
    with pytest.raises(ValidationFailed) as excinfo:
        act(document, "leader_sign", opinion="同意印发")
    assert "签发" in excinfo.value.message
    document.refresh_from_db()
    assert document.signed_by is None
    assert document.signed_at is None
    assert item_of(document, "leader_sign").status == "open"
