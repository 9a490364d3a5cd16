"""办会 on the flow engine: two subjects and three templates, as data.

``meeting_plan`` (年度会议计划的一项): 办公室审核 (the office head) → 领导审批 (the principal
leader); neither may be the one who proposed it, nor the same person twice.
``meeting_request`` (办会申请): 审批 by the leader the request names (not the requester);
approving books the room (refused if it is taken meanwhile) and sends the notices.
``meeting_minutes`` (纪要审签): the chairing leader signs the 纪要 (not its drafter);
approving hands each 议定事项 to 督办."""

import datetime
from typing import Any

from govoa.flow import registry
from govoa.flow.definition import node_json
from govoa.flow.workflow import Action
from govoa.meetings.models import Meeting, MeetingPlan
from govoa.meetings.policies import MEETING_TYPE, PLAN_TYPE
from govoa.meetings.services import lifecycle
from govoa.meetings.workflow import MINUTES_FLOW, PLAN_FLOW, REQUEST_FLOW


class PlanAdapter(registry.SubjectAdapter):
    subject_type = PLAN_TYPE
    module = "meetings"
    module_label = "会议计划"
    initiator_label = "提出部门"

    def load(self, subject_id: int, *, lock: bool = False) -> MeetingPlan:
        qs = MeetingPlan.objects.select_for_update() if lock else MeetingPlan.objects
        return qs.get(pk=subject_id)

    def summary(self, subject: MeetingPlan) -> registry.SubjectSummary:
        return registry.SubjectSummary(
            title=f"{subject.year}年度会议计划：{subject.name}",
            number=f"会议计划{subject.pk}",
            classification=0,
            url=f"/meetings/plans/{subject.pk}/",
        )

    def on_enter(self, instance: Any, subject: MeetingPlan, node_key: str) -> None:
        lifecycle.plan_entered(subject, node_key)

    def on_finish(self, instance: Any, subject: MeetingPlan, status: str) -> None:
        lifecycle.plan_finished(subject, status)


class MeetingAdapter(registry.SubjectAdapter):
    subject_type = MEETING_TYPE
    module = "meetings"
    module_label = "会议"
    people_fields = {"approver": "审批领导", "chair": "主持领导"}
    initiator_label = "申请人"
    act_on_subject_page = True

    def load(self, subject_id: int, *, lock: bool = False) -> Meeting:
        qs = Meeting.objects.select_for_update() if lock else Meeting.objects
        return qs.get(pk=subject_id)

    def summary(self, subject: Meeting) -> registry.SubjectSummary:
        return registry.SubjectSummary(
            title=subject.title,
            number=f"会议{subject.pk}",
            classification=subject.classification,
            url=f"/meetings/{subject.pk}/",
        )

    def people(self, subject: Meeting, field_name: str) -> list[int]:
        return [subject.approver_id if field_name == "approver" else subject.chair_id]

    def due_date(self, subject: Meeting, node_key: str) -> datetime.date | None:
        return subject.starts_at.date() if node_key == "approve" else None

    def may_remind(self, subject: Meeting, person: Any) -> bool:
        return getattr(person, "pk", None) == subject.organiser_id

    def on_act(self, act: registry.DomainAct) -> None:
        if act.instance.code == REQUEST_FLOW and act.action == Action.APPROVE:
            lifecycle.before_approval(act.subject)

    def on_finish(self, instance: Any, subject: Meeting, status: str) -> None:
        if instance.code == REQUEST_FLOW:
            lifecycle.request_finished(subject, status)
        elif instance.code == MINUTES_FLOW:
            lifecycle.minutes_finished(subject, status, instance)


registry.register_subject(PlanAdapter())
registry.register_subject(MeetingAdapter())


# 三查 of 001 五(一): 办会查“三全”, gone through when the 纪要 is signed (the meeting held, its
# record complete). Template data: an agency's administrator may reword or move it.
MINUTES_CHECKLIST: dict[str, Any] = {
    "name": "办会三全",
    "items": [
        "材料准备全：无遗漏",
        "现场保障全：设备、茶水、应急措施到位",
        "纪要记录全：决策事项无偏差",
    ],
    "required": True,
}


def _end() -> dict[str, Any]:
    return node_json("end", "结束", "end", None, None, [], [])


registry.register_default_template(
    registry.DefaultTemplate(
        code=PLAN_FLOW,
        name="年度会议计划审批",
        subject_type=PLAN_TYPE,
        definition={
            "start": "review",
            "nodes": [
                node_json(
                    "review",
                    "办公室汇总审核",
                    "task",
                    {"kind": "role", "role": "office_head"},
                    5,
                    ["approve", "reject"],
                    [("approve", "")],
                    {"approve": "审核通过", "reject": "不列入计划"},
                    differ_from=["@initiator"],
                ),
                node_json(
                    "approve",
                    "领导审批",
                    "task",
                    {"kind": "role", "role": "leader_principal"},
                    5,
                    ["approve", "reject"],
                    [("end", "")],
                    {"approve": "批准", "reject": "不批准"},
                    differ_from=["@initiator", "review"],
                ),
                _end(),
            ],
        },
    )
)
registry.register_default_template(
    registry.DefaultTemplate(
        code=REQUEST_FLOW,
        name="办会申请审批",
        subject_type=MEETING_TYPE,
        definition={
            "start": "approve",
            "nodes": [
                node_json(
                    "approve",
                    "会议审批",
                    "task",
                    {"kind": "field", "field": "approver"},
                    2,
                    ["approve", "reject"],
                    [("end", "")],
                    {"approve": "同意召开", "reject": "不同意召开"},
                    differ_from=["@initiator"],
                ),
                _end(),
            ],
        },
    )
)
registry.register_default_template(
    registry.DefaultTemplate(
        code=MINUTES_FLOW,
        name="会议纪要审签",
        subject_type=MEETING_TYPE,
        definition={
            "start": "sign",
            "nodes": [
                node_json(
                    "sign",
                    "主持领导审签",
                    "task",
                    {"kind": "field", "field": "chair"},
                    1,
                    ["approve", "reject"],
                    [("end", "")],
                    {"approve": "审签同意", "reject": "退回修改"},
                    differ_from=["@initiator"],
                    checklist=MINUTES_CHECKLIST,
                ),
                _end(),
            ],
        },
    )
)
