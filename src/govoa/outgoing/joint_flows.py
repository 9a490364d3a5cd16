"""联合行文 on the flow engine: the co-issuer's own 会签 flow (``outgoing_joint``: 签收 →
部门负责人审核 → 办公室核稿 → 签发, by its own people — the seeds' 审核 → 核稿 → 签发 — with
the separation of duties of the 发文 template: the one who took it in reviews nothing,
核稿 ≠ 审核, 核稿 ≠ 签发), its adapter, and the exchange's receiver of 会签 requests. At 签收
the registrar names the head of the department that handles it (承办部门负责人).

Once the lead has signed, numbered and printed, the co-issuer's 用印 (``outgoing_joint_seal``)
runs on the same request: its own seal keepers stamp its own seal (``joint_seals``)."""

from govoa.documents.exchange import register_receiver
from govoa.flow import registry
from govoa.flow.definition import node_json
from govoa.flow.workflow import Action
from govoa.outgoing.flows import OFFICE_REVIEW_CHECKLIST
from govoa.outgoing.joint_models import JointCountersign
from govoa.outgoing.services import joint, joint_seals


class JointCountersignAdapter(registry.SubjectAdapter):
    subject_type = joint.JOINT_SUBJECT_TYPE
    module = "outgoing"
    module_label = "联合行文会签"
    scopes: dict[str, str] = {}
    people_fields: dict[str, str] = {}
    initiator_label = "签收人"

    def load(self, subject_id: int, *, lock: bool = False) -> JointCountersign:
        qs = JointCountersign.objects.select_related("document", "document__agency", "agency")
        if lock:
            qs = qs.select_for_update(of=("self",))
        return qs.get(pk=subject_id)

    def summary(self, subject: JointCountersign) -> registry.SubjectSummary:
        # The same request carries the co-issuer's 会签 and, later, its 用印.
        what = "用印" if subject.seal_state else "会签"
        return registry.SubjectSummary(
            title=f"{what}：{subject.document.title}",
            number="",
            classification=subject.classification,
            url=f"/outgoing/joint/{subject.pk}/",
            urgent=subject.document.is_urgent,
        )

    def departments(self, subject: JointCountersign, scope: str) -> list[int]:
        return []

    def on_act(self, act: registry.DomainAct) -> None:
        row, node = act.subject, act.item.node_key
        if act.action == Action.REJECT:
            joint.co_refused(row, act.actor, act.opinion)
        elif act.action == Action.APPROVE and node == "receive":
            joint.co_received(row, act.actor)
        elif act.action == Action.APPROVE and node == "sign":
            joint.co_signed(row, act.actor, act.opinion)
        elif act.action == Action.APPROVE and node == "seal":
            joint_seals.co_sealed(row, act.actor, act.payload)
        elif act.action == Action.APPROVE:
            joint._live(row)


registry.register_subject(JointCountersignAdapter())
register_receiver(joint.receive_request, source_type=joint.JOINT_SUBJECT_TYPE)


def _role(role: str) -> dict[str, str]:
    return {"kind": "role", "role": role, "scope": ""}


REVIEW = ["approve", "return", "reject", "forward"]
REFUSE = "不同意会签（退回主办机关）"
registry.register_default_template(
    registry.DefaultTemplate(
        code=joint.JOINT_FLOW,
        name="联合行文会签（联署机关）",
        subject_type=joint.JOINT_SUBJECT_TYPE,
        definition={
            "start": "receive",
            "nodes": [
                node_json(
                    "receive",
                    "签收",
                    "task",
                    _role("registrar"),
                    1,
                    ["approve", "forward"],
                    [("review", "")],
                    {"approve": "签收"},
                ),
                node_json(
                    "review",
                    "部门负责人审核",
                    "task",
                    {"kind": "chosen", "role": "dept_head"},
                    2,
                    REVIEW,
                    [("check", "")],
                    {"approve": "审核同意", "reject": REFUSE},
                    differ_from=["@initiator", "receive"],
                ),
                node_json(
                    "check",
                    "办公室核稿",
                    "task",
                    _role("office_head"),
                    2,
                    REVIEW,
                    [("sign", "")],
                    {"approve": "核稿同意", "reject": REFUSE},
                    differ_from=["@initiator", "receive", "review", "sign"],
                    checklist=OFFICE_REVIEW_CHECKLIST,  # its own 核稿 goes through 办文三性 too
                ),
                node_json(
                    "sign",
                    "签发（会签）",
                    "task",
                    _role("leader_principal"),
                    2,
                    REVIEW,
                    [("end", "")],
                    {"approve": "签发（同意会签）", "reject": REFUSE},
                    differ_from=["@initiator", "receive", "review"],
                ),
                node_json("end", "结束", "end", None, None, [], []),
            ],
        },
    )
)


# 联合行文's 用印 at the co-issuer: its own 印章管理员 stamps its own seal over its 署名, once
# the lead has signed, numbered and printed (``outgoing.services.joint_seals``).
registry.register_default_template(
    registry.DefaultTemplate(
        code=joint_seals.JOINT_SEAL_FLOW,
        name="联合行文用印（联署机关）",
        subject_type=joint.JOINT_SUBJECT_TYPE,
        definition={
            "start": "seal",
            "nodes": [
                node_json(
                    "seal",
                    "用印（联署机关）",
                    "task",
                    _role("seal_keeper"),
                    1,
                    ["approve", "forward"],
                    [("end", "")],
                    {"approve": "已加盖本机关印章"},
                ),
                node_json("end", "结束", "end", None, None, [], []),
            ],
        },
    )
)
