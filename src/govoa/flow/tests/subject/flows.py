"""The memo's adapter, predicate and default template: every node kind and assignment rule
of the engine appears once."""

import datetime
from typing import Any

from govoa.core.errors import ValidationFailed
from govoa.flow import registry
from govoa.flow.tests.subject.models import Memo

MEMO = "flow_test_subject.memo"


class MemoAdapter(registry.SubjectAdapter):
    subject_type = MEMO
    module = "memo"
    module_label = "测试件"
    scopes = {"drafting_department": "拟稿部门", "countersign_departments": "会签部门"}
    people_fields = {"circulation": "传阅人员"}

    def load(self, subject_id: int, *, lock: bool = False) -> Memo:
        qs = Memo.objects.select_for_update() if lock else Memo.objects
        return qs.get(pk=subject_id)

    def summary(self, subject: Memo) -> registry.SubjectSummary:
        return registry.SubjectSummary(
            title=subject.title,
            number=subject.number,
            classification=subject.classification,
            url=f"/memo/{subject.pk}/",
            urgent=subject.urgent,
        )

    def departments(self, subject: Memo, scope: str) -> list[int]:
        if scope == "drafting_department":
            return [subject.drafting_department_id]
        return sorted(subject.countersign_departments.values_list("pk", flat=True))

    def people(self, subject: Memo, field_name: str) -> list[int]:
        return sorted(subject.circulation.values_list("pk", flat=True))

    def due_date(self, subject: Memo, node_key: str) -> datetime.date | None:
        return subject.deadline if node_key == "review" else None

    def on_act(self, act: registry.DomainAct) -> None:
        if act.payload.get("refuse"):
            raise ValidationFailed("测试：业务校验未通过。", fields={"refuse": ["不允许"]})
        memo = act.subject
        memo.events.append(f"act:{act.item.node_key}:{act.action}")
        memo.save(update_fields=["events"])

    def on_enter(self, instance: Any, subject: Memo, node_key: str) -> None:
        subject.status = node_key
        subject.events.append(f"enter:{node_key}")
        subject.save(update_fields=["status", "events"])

    def on_finish(self, instance: Any, subject: Memo, status: str) -> None:
        subject.status = status
        subject.events.append(f"finish:{status}")
        subject.save(update_fields=["status", "events"])


registry.register_subject(MemoAdapter())
registry.register_predicate(
    registry.Predicate(
        name="memo_has_countersign",
        label="有会签部门",
        test=lambda instance, memo: memo.countersign_departments.exists(),
        subject_types=frozenset({MEMO}),
    )
)

ROLE = "role"
registry.register_default_template(
    registry.DefaultTemplate(
        code="memo_approval",
        name="测试件审批",
        subject_type=MEMO,
        definition={
            "start": "dept_review",
            "nodes": [
                {
                    "key": "dept_review",
                    "name": "部门负责人审核",
                    "kind": "task",
                    "assign": {"kind": ROLE, "role": "dept_head", "scope": "drafting_department"},
                    # A wider set than the rule's: any 处室负责人 may take it over (转办, 代理).
                    "reach": {"roles": ["dept_head"]},
                    "differ_from": ["@initiator"],
                    "deadline_days": 2,
                    "actions": ["approve", "reject", "forward", "add_signer"],
                    "transitions": [
                        {"to": "countersign", "when": "memo_has_countersign"},
                        {"to": "review"},
                    ],
                },
                {
                    "key": "countersign",
                    "name": "会签",
                    "kind": "parallel",
                    "assign": {
                        "kind": ROLE,
                        "role": "dept_head",
                        "scope": "countersign_departments",
                    },
                    "deadline_days": 3,
                    "actions": ["approve", "disagree", "return", "forward", "add_signer"],
                    "transitions": [{"to": "dept_review", "when": "has_dissent"}, {"to": "review"}],
                },
                {
                    "key": "review",
                    "name": "办公室核稿",
                    "kind": "task",
                    "assign": {"kind": ROLE, "role": "office_head"},
                    "differ_from": ["@initiator", "sign_off"],
                    "deadline_days": 2,
                    "actions": ["approve", "return", "forward"],
                    "transitions": [{"to": "circulate"}],
                },
                {
                    "key": "circulate",
                    "name": "传阅",
                    "kind": "notice",
                    "assign": {"kind": "field", "field": "circulation"},
                    # A reader's 代理 may read in their place (wider than the list itself).
                    "reach": {"anyone": True},
                    "deadline_days": 2,
                    "actions": ["read"],
                    "transitions": [{"to": "sign_off"}],
                },
                {
                    "key": "sign_off",
                    "name": "签发",
                    "kind": "task",
                    "assign": {"kind": "chosen", "role": "leader_deputy"},
                    "deadline_days": 1,
                    "actions": ["approve", "reject", "return"],
                    "transitions": [{"to": "confirm"}],
                },
                {
                    "key": "confirm",
                    "name": "拟稿人确认",
                    "kind": "task",
                    "assign": {"kind": "initiator"},
                    "deadline_days": 1,
                    "actions": ["approve", "return"],
                    "transitions": [{"to": "end"}],
                },
                {"key": "end", "name": "结束", "kind": "end", "transitions": []},
            ],
        },
    )
)
