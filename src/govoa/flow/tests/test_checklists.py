"""三查 on a node: a required checklist must be ticked through before 同意; 退回 records what
was found wanting; every answer is kept (and counted by 统计与通报)."""

import pytest

from govoa.core.errors import ValidationFailed
from govoa.flow.definition import Vocabulary, parse, validate
from govoa.flow.models import ChecklistResult, FlowTemplate, TrailEntry
from govoa.flow.presenters import trail_line
from govoa.flow.services.acts import work_item_act
from govoa.testing.flows import make_memo, memo_cast, open_items, start_memo

pytestmark = pytest.mark.django_db

THREE = ["合规性：符合法律法规和政策", "规范性：格式符合 GB/T 9704", "准确性：数据和表述准确"]


def _with_checklist(instance, node_key, required=True):
    template = FlowTemplate.objects.get(pk=instance.template_id)
    for node in template.definition["nodes"]:
        if node["key"] == node_key:
            node["checklist"] = {"name": "办文三性", "items": THREE, "required": required}
    template.save(update_fields=["definition"])


def test_approve_needs_every_item_ticked(people):
    memo_cast(people)
    instance = start_memo(people, make_memo(people))
    [item] = open_items(instance)
    _with_checklist(instance, item.node_key)
    for payload in ({}, {"checklist": THREE[:2]}, {"checklist": ["别的"]}, {"checklist": "x"}):
        with pytest.raises(ValidationFailed) as refused:
            work_item_act(actor=item.assignee, item_id=item.pk, action="approve", payload=payload)
        assert "checklist" in refused.value.fields
    assert not ChecklistResult.objects.exists()
    work_item_act(
        actor=item.assignee, item_id=item.pk, action="approve", payload={"checklist": THREE}
    )
    result = ChecklistResult.objects.get(item=item)
    assert result.passed
    assert result.checked == THREE
    assert result.name == "办文三性"
    assert TrailEntry.objects.filter(instance=instance, details__checklist=THREE).exists()


def test_return_records_what_was_wanting(people):
    memo_cast(people)
    instance = start_memo(people, make_memo(people))
    [item] = open_items(instance)
    _with_checklist(instance, item.node_key)
    work_item_act(
        actor=item.assignee,
        item_id=item.pk,
        action="reject",
        opinion="数据有误",
        payload={"checklist": THREE[:2]},
    )
    result = ChecklistResult.objects.get(item=item)
    assert not result.passed
    assert result.missing == [THREE[2]]


def test_a_list_not_required_is_recorded_when_given(people):
    memo_cast(people)
    instance = start_memo(people, make_memo(people))
    [item] = open_items(instance)
    _with_checklist(instance, item.node_key, required=False)
    work_item_act(actor=item.assignee, item_id=item.pk, action="approve")
    assert not ChecklistResult.objects.exists()


def test_template_checklists_are_validated() -> None:
    vocabulary = Vocabulary(predicates=(), scopes=(), people_fields=())
    base = {
        "key": "a",
        "name": "核稿",
        "kind": "task",
        "actions": ["approve"],
        "transitions": [{"to": "end"}],
    }
    end = {"key": "end", "name": "结束", "kind": "end"}
    for checklist, expected in (
        ({"name": "", "items": THREE}, "名称"),
        ({"name": "三性", "items": []}, "1 至"),
        ({"name": "三性", "items": ["合规性", "合规性"]}, "重复"),
    ):
        data = {"start": "a", "nodes": [{**base, "checklist": checklist}, end]}
        assert any(expected in e for e in validate(parse(data), vocabulary)), checklist


def test_results_are_counted_in_the_statistics(people):
    from govoa.reports.period import month
    from govoa.reports.selectors import statistics
    from govoa.testing.clock import FROZEN_TODAY

    memo_cast(people)
    for given in (THREE, THREE[:1]):
        instance = start_memo(people, make_memo(people))
        [item] = open_items(instance)
        _with_checklist(instance, item.node_key)
        action = "approve" if given == THREE else "reject"
        work_item_act(
            actor=item.assignee,
            item_id=item.pk,
            action=action,
            opinion="不符合要求",
            payload={"checklist": given},
        )
    [section] = statistics(
        person=people.principal,
        period=month(FROZEN_TODAY.year, FROZEN_TODAY.month),
        keys=["checklists"],
    )
    assert section.totals == ["合计", "", 2, 1, 50.0]
    assert section.listing == [{"item": THREE[1], "times": 1}, {"item": THREE[2], "times": 1}]


def test_forwarding_concludes_no_check(people):
    """转办 hands the item on: nothing is checked, nothing recorded (not a failed check)."""
    cast = memo_cast(people)
    instance = start_memo(people, make_memo(people, cast))
    [item] = open_items(instance)
    _with_checklist(instance, item.node_key)
    definition = FlowTemplate.objects.get(pk=instance.template_id).definition
    node = next(n for n in definition["nodes"] if n["key"] == item.node_key)
    if "forward" not in node["actions"]:
        pytest.skip("the memo's first node does not allow 转办")
    from govoa.testing.scenarios import colleague_in_reach

    work_item_act(
        actor=item.assignee,
        item_id=item.pk,
        action="forward",
        opinion="请代为审核",
        payload={"to_person": colleague_in_reach(item).pk},
    )
    assert not ChecklistResult.objects.exists()


def test_the_note_is_kept_and_bounded(people):
    memo_cast(people)
    instance = start_memo(people, make_memo(people))
    [item] = open_items(instance)
    _with_checklist(instance, item.node_key)
    with pytest.raises(ValidationFailed) as refused:
        work_item_act(
            actor=item.assignee,
            item_id=item.pk,
            action="approve",
            payload={"checklist": THREE, "checklist_note": "长" * 501},
        )
    assert "checklist_note" in refused.value.fields
    work_item_act(
        actor=item.assignee,
        item_id=item.pk,
        action="approve",
        payload={"checklist": THREE, "checklist_note": " 数据已与统计局核对 "},
    )
    assert ChecklistResult.objects.get(item=item).note == "数据已与统计局核对"
    entry = TrailEntry.objects.get(instance=instance, details__checklist=THREE)
    assert entry.details["checklist_name"] == "办文三性"
    assert "逐项检查通过" in trail_line(entry)
    assert "数据已与统计局核对" in trail_line(entry)


def test_the_item_page_shows_the_boxes_and_refuses_an_unticked_item(client, people):
    """The work-item page (modules without a page of their own): the boxes, a 422 naming the
    unticked item, then the act with every item ticked."""
    memo_cast(people)
    instance = start_memo(people, make_memo(people))
    [item] = open_items(instance)
    _with_checklist(instance, item.node_key)
    client.force_login(item.assignee)
    page = client.get(f"/flow/items/{item.pk}/").content.decode()
    assert "办文三性检查" in page
    assert all(f'value="{i}"' in page for i in THREE)
    refused = client.post(
        f"/flow/items/{item.pk}/act/",
        {"action": "approve", "opinion": "同意", "checklist": THREE[:2]},
    )
    assert refused.status_code == 422
    assert "“准确性：数据和表述准确”尚未勾选" in refused.content.decode()
    assert not ChecklistResult.objects.exists()
    done = client.post(
        f"/flow/items/{item.pk}/act/",
        {"action": "approve", "opinion": "同意", "checklist": THREE, "checklist_note": "无"},
    )
    assert done.status_code == 302
    assert ChecklistResult.objects.get(item=item).passed


def test_the_api_names_the_list_and_refuses_an_unticked_item(client, people):
    memo_cast(people)
    instance = start_memo(people, make_memo(people))
    [item] = open_items(instance)
    _with_checklist(instance, item.node_key)
    client.force_login(item.assignee)
    shown = client.get(f"/api/v1/work-items/{item.pk}").json()
    assert shown["checklist"] == {"name": "办文三性", "items": THREE, "required": True}
    url = f"/api/v1/work-items/{item.pk}/act"
    refused = client.post(
        url, {"action": "approve", "checklist": THREE[1:]}, content_type="application/json"
    )
    assert refused.status_code == 422
    assert refused.json()["error"]["fields"]["checklist"]
    assert "合规性" in refused.json()["error"]["message"]
    done = client.post(
        url, {"action": "approve", "checklist": THREE}, content_type="application/json"
    )
    assert done.status_code == 200, done.content
    assert ChecklistResult.objects.get(item=item).checked == THREE


def test_the_shipped_templates_carry_the_three_checks():
    """001 五(一): 办文三性 at 核稿, 办会三全 at 纪要审签, 办事三实 at 验收 — as template data."""
    from govoa.flow import registry

    def checklist(code, key):
        node = parse(registry.default_templates()[code].definition).node(key)
        return node.checklist

    office = checklist("outgoing", "office_review")
    assert office.name == "办文三性"
    assert office.required
    assert len(office.items) == 3
    assert checklist("meeting_minutes", "sign").name == "办会三全"
    assert checklist("supervision_task", "accept").name == "办事三实"
