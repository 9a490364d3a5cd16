import copy

import pytest

from govoa.flow import registry
from govoa.flow.definition import parse, path_to, validate, with_node, without_node
from govoa.flow.services.templates import check_definition, vocabulary_for
from govoa.flow.tests.subject.flows import MEMO

DEFAULT = registry.default_templates()["memo_approval"].definition


def problems(mutate) -> list[str]:
    data = copy.deepcopy(DEFAULT)
    mutate(data)
    return check_definition(MEMO, data)


def node(data, key):
    return next(n for n in data["nodes"] if n["key"] == key)


@pytest.mark.parametrize("code", sorted(registry.default_templates()))
def test_every_shipped_default_is_valid(code):
    default = registry.default_templates()[code]
    assert check_definition(default.subject_type, default.definition) == []


def test_unreachable_end_is_reported():
    def cut(data):
        node(data, "confirm")["transitions"] = [{"to": "review", "when": ""}]

    assert "从开始节点无法到达结束节点。" in problems(cut)


def test_dead_node_is_reported():
    def dead(data):
        node(data, "review")["transitions"] = []

    assert "节点“办公室核稿”没有后续流转，流程会停在这里（死节点）。" in problems(dead)


def test_unreachable_node_is_reported():
    def orphan(data):
        data["nodes"].insert(
            0,
            {
                "key": "orphan",
                "name": "孤立节点",
                "kind": "task",
                "assign": {"kind": "initiator"},
                "actions": ["approve"],
                "transitions": [{"to": "end", "when": ""}],
            },
        )

    assert "节点“孤立节点”无法从开始节点到达。" in problems(orphan)


def test_node_without_assignment_rule():
    def no_rule(data):
        node(data, "review")["assign"] = None

    assert "节点“办公室核稿”没有设置办理人规则。" in problems(no_rule)


def test_unknown_predicate():
    def bad_when(data):
        node(data, "dept_review")["transitions"][0]["when"] = "is_full_moon"

    assert "节点“部门负责人审核”的流转条件“is_full_moon”不存在。" in problems(bad_when)


def test_all_conditional_transitions_would_stall():
    def stall(data):
        node(data, "dept_review")["transitions"] = [
            {"to": "review", "when": "memo_has_countersign"}
        ]

    assert any("条件都不满足时流程会停滞" in p for p in problems(stall))


def test_other_rules():
    def many(data):
        node(data, "review")["assign"] = {"kind": "role", "role": "emperor"}
        node(data, "circulate")["assign"] = {"kind": "field", "field": "nobody"}
        node(data, "countersign")["assign"]["scope"] = "the_moon"
        node(data, "sign_off")["actions"] = ["read"]
        node(data, "confirm")["deadline_days"] = 999
        node(data, "dept_review")["actions"].append("return")
        data["nodes"].append({"key": "review", "name": "重复", "kind": "end"})

    found = problems(many)
    for expected in [
        "节点“办公室核稿”按角色分配，但没有选择有效的角色。",
        "节点“传阅”引用的人员字段“nobody”不存在。",
        "节点“会签”的部门范围“the_moon”不存在。",
        "节点“签发”不能使用这些操作：已阅。",
        "节点“签发”至少要允许“同意”“不同意”或“否决”中的一种，否则无法办完。",
        "节点“拟稿人确认”的办理时限应在 0 到 365 个工作日之间。",
        "开始节点“部门负责人审核”之前没有环节，不能允许“退回”。",
        "节点代码重复：review。",
    ]:
        assert expected in found, (expected, found)


def test_missing_start_and_end():
    assert check_definition(MEMO, {"start": "x", "nodes": []}) == [
        "没有设置开始节点，或开始节点不存在。"
    ]
    data = copy.deepcopy(DEFAULT)
    data["nodes"] = [n for n in data["nodes"] if n["kind"] != "end"]
    data["nodes"][-1]["transitions"] = []
    assert "流程没有结束节点。" in check_definition(MEMO, data)


def test_garbage_is_reported_not_raised():
    assert check_definition(MEMO, {"nodes": [{"name": "无代码"}]})[0].startswith("流程定义格式有误")


def test_path_to_and_node_editing():
    definition = parse(DEFAULT)
    assert path_to(definition, "sign_off") == ["dept_review", "review", "circulate", "sign_off"]
    renamed = with_node(DEFAULT, "review", {**node(DEFAULT, "review"), "key": "office_review"})
    assert node(renamed, "dept_review")["transitions"][1]["to"] == "office_review"
    removed = without_node(DEFAULT, "countersign")
    assert all(t["to"] != "countersign" for n in removed["nodes"] for t in n["transitions"])
    added = with_node(DEFAULT, None, {"key": "extra", "name": "新节点", "kind": "task"})
    assert [n["key"] for n in added["nodes"]][-2:] == ["extra", "end"]
    assert validate(parse(DEFAULT), vocabulary_for(MEMO)) == []
