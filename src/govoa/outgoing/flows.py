"""发文 on the flow engine (条例 第十八—二十五条; the seeds' 拟稿 → 审核 → 会签 → 核稿 → 签发 →
复核 → 登记编号 → 校对 → 印制 → 用印 → 分发 → 归档): adapter, predicates, the default
template, and the rule that no path may reach 签发 without 审核 and 核稿."""

from typing import Any

from django.db.models import Exists, OuterRef

from govoa.documents.exchange import register_acknowledger
from govoa.documents.sealing import register_finder
from govoa.flow import registry
from govoa.flow.definition import Definition, node_json, paths_avoiding
from govoa.flow.workflow import Action
from govoa.outgoing.models import CoIssuer, OutgoingAttachment, OutgoingDocument
from govoa.outgoing.policies import SUBJECT_TYPE
from govoa.outgoing.sealing import find_for_person
from govoa.outgoing.services import acts
from govoa.outgoing.services.distribution import acknowledge_exchange
from govoa.outgoing.workflow import SIGN_NODES, STATUS_BY_END, STATUS_BY_NODE


class OutgoingAdapter(registry.SubjectAdapter):
    subject_type = SUBJECT_TYPE
    module = "outgoing"
    module_label = "发文"
    scopes = {"drafting_department": "拟稿部门", "countersign_departments": "会签部门"}
    people_fields: dict[str, str] = {}
    act_parties = {"checked_by": "核对人"}
    initiator_label = "拟稿人"
    act_on_subject_page = True

    def load(self, subject_id: int, *, lock: bool = False) -> OutgoingDocument:
        # One statement for what the acts read: the category and agency (the 核稿助手, 编号),
        # the drafting department (版本), whether there are countersigning departments (the
        # route after 审核) and attachments. Only the document's own row is locked.
        qs = OutgoingDocument.objects.select_related(
            "category", "agency", "drafting_department"
        ).annotate(
            has_countersign=Exists(
                OutgoingDocument.countersign_departments.through.objects.filter(
                    outgoingdocument_id=OuterRef("pk")
                )
            ),
            has_attachments=Exists(OutgoingAttachment.objects.filter(document_id=OuterRef("pk"))),
            is_joint=Exists(CoIssuer.objects.filter(document_id=OuterRef("pk"))),
        )
        if lock:
            qs = qs.select_for_update(of=("self",))
        return qs.get(pk=subject_id)

    def summary(self, subject: OutgoingDocument) -> registry.SubjectSummary:
        return registry.SubjectSummary(
            title=subject.title,
            number=subject.number,
            classification=subject.classification,
            url=f"/outgoing/{subject.pk}/",
            urgent=subject.is_urgent,
        )

    def departments(self, subject: OutgoingDocument, scope: str) -> list[int]:
        if scope == "drafting_department":
            return [subject.drafting_department_id]
        return sorted(subject.countersign_departments.values_list("pk", flat=True))

    def on_act(self, act: registry.DomainAct) -> None:
        if act.action in {Action.APPROVE, Action.DISAGREE}:
            acts.apply(
                act.item.node_key,
                act.subject,
                act.actor,
                act.opinion,
                act.payload,
                action=act.action,
            )

    def on_enter(self, instance: Any, subject: OutgoingDocument, node_key: str) -> None:
        acts.entered(subject, node_key, STATUS_BY_NODE.get(node_key))

    def on_finish(self, instance: Any, subject: OutgoingDocument, status: str) -> None:
        acts.finished(subject, STATUS_BY_END[status])


registry.register_subject(OutgoingAdapter())
register_acknowledger(SUBJECT_TYPE, acknowledge_exchange)
register_finder(SUBJECT_TYPE, find_for_person)

for name, label, test in [
    (
        "outgoing_has_countersign",
        "有会签部门",
        lambda instance, doc: (
            doc.has_countersign
            if hasattr(doc, "has_countersign")
            else doc.countersign_departments.exists()
        ),
    ),
    (
        "outgoing_is_joint",
        "联合行文（有联署机关）",
        lambda instance, doc: doc.is_joint if hasattr(doc, "is_joint") else doc.co_issuers.exists(),
    ),
    ("outgoing_needs_legal_review", "需法制审核", lambda instance, doc: doc.needs_legal_review),
    (
        "outgoing_needs_principal",
        "上行文或重要公文（主要领导签发）",
        lambda instance, doc: doc.direction == "upward" or doc.important,
    ),
    (
        "outgoing_needs_more_proofreading",
        "校次未满（重要公文三校）",
        lambda instance, doc: doc.proof_rounds.count() < acts.required_proof_rounds(doc),
    ),
]:
    registry.register_predicate(
        registry.Predicate(
            name=name, label=label, test=test, subject_types=frozenset({SUBJECT_TYPE})
        )
    )


def _signing_needs_review_and_check(definition: Definition) -> list[str]:
    """条例 第二十条 and the seeds: 未经审核、核稿的文稿，不得直接送领导签发."""
    signs = [key for key in SIGN_NODES if definition.has(key)]
    if not signs:
        return ["发文流程中没有签发环节（leader_sign 或 principal_sign）。"]
    problems = []
    for gate, name in (("dept_review", "部门负责人审核"), ("office_review", "办公室核稿")):
        if any(paths_avoiding(definition, sign, {gate}) for sign in signs):
            problems.append(
                f"存在不经过“{name}”就能到达签发的路径：未经审核、核稿的文稿不得送签发。"
            )
    return problems


registry.register_template_check(SUBJECT_TYPE, _signing_needs_review_and_check)


def _role(role: str, scope: str = "") -> dict[str, str]:
    return {"kind": "role", "role": role, "scope": scope}


# Separation of duties (000 一(二)3–4, 001 二(二)1 初审—复审—终审): the drafter reviews none of
# the reviews of his own text; 核稿 is a different person from 审核 and from 签发; 印制's
# second checker is not the printer. A published template may add rules, never drop these.
NOT_THE_DRAFTER = ["@initiator", "draft"]


REVIEW = ["approve", "return", "forward", "reject"]

# 三查 of 001 五(一): 办文查“三性”, gone through at 核稿 (条例 第二十条: the office's review
# before 签发). Template data: an agency's administrator may reword or extend it.
OFFICE_REVIEW_CHECKLIST: dict[str, Any] = {
    "name": "办文三性",
    "items": [
        "政策合规性：引用法规是否最新",
        "格式规范性：文号、落款是否正确",
        "表述准确性：无错别字、歧义句",
    ],
    "required": True,
}
registry.register_default_template(
    registry.DefaultTemplate(
        code="outgoing",
        name="发文办理",
        subject_type=SUBJECT_TYPE,
        definition={
            "start": "draft",
            "nodes": [
                node_json(
                    "draft",
                    "拟稿",
                    "task",
                    {"kind": "initiator"},
                    2,
                    ["approve"],
                    [("dept_review", "")],
                    {"approve": "送审"},
                ),
                node_json(
                    "dept_review",
                    "部门负责人审核",
                    "task",
                    _role("dept_head", "drafting_department"),
                    2,
                    REVIEW,
                    [
                        ("countersign", "outgoing_has_countersign"),
                        ("joint_countersign", "outgoing_is_joint"),
                        ("office_review", ""),
                    ],
                    {"approve": "审核同意", "reject": "不予发文"},
                    differ_from=NOT_THE_DRAFTER,
                ),
                node_json(
                    "countersign",
                    "会签",
                    "parallel",
                    _role("dept_head", "countersign_departments"),
                    3,
                    ["approve", "disagree", "forward"],
                    [
                        ("draft", "has_dissent"),
                        ("joint_countersign", "outgoing_is_joint"),
                        ("office_review", ""),
                    ],
                    {"approve": "会签同意", "disagree": "会签不同意"},
                ),
                # 联合行文: every co-issuing agency 会签s on its own flow, through the
                # exchange (``outgoing.services.joint``); the registrar who keeps the
                # exchange sends it on to 核稿 once all have signed, or back with a refusal.
                node_json(
                    "joint_countersign",
                    "联署机关会签",
                    "task",
                    _role("registrar"),
                    5,
                    ["approve", "return", "forward"],
                    [("office_review", "")],
                    {"approve": "联署机关会签齐全"},
                ),
                node_json(
                    "office_review",
                    "办公室核稿",
                    "task",
                    _role("office_head"),
                    2,
                    REVIEW,
                    [("legal_review", "outgoing_needs_legal_review"), ("leader_sign", "")],
                    {"approve": "核稿同意", "reject": "不予发文"},
                    differ_from=[*NOT_THE_DRAFTER, "dept_review", "leader_sign", "principal_sign"],
                    checklist=OFFICE_REVIEW_CHECKLIST,
                ),
                node_json(
                    "legal_review",
                    "法制审核",
                    "task",
                    _role("reviewer"),
                    3,
                    REVIEW,
                    [("leader_sign", "")],
                    {"approve": "法制审核同意", "reject": "不予发文"},
                    differ_from=NOT_THE_DRAFTER,
                ),
                node_json(
                    "leader_sign",
                    "分管领导审签",
                    "task",
                    _role("leader_deputy", "drafting_department"),
                    2,
                    REVIEW,
                    [("principal_sign", "outgoing_needs_principal"), ("recheck", "")],
                    {"approve": "签发（同意）", "reject": "不予签发"},
                ),
                node_json(
                    "principal_sign",
                    "主要领导签发",
                    "task",
                    _role("leader_principal"),
                    2,
                    REVIEW,
                    [("recheck", "")],
                    {"approve": "签发（同意）", "reject": "不予签发"},
                ),
                node_json(
                    "recheck",
                    "复核",
                    "task",
                    _role("office_head"),
                    1,
                    ["approve", "return", "forward"],
                    [("number", "")],
                    {"approve": "复核无误"},
                ),
                node_json(
                    "number",
                    "登记编号",
                    "task",
                    _role("registrar"),
                    1,
                    ["approve", "forward"],
                    [("proofread", "")],
                    {"approve": "编号"},
                ),
                node_json(
                    "proofread",
                    "校对",
                    "task",
                    _role("proofreader"),
                    1,
                    ["approve", "return", "forward"],
                    [("proofread", "outgoing_needs_more_proofreading"), ("print", "")],
                    {"approve": "校对无误"},
                ),
                node_json(
                    "print",
                    "印制",
                    "task",
                    _role("registrar"),
                    1,
                    ["approve", "return", "forward"],
                    [("seal", "")],
                    {"approve": "印制完成"},
                    differ_from=["print.checked_by"],
                ),
                node_json(
                    "seal",
                    "用印",
                    "task",
                    _role("seal_keeper"),
                    1,
                    ["approve", "return", "forward"],
                    [("distribute", "")],
                    {"approve": "已用印"},
                ),
                node_json(
                    "distribute",
                    "分发",
                    "task",
                    _role("registrar"),
                    1,
                    ["approve", "return", "forward"],
                    [("end", "")],
                    {"approve": "分发"},
                ),
                node_json("end", "结束", "end", None, None, [], []),
            ],
        },
    )
)
