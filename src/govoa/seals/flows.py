"""Seals on the flow engine. A usage request is approved by the authority its seal type's
template names (公章/钢印: 办公室主任; 党组章: 主要领导; 部门章: that department's head;
合同章: the applicant department's 分管领导) — data an administrator may change, never the
applicant (``@initiator``). Status changes are approved by the principal leader.
Registers the recorder of 发文's 用印 step in ``documents.sealing``."""

from typing import Any

from django.utils import timezone

from govoa.documents.sealing import register_recorder
from govoa.flow import registry
from govoa.flow.shipped import one_approval
from govoa.flow.workflow import Action
from govoa.seals.models import SealStatusChange, SealUsage
from govoa.seals.policies import CHANGE_TYPE, USAGE_TYPE
from govoa.seals.services.changes import seal_change_apply
from govoa.seals.services.usages import outgoing_sealed
from govoa.seals.workflow import (
    CHANGE_STATUS_BY_END,
    USAGE_STATUS_BY_END,
    ChangeStatus,
    SealType,
    usage_template_code,
)


class UsageAdapter(registry.SubjectAdapter):
    subject_type = USAGE_TYPE
    module = "seals"
    module_label = "用印"
    scopes = {"requester_department": "申请部门", "seal_department": "印章所属部门"}
    initiator_label = "申请人"

    def load(self, subject_id: int, *, lock: bool = False) -> SealUsage:
        qs = SealUsage.objects.select_for_update() if lock else SealUsage.objects
        return qs.select_related("seal").get(pk=subject_id)

    def summary(self, subject: SealUsage) -> registry.SubjectSummary:
        return registry.SubjectSummary(
            title=f"用印申请：{subject.seal.name}（{subject.reason[:60]}）",
            number="",
            classification=0,
            url=f"/seals/usages/{subject.pk}/",
        )

    def departments(self, subject: SealUsage, scope: str) -> list[int]:
        if scope == "seal_department":
            return [subject.seal.department_id] if subject.seal.department_id else []
        return [subject.department_id]

    def on_act(self, act: registry.DomainAct) -> None:
        if act.action == Action.APPROVE:
            act.subject.approved_by, act.subject.approved_at = act.actor, timezone.now()
            act.subject.save(update_fields=["approved_by", "approved_at", "updated_at"])

    def on_finish(self, instance: Any, subject: SealUsage, status: str) -> None:
        subject.status = USAGE_STATUS_BY_END[status]
        subject.save(update_fields=["status", "updated_at"])


class ChangeAdapter(registry.SubjectAdapter):
    subject_type = CHANGE_TYPE
    module = "seals"
    module_label = "印章管理"
    initiator_label = "申请人"

    def load(self, subject_id: int, *, lock: bool = False) -> SealStatusChange:
        qs = SealStatusChange.objects.select_for_update() if lock else SealStatusChange.objects
        return qs.select_related("seal").get(pk=subject_id)

    def summary(self, subject: SealStatusChange) -> registry.SubjectSummary:
        return registry.SubjectSummary(
            title=f"印章{subject.get_kind_display()}：{subject.seal.name}",
            number="",
            classification=0,
            url=f"/seals/{subject.seal_id}/",
        )

    def on_act(self, act: registry.DomainAct) -> None:
        if act.action == Action.APPROVE:
            act.subject.approved_by = act.actor
            act.subject.save(update_fields=["approved_by", "updated_at"])

    def on_finish(self, instance: Any, subject: SealStatusChange, status: str) -> None:
        subject.status = CHANGE_STATUS_BY_END[status]
        subject.save(update_fields=["status", "updated_at"])
        if subject.status == ChangeStatus.APPROVED:
            seal_change_apply(subject)


registry.register_subject(UsageAdapter())
registry.register_subject(ChangeAdapter())
register_recorder(outgoing_sealed)


AUTHORITY = {
    SealType.OFFICIAL: ("办公室主任审批", "office_head", ""),
    SealType.PARTY: ("主要领导审批", "leader_principal", ""),
    SealType.DEPARTMENT: ("部门负责人审批", "dept_head", "seal_department"),
    SealType.CONTRACT: ("分管领导审批", "leader_deputy", "requester_department"),
    SealType.STEEL: ("办公室主任审批", "office_head", ""),
}
for seal_type, (node_name, role, scope) in AUTHORITY.items():
    registry.register_default_template(
        registry.DefaultTemplate(
            code=usage_template_code(seal_type),
            name=f"{seal_type.label}用印审批",
            subject_type=USAGE_TYPE,
            definition=one_approval(node_name, role, scope=scope),
        )
    )
registry.register_default_template(
    registry.DefaultTemplate(
        code="seal_status_change",
        name="印章停用、封存、销毁审批",
        subject_type=CHANGE_TYPE,
        definition=one_approval("主要领导审批", "leader_principal"),
    )
)
