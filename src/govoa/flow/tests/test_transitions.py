"""Generated from the shipped templates: on every node, every action is either allowed (and
writes exactly one trail entry and one audit event) or refused (and changes nothing)."""

import pytest

from govoa.audit.models import AuditEvent
from govoa.core.errors import GovOAError, TransitionNotAllowed
from govoa.flow import registry
from govoa.flow.definition import parse, path_to
from govoa.flow.models import TrailEntry, WorkItem
from govoa.flow.services.acts import work_item_act
from govoa.flow.services.checklists import every_item_ticked
from govoa.flow.workflow import Action, AssignKind, ItemStatus, NodeKind
from govoa.testing.flows import make_memo, memo_cast, move_to, open_items, start_memo
from govoa.testing.scenarios import SCENARIOS

ACTIONS = [a for a in Action if a != Action.WITHDRAW]


def _cases():
    for code, template in sorted(registry.default_templates().items()):
        definition = parse(template.definition)
        for node in definition.nodes:
            if node.kind == NodeKind.END:
                continue
            for action in ACTIONS:
                yield pytest.param(code, node.key, action, id=f"{code}-{node.key}-{action}")


@pytest.mark.parametrize(("code", "node_key", "action"), list(_cases()))
def test_node_action(people, code, node_key, action):
    template = registry.default_templates()[code]
    definition = parse(template.definition)
    node = definition.node(node_key)
    scenario = SCENARIOS[code](people)
    instance = scenario.instance
    move_to(instance, node_key, actor=instance.started_by, payload=scenario.move_payload)
    item = open_items(instance, node_key)[0]
    trail_before = TrailEntry.objects.filter(instance=instance).count()
    audit_before = AuditEvent.objects.filter(action__startswith="flow.work_item.").count()
    statuses_before = list(
        WorkItem.objects.filter(instance=instance).order_by("pk").values_list("pk", "status")
    )
    # The node's 三查 list ticked through (the checklist tests try it unticked).
    payload = {**every_item_ticked(item), **scenario.act_payload(item, action)}
    if action in {Action.FORWARD, Action.ADD_SIGNER}:
        payload["to_person"] = scenario.colleague(item).pk
    if action == Action.RETURN:
        payload["target_node"] = path_to(definition, node_key)[0]
    if node.allows(action):
        work_item_act(
            actor=item.assignee, item_id=item.pk, action=action, opinion="理由", payload=payload
        )
        assert TrailEntry.objects.filter(instance=instance).count() == trail_before + 1
        assert (
            AuditEvent.objects.filter(action__startswith="flow.work_item.").count()
            == audit_before + 1
        )
        assert AuditEvent.objects.filter(action=f"flow.work_item.{action}").exists()
        item.refresh_from_db()
        if action != Action.ADD_SIGNER:
            assert item.status != ItemStatus.OPEN
    else:
        with pytest.raises(TransitionNotAllowed):
            work_item_act(
                actor=item.assignee, item_id=item.pk, action=action, opinion="理由", payload=payload
            )
        assert TrailEntry.objects.filter(instance=instance).count() == trail_before
        assert (
            list(
                WorkItem.objects.filter(instance=instance)
                .order_by("pk")
                .values_list("pk", "status")
            )
            == statuses_before
        )


def test_every_shipped_template_has_a_test_scenario():
    assert set(SCENARIOS) == set(registry.default_templates())


def test_every_node_kind_and_rule_is_exercised():
    """The generated cases above cover every kind of node and assignment rule."""
    kinds, rules = set(), set()
    for template in registry.default_templates().values():
        for node in parse(template.definition).nodes:
            kinds.add(node.kind)
            if node.assign:
                rules.add(node.assign.kind)
    assert kinds == set(NodeKind.values)
    assert rules == set(AssignKind.values)


def test_unknown_action_is_invalid(people):
    cast = memo_cast(people)
    instance = start_memo(people, make_memo(people, cast))
    item = open_items(instance)[0]
    with pytest.raises(GovOAError) as excinfo:
        work_item_act(actor=item.assignee, item_id=item.pk, action="fly")
    assert excinfo.value.status == 422
