"""用印: approval by the authority of the seal type, stamping by the custodian only, every
refusal audited, and the register one to one with the approvals."""

import pytest

from govoa.audit.models import AuditEvent
from govoa.core.errors import (
    AlreadyHandled,
    PermissionDenied,
    TransitionNotAllowed,
    ValidationFailed,
)
from govoa.flow.models import FlowInstance
from govoa.flow.services.acts import work_item_act
from govoa.seals.models import SealUsage
from govoa.seals.selectors import register_list
from govoa.seals.services.changes import seal_change_request
from govoa.seals.services.usages import UsageData, seal_usage_request, seal_usage_stamp
from govoa.seals.workflow import SealStatus, UsageStatus
from govoa.testing.flows import open_items
from govoa.testing.seals import make_seal, request_usage, seals_cast

pytestmark = pytest.mark.django_db


@pytest.fixture
def cast(people):
    return seals_cast(people)


def _decide(usage, actor, action="approve"):
    instance = FlowInstance.objects.get(subject_type="seals.sealusage", subject_id=usage.pk)
    [item] = open_items(instance)
    work_item_act(
        actor=actor,
        item_id=item.pk,
        action=action,
        opinion="同意" if action == "approve" else "理由不足",
    )
    usage.refresh_from_db()
    return item


def _denied(action="seals.usage.stamp"):
    return list(
        AuditEvent.objects.filter(action=action, outcome="denied").values_list(
            "details__reason", flat=True
        )
    )


def test_the_authority_comes_from_the_seal_types_template(people, cast):
    official = make_seal(cast)
    party = make_seal(cast, "party", name="党组印章")
    department = make_seal(cast, "department", name="规划处印章", department_id=people.planning.pk)
    expected = {official: cast.office_head, party: people.principal, department: people.dept_head}
    for seal, approver in expected.items():
        usage = request_usage(people.staff, seal)
        item = _decide(usage, approver)
        assert item.assignee == approver
        assert (usage.status, usage.approved_by) == (UsageStatus.APPROVED, approver)


def test_the_applicant_never_approves_their_own_request(people, cast):
    department = make_seal(cast, "department", name="规划处印章", department_id=people.planning.pk)
    with pytest.raises(ValidationFailed) as refused:
        request_usage(people.dept_head, department)
    assert "部门负责人审批" in refused.value.message
    assert not SealUsage.objects.exists()


def test_a_request_needs_a_document(people, cast):
    seal = make_seal(cast)
    data = UsageData(seal_id=seal.pk, reason="盖章", use_unit="某单位", copies=1)
    with pytest.raises(ValidationFailed) as refused:
        seal_usage_request(actor=people.staff, data=data)
    assert refused.value.fields["file"] == ["请选择用印的发文或上传用印文件：不能在空白纸上用印。"]
    nowhere = UsageData(**{**data.__dict__, "outgoing_document_id": 999_999})
    with pytest.raises(ValidationFailed):
        seal_usage_request(actor=people.staff, data=nowhere)
    assert not SealUsage.objects.exists()


def test_stamping_without_approval_is_refused_and_audited(people, cast):
    usage = request_usage(people.staff, make_seal(cast))
    with pytest.raises(TransitionNotAllowed):
        seal_usage_stamp(actor=cast.keeper, usage_id=usage.pk, count=3)
    _decide(usage, cast.office_head, "reject")
    with pytest.raises(TransitionNotAllowed):
        seal_usage_stamp(actor=cast.keeper, usage_id=usage.pk, count=3)
    assert _denied() == ["该用印申请未经批准，不能用印。"] * 2
    usage.refresh_from_db()
    assert usage.stamped_at is None


def test_stamping_by_anyone_but_the_custodian_is_refused_and_audited(people, cast):
    usage = request_usage(people.staff, make_seal(cast))
    _decide(usage, cast.office_head)
    for intruder in (cast.office_head, people.staff):
        with pytest.raises(PermissionDenied):
            seal_usage_stamp(actor=intruder, usage_id=usage.pk, count=3)
    assert len(_denied()) == 2
    usage.refresh_from_db()
    assert usage.status == UsageStatus.APPROVED


def test_a_suspended_seal_cannot_be_requested_or_stamped(people, cast):
    seal = make_seal(cast)
    usage = request_usage(people.staff, seal)
    _decide(usage, cast.office_head)
    change = seal_change_request(
        actor=cast.office_head, seal_id=seal.pk, kind="suspend", reason="更换新印章"
    )
    [item] = open_items(FlowInstance.objects.get(subject_type="seals.sealstatuschange"))
    assert item.assignee == people.principal
    work_item_act(actor=people.principal, item_id=item.pk, action="approve")
    seal.refresh_from_db()
    change.refresh_from_db()
    assert (seal.status, change.approved_by) == (SealStatus.SUSPENDED, people.principal)
    with pytest.raises(TransitionNotAllowed, match="已停用，不能用印"):
        seal_usage_stamp(actor=cast.keeper, usage_id=usage.pk, count=3)
    assert _denied() == [f"“{seal.name}”已停用，不能用印。"]
    with pytest.raises(ValidationFailed) as refused:
        request_usage(people.staff, seal)
    assert refused.value.fields["seal_id"] == [f"“{seal.name}”已停用，不能申请用印。"]


def test_stamping_without_a_document_is_refused_and_audited(people, cast):
    seal = make_seal(cast)
    usage = request_usage(people.staff, seal)
    _decide(usage, cast.office_head)
    # A row written around the service (say, migrated from a paper register) has no file.
    SealUsage.objects.filter(pk=usage.pk).update(file=None)
    with pytest.raises(ValidationFailed, match="空白纸"):
        seal_usage_stamp(actor=cast.keeper, usage_id=usage.pk, count=1)
    assert _denied() == ["用印申请没有文件，不能在空白纸上用印。"]


def test_the_custodian_confirms_the_count_once(people, cast):
    usage = request_usage(people.staff, make_seal(cast), copies=3)
    _decide(usage, cast.office_head)
    with pytest.raises(ValidationFailed):
        seal_usage_stamp(actor=cast.keeper, usage_id=usage.pk, count=4)
    stamped = seal_usage_stamp(actor=cast.keeper, usage_id=usage.pk, count=2)
    assert (stamped.status, stamped.stamped_count, stamped.stamped_by) == (
        "stamped",
        2,
        cast.keeper,
    )
    with pytest.raises(AlreadyHandled):
        seal_usage_stamp(actor=cast.keeper, usage_id=usage.pk, count=2)
    assert AuditEvent.objects.filter(action="seals.usage.stamp", outcome="success").count() == 1


def test_the_register_matches_the_approvals_one_to_one(people, cast):
    official = make_seal(cast)
    steel = make_seal(cast, "steel", name="钢印")
    usages = [request_usage(people.staff, official, reason=f"事由{n}") for n in range(4)]
    usages.append(request_usage(people.staff, steel, reason="钢印事由"))
    decisions = ["approve", "reject", "approve", "approve", "approve"]
    for usage, decision in zip(usages, decisions, strict=True):
        _decide(usage, cast.office_head, decision)
    approved = [u for u in usages if u.status == UsageStatus.APPROVED]
    for usage in approved:
        seal_usage_stamp(actor=cast.keeper, usage_id=usage.pk, count=usage.copies)
    rows = list(register_list(person=cast.office_head))
    assert sorted(r.pk for r in rows) == sorted(u.pk for u in approved)
    assert all(r.approved_by == cast.office_head and r.stamped_by == cast.keeper for r in rows)
    stamped_events = AuditEvent.objects.filter(action="seals.usage.stamp", outcome="success")
    assert sorted(int(e.object_id) for e in stamped_events) == sorted(u.pk for u in approved)
