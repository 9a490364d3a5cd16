"""档案 on the flow engine. A loan is approved by the authority its 密级's template names
(非密、内部: 办公室主任; 秘密及以上: 主要领导); a destruction by the principal leader. The
templates are data an administrator may change; the requester never approves
(``@initiator``).

A 鉴定 is voted on the engine too (``archive_appraisal``): one parallel 表决 node, one 待办
per member of the committee the archivist named (the ``committee`` people field); each
member acts once (同意, with ``payload.decision`` 销毁/继续保存 and the reason as the
opinion); the majority decides and the other members' items are withdrawn
(``SubjectAdapter.settled``); a committee whose every member voted without a majority keeps
the record. Separation of duties, as data: a member acts only on their own item (no 转办 or
加签 — the committee is named, not a role), and, keeping the rule the votes had before the
engine, the archivist who puts the record to the committee may sit on it and vote (the
committee is the archivist's choice of at least three; nothing in the reference standards bars
the archives staff from it); the destruction that may follow is requested by the archivist
and approved by someone else (``differ_from: @initiator``)."""

from typing import Any

from django.utils import timezone

from govoa.archives.models import Appraisal, ArchiveLoan, Destruction
from govoa.archives.policies import APPRAISAL_TYPE, DESTRUCTION_TYPE, LOAN_TYPE
from govoa.archives.services.appraisal import (
    APPRAISAL_CODE,
    appraisal_flow_ended,
    appraisal_vote_recorded,
    destruction_finished,
)
from govoa.archives.services.loans import loan_approved
from govoa.archives.workflow import (
    DESTRUCTION_STATUS_BY_END,
    LOAN_STATUS_BY_END,
    AppraisalStatus,
    LoanStatus,
)
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


class AppraisalAdapter(registry.SubjectAdapter):
    subject_type = APPRAISAL_TYPE
    module = "archives"
    module_label = "档案鉴定"
    initiator_label = "提请鉴定的档案员"
    people_fields = {"committee": "鉴定小组成员"}
    # The vote (销毁/继续保存) is a field of the act: members vote on the appraisal's page.
    act_on_subject_page = True

    def load(self, subject_id: int, *, lock: bool = False) -> Appraisal:
        qs = Appraisal.objects.select_for_update(of=("self",)) if lock else Appraisal.objects
        return qs.select_related("record", "recorded_by").get(pk=subject_id)

    def summary(self, subject: Appraisal) -> registry.SubjectSummary:
        record = subject.record
        return registry.SubjectSummary(
            title=f"档案鉴定：{record.reference_code or ''} {record.title[:60]}".strip(),
            number=record.reference_code or "",
            classification=record.classification,
            url=f"/archives/appraisals/{subject.pk}/",
        )

    def people(self, subject: Appraisal, field_name: str) -> list[int]:
        if field_name != "committee":
            raise NotImplementedError(field_name)
        return list(subject.committee.order_by("rank_order", "pk").values_list("pk", flat=True))

    def on_act(self, act: registry.DomainAct) -> None:
        if act.action != Action.APPROVE:
            return
        said = appraisal_vote_recorded(
            act.subject,
            member_id=act.item.delegated_from_id or act.item.assignee_id,
            actor=act.actor,
            decision=act.payload.get("decision"),
            reason=act.opinion,
        )
        act.trail["said"] = said

    def settled(self, subject: Appraisal, node_key: str) -> bool:
        return subject.status == AppraisalStatus.DECIDED

    def on_finish(self, instance: Any, subject: Appraisal, status: str) -> None:
        appraisal_flow_ended(subject, status)


registry.register_subject(LoanAdapter())
registry.register_subject(DestructionAdapter())
registry.register_subject(AppraisalAdapter())


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

registry.register_default_template(
    registry.DefaultTemplate(
        code=APPRAISAL_CODE,
        name="档案鉴定小组表决",
        subject_type=APPRAISAL_TYPE,
        definition={
            "start": "vote",
            "nodes": [
                node_json(
                    "vote",
                    "鉴定小组表决",
                    "parallel",
                    {"kind": "field", "field": "committee"},
                    10,
                    ["approve"],  # the vote itself is payload.decision, the reason the opinion
                    [("end", "")],
                    {"approve": "表决"},
                ),
                node_json("end", "结束", "end", None, None, [], []),
            ],
        },
    )
)
