"""收文 on the flow engine: the subject adapter, the predicates of its template, and the
default template (条例 第二十四条: 签收 → 登记 → 初审 → 拟办 → 批办 → 传阅 → 分办 → 承办
(主办、协办) → 办结 (答复), with 催办 by the engine throughout)."""

import datetime
from typing import Any

from django.db import transaction

from govoa.flow import registry
from govoa.flow.definition import node_json
from govoa.flow.workflow import Action
from govoa.incoming.models import IncomingDocument
from govoa.incoming.policies import SUBJECT_TYPE
from govoa.incoming.services import acts
from govoa.incoming.services.exchange import EXCHANGE_FLOW, sign_for
from govoa.incoming.workflow import STATUS_BY_END, STATUS_BY_NODE, ProposalKind


class IncomingAdapter(registry.SubjectAdapter):
    subject_type = SUBJECT_TYPE
    module = "incoming"
    module_label = "收文"
    scopes = {"lead_department": "主办部门", "co_departments": "协办部门"}
    people_fields = {"readers": "传阅人员"}
    initiator_label = "登记人"
    act_on_subject_page = True

    def load(self, subject_id: int, *, lock: bool = False) -> IncomingDocument:
        qs = IncomingDocument.objects.select_for_update() if lock else IncomingDocument.objects
        return qs.get(pk=subject_id)

    def summary(self, subject: IncomingDocument) -> registry.SubjectSummary:
        return registry.SubjectSummary(
            title=subject.title,
            number=subject.number,
            classification=subject.classification,
            url=f"/incoming/{subject.pk}/",
            urgent=subject.is_urgent,
        )

    def departments(self, subject: IncomingDocument, scope: str) -> list[int]:
        if scope == "lead_department":
            return [subject.lead_department_id] if subject.lead_department_id else []
        return sorted(subject.co_departments.values_list("pk", flat=True))

    def people(self, subject: IncomingDocument, field_name: str) -> list[int]:
        return sorted(subject.readers.values_list("pk", flat=True))

    def due_date(self, subject: IncomingDocument, node_key: str) -> datetime.date | None:
        return subject.deadline if node_key in {"handle", "co_handle"} else None

    def may_remind(self, subject: IncomingDocument, person: Any) -> bool:
        return subject.supervisor_id == getattr(person, "pk", None)

    def on_act(self, act: registry.DomainAct) -> None:
        document: IncomingDocument = act.subject
        node, action = act.item.node_key, act.action
        if node == "receive" and action == Action.APPROVE:
            sign_for(document, act.actor)
        elif node == "screen":
            acts.apply_screen(document, action, act.opinion, act.payload)
        elif node == "propose" and action == Action.APPROVE:
            acts.apply_propose(document, act.opinion, act.payload)
        elif node == "instruct" and action == Action.APPROVE:
            acts.apply_instruct(document, act.actor, act.opinion, act.payload)
        elif node == "assign" and action == Action.APPROVE:
            acts.apply_assign(document, act.payload)
        elif node == "handle" and action == Action.APPROVE:
            acts.apply_handle(document, act.opinion)
        elif node == "complete" and action == Action.APPROVE:
            acts.apply_complete(document, act.payload)

    def on_enter(self, instance: Any, subject: IncomingDocument, node_key: str) -> None:
        status = STATUS_BY_NODE.get(node_key)
        if status and subject.status != status:
            subject.status = status
            registry.stage(subject, "status")

    def on_finish(self, instance: Any, subject: IncomingDocument, status: str) -> None:
        from govoa.incoming.services.archive import document_completed

        subject.status = STATUS_BY_END[status]
        registry.stage(subject, "status")
        registry.save_staged(subject)  # what follows may read the document back
        if status == "completed":
            document_completed(subject)
            transaction.on_commit(lambda: _prepare_archive(subject.pk))


def _prepare_archive(document_id: int) -> None:
    from govoa.incoming.tasks import prepare_archive

    prepare_archive.enqueue(document_id)


registry.register_subject(IncomingAdapter())
for name, label, test in [
    (
        "incoming_needs_instruction",
        "拟办为批办（呈领导批示）",
        lambda instance, doc: doc.proposal_kind == ProposalKind.INSTRUCT,
    ),
    (
        "incoming_has_lead",
        "已确定主办部门",
        lambda instance, doc: doc.lead_department_id is not None,
    ),
    (
        "incoming_has_co_departments",
        "有协办部门",
        lambda instance, doc: doc.co_departments.exists(),
    ),
]:
    registry.register_predicate(
        registry.Predicate(
            name=name, label=label, test=test, subject_types=frozenset({SUBJECT_TYPE})
        )
    )


# 协办 (000 一(一)4): each 协办 department gets its own item together with 承办, due two
# working days before the 主办's 办理时限; 承办 is held until they answered (or says why not).
# Putting 协办 after 承办 instead (the earlier behaviour) is a template choice: give the node
# transitions and no ``alongside``.
CO_HANDLE_LEAD_DAYS = 2

_NODES = [
    node_json(
        "screen",
        "初审",
        "task",
        {"kind": "role", "role": "registrar"},
        1,
        ["approve", "reject", "forward"],
        [("propose", "")],
        {"approve": "初审通过", "reject": "退文"},
    ),
    node_json(
        "propose",
        "拟办",
        "task",
        {"kind": "role", "role": "office_head"},
        1,
        ["approve", "return", "forward"],
        [("instruct", "incoming_needs_instruction"), ("circulate", "")],
        {"approve": "提出拟办意见"},
    ),
    node_json(
        "instruct",
        "批办",
        "task",
        {"kind": "chosen"},
        2,
        ["approve", "return", "forward"],
        [("circulate", "")],
        {"approve": "批示"},
        reach={"roles": ["leader_deputy", "leader_principal"]},
        differ_from=["propose"],
    ),
    node_json(
        "circulate",
        "传阅",
        "notice",
        {"kind": "field", "field": "readers"},
        2,
        ["read"],
        [("assign", "incoming_has_lead"), ("complete", "")],
    ),
    node_json(
        "assign",
        "分办",
        "task",
        {"kind": "role", "role": "dept_head", "scope": "lead_department"},
        1,
        ["approve", "return", "forward"],
        [("handle", "")],
        {"approve": "分办给承办人"},
    ),
    node_json(
        "handle",
        "承办",
        "task",
        {"kind": "chosen"},
        None,
        ["approve", "return", "forward", "add_signer"],
        [("complete", "")],
        {"approve": "办理完毕"},
        reach={"members": "lead_department"},
    ),
    node_json(
        "co_handle",
        "协办",
        "parallel",
        {"kind": "role", "role": "dept_head", "scope": "co_departments"},
        None,
        ["approve", "disagree"],
        [],
        {"approve": "提出协办意见", "disagree": "有不同意见"},
        alongside="handle",
        due_before_host=CO_HANDLE_LEAD_DAYS,
        differ_from=["handle"],
    ),
    node_json(
        "complete",
        "办结",
        "task",
        {"kind": "role", "role": "registrar"},
        1,
        ["approve", "return"],
        [("end", "")],
        {"approve": "确认办结"},
        differ_from=["handle"],
    ),
    node_json("end", "结束", "end", None, None, [], []),
]
registry.register_default_template(
    registry.DefaultTemplate(
        code="incoming",
        name="收文办理",
        subject_type=SUBJECT_TYPE,
        definition={"start": "screen", "nodes": _NODES},
    )
)
# 公文交换: the same routine after the registrar signs for the document.
registry.register_default_template(
    registry.DefaultTemplate(
        code=EXCHANGE_FLOW,
        name="收文办理（公文交换）",
        subject_type=SUBJECT_TYPE,
        definition={
            "start": "receive",
            "nodes": [
                node_json(
                    "receive",
                    "签收",
                    "task",
                    {"kind": "role", "role": "registrar"},
                    1,
                    ["approve", "forward"],
                    [("screen", "")],
                    {"approve": "签收"},
                ),
                *_NODES,
            ],
        },
    )
)
