"""督办 on the flow engine: the subject adapter and two templates, as data.

``supervision_task``: 任务确认 (the owner) → 签认 (the assigner signs the 任务确认单; not the
owner) → 办理 (the owner, due on the task's 时限; approving it submits the 办结报告) → 验收
(the assigner accepts or returns it; not the one who did the work) → end.
``supervision_extension``: the owner's 延期申请, decided by the assigner (never the one who
asked). Overdue 办理 escalates to the supervising leader (``escalate_to``)."""

import datetime
from typing import Any

from govoa.flow import registry
from govoa.flow.definition import node_json
from govoa.flow.workflow import Action
from govoa.supervision.models import SupervisionTask
from govoa.supervision.policies import SUBJECT_TYPE
from govoa.supervision.services import lifecycle
from govoa.supervision.workflow import EXTENSION_FLOW, TASK_FLOW


class SupervisionAdapter(registry.SubjectAdapter):
    subject_type = SUBJECT_TYPE
    module = "supervision"
    module_label = "督办"
    people_fields = {"owner": "承办人", "assigner": "交办人"}
    initiator_label = "申请人"
    act_on_subject_page = True

    def load(self, subject_id: int, *, lock: bool = False) -> SupervisionTask:
        qs = SupervisionTask.objects.select_for_update() if lock else SupervisionTask.objects
        return qs.get(pk=subject_id)

    def summary(self, subject: SupervisionTask) -> registry.SubjectSummary:
        return registry.SubjectSummary(
            title=subject.title,
            number=f"督办{subject.pk}",
            classification=subject.classification,
            url=f"/supervision/{subject.pk}/",
        )

    def people(self, subject: SupervisionTask, field_name: str) -> list[int]:
        return [subject.owner_id if field_name == "owner" else subject.assigner_id]

    def due_date(self, subject: SupervisionTask, node_key: str) -> datetime.date | None:
        return subject.deadline if node_key == "execute" else None

    def escalate_to(self, subject: SupervisionTask, item: Any) -> list[int]:
        return [subject.leader_id] if subject.leader_id else []

    def may_remind(self, subject: SupervisionTask, person: Any) -> bool:
        return getattr(person, "pk", None) in (subject.assigner_id, subject.leader_id)

    def on_act(self, act: registry.DomainAct) -> None:
        task: SupervisionTask = act.subject
        node, action = act.item.node_key, act.action
        if node == "execute" and action == Action.APPROVE:
            lifecycle.apply_final_report(task, act.actor, act.payload)
        elif node == "decide" and action in (Action.APPROVE, Action.REJECT):
            lifecycle.apply_extension_decision(
                task, act.actor, approve=action == Action.APPROVE, note=act.opinion
            )

    def on_enter(self, instance: Any, subject: SupervisionTask, node_key: str) -> None:
        if instance.code == TASK_FLOW:
            lifecycle.entered(subject, node_key)

    def on_finish(self, instance: Any, subject: SupervisionTask, status: str) -> None:
        if instance.code == TASK_FLOW:
            lifecycle.finished(subject, status)


registry.register_subject(SupervisionAdapter())

# 三查 of 001 五(一): 办事查“三实”, gone through at 验收 (the 交办人 accepts the 办结报告).
# Template data: an agency's administrator may reword or move it.
ACCEPT_CHECKLIST: dict[str, Any] = {
    "name": "办事三实",
    "items": [
        "任务落实实：无拖延",
        "反馈汇报实：无虚假",
        "后续跟进实：无遗漏",
    ],
    "required": True,
}

registry.register_default_template(
    registry.DefaultTemplate(
        code=TASK_FLOW,
        name="督办事项办理",
        subject_type=SUBJECT_TYPE,
        definition={
            "start": "confirm",
            "nodes": [
                node_json(
                    "confirm",
                    "任务确认",
                    "task",
                    {"kind": "field", "field": "owner"},
                    2,
                    ["approve", "reject"],
                    [("sign", "")],
                    {"approve": "确认承接", "reject": "不能承接"},
                ),
                node_json(
                    "sign",
                    "交办人签认",
                    "task",
                    {"kind": "field", "field": "assigner"},
                    2,
                    ["approve", "return", "reject"],
                    [("execute", "")],
                    {"approve": "签认确认单", "return": "退回重新确认", "reject": "撤销任务"},
                    differ_from=["confirm"],
                ),
                node_json(
                    "execute",
                    "办理",
                    "task",
                    {"kind": "field", "field": "owner"},
                    None,
                    ["approve"],
                    [("accept", "")],
                    {"approve": "提交办结报告"},
                ),
                node_json(
                    "accept",
                    "验收",
                    "task",
                    {"kind": "field", "field": "assigner"},
                    3,
                    ["approve", "return"],
                    [("end", "")],
                    {"approve": "验收通过", "return": "退回补充"},
                    differ_from=["execute"],
                    checklist=ACCEPT_CHECKLIST,
                ),
                node_json("end", "结束", "end", None, None, [], []),
            ],
        },
    )
)
registry.register_default_template(
    registry.DefaultTemplate(
        code=EXTENSION_FLOW,
        name="督办事项延期审批",
        subject_type=SUBJECT_TYPE,
        definition={
            "start": "decide",
            "nodes": [
                node_json(
                    "decide",
                    "延期审批",
                    "task",
                    {"kind": "field", "field": "assigner"},
                    2,
                    ["approve", "reject"],
                    [("end", "")],
                    {"approve": "同意延期", "reject": "不同意延期"},
                    differ_from=["@initiator"],
                ),
                node_json("end", "结束", "end", None, None, [], []),
            ],
        },
    )
)
