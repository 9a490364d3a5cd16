"""档案 on the flow engine. A loan is approved by the authority its 密级's template names
(非密、内部: 办公室主任; 秘密及以上: 主要领导); a destruction by the principal leader. The
templates are data an administrator may change; the requester never approves
(``@initiator``)."""

from typing import Any

from django.utils import timezone

from govoa.archives.models import ArchiveLoan, Destruction
from govoa.archives.policies import DESTRUCTION_TYPE, LOAN_TYPE
from govoa.archives.services.appraisal import destruction_finished
from govoa.archives.services.loans import loan_approved
from govoa.archives.workflow import DESTRUCTION_STATUS_BY_END, LOAN_STATUS_BY_END, LoanStatus
from govoa.flow import registry
from govoa.flow.definition import node_json
from govoa.flow.workflow import Action


class LoanAdapter(registry.SubjectAdapter):
    subject_type = LOAN_TYPE
    module = "archives"
    module_label = "档案借阅"
    initiator_label = "借阅人"

    def load(self, subject_id: int, *, lock: bool = False) -> ArchiveLoan:
        qs = ArchiveLoan.objects.select_for_update() if lock else ArchiveLoan.objects
        return qs.select_related("record", "requester").get(pk=subject_id)

    def summary(self, subject: ArchiveLoan) -> registry.SubjectSummary:
        return registry.SubjectSummary(
            title=f"档案借阅：{subject.record.reference_code} {subject.record.title[:60]}",
            number=subject.record.reference_code or "",
            classification=subject.record.classification,
            url=f"/archives/loans/{subject.pk}/",
        )

    def on_act(self, act: registry.DomainAct) -> None:
        if act.action == Action.APPROVE:
            act.subject.approved_by, act.subject.approved_at = act.actor, timezone.now()
            act.subject.save(update_fields=["approved_by", "approved_at"])

    def on_finish(self, instance: Any, subject: ArchiveLoan, status: str) -> None:
        if LOAN_STATUS_BY_END[status] == LoanStatus.APPROVED:
            loan_approved(subject)
            return
        subject.status = LOAN_STATUS_BY_END[status]
        subject.save(update_fields=["status"])


class DestructionAdapter(registry.SubjectAdapter):
    subject_type = DESTRUCTION_TYPE
    module = "archives"
    module_label = "档案销毁"
    initiator_label = "申请人"

    def load(self, subject_id: int, *, lock: bool = False) -> Destruction:
        qs = Destruction.objects.select_for_update() if lock else Destruction.objects
        return qs.get(pk=subject_id)

    def summary(self, subject: Destruction) -> registry.SubjectSummary:
        return registry.SubjectSummary(
            title=f"档案销毁：{subject.reason[:60]}",
            number="",
            classification=0,
            url=f"/archives/destructions/{subject.pk}/",
        )

    def on_act(self, act: registry.DomainAct) -> None:
        if act.action == Action.APPROVE:
            act.subject.approved_by = act.actor
            act.subject.save(update_fields=["approved_by"])

    def on_finish(self, instance: Any, subject: Destruction, status: str) -> None:
        destruction_finished(subject, DESTRUCTION_STATUS_BY_END[status])


registry.register_subject(LoanAdapter())
registry.register_subject(DestructionAdapter())


def _one_approval(name: str, role: str) -> dict[str, Any]:
    return {
        "start": "approve",
        "nodes": [
            node_json(
                "approve",
                name,
                "task",
                {"kind": "role", "role": role, "scope": ""},
                2,
                ["approve", "reject", "forward"],
                [("end", "")],
                {"approve": "批准", "reject": "不批准"},
                differ_from=["@initiator"],  # nobody approves their own request
            ),
            node_json("end", "结束", "end", None, None, [], []),
        ],
    }


for code, name, node_name, role, subject_type in [
    ("archive_loan", "档案借阅审批（非密、内部）", "办公室主任审批", "office_head", LOAN_TYPE),
    (
        "archive_loan_classified",
        "档案借阅审批（涉密）",
        "主要领导审批",
        "leader_principal",
        LOAN_TYPE,
    ),
    ("archive_destruction", "档案销毁审批", "主要领导审批", "leader_principal", DESTRUCTION_TYPE),
]:
    registry.register_default_template(
        registry.DefaultTemplate(
            code=code,
            name=name,
            subject_type=subject_type,
            definition=_one_approval(node_name, role),
        )
    )
