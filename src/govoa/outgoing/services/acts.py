"""The domain part of each flow act on a 发文 (called by the engine's hook inside the act's
transaction): the checks and records of 审核, 核稿, 签发, 复核, 编号, 校对, 印制, 用印, 分发."""

from typing import Any

from django.utils import timezone

from govoa.core.errors import TransitionNotAllowed, ValidationFailed
from govoa.core.events import BusinessEvent, business_event
from govoa.core.sequences import sequence_next
from govoa.core.validation import ids_from
from govoa.core.vocabulary import Role
from govoa.documents.checker import Stage
from govoa.documents.replies import answer_finished
from govoa.documents.sealing import SealingRequest, record_sealing
from govoa.flow.deadlines import due_after
from govoa.flow.registry import stage
from govoa.flow.workflow import Action
from govoa.notify.services import notify
from govoa.org.models import Person
from govoa.org.selectors import chosen_people, people_with_role
from govoa.outgoing.esign import seal_electronically
from govoa.outgoing.models import OutgoingDocument, ProofRound
from govoa.outgoing.official import findings_for
from govoa.outgoing.policies import SUBJECT_TYPE
from govoa.outgoing.sealing import document_ref
from govoa.outgoing.services import joint, joint_seals
from govoa.outgoing.services.checking import refuse_on_errors
from govoa.outgoing.services.copies import copies_number
from govoa.outgoing.services.distribution import distribute
from govoa.outgoing.services.versions import differs, snapshot
from govoa.outgoing.workflow import NUMBERED_NODES, SIGN_NODES, Status


def required_proof_rounds(document: OutgoingDocument) -> int:
    """重要文件实行“三校”; others are proofread once."""
    return 3 if document.important else 1


def _refuse_on_errors(document: OutgoingDocument, stage: str, when: str) -> None:
    refuse_on_errors(findings_for(document, stage), when)


def _sign(document: OutgoingDocument, actor: Person, opinion: str) -> None:
    """签发: only a text that passed 审核 and 核稿 (条例 第二十条; the seeds)."""
    if document.reviewed_at is None or document.checked_at is None:
        missing = "、".join(
            name
            for name, done in (
                ("部门负责人审核", document.reviewed_at),
                ("办公室核稿", document.checked_at),
            )
            if not done
        )
        raise TransitionNotAllowed(f"该文稿尚未经过{missing}，不能签发。")
    # The text may have changed since 核稿 (审签 may edit): its errors block 签发 as well.
    _refuse_on_errors(document, Stage.DRAFT, "签发")
    document.signed_by = actor
    document.signed_at = timezone.now()
    document.sign_opinion = opinion or "同意"
    document.signed_version = document.version
    stage(document, "signed_by", "signed_at", "sign_opinion", "signed_version")
    business_event(_event("document.signed", document))


def _event(name: str, document: OutgoingDocument) -> BusinessEvent:
    return BusinessEvent(
        name=name,
        agency_id=document.agency_id,
        object_type="outgoing",
        object_id=document.pk,
        url=f"/outgoing/{document.pk}/",
        classification=document.classification,
        data={"number": document.number, "title": document.title},
    )


def _number(document: OutgoingDocument) -> None:
    """登记编号: the category's next 发文字号, gap-free; a document keeps its number."""
    if document.number:
        return
    category = document.category
    year = timezone.localdate().year
    serial = sequence_next(agency_id=document.agency_id, kind=category.sequence_kind, year=year)
    document.number = f"{category.word}〔{year}〕{serial}号"
    document.year, document.serial = year, serial
    document.save(update_fields=["number", "year", "serial"])


def _person(payload: dict[str, Any], key: str, document: OutgoingDocument) -> Person:
    ids = ids_from(payload.get(key), key)
    if len(ids) != 1:
        raise ValidationFailed(fields={key: ["请选择本机关的在职人员。"]})
    return chosen_people(
        agency_id=document.agency_id, ids=ids, key=key, clearance=document.classification
    )[0]


def apply(
    node: str,
    document: OutgoingDocument,
    actor: Person,
    opinion: str,
    payload: dict[str, Any],
    *,
    action: str,
) -> None:
    now = timezone.now()
    if node in NUMBERED_NODES and action == Action.APPROVE and not document.number:
        raise TransitionNotAllowed(
            "该文的发文字号已作废：请退回“登记编号”重新编号，或由办公室撤销该文。"
        )
    if node == "draft":
        _refuse_on_errors(document, Stage.DRAFT, "送审")
        if document.submitted_at is None:
            document.submitted_at = now
            stage(document, "submitted_at")
        snapshot(document, actor, node_name="拟稿")
    elif node == "dept_review" and action == Action.APPROVE:
        document.reviewed_at = now
        stage(document, "reviewed_at")
    elif node == "joint_countersign" and action == Action.APPROVE:
        joint.require_all_signed(document)
    elif node == "office_review" and action == Action.APPROVE:
        _refuse_on_errors(document, Stage.DRAFT, "核稿通过")
        document.checked_at = now
        stage(document, "checked_at")
    elif node in SIGN_NODES and action == Action.APPROVE:
        _sign(document, actor, opinion)
    elif node == "recheck" and action == Action.APPROVE:
        signed = (
            document.versions.filter(number=document.signed_version).first()
            if document.signed_version
            else None
        )
        if signed is not None and differs(signed.snapshot, document):
            raise TransitionNotAllowed(
                "签发后文稿有实质性修改（与签发稿不一致），须退回原签批人复审（条例第二十五条）。"
            )
    elif node == "number" and action == Action.APPROVE:
        _number(document)
    elif node == "proofread" and action == Action.APPROVE:
        rounds = document.proof_rounds.count()
        ProofRound.objects.create(
            document=document,
            round=rounds + 1,
            proofreader=actor,
            against_version=document.signed_version or document.version,
            notes=opinion,
        )
    elif node == "print" and action == Action.APPROVE:
        _print(document, actor, payload)
    elif node == "seal" and action == Action.APPROVE:
        joint_seals.require_all_sealed(document)  # 联合行文: the co-issuers stamp first
        applied = record_sealing(
            SealingRequest(
                agency_id=document.agency_id,
                actor=actor,
                document=document_ref(document),
                copies=document.printed_copies or document.copies,  # 实印份数
                approved_by=document.signed_by,
                department_id=document.drafting_department_id,
                payload=payload,
            )
        )
        document.sealed_by, document.sealed_at = actor, now
        stage(document, "sealed_by", "sealed_at")
        seal_electronically(document, actor, applied)
    elif node == "distribute" and action == Action.APPROVE:
        distribute(document, actor, payload)
        business_event(_event("document.distributed", document))


def _print(document: OutgoingDocument, actor: Person, payload: dict[str, Any]) -> None:
    """印制, with the second person's check (双人核对) recorded."""
    checker = _person(payload, "checked_by", document)
    if checker.pk == actor.pk:
        raise ValidationFailed(fields={"checked_by": ["印制须由另一人核对。"]})
    try:
        copies = int(payload.get("copies") or document.copies)
    except (TypeError, ValueError) as exc:
        raise ValidationFailed(fields={"copies": ["份数应为整数。"]}) from exc
    if not 1 <= copies <= 9999:
        raise ValidationFailed(fields={"copies": ["份数应在 1 到 9999 之间。"]})
    document.printed_by, document.print_checked_by = actor, checker
    document.printed_at, document.printed_copies = timezone.now(), copies
    document.issued_on = timezone.localdate()
    document.save(
        update_fields=[
            "printed_by",
            "print_checked_by",
            "printed_at",
            "printed_copies",
            "issued_on",
        ]
    )
    copies_number(actor=actor, document=document, copies=copies)  # 份号 of 涉密 copies


def entered(document: OutgoingDocument, node: str, status: str | None) -> None:
    fields = []
    if status and document.status != status:
        document.status = status
        fields.append("status")
    if node == "joint_countersign":
        joint.countersigns_request(document)
    if node == "seal":
        joint_seals.seals_request(document)  # each co-issuer's keeper stamps its own seal
    if node == "draft":
        # Back to the drafter: the text must pass 审核 and 核稿 again before 签发.
        document.reviewed_at = document.checked_at = None
        fields += ["reviewed_at", "checked_at"]
    if fields:
        stage(document, *fields)


def finished(document: OutgoingDocument, status: str) -> None:
    document.status = status
    fields = ["status"]
    # A 复文 is out once issued (by exchange it was marked when sent); abandoned, the 收文
    # may be answered anew.
    answer_finished(
        answer_type=SUBJECT_TYPE,
        answer_id=document.pk,
        number=document.number,
        issued=status == Status.ISSUED,
    )
    if status == Status.ISSUED:
        document.archive_due, _estimate = due_after(timezone.localdate(), 3)
        fields.append("archive_due")
        archivists = list(people_with_role(agency_id=document.agency_id, role=Role.ARCHIVIST))
        notify(
            recipients=[document.drafter, *archivists],
            kind="outgoing.archive.due",
            title=f"归档提醒：{document.number}",
            body=f"《{document.title}》已分发，请于 {document.archive_due:%Y-%m-%d} 前归档"
            "（发文后 3 个工作日内）。",
            url=f"/outgoing/{document.pk}/",
            agency_id=document.agency_id,
            channels=("inapp",),
        )
    stage(document, *fields)
