"""联合行文's 用印 (GB/T 9704 7.3.5.1; 条例 第二十二条): each agency's seal belongs to that
agency and is stamped by its own keeper, with its own seal, over its own 署名.

When the lead's flow reaches 用印 (after its 签发, 编号, 校对 and 印制), each co-issuer that
signed is asked to stamp: a flow of its own (``outgoing_joint_seal``, template data) on its
会签 request, the item with its seal keepers (印章管理员). Its keeper's 用印 is entered in its
own 用印登记簿 (the seals module, through ``documents.sealing``, with the co-issuer's 签发 as
the approval) and puts its seal over its 署名 as a PAdES signature of its own key
(``outgoing.esign.co_issuer_seal``). The lead's 用印 waits for all of them, then adds its
own seal and finishes the file. Going back to 用印 (after a 退回 to 印制 or before) asks
again: the file to be stamped may have changed (the 印发日期, a new number)."""

from typing import Any

from django.utils import timezone

from govoa.audit.services import audit_record
from govoa.core.errors import TransitionNotAllowed, ValidationFailed
from govoa.core.vocabulary import Role
from govoa.documents.sealing import DocumentRef, SealingRequest, record_sealing
from govoa.flow.services.acts import flow_start
from govoa.org.models import Department, Person
from govoa.org.selectors import people_with_role
from govoa.outgoing.esign import co_issuer_seal
from govoa.outgoing.joint_models import JointCountersign, JointSealState, JointState
from govoa.outgoing.models import OutgoingDocument
from govoa.outgoing.services import joint
from govoa.outgoing.workflow import Status

JOINT_SEAL_FLOW = "outgoing_joint_seal"


def seals_request(document: OutgoingDocument) -> list[JointCountersign]:
    """The lead's flow entered 用印: ask every co-issuer that signed to stamp (inside the
    act's transaction). A request still open stays; a stamp made before is asked again."""
    if not _is_joint(document):
        return []
    rows = joint.joint_signed(document)
    if not rows:
        return []
    now = timezone.now()
    asked = []
    for row in rows:
        if row.seal_state == JointSealState.REQUESTED:
            continue  # its keeper has not stamped yet: the open item stands
        row.seal_state, row.seal_requested_at = JointSealState.REQUESTED, now
        row.sealed_by, row.sealed_at, row.seal_name, row.sealed_file = None, None, "", None
        row.save(
            update_fields=[
                "seal_state",
                "seal_requested_at",
                "sealed_by",
                "sealed_at",
                "seal_name",
                "sealed_file",
            ]
        )
        if not people_with_role(agency_id=row.agency_id, role=Role.SEAL_KEEPER).exists():
            raise ValidationFailed(
                f"{row.agency.name}没有印章管理员，无法请其加盖印章，请该机关先设置印章管理员。"
            )
        # Started in the co-issuer's name by its own 签发人: the 用印's approval is its 签发.
        assert row.signed_by is not None  # joint_signed
        flow_start(
            actor=row.signed_by,
            code=JOINT_SEAL_FLOW,
            subject=row,
            opinion=f"{document.agency.name}已签发、印制，请加盖本机关印章",
        )
        asked.append(row)
    if asked:
        audit_record(
            action="outgoing.joint.seal_request",
            obj=document,
            agency_id=document.agency_id,
            details={"round": document.joint_round, "to": [r.agency.name for r in asked]},
        )
    return asked


def _is_joint(document: OutgoingDocument) -> bool:
    """Whether it has co-issuers (known without a query when loaded for a flow act)."""
    known = getattr(document, "is_joint", None)
    return known if known is not None else document.co_issuers.exists()


def _department_id(row: JointCountersign, actor: Person) -> int:
    """The 用印登记簿's 申请部门 at the co-issuer: the keeper's own department."""
    if actor.department_id:
        return actor.department_id
    first = Department.objects.filter(agency_id=row.agency_id).order_by("pk").first()
    assert first is not None  # an agency with a keeper has departments
    return first.pk


def co_sealed(row: JointCountersign, actor: Person, payload: dict[str, Any]) -> None:
    """The co-issuer's keeper stamps (its flow's 用印 act). Only once the lead has signed,
    numbered and printed, and only the request in force; the seal is the keeper's own
    agency's (the recorder refuses anyone but an active seal's custodian)."""
    # The lead's document locked: the stamps of several co-issuers follow one another.
    document = (
        OutgoingDocument.objects.select_for_update(of=("self",))
        .select_related("agency", "category")
        .get(pk=row.document_id)
    )
    if document.signed_by is None:
        raise TransitionNotAllowed(f"{document.agency.name}尚未签发，联署机关不能用印。")
    if (
        row.state != JointState.SIGNED
        or row.round != document.joint_round
        or row.seal_state != JointSealState.REQUESTED
    ):
        raise TransitionNotAllowed("主办机关已收回或重新送会签，本次用印请求已失效。")
    if document.status != Status.SEALING or not document.number or not document.printed_at:
        raise TransitionNotAllowed(
            f"{document.agency.name}的发文不在用印环节（已退回），请待其印制后再用印。"
        )
    assert row.signed_by is not None
    applied = record_sealing(
        SealingRequest(
            agency_id=row.agency_id,
            actor=actor,
            document=DocumentRef(
                subject_type=joint.JOINT_SUBJECT_TYPE,
                pk=row.pk,
                title=document.title,
                number=document.number,
                url=f"/outgoing/joint/{row.pk}/",
            ),
            copies=document.printed_copies or document.copies,
            approved_by=row.signed_by,  # the co-issuer's own 签发
            department_id=_department_id(row, actor),
            payload=payload,
        )
    )
    row.seal_state = JointSealState.SEALED
    row.sealed_by, row.sealed_at = actor, timezone.now()
    if applied:
        row.seal_name = applied[0].seal_name[:100]
        row.sealed_file = co_issuer_seal(document, row, actor, applied[0])
    row.save(update_fields=["seal_state", "sealed_by", "sealed_at", "seal_name", "sealed_file"])
    audit_record(
        action="outgoing.joint.seal",
        actor=actor,
        obj=row,
        agency_id=row.agency_id,
        details={"document": document.pk, "seal": row.seal_name, "electronic": bool(applied)},
    )
    joint.tell_lead(
        row,
        f"联署机关已用印：{row.agency.name}",
        f"《{document.title}》：{row.agency.name}{actor.real_name}已加盖"
        f"{row.seal_name or '本机关印章'}。",
    )


def require_all_sealed(document: OutgoingDocument) -> None:
    """The lead's 用印 comes last: only when every co-issuer that signed has stamped."""
    if not _is_joint(document):
        return
    waiting = [
        r.agency.name for r in joint.joint_signed(document) if r.seal_state != JointSealState.SEALED
    ]
    if waiting:
        raise TransitionNotAllowed(
            f"尚有联署机关未用印：{'、'.join(waiting)}。联合行文由各联署机关先加盖本机关印章，"
            "主办机关最后用印。"
        )
