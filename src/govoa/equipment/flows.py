"""送修/报废 on the flow engine: one approval by the principal leader, never the applicant
(``differ_from: @initiator``) — template data an administrator may change."""

from typing import Any

from govoa.equipment.models import DisposalRequest
from govoa.equipment.policies import DISPOSAL_TYPE
from govoa.equipment.services.care import disposal_apply
from govoa.equipment.workflow import DISPOSAL_STATUS_BY_END, DISPOSAL_TEMPLATE, DisposalStatus
from govoa.flow import registry
from govoa.flow.shipped import one_approval
from govoa.flow.workflow import Action


class DisposalAdapter(registry.SubjectAdapter):
    subject_type = DISPOSAL_TYPE
    module = "equipment"
    module_label = "设备管理"
    initiator_label = "申请人"

    def load(self, subject_id: int, *, lock: bool = False) -> DisposalRequest:
        qs = DisposalRequest.objects.select_for_update() if lock else DisposalRequest.objects
        return qs.select_related("device").get(pk=subject_id)

    def summary(self, subject: DisposalRequest) -> registry.SubjectSummary:
        device = subject.device
        return registry.SubjectSummary(
            title=f"设备{subject.get_kind_display()}：{device.get_kind_display()} "
            f"{device.asset_number}（{subject.reason[:60]}）",
            number="",
            classification=0,
            url=f"/equipment/{device.pk}/",
        )

    def on_act(self, act: registry.DomainAct) -> None:
        if act.action == Action.APPROVE:
            act.subject.approved_by = act.actor
            act.subject.save(update_fields=["approved_by", "updated_at"])

    def on_finish(self, instance: Any, subject: DisposalRequest, status: str) -> None:
        subject.status = DISPOSAL_STATUS_BY_END[status]
        subject.save(update_fields=["status", "updated_at"])
        if subject.status == DisposalStatus.APPROVED:
            disposal_apply(subject)


registry.register_subject(DisposalAdapter())
registry.register_default_template(
    registry.DefaultTemplate(
        code=DISPOSAL_TEMPLATE,
        name="设备送修、报废审批",
        subject_type=DISPOSAL_TYPE,
        definition=one_approval("主要领导审批", "leader_principal", deadline_days=2),
    )
)
