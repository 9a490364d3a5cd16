"""Separation of duties (职责分离) as template data. A node lists in ``differ_from`` what its
actors must differ from:

- another node's key: nobody may act on both (审核 ≠ 拟稿, 核稿 ≠ 签发). The rule binds both
  ways — whichever of the two nodes comes second refuses the people who acted on the first;
- ``@initiator``: the one who started the flow (the 拟稿人 of a 发文, the requester of a
  用印 or a 借阅);
- ``<this node>.<party>``: a person an act at this node names, such as 印制's second checker
  (``print.checked_by``) — the act's own actors may not be that person.

The *actors* of a node are everyone who decided on it in this instance (同意, 不同意, 否决,
退回) — the one who acted, the holder they acted for (代理), and the principal of a delegated
item. 转办 and 加签 hand a step on without deciding it. No database access here."""

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from govoa.flow.definition import Definition, Vocabulary

INITIATOR = "@initiator"


@dataclass(frozen=True)
class Rule:
    node: str  # the node that declares it
    ref: str  # a node key, INITIATOR, or "<node>.<party>"

    @property
    def party(self) -> str:
        return self.ref.split(".", 1)[1] if "." in self.ref else ""


def rules_of(definition: "Definition") -> list[Rule]:
    return [Rule(node.key, ref) for node in definition.nodes for ref in node.differ_from]


@dataclass(frozen=True)
class Labels:
    """How the rules read: node names, and the subject's words for the initiator and the
    parties (e.g. 拟稿人, 核对人)."""

    definition: "Definition"
    initiator: str = "发起人"
    parties: dict[str, str] = field(default_factory=dict)

    def node(self, key: str) -> str:
        return self.definition.node(key).name if self.definition.has(key) else key

    def ref(self, ref: str) -> str:
        if ref == INITIATOR:
            return self.initiator
        if "." in ref:  # a party of the rule's own node: its name says enough
            party = ref.split(".", 1)[1]
            return self.parties.get(party, party)
        return self.node(ref)

    def rule(self, rule: Rule) -> str:
        return f"“{self.node(rule.node)}”≠“{self.ref(rule.ref)}”"


@dataclass
class Actors:
    """Who decided on which node of one instance so far, and who started it."""

    initiator: int
    by_node: dict[str, set[int]] = field(default_factory=dict)

    def add(self, node: str, people: Iterable[int | None]) -> None:
        self.by_node.setdefault(node, set()).update(p for p in people if p)

    def of(self, ref: str) -> set[int]:
        if ref == INITIATOR:
            return {self.initiator}
        return self.by_node.get(ref, set())


def barred(definition: "Definition", key: str, actors: Actors) -> dict[int, Rule]:
    """The people who may not act on node ``key`` now, each with the rule that bars them."""
    found: dict[int, Rule] = {}
    for rule in rules_of(definition):
        if rule.party:
            continue  # a party counts only within the act that names it
        if rule.node == key:
            people = actors.of(rule.ref)
        elif rule.ref == key:
            people = actors.of(rule.node)
        else:
            continue
        for person in sorted(people):
            found.setdefault(person, rule)
    return found


def party_rules(definition: "Definition", key: str) -> list[Rule]:
    """The rules of node ``key`` about the people its acts name."""
    return [rule for rule in rules_of(definition) if rule.node == key and rule.party]


def duty_problems(definition: "Definition", vocabulary: "Vocabulary") -> list[str]:
    """What is wrong with the nodes' ``differ_from`` lists."""
    problems = []
    parties = set(vocabulary.parties)
    for rule in rules_of(definition):
        name = definition.node(rule.node).name
        if rule.ref == INITIATOR:
            continue
        if rule.party:
            key = rule.ref.split(".", 1)[0]
            if key != rule.node or rule.party not in parties:
                problems.append(
                    f"节点“{name}”的职责分离规则“{rule.ref}”无效：只能引用本节点办理时指定的人员。"
                )
        elif rule.ref == rule.node:
            problems.append(f"节点“{name}”的职责分离规则不能引用节点自己。")
        elif not definition.has(rule.ref):
            problems.append(f"节点“{name}”的职责分离规则引用的节点“{rule.ref}”不存在。")
    return problems


def _pairs(definition: "Definition") -> dict[tuple[str, ...], Rule]:
    """The rules by comparable pair: node–node rules bind both ways, so unordered."""
    pairs: dict[tuple[str, ...], Rule] = {}
    for rule in rules_of(definition):
        if rule.ref == INITIATOR or rule.party:
            pairs.setdefault((rule.node, rule.ref), rule)
        else:
            pairs.setdefault(tuple(sorted((rule.node, rule.ref))), rule)
    return pairs


def weaker_than(definition: "Definition", shipped: "Definition", labels: Labels) -> list[str]:
    """The shipped default's rules the edited template drops (for nodes it still has): a
    template may add rules, never loosen the shipped ones."""
    keys = {node.key for node in definition.nodes}
    have = _pairs(definition)
    missing = []
    for pair, rule in sorted(_pairs(shipped).items()):
        nodes = [p.split(".", 1)[0] for p in pair if p != INITIATOR]
        if pair not in have and all(key in keys for key in nodes):
            missing.append(
                f"缺少默认流程的职责分离规则{labels.rule(rule)}：可以增加规则，不能放宽默认规则。"
            )
    return missing
