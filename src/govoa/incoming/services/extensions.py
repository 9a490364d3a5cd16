"""延期: the handler asks, the leader who gave the instruction decides. An approved extension
moves the document's 办理时限 and the due dates of its open 承办/协办 items."""

import datetime

from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils import timezone

from govoa.audit.services import audit_denied, audit_record
from govoa.core.errors import Conflict, NotFound, TransitionNotAllowed, ValidationFailed
from govoa.flow.models import WorkItem
from govoa.flow.services.reminders import work_items_reschedule
from govoa.flow.workflow import ItemStatus
from govoa.incoming.models import ExtensionRequest, IncomingDocument
from govoa.incoming.policies import SUBJECT_TYPE, can_decide_extension
from govoa.incoming.workflow import ExtensionDecision
from govoa.notify.services import notify
from govoa.org.models import Person

_HANDLING_NODES = ("handle", "co_handle")


def _open_handling(document: IncomingDocument) -> QuerySet[WorkItem]:
    return WorkItem.objects.filter(
        instance__subject_type=SUBJECT_TYPE,
        instance__subject_id=document.pk,
        status=ItemStatus.OPEN,
        node_key__in=_HANDLING_NODES,
    )


def extension_request(
    *, actor: Person, document: IncomingDocument, requested_deadline: datetime.date, reason: str
) -> ExtensionRequest:
    if not _open_handling(document).filter(assignee=actor, node_key="handle").exists():
        raise audit_denied(
            action="incoming.extension.request",
            actor=actor,
            obj=document,
            reason="只有正在承办的承办人可以申请延期。",
        )
    reason = reason.strip()
    errors: dict[str, list[str]] = {}
    if not reason:
        errors["reason"] = ["请填写延期理由。"]
    if document.deadline and requested_deadline <= document.deadline:
        errors["requested_deadline"] = [f"应晚于现在的办理时限 {document.deadline:%Y-%m-%d}。"]
    if requested_deadline <= timezone.localdate():
        errors["requested_deadline"] = ["应晚于今天。"]
    if document.instructed_by_id is None:
        errors["requested_deadline"] = ["该文件没有批办领导，无法申请延期，请联系办公室。"]
    if errors or document.instructed_by is None:
        raise ValidationFailed(fields=errors)
    leader: Person = document.instructed_by
    try:
        with transaction.atomic():
            request = ExtensionRequest.objects.create(
                document=document,
                requested_by=actor,
                current_deadline=document.deadline,
                requested_deadline=requested_deadline,
                reason=reason,
            )
            audit_record(
                action="incoming.extension.request",
                actor=actor,
                obj=document,
                details={"to": str(requested_deadline), "reason": reason},
            )
            notify(
                recipients=[leader],
                kind="incoming.extension.requested",
                title=f"延期申请：{document.title}",
                body=f"{actor.real_name}申请延至 {requested_deadline:%Y-%m-%d}：{reason}",
                url=f"/incoming/{document.pk}/",
                agency_id=document.agency_id,
                classification=document.classification,
            )
    except IntegrityError as exc:
        raise Conflict("已有一份延期申请在等待审批。") from exc
    return request


def extension_decide(
    *, actor: Person, request_id: int, approve: bool, note: str = ""
) -> ExtensionRequest:
    with transaction.atomic():
        request = (
            ExtensionRequest.objects.select_for_update()
            .select_related("document", "requested_by")
            .filter(pk=request_id)
            .first()
        )
        if request is None:
            raise NotFound()
        document = IncomingDocument.objects.select_for_update().get(pk=request.document_id)
        if not can_decide_extension(actor, document):
            raise audit_denied(
                action="incoming.extension.decide",
                actor=actor,
                obj=document,
                reason="只有批办领导可以审批延期。",
            )
        if request.decision != ExtensionDecision.PENDING:
            raise TransitionNotAllowed("该延期申请已经审批。")
        request.decision = ExtensionDecision.APPROVED if approve else ExtensionDecision.REFUSED
        request.decided_by, request.decision_note = actor, note.strip()[:300]
        request.decided_at = timezone.now()
        request.save(update_fields=["decision", "decided_by", "decision_note", "decided_at"])
        if approve:
            document.deadline = request.requested_deadline
            document.save(update_fields=["deadline"])
            work_items_reschedule(
                actor=actor,
                subject_type=SUBJECT_TYPE,
                subject_id=document.pk,
                node_keys=list(_HANDLING_NODES),
                due_date=request.requested_deadline,
                reason=request.decision_note,
            )
        audit_record(
            action="incoming.extension.decide",
            actor=actor,
            obj=document,
            details={
                "approve": approve,
                "to": str(request.requested_deadline),
                "note": request.decision_note,
            },
        )
        verdict = "同意" if approve else "不同意"
        notify(
            recipients=[request.requested_by],
            kind="incoming.extension.decided",
            title=f"延期申请{verdict}：{document.title}",
            body=f"{actor.real_name}{verdict}延至 {request.requested_deadline:%Y-%m-%d}。"
            f"{request.decision_note}",
            url=f"/incoming/{document.pk}/",
            agency_id=document.agency_id,
            classification=document.classification,
        )
    return request
