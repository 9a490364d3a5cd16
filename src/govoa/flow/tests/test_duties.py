"""Separation of duties and 转办 reach as template data (issue 22): the shipped templates
declare them and validate clean; a published template may add rules but never loosen the
shipped ones; the editor shows and edits them; the engine applies them when it assigns a
node, routes a delegation and takes an act."""

import copy
import datetime

import pytest
from django.utils import timezone

from govoa.core.errors import ValidationFailed
from govoa.flow import registry
from govoa.flow.definition import parse, with_node, without_node
from govoa.flow.models import FlowInstance, TrailEntry, WorkItem
from govoa.flow.services.acts import flow_start, work_item_act
from govoa.flow.services.templates import (
    check_definition,
    template_draft,
    template_draft_save,
    template_publish,
)
from govoa.org.services.delegations import delegation_create
from govoa.testing.flows import make_memo, memo_cast, open_items, start_memo


def _node(definition, key):
    return next(n for n in definition["nodes"] if n["key"] == key)


@pytest.mark.parametrize("code", sorted(registry.default_templates()))
def test_every_shipped_template_validates_clean(code):
    shipped = registry.default_templates()[code]
    assert check_definition(shipped.subject_type, shipped.definition, code) == []


def test_the_shipped_defaults_declare_the_rules_of_the_standards():
    outgoing = parse(registry.default_templates()["outgoing"].definition)
    assert {"@initiator", "draft"} <= set(outgoing.node("dept_review").differ_from)
    assert {"@initiator", "draft", "leader_sign"} <= set(outgoing.node("office_review").differ_from)
    assert {"@initiator", "draft"} <= set(outgoing.node("legal_review").differ_from)
    assert "print.checked_by" in outgoing.node("print").differ_from
    incoming = parse(registry.default_templates()["incoming"].definition)
    assert incoming.node("co_handle").alongside == "handle"
    assert incoming.node("instruct").reach is not None


def test_a_template_loosening_the_shipped_rules_cannot_be_published(people):
    draft = template_draft(actor=people.sys_admin, code="outgoing")
    loose = copy.deepcopy(draft.definition)
    _node(loose, "office_review")["differ_from"] = ["@initiator", "draft", "dept_review"]
    _saved, problems = template_draft_save(
        actor=people.sys_admin, draft_id=draft.pk, definition=loose
    )
    assert any("“办公室核稿”≠“分管领导审签”" in p for p in problems)
    with pytest.raises(ValidationFailed) as refused:
        template_publish(actor=people.sys_admin, draft_id=draft.pk)
    assert "不能放宽默认规则" in refused.value.message
    # The rule may be declared from the other side: it binds both ways.
    _node(loose, "leader_sign")["differ_from"] = ["office_review"]
    _node(loose, "principal_sign")["differ_from"] = ["office_review"]
    # And a stricter template is fine: 复核 ≠ 签发 added.
    _node(loose, "recheck")["differ_from"] = ["leader_sign", "principal_sign"]
    template_draft_save(actor=people.sys_admin, draft_id=draft.pk, definition=loose)
    published = template_publish(actor=people.sys_admin, draft_id=draft.pk)
    assert published.version == 2


def test_bad_rules_and_reach_are_named():
    shipped = registry.default_templates()["outgoing"]
    data = copy.deepcopy(shipped.definition)
    _node(data, "recheck")["differ_from"] = ["nowhere", "recheck", "print.checked_by"]
    _node(data, "number")["reach"] = {"roles": ["magician"], "members": "nowhere"}
    problems = check_definition(shipped.subject_type, data, "outgoing")
    for expected in [
        "节点“复核”的职责分离规则引用的节点“nowhere”不存在。",
        "节点“复核”的职责分离规则不能引用节点自己。",
        "节点“复核”的职责分离规则“print.checked_by”无效：只能引用本节点办理时指定的人员。",
        "节点“登记编号”的转办范围中角色“magician”无效。",
        "节点“登记编号”的转办范围引用的部门范围“nowhere”不存在。",
    ]:
        assert expected in problems, (expected, problems)


def test_renaming_or_deleting_a_node_keeps_the_rules_pointing_right():
    data = registry.default_templates()["outgoing"].definition
    renamed = with_node(data, "draft", {**_node(data, "draft"), "key": "drafting"})
    assert "drafting" in _node(renamed, "dept_review")["differ_from"]
    assert "draft" not in _node(renamed, "dept_review")["differ_from"]
    printing = with_node(data, "print", {**_node(data, "print"), "key": "printing"})
    assert _node(printing, "printing")["differ_from"] == ["printing.checked_by"]
    removed = without_node(data, "leader_sign")
    assert "leader_sign" not in _node(removed, "office_review")["differ_from"]
    incoming = registry.default_templates()["incoming"].definition
    assert _node(without_node(incoming, "handle"), "co_handle")["alongside"] == ""


def test_the_editor_shows_and_edits_reach_and_rules(client, people):
    client.force_login(people.sys_admin)
    draft = template_draft(actor=people.sys_admin, code="outgoing")
    page = client.get(f"/flow/templates/{draft.pk}/").content.decode()
    for expected in ("转办范围", "职责分离", "拟稿人", "分管领导审签", "核对人"):
        assert expected in page, expected
    form = client.get(f"/flow/templates/{draft.pk}/nodes/recheck/").content.decode()
    assert 'name="differ_from"' in form
    assert 'name="reach_roles"' in form
    node = parse(draft.definition).node("recheck")
    data = {
        "key": "recheck",
        "name": node.name,
        "kind": "task",
        "assign_kind": "role",
        "role": "office_head",
        "deadline_days": "1",
        "actions": list(node.actions),
        "to_1": "number",
        "differ_from": ["leader_sign", "@initiator"],
        "reach_roles": ["office_head", "registrar"],
    }
    response = client.post(f"/flow/templates/{draft.pk}/nodes/recheck/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    draft.refresh_from_db()
    saved = parse(draft.definition).node("recheck")
    assert saved.differ_from == ("leader_sign", "@initiator")
    assert saved.reach is not None
    assert set(saved.reach.roles) == {"office_head", "registrar"}


def test_no_candidate_left_by_the_rules_refuses_the_act_and_changes_nothing(people):
    """The 办公室主任 starts a memo: the 核稿 (≠ 发起人) would be himself — refused, named."""
    cast = memo_cast(people)
    memo = make_memo(people, cast)
    instance = flow_start(actor=cast.office_head, code="memo_approval", subject=memo)
    [review] = open_items(instance)
    trail = TrailEntry.objects.filter(instance=instance).count()
    with pytest.raises(ValidationFailed) as refused:
        work_item_act(actor=review.assignee, item_id=review.pk, action="approve")
    assert "“办公室核稿”≠“发起人”" in refused.value.message
    assert TrailEntry.objects.filter(instance=instance).count() == trail
    assert [i.pk for i in open_items(instance)] == [review.pk]


def test_a_delegate_outside_the_reach_gets_no_item_and_may_not_act(people):
    cast = memo_cast(people)
    today = timezone.localdate()
    instance = start_memo(people, make_memo(people, cast))
    work_item_act(actor=people.dept_head, item_id=open_items(instance)[0].pk, action="approve")
    [older] = open_items(instance, "review")
    delegation_create(
        actor=cast.office_head,
        principal=cast.office_head,
        delegate=cast.readers[0],
        starts_on=today,
        ends_on=today + datetime.timedelta(days=3),
        reason="出差",
    )
    with pytest.raises(ValidationFailed) as refused:
        work_item_act(actor=cast.readers[0], item_id=older.pk, action="approve")
    assert "不在“办公室核稿”的办理范围" in refused.value.message
    second = start_memo(people, make_memo(people, cast, title="第二件"))
    work_item_act(actor=people.dept_head, item_id=open_items(second)[0].pk, action="approve")
    [review] = open_items(second, "review")
    assert (review.assignee, review.delegated_from) == (cast.office_head, None)
    assert WorkItem.objects.filter(assignee=cast.readers[0]).count() == 0
    assert FlowInstance.objects.count() == 2
