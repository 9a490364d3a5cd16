"""The engine's behaviour on the test memo: the whole path, parallel nodes, 退回, 收回, 转办,
加签, 否决, 撤销, 代理, competing candidates, repeated submissions and domain refusals."""

import datetime

import pytest
from django.utils import timezone

from govoa.audit.models import AuditEvent
from govoa.core.errors import AlreadyHandled, NotFound, TransitionNotAllowed, ValidationFailed
from govoa.core.vocabulary import Classification, Role
from govoa.flow.models import FlowInstance, TrailEntry, WorkItem
from govoa.flow.presenters import act_choices, trail_line
from govoa.flow.services.acts import (
    flow_cancel,
    work_item_act,
    work_item_mark_opened,
    work_item_withdraw,
)
from govoa.flow.workflow import InstanceStatus, ItemStatus
from govoa.notify.models import Notification
from govoa.org.services.delegations import delegation_create
from govoa.testing.factories import PersonFactory, grant
from govoa.testing.flows import make_memo, memo_cast, open_items, start_memo


def act(item, action="approve", opinion="", actor=None, **payload):
    return work_item_act(
        actor=actor or item.assignee,
        item_id=item.pk,
        action=action,
        opinion=opinion,
        payload=payload,
    )


@pytest.fixture
def cast(people):
    return memo_cast(people)


def test_full_path_with_countersign_circulation_and_sign_off(people, cast):
    memo = make_memo(people, cast, countersign=True)
    instance = start_memo(people, memo, opinion="请审核")
    [review] = open_items(instance)
    assert (review.node_key, review.assignee) == ("dept_review", people.dept_head)
    act(review, opinion="同意，请会签")
    countersign = open_items(instance, "countersign")
    assert {i.assignee for i in countersign} == {cast.energy_head, cast.office_head}
    act(countersign[0], opinion="同意")
    assert open_items(instance, "review") == []  # parallel: waits for everyone
    act(countersign[1], opinion="无意见")
    [office] = open_items(instance, "review")
    assert office.assignee == cast.office_head
    act(office, opinion="核稿无误", next_assignees=[people.deputy.pk])
    readers = open_items(instance, "circulate")
    assert {i.assignee for i in readers} == set(cast.readers)
    [sign] = open_items(instance, "sign_off")  # circulation does not block
    act(sign, opinion="同意印发")
    [confirm] = open_items(instance, "confirm")
    assert confirm.assignee == people.staff  # the initiator
    act(confirm)
    instance.refresh_from_db()
    assert instance.status == InstanceStatus.COMPLETED
    memo.refresh_from_db()
    assert memo.status == "completed"
    assert memo.events[0] == "enter:dept_review"
    assert memo.events[-1] == "finish:completed"
    # Unread circulation stays readable after completion.
    assert len(open_items(instance, "circulate")) == 3
    act(readers[0], "read", opinion="已阅")
    lines = [trail_line(e) for e in TrailEntry.objects.filter(instance=instance)]
    assert lines[0] == "规划科员 发起：请审核"
    assert "规划处长 同意：同意，请会签" in lines
    assert "办公室主任 同意：核稿无误" in lines
    assert lines[-1] == "传阅人1 已阅：已阅"
    assert Notification.objects.filter(
        recipient=cast.office_head, kind="flow.item.assigned"
    ).exists()


def test_countersign_dissent_goes_back_to_the_department_head(people, cast):
    instance = start_memo(people, make_memo(people, cast, countersign=True))
    act(open_items(instance)[0])
    first, second = open_items(instance, "countersign")
    act(first, "disagree", opinion="数据需核实")
    act(second)
    [again] = open_items(instance, "dept_review")
    assert again.assignee == people.dept_head


def test_reason_is_required_for_dissent_and_return(people, cast):
    instance = start_memo(people, make_memo(people, cast, countersign=True))
    act(open_items(instance)[0])
    item = open_items(instance, "countersign")[0]
    with pytest.raises(ValidationFailed) as excinfo:
        act(item, "disagree", opinion="  ")
    assert excinfo.value.fields["opinion"] == ["请填写不同意的理由。"]


def test_return_goes_to_the_previous_handler_of_an_earlier_node(people, cast):
    instance = start_memo(people, make_memo(people, cast))
    act(open_items(instance)[0])
    [office] = open_items(instance, "review")
    with pytest.raises(ValidationFailed) as excinfo:
        act(office, "return", opinion="格式不对", target_node="sign_off")
    assert "只能退回到之前的环节" in excinfo.value.fields["target_node"][0]
    act(office, "return", opinion="格式不对", target_node="dept_review")
    [back] = open_items(instance)
    assert (back.node_key, back.assignee) == ("dept_review", people.dept_head)
    entry = TrailEntry.objects.filter(instance=instance, action="return").get()
    assert entry.details["target"] == "部门负责人审核"


def test_withdraw_while_next_is_unread_then_not_after(people, cast):
    instance = start_memo(people, make_memo(people, cast))
    [first] = open_items(instance)
    act(first)
    [office] = open_items(instance, "review")
    work_item_withdraw(actor=people.dept_head, item_id=first.pk)
    office.refresh_from_db()
    assert office.status == ItemStatus.WITHDRAWN
    first.refresh_from_db()
    assert first.status == ItemStatus.OPEN
    instance.refresh_from_db()
    assert instance.current_node == "dept_review"
    act(first)
    [office] = open_items(instance, "review")
    work_item_mark_opened(actor=cast.office_head, item=office)
    with pytest.raises(TransitionNotAllowed, match="已经查看"):
        work_item_withdraw(actor=people.dept_head, item_id=first.pk)
    with pytest.raises(NotFound):  # only the sender may take it back
        work_item_withdraw(actor=cast.office_head, item_id=first.pk)


def test_dissent_still_routes_back_after_a_withdraw_and_a_second_approval(people, cast):
    instance = start_memo(people, make_memo(people, cast, countersign=True))
    act(open_items(instance)[0])
    first, second = open_items(instance, "countersign")
    act(first, "disagree", opinion="数据需核实")
    act(second)
    [back] = open_items(instance, "dept_review")
    work_item_withdraw(actor=second.assignee, item_id=second.pk)
    back.refresh_from_db()
    assert back.status == ItemStatus.WITHDRAWN
    instance.refresh_from_db()
    assert (instance.current_node, instance.activation) == ("countersign", second.activation)
    act(second)  # the dissent recorded before the withdraw still counts
    [again] = open_items(instance, "dept_review")
    assert again.activation > back.activation  # a withdrawn batch's number is not reused
    assert open_items(instance, "review") == []


def test_after_one_countersigner_withdraws_the_other_may_withdraw_too(people, cast):
    instance = start_memo(people, make_memo(people, cast, countersign=True))
    act(open_items(instance)[0])
    first, second = open_items(instance, "countersign")
    act(first)
    act(second)
    work_item_withdraw(actor=second.assignee, item_id=second.pk)
    work_item_withdraw(actor=first.assignee, item_id=first.pk)  # the step is current again
    assert {i.pk for i in open_items(instance)} == {first.pk, second.pk}
    act(first)
    act(second)
    [office] = open_items(instance, "review")
    assert office.assignee == cast.office_head


def _withdraw_allowed(item):
    """Whether the service lets the item's sender take it back (undone at once)."""
    from django.db import transaction

    try:
        with transaction.atomic():
            work_item_withdraw(actor=item.acted_by, item_id=item.pk)
            transaction.set_rollback(True)
    except TransitionNotAllowed:
        return False
    return True


def test_the_withdraw_button_follows_the_rule_the_service_enforces(people, cast):
    instance = start_memo(people, make_memo(people, cast, countersign=True))
    act(open_items(instance)[0])
    first, second = open_items(instance, "countersign")
    act(first)
    first.refresh_from_db()
    assert act_choices(first, first.assignee).can_withdraw
    assert _withdraw_allowed(first)
    act(second)  # completes 会签: the flow moves on, opened by the second signer's act
    for item in (first, second):
        item.refresh_from_db()
        shown = act_choices(item, item.assignee).can_withdraw
        assert shown == _withdraw_allowed(item)
    assert not act_choices(first, first.assignee).can_withdraw  # 流程已进入下一环节
    assert act_choices(second, second.assignee).can_withdraw
    assert not act_choices(second, first.assignee).can_withdraw  # only the sender


def test_forward_hands_the_item_over(people, cast):
    instance = start_memo(people, make_memo(people, cast))
    [first] = open_items(instance)
    act(first, "forward", opinion="请张处代为审核", to_person=cast.energy_head.pk)
    first.refresh_from_db()
    assert first.status == ItemStatus.FORWARDED
    [handed] = open_items(instance)
    assert handed.assignee == cast.energy_head
    assert handed.node_key == "dept_review"
    with pytest.raises(ValidationFailed):
        act(handed, "forward", opinion="x", to_person=cast.energy_head.pk)  # not to oneself
    act(handed)
    assert open_items(instance)[0].node_key == "review"


def test_add_signer_waits_for_the_added_signer(people, cast):
    instance = start_memo(people, make_memo(people, cast))
    [first] = open_items(instance)
    act(first, "add_signer", opinion="请能源处一并审核", to_person=cast.energy_head.pk)
    added = [i for i in open_items(instance) if i.group == "added"]
    assert [i.assignee for i in added] == [cast.energy_head]
    act(first)
    assert open_items(instance, "review") == []
    act(added[0], opinion="同意")
    assert open_items(instance, "review")[0].assignee == cast.office_head


def test_reject_ends_the_flow(people, cast):
    memo = make_memo(people, cast)
    instance = start_memo(people, memo)
    act(open_items(instance)[0], "reject", opinion="不宜发文")
    instance.refresh_from_db()
    assert instance.status == InstanceStatus.REJECTED
    assert open_items(instance) == []
    memo.refresh_from_db()
    assert memo.status == "rejected"


def test_cancel_by_initiator_only(people, cast):
    instance = start_memo(people, make_memo(people, cast))
    with pytest.raises(NotFound):
        flow_cancel(actor=cast.energy_head, instance_id=instance.pk, reason="x")
    with pytest.raises(ValidationFailed):
        flow_cancel(actor=people.staff, instance_id=instance.pk, reason="")
    flow_cancel(actor=people.staff, instance_id=instance.pk, reason="事项取消")
    instance.refresh_from_db()
    assert instance.status == InstanceStatus.CANCELLED
    assert open_items(instance) == []
    with pytest.raises(AlreadyHandled):
        flow_cancel(actor=people.staff, instance_id=instance.pk, reason="again")


def test_a_second_submission_answers_already_handled_and_changes_nothing(people, cast):
    instance = start_memo(people, make_memo(people, cast))
    [first] = open_items(instance)
    act(first, opinion="同意")
    trail = TrailEntry.objects.count()
    audits = AuditEvent.objects.count()
    with pytest.raises(AlreadyHandled) as excinfo:
        act(first, opinion="同意")
    assert excinfo.value.status == 409
    assert (TrailEntry.objects.count(), AuditEvent.objects.count()) == (trail, audits)
    assert len(open_items(instance, "review")) == 1


def test_any_one_of_several_candidates(people, cast):
    second_head = PersonFactory(
        department=people.office, username="officehead2", clearance=Classification.SECRET
    )
    grant(second_head, Role.OFFICE_HEAD)
    instance = start_memo(people, make_memo(people, cast))
    act(open_items(instance)[0])
    both = open_items(instance, "review")
    assert {i.assignee for i in both} == {cast.office_head, second_head}
    act(both[1], next_assignees=[people.deputy.pk])
    both[0].refresh_from_db()
    assert both[0].status == ItemStatus.CANCELLED
    with pytest.raises(AlreadyHandled):
        act(both[0])


def test_outsiders_cannot_act(people, cast, other_agency_person):
    instance = start_memo(people, make_memo(people, cast))
    [first] = open_items(instance)
    for stranger in (people.staff, cast.office_head, other_agency_person):
        with pytest.raises(NotFound):
            act(first, actor=stranger)
    first.refresh_from_db()
    assert first.status == ItemStatus.OPEN


def test_domain_refusal_undoes_the_whole_act(people, cast):
    memo = make_memo(people, cast)
    instance = start_memo(people, memo)
    [first] = open_items(instance)
    counts = (TrailEntry.objects.count(), WorkItem.objects.count(), AuditEvent.objects.count())
    with pytest.raises(ValidationFailed, match="业务校验未通过"):
        act(first, refuse=True)
    first.refresh_from_db()
    assert first.status == ItemStatus.OPEN
    assert (
        TrailEntry.objects.count(),
        WorkItem.objects.count(),
        AuditEvent.objects.count(),
    ) == counts


def test_chosen_handler_is_required_and_must_fit(people, cast):
    instance = start_memo(people, make_memo(people, cast))
    act(open_items(instance)[0])
    [office] = open_items(instance, "review")
    with pytest.raises(ValidationFailed) as excinfo:
        act(office)
    assert "请选择“签发”的办理人" in excinfo.value.message
    with pytest.raises(ValidationFailed) as excinfo:
        act(office, next_assignees=[people.staff.pk])
    assert "不是分管领导" in excinfo.value.fields["next_assignees"][0]
    office.refresh_from_db()
    assert office.status == ItemStatus.OPEN
    assert open_items(instance, "circulate") == []  # nothing half-done


def test_clearance_limits_who_may_handle(people, cast):
    low = PersonFactory(department=people.office, clearance=Classification.INTERNAL)
    grant(low, Role.LEADER_DEPUTY)
    memo = make_memo(people, cast, classification=Classification.SECRET)
    for reader in cast.readers:
        reader.clearance = Classification.SECRET
        reader.save()
    instance = start_memo(people, memo)
    act(open_items(instance)[0])
    [office] = open_items(instance, "review")
    with pytest.raises(ValidationFailed, match="涉密等级不足"):
        act(office, next_assignees=[low.pk])


def test_delegation_routes_new_items_and_lets_the_delegate_act_on_old_ones(people, cast):
    today = timezone.localdate()
    instance = start_memo(people, make_memo(people, cast))
    [existing] = open_items(instance)  # assigned to the dept head before the leave
    delegation_create(
        actor=people.dept_head,
        principal=people.dept_head,
        delegate=cast.energy_head,
        starts_on=today,
        ends_on=today + datetime.timedelta(days=5),
        reason="出差",
    )
    act(existing, actor=cast.energy_head, opinion="代为同意")
    entry = TrailEntry.objects.get(instance=instance, action="approve")
    assert trail_line(entry) == "能源处长 代 规划处长 同意：代为同意"
    second = start_memo(people, make_memo(people, cast, title="第二件"))
    [routed] = open_items(second)
    assert routed.assignee == cast.energy_head
    assert routed.delegated_from == people.dept_head
    act(routed, opinion="同意")
    entry = TrailEntry.objects.get(instance=second, action="approve")
    assert trail_line(entry) == "能源处长 代 规划处长 同意：同意"


def test_a_delegate_not_cleared_for_the_level_neither_gets_nor_acts_on_the_item(people, cast):
    today = timezone.localdate()
    low = PersonFactory(department=people.energy, clearance=Classification.INTERNAL)
    delegation_create(
        actor=people.dept_head,
        principal=people.dept_head,
        delegate=low,
        starts_on=today,
        ends_on=today + datetime.timedelta(days=5),
        reason="出差",
    )
    memo = make_memo(people, cast, classification=Classification.SECRET, title="秘密事项")
    [item] = open_items(start_memo(people, memo))
    assert (item.assignee, item.delegated_from) == (people.dept_head, None)
    assert not Notification.objects.filter(recipient=low).exists()
    with pytest.raises(NotFound):
        act(item, actor=low)
    item.refresh_from_db()
    assert item.status == ItemStatus.OPEN


def test_starting_twice_is_a_conflict(people, cast):
    from govoa.core.errors import Conflict

    memo = make_memo(people, cast)
    start_memo(people, memo)
    with pytest.raises(Conflict):
        start_memo(people, memo)
    assert FlowInstance.objects.count() == 1


def test_no_handler_found_is_a_clear_error_and_starts_nothing(people, cast):
    from govoa.testing.factories import DepartmentFactory

    lonely = DepartmentFactory(agency=people.agency, name="无人处", code="WRC")
    memo = make_memo(people, cast)
    memo.drafting_department = lonely
    memo.save()
    with pytest.raises(ValidationFailed, match="找不到合适的办理人"):
        start_memo(people, memo)
    assert FlowInstance.objects.count() == 0


def test_classified_subjects_are_never_emailed(people, cast, mailoutbox):
    from govoa.flow.services.reminders import work_item_remind
    from govoa.notify.models import Delivery

    for person in (people.dept_head, *cast.readers):
        person.email = f"{person.username}@example.gov.cn"
        person.clearance = Classification.SECRET
        person.save()
    secret = start_memo(
        people, make_memo(people, cast, classification=Classification.SECRET, title="秘密件")
    )
    plain = start_memo(people, make_memo(people, cast, title="普通件"))
    assert Notification.objects.filter(recipient=people.dept_head).count() == 2
    delivered = Delivery.objects.filter(notification__recipient=people.dept_head)
    assert [d.notification.title for d in delivered] == ["待办：普通件"]
    [secret_item] = open_items(secret)
    with pytest.raises(NotFound):  # the drafter's clearance is below the document's
        work_item_remind(actor=people.staff, item_id=secret_item.pk, channel="system")
    with pytest.raises(ValidationFailed, match="涉密文件不能通过邮件或短信催办"):
        work_item_remind(actor=people.registrar, item_id=secret_item.pk, channel="email")
    work_item_remind(
        actor=people.registrar, item_id=secret_item.pk, channel="phone", note="已电话告知"
    )
    [plain_item] = open_items(plain)
    work_item_remind(actor=people.staff, item_id=plain_item.pk, channel="email")
    assert all("秘密件" not in m.subject for m in mailoutbox)


def test_marking_read_writes_the_item_once(people, cast):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    instance = start_memo(people, make_memo(people, cast))
    act(open_items(instance)[0])
    act(open_items(instance, "review")[0], next_assignees=[people.deputy.pk])
    reader = open_items(instance, "circulate")[0]
    with CaptureQueriesContext(connection) as queries:
        act(reader, "read", opinion="已阅")
    updates = [
        q["sql"] for q in queries.captured_queries if q["sql"].startswith('UPDATE "flow_workitem"')
    ]
    assert len(updates) == 1, updates
    reader.refresh_from_db()
    assert reader.read_at is not None
    assert (reader.status, reader.read_at) == (ItemStatus.DONE, reader.done_at)
