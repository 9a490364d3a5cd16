"""发文's 用印 step goes through the seals module (registered in ``documents.sealing``, so
发文 does not import it): only the custodian of an active 公章 stamps, and the stamping is
a line of the 用印登记簿 approved by the signer."""

import pytest

from govoa.audit.models import AuditEvent, Outcome
from govoa.core.errors import ValidationFailed
from govoa.flow.models import WorkItem
from govoa.flow.services.acts import work_item_act
from govoa.flow.services.checklists import every_item_ticked
from govoa.outgoing.services.drafting import outgoing_submit
from govoa.seals.selectors import register_list
from govoa.seals.services.registry import seal_transfer
from govoa.seals.services.usages import seal_usage_stamp
from govoa.testing.outgoing import draft, outgoing_cast
from govoa.testing.seals import make_seal, request_usage, seals_cast

pytestmark = pytest.mark.django_db


def act(document, node_key, actor=None, action="approve", **payload):
    items = WorkItem.objects.filter(
        instance__subject_id=document.pk,
        instance__subject_type="outgoing.outgoingdocument",
        status="open",
        node_key=node_key,
    )
    item = items.get(assignee=actor) if actor else items.get()
    if action == "approve":
        payload = {**every_item_ticked(item), **payload}
    work_item_act(
        actor=item.assignee, item_id=item.pk, action=action, opinion="退回重办", payload=payload
    )
    document.refresh_from_db()


def _printed(people, cast):
    document = draft(people)
    outgoing_submit(actor=people.staff, document=document)
    for node in ("dept_review", "office_review", "leader_sign", "recheck", "number", "proofread"):
        act(document, node)
    act(document, "print", checked_by=cast.office_head.pk, copies=30)
    return document


def test_the_seal_step_is_the_custodians_and_enters_the_register(people):
    outgoing = outgoing_cast(people)
    seals = seals_cast(people)
    seal = make_seal(seals)  # custodian: the seals cast's keeper, not the 发文 seal keeper
    document = _printed(people, outgoing)
    with pytest.raises(ValidationFailed, match="在用公章的保管人"):
        act(document, "seal", outgoing.seal_keeper)
    assert document.sealed_by is None
    assert not register_list(person=seals.office_head).exists()
    [refused] = AuditEvent.objects.filter(action="seals.usage.stamp", outcome=Outcome.DENIED)
    assert refused.actor_id == outgoing.seal_keeper.pk  # audited, though the act was undone
    assert (refused.details["outgoing"], "保管人" in refused.details["reason"]) == (
        document.pk,
        True,
    )

    seal_transfer(actor=seals.office_head, seal_id=seal.pk, to_custodian_id=outgoing.seal_keeper.pk)
    act(document, "seal", outgoing.seal_keeper)
    assert document.sealed_by == outgoing.seal_keeper
    [line] = register_list(person=seals.office_head)
    assert (line.document_id, line.document_title) == (document.pk, document.title)
    assert (line.approved_by, line.stamped_by, line.stamped_count) == (
        people.deputy,
        outgoing.seal_keeper,
        30,
    )


def test_an_agency_without_a_seal_registry_seals_as_before(people):
    outgoing = outgoing_cast(people)
    document = _printed(people, outgoing)
    act(document, "seal")
    assert document.sealed_by == outgoing.seal_keeper


def test_a_redone_seal_step_keeps_one_line_and_requests_for_the_document_have_their_own(people):
    outgoing = outgoing_cast(people)
    seals = seals_cast(people)
    seal = make_seal(seals, custodian=outgoing.seal_keeper)
    document = _printed(people, outgoing)
    act(document, "seal", outgoing.seal_keeper)
    act(document, "distribute", action="return", target_node="seal")
    act(document, "seal", outgoing.seal_keeper)
    assert register_list(person=seals.office_head).count() == 1
    # Two 用印申请 naming the same 发文 (more copies later) are two approvals, two lines.
    for reason in ("补盖两份", "再补一份"):
        usage = request_usage(people.staff, seal, outgoing_document_id=document.pk, reason=reason)
        item = WorkItem.objects.filter(
            instance__subject_id=usage.pk, instance__module="seals"
        ).first()
        work_item_act(actor=item.assignee, item_id=item.pk, action="approve")
        seal_usage_stamp(actor=outgoing.seal_keeper, usage_id=usage.pk, count=1)
    lines = register_list(person=seals.office_head)
    assert sorted(lines.values_list("reason", flat=True)) == sorted(
        [f"发文用印：{document.title}", "补盖两份", "再补一份"]
    )
    assert {line.document_id for line in lines} == {document.pk}
