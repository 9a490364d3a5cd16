"""办公用品 on the flow engine: 申领计划 and 盘点 are reviewed by the office
(``supplies_requisition``, ``supplies_stocktake``); the reviewer is never the one who
drew up the plan or counted the stock (separation of duties as template data)."""

from typing import Any

from govoa.flow import registry
from govoa.flow.shipped import one_approval
from govoa.flow.workflow import Action
from govoa.supplies.models import Requisition, Stocktake
from govoa.supplies.policies import REQUISITION_TYPE, STOCKTAKE_TYPE
from govoa.supplies.services.stocktakes import stocktake_apply
from govoa.supplies.workflow import (
    REQUISITION_STATUS_BY_END,
    STOCKTAKE_STATUS_BY_END,
    StocktakeStatus,
)


class RequisitionAdapter(registry.SubjectAdapter):
    subject_type = REQUISITION_TYPE
    module = "supplies"
    module_label = "办公用品"
    scopes = {"department": "申领部门"}
    initiator_label = "申领人"

    def load(self, subject_id: int, *, lock: bool = False) -> Requisition:
        qs = Requisition.objects.select_for_update() if lock else Requisition.objects
        return qs.get(pk=subject_id)

    def summary(self, subject: Requisition) -> registry.SubjectSummary:
        return registry.SubjectSummary(
            title=f"{subject.department.name} {subject.period} 办公用品申领计划",
            number="",
            classification=0,
            url=f"/supplies/requisitions/{subject.pk}/",
        )

    def departments(self, subject: Requisition, scope: str) -> list[int]:
        return [subject.department_id]

    def on_act(self, act: registry.DomainAct) -> None:
        if act.action == Action.APPROVE:
            act.subject.approved_by = act.actor
            act.subject.save(update_fields=["approved_by", "updated_at"])

    def on_finish(self, instance: Any, subject: Requisition, status: str) -> None:
        subject.status = REQUISITION_STATUS_BY_END[status]
        subject.save(update_fields=["status", "updated_at"])


class StocktakeAdapter(registry.SubjectAdapter):
    subject_type = STOCKTAKE_TYPE
    module = "supplies"
    module_label = "办公用品"
    initiator_label = "盘点人"

    def load(self, subject_id: int, *, lock: bool = False) -> Stocktake:
        qs = Stocktake.objects.select_for_update() if lock else Stocktake.objects
        return qs.get(pk=subject_id)

    def summary(self, subject: Stocktake) -> registry.SubjectSummary:
        return registry.SubjectSummary(
            title=f"盘点调整审批：{subject.title}",
            number="",
            classification=0,
            url=f"/supplies/stocktakes/{subject.pk}/",
        )

    def on_act(self, act: registry.DomainAct) -> None:
        if act.action == Action.APPROVE:
            act.subject.approved_by = act.actor
            act.subject.save(update_fields=["approved_by", "updated_at"])

    def on_finish(self, instance: Any, subject: Stocktake, status: str) -> None:
        subject.status = STOCKTAKE_STATUS_BY_END[status]
        subject.save(update_fields=["status", "updated_at"])
        if subject.status == StocktakeStatus.APPROVED:
            stocktake_apply(subject)


registry.register_subject(RequisitionAdapter())
registry.register_subject(StocktakeAdapter())


def _office_review(name: str, approve: str) -> dict[str, Any]:
    """The office's one review; 申领人/盘点人 never approves their own plan or count."""
    return one_approval(
        name, "office_head", step="office_review", deadline_days=3, verbs=(approve, "不同意")
    )


registry.register_default_template(
    registry.DefaultTemplate(
        code="supplies_requisition",
        name="办公用品申领计划审核",
        subject_type=REQUISITION_TYPE,
        definition=_office_review("办公室审核", "同意申领"),
    )
)
registry.register_default_template(
    registry.DefaultTemplate(
        code="supplies_stocktake",
        name="盘点调整审批",
        subject_type=STOCKTAKE_TYPE,
        definition=_office_review("办公室审批", "同意调整"),
    )
)
