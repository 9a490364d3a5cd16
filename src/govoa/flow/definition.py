"""Flow definitions: the JSON a template stores, parsed into typed nodes, and checked.

A definition is ``{"start": key, "nodes": [{"key", "name", "kind", "assign", "deadline_days",
"actions", "transitions": [{"to", "when"}], "reach", "differ_from", "alongside",
"due_before_host"}]}``. ``reach`` widens whom 转办, 加签 and 代理 may hand the node's item to
(default: whom the assignment rule could reach); ``differ_from`` lists what the node's actors
must differ from (separation of duties, ``duties.py``); ``alongside`` makes the node a
companion opened together with another (协办 beside 承办). No database access here: the
checks need only the registry (which predicates, scopes and fields a subject type offers)."""

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from govoa.core.vocabulary import Role
from govoa.flow.duties import duty_problems
from govoa.flow.workflow import ACTIONS_BY_KIND, Action, AssignKind, NodeKind

# A clause reference (the rules library's "<rule code>#<clause number>").
CLAUSE_REF = re.compile(r"^[a-z][a-z0-9-]{1,39}#[1-9][0-9]{0,3}$")


@dataclass(frozen=True)
class AssignRule:
    kind: str
    role: str = ""  # ROLE: the role; CHOSEN: optionally, the role the chosen must hold
    scope: str = ""  # ROLE: a department scope offered by the subject ("" = whole agency)
    field: str = ""  # FIELD: a people field offered by the subject


@dataclass(frozen=True)
class Reach:
    """Whom 转办, 加签 and 代理 may reach at a node, when the template names a set wider than
    its assignment rule: holders of ``roles`` (over the subject's ``scope`` departments, or
    agency-wide), the members of the ``members`` scope's departments, or ``anyone``."""

    roles: tuple[str, ...] = ()
    scope: str = ""
    members: str = ""
    anyone: bool = False

    def as_json(self) -> dict[str, Any]:
        return {
            "roles": list(self.roles),
            "scope": self.scope,
            "members": self.members,
            "anyone": self.anyone,
        }


def reach_from(raw: dict[str, Any] | None) -> Reach | None:
    if not raw:
        return None
    return Reach(
        roles=tuple(raw.get("roles") or ()),
        scope=raw.get("scope") or "",
        members=raw.get("members") or "",
        anyone=bool(raw.get("anyone")),
    )


@dataclass(frozen=True)
class Transition:
    to: str
    when: str = ""  # a registered predicate; "" means always


@dataclass(frozen=True)
class Checklist:
    """A quality checklist (三查: 办文三性, 办会三全, 办事三实) the node's actor goes through
    before acting. ``required``: the completing acts (同意 …) need every item ticked; else
    the answers are recorded when given. Results are kept (``ChecklistResult``)."""

    name: str
    items: tuple[str, ...]
    required: bool = True


@dataclass(frozen=True)
class Node:
    key: str
    name: str
    kind: str
    assign: AssignRule | None = None
    deadline_days: int | None = None
    actions: tuple[str, ...] = ()
    transitions: tuple[Transition, ...] = ()
    # How an action reads at this node (e.g. 初审's reject reads 退文); default: its name.
    labels: tuple[tuple[str, str], ...] = ()
    reach: Reach | None = None  # None: whom the assignment rule could reach
    # Separation of duties: node keys, "@initiator", or "<this node>.<party>" (see duties.py).
    differ_from: tuple[str, ...] = ()
    # A companion node (协办 beside 承办): opened when the flow enters ``alongside``, it does
    # not route; the host completes only once it is done (or with a recorded reason).
    alongside: str = ""
    due_before_host: int | None = None  # a companion's due date: so many working days earlier
    checklist: Checklist | None = None
    # The clause of the agency's rules the step follows ("<rule code>#<number>", core.clauses).
    clause: str = ""

    def allows(self, action: str) -> bool:
        return action in self.actions

    def label(self, action: str) -> str:
        return dict(self.labels).get(action) or (
            str(Action(action).label) if action in Action.values else action
        )


@dataclass(frozen=True)
class Definition:
    start: str
    nodes: tuple[Node, ...] = field(default_factory=tuple)

    def node(self, key: str) -> Node:
        for node in self.nodes:
            if node.key == key:
                return node
        raise KeyError(key)

    def has(self, key: str) -> bool:
        return any(node.key == key for node in self.nodes)

    def companions(self, key: str) -> list[Node]:
        """The nodes opened together with ``key`` (its ``alongside`` companions)."""
        return [node for node in self.nodes if node.alongside == key]


def _checklist(raw: Any) -> Checklist | None:
    if not isinstance(raw, dict):
        return None
    items = raw.get("items")
    return Checklist(
        name=str(raw.get("name") or ""),
        items=tuple(str(i) for i in items) if isinstance(items, list) else (),
        required=bool(raw.get("required", True)),
    )


MAX_CHECKLIST_ITEMS = 12


def _check_checklist(node: Node, label: str) -> list[str]:
    checklist = node.checklist
    if checklist is None:
        return []
    errors = []
    if not checklist.name.strip() or len(checklist.name) > 30:
        errors.append(f"{label}的检查清单须有名称（不超过 30 字）。")
    if not 1 <= len(checklist.items) <= MAX_CHECKLIST_ITEMS:
        errors.append(f"{label}的检查清单须有 1 至 {MAX_CHECKLIST_ITEMS} 项。")
    if any(not i.strip() or len(i) > 80 for i in checklist.items):
        errors.append(f"{label}的检查项不能为空，每项不超过 80 字。")
    if len(set(checklist.items)) != len(checklist.items):
        errors.append(f"{label}的检查项重复。")
    return errors


def parse(data: dict[str, Any]) -> Definition:
    """Build a definition from stored JSON (which the service validated when it was saved)."""
    nodes = []
    for raw in data.get("nodes", []):
        assign = raw.get("assign")
        nodes.append(
            Node(
                key=raw["key"],
                name=raw.get("name", raw["key"]),
                kind=raw.get("kind", NodeKind.TASK),
                assign=AssignRule(**assign) if assign else None,
                deadline_days=raw.get("deadline_days"),
                actions=tuple(raw.get("actions", ())),
                transitions=tuple(Transition(**t) for t in raw.get("transitions", ())),
                labels=tuple(sorted((raw.get("labels") or {}).items())),
                reach=reach_from(raw.get("reach")),
                differ_from=tuple(raw.get("differ_from") or ()),
                alongside=raw.get("alongside") or "",
                due_before_host=raw.get("due_before_host"),
                checklist=_checklist(raw.get("checklist")),
                clause=str(raw.get("clause") or ""),
            )
        )
    return Definition(start=data.get("start", ""), nodes=tuple(nodes))


@dataclass(frozen=True)
class Vocabulary:
    """What the subject type of a template offers to its rules."""

    predicates: Iterable[str]
    scopes: Iterable[str]
    people_fields: Iterable[str]
    parties: Iterable[str] = ()  # people an act names (e.g. 印制's checked_by)


def _reachable(definition: Definition) -> set[str]:
    seen: set[str] = set()
    stack = [definition.start]
    while stack:
        key = stack.pop()
        if key in seen or not definition.has(key):
            continue
        seen.add(key)
        stack.extend(t.to for t in definition.node(key).transitions)
        stack.extend(c.key for c in definition.companions(key))
    return seen


def _check_reach(node: Node, vocabulary: Vocabulary, label: str) -> list[str]:
    reach = node.reach
    if reach is None:
        return []
    errors = [f"{label}的转办范围中角色“{r}”无效。" for r in reach.roles if r not in Role.values]
    scopes = set(vocabulary.scopes)
    for scope in (reach.scope, reach.members):
        if scope and scope not in scopes:
            errors.append(f"{label}的转办范围引用的部门范围“{scope}”不存在。")
    if not (reach.roles or reach.members or reach.anyone):
        errors.append(f"{label}的转办范围为空：请选择角色、部门人员或全机关。")
    return errors


def _check_companion(node: Node, definition: Definition, label: str) -> list[str]:
    if not node.alongside:
        return []
    errors = []
    if not definition.has(node.alongside):
        errors.append(f"{label}随之开始的节点“{node.alongside}”不存在。")
    elif definition.node(node.alongside).kind not in {NodeKind.TASK, NodeKind.PARALLEL}:
        errors.append(f"{label}只能随办理或并行节点同时开始。")
    elif definition.node(node.alongside).alongside:
        errors.append(f"{label}不能随另一个随办节点开始。")
    if node.kind != NodeKind.PARALLEL:
        errors.append(f"{label}随其他节点同时开始，应为并行节点（各方分别办理）。")
    if node.transitions:
        errors.append(f"{label}随其他节点同时开始，不能再有自己的流转。")
    if node.key == definition.start:
        errors.append(f"{label}随其他节点同时开始，不能作为开始节点。")
    if node.due_before_host is not None and not 0 <= node.due_before_host <= 60:
        errors.append(f"{label}的提前工作日数应在 0 到 60 之间。")
    return errors


def _check_node(node: Node, vocabulary: Vocabulary, keys: set[str]) -> list[str]:
    errors = []
    label = f"节点“{node.name}”"
    if node.kind not in NodeKind.values:
        return [f"{label}的类型“{node.kind}”无效。"]
    if node.kind == NodeKind.END:
        if node.transitions:
            errors.append(f"{label}是结束节点，不能再有后续流转。")
        return errors
    rule = node.assign
    if rule is None or not rule.kind:
        errors.append(f"{label}没有设置办理人规则。")
    elif rule.kind not in AssignKind.values:
        errors.append(f"{label}的办理人规则“{rule.kind}”无效。")
    elif rule.kind == AssignKind.ROLE:
        if rule.role not in Role.values:
            errors.append(f"{label}按角色分配，但没有选择有效的角色。")
        if rule.scope and rule.scope not in set(vocabulary.scopes):
            errors.append(f"{label}的部门范围“{rule.scope}”不存在。")
    elif rule.kind == AssignKind.CHOSEN and rule.role and rule.role not in Role.values:
        errors.append(f"{label}限定的角色“{rule.role}”无效。")
    elif rule.kind == AssignKind.FIELD and rule.field not in set(vocabulary.people_fields):
        errors.append(f"{label}引用的人员字段“{rule.field or '（空）'}”不存在。")
    if node.deadline_days is not None and not 0 <= node.deadline_days <= 365:
        errors.append(f"{label}的办理时限应在 0 到 365 个工作日之间。")
    allowed = set(ACTIONS_BY_KIND[NodeKind(node.kind)])
    bad_actions = [a for a in node.actions if a not in allowed]
    if bad_actions:
        names = "、".join(str(Action(a).label) if a in Action.values else a for a in bad_actions)
        errors.append(f"{label}不能使用这些操作：{names}。")
    if node.kind != NodeKind.NOTICE and not set(node.actions) & {
        Action.APPROVE,
        Action.DISAGREE,
        Action.REJECT,
    }:
        errors.append(f"{label}至少要允许“同意”“不同意”或“否决”中的一种，否则无法办完。")
    if node.kind == NodeKind.NOTICE and Action.READ not in node.actions:
        errors.append(f"{label}是知会节点，应允许“已阅”。")
    if not node.transitions and not node.alongside:
        errors.append(f"{label}没有后续流转，流程会停在这里（死节点）。")
    predicates = set(vocabulary.predicates)
    for transition in node.transitions:
        if transition.to not in keys:
            errors.append(f"{label}流转到的节点“{transition.to}”不存在。")
        if transition.when and transition.when not in predicates:
            errors.append(f"{label}的流转条件“{transition.when}”不存在。")
    if node.transitions and all(t.when for t in node.transitions):
        errors.append(
            f"{label}的每条流转都有条件；条件都不满足时流程会停滞，请添加一条无条件流转。"
        )
    return errors


def validate(definition: Definition, vocabulary: Vocabulary) -> list[str]:
    """Every problem, in plain Chinese, with the node it concerns. Empty means valid."""
    errors: list[str] = []
    keys = [node.key for node in definition.nodes]
    duplicates = sorted({k for k in keys if keys.count(k) > 1})
    if duplicates:
        errors.append(f"节点代码重复：{'、'.join(duplicates)}。")
    if not definition.has(definition.start):
        errors.append("没有设置开始节点，或开始节点不存在。")
        return errors
    start = definition.node(definition.start)
    if start.kind in {NodeKind.END, NodeKind.NOTICE}:
        errors.append("开始节点必须是需要办理的节点（办理或并行）。")
    if Action.RETURN in start.actions:
        errors.append(f"开始节点“{start.name}”之前没有环节，不能允许“退回”。")
    ends = [n for n in definition.nodes if n.kind == NodeKind.END]
    if not ends:
        errors.append("流程没有结束节点。")
    for node in definition.nodes:
        errors.extend(_check_node(node, vocabulary, set(keys)))
        if node.kind != NodeKind.END:
            label = f"节点“{node.name}”"
            errors.extend(_check_reach(node, vocabulary, label))
            errors.extend(_check_companion(node, definition, label))
            errors.extend(_check_checklist(node, label))
            if node.clause and not CLAUSE_REF.match(node.clause):
                errors.append(f"{label}的依据条款应写作“制度代码#条号”，如 gongwen#12。")
    errors.extend(duty_problems(definition, vocabulary))
    reachable = _reachable(definition)
    for node in definition.nodes:
        if node.key not in reachable:
            errors.append(f"节点“{node.name}”无法从开始节点到达。")
    if ends and not any(n.key in reachable for n in ends):
        errors.append("从开始节点无法到达结束节点。")
    return errors


def path_to(definition: Definition, key: str) -> list[str]:
    """Node keys on some path from the start to ``key`` (used to list where 退回 may go)."""
    parents: dict[str, str] = {}
    queue = [definition.start]
    seen = {definition.start}
    while queue:
        current = queue.pop(0)
        if current == key:
            break
        if not definition.has(current):
            continue
        for transition in definition.node(current).transitions:
            if transition.to not in seen:
                seen.add(transition.to)
                parents[transition.to] = current
                queue.append(transition.to)
    path = [key]
    while path[-1] in parents:
        path.append(parents[path[-1]])
    return list(reversed(path))


def with_node(
    data: dict[str, Any], original_key: str | None, node: dict[str, Any]
) -> dict[str, Any]:
    """A copy of ``data`` with ``node`` replacing ``original_key`` (or appended if new before the
    end node). Renaming a node's key rewrites the transitions that pointed at it."""
    nodes = [dict(n) for n in data.get("nodes", [])]
    start = data.get("start", "")
    if original_key is None:
        position = next((i for i, n in enumerate(nodes) if n.get("kind") == "end"), len(nodes))
        nodes.insert(position, node)
    else:
        nodes = [node if n["key"] == original_key else n for n in nodes]
        if node["key"] != original_key:
            for n in nodes:
                n.update(_renamed(n, original_key, node["key"]))
            if start == original_key:
                start = node["key"]
    return {"start": start or node["key"], "nodes": nodes}


def _renamed(node: dict[str, Any], old: str, new: str) -> dict[str, Any]:
    """What in ``node`` refers to node ``old`` (transitions, separation of duties, the host
    of a companion), pointed at ``new`` instead."""

    def ref(value: str) -> str:
        key, dot, party = value.partition(".")
        return f"{new}{dot}{party}" if key == old else value

    return {
        "transitions": [
            {**t, "to": new if t["to"] == old else t["to"]} for t in node.get("transitions", [])
        ],
        "differ_from": [ref(r) for r in node.get("differ_from") or []],
        "alongside": new if node.get("alongside") == old else node.get("alongside", ""),
    }


def without_node(data: dict[str, Any], key: str) -> dict[str, Any]:
    """A copy of ``data`` without node ``key`` and what referred to it (transitions into it,
    separation-of-duties rules naming it, companions opened beside it)."""
    nodes = [
        {
            **n,
            "transitions": [t for t in n.get("transitions", []) if t["to"] != key],
            "differ_from": [r for r in n.get("differ_from") or [] if r.split(".")[0] != key],
            "alongside": "" if n.get("alongside") == key else n.get("alongside", ""),
        }
        for n in data.get("nodes", [])
        if n["key"] != key
    ]
    start = data.get("start", "")
    return {"start": "" if start == key else start, "nodes": nodes}


def paths_avoiding(definition: Definition, target: str, avoid: set[str]) -> bool:
    """Whether ``target`` can be reached from the start without passing any of ``avoid``."""
    seen: set[str] = set()
    stack = [definition.start]
    while stack:
        key = stack.pop()
        if key in seen or key in avoid or not definition.has(key):
            continue
        if key == target:
            return True
        seen.add(key)
        stack.extend(t.to for t in definition.node(key).transitions)
    return False


def node_json(
    key: str,
    name: str,
    kind: str,
    assign: dict[str, str] | None,
    deadline_days: int | None,
    actions: list[str],
    transitions: list[tuple[str, str]],
    labels: dict[str, str] | None = None,
    **extra: Any,
) -> dict[str, Any]:
    """One node of a shipped template, as stored: ``transitions`` are ``(to, when)`` pairs;
    ``extra`` holds ``reach``, ``differ_from``, ``alongside``, ``due_before_host``,
    ``checklist`` (``{"name", "items", "required"}``), ``clause`` (``"gongwen#12"``)."""
    return {
        "key": key,
        "name": name,
        "kind": kind,
        "assign": assign,
        "deadline_days": deadline_days,
        "actions": actions,
        "transitions": [{"to": to, "when": when} for to, when in transitions],
        "labels": labels or {},
        **extra,
    }
