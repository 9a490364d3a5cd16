"""作废字号: a 发文字号 that will not be used (the document was withdrawn after numbering) is
recorded as voided; the numbering goes on, so it is never given again."""

from django.db import IntegrityError, transaction

from govoa.audit.services import audit_denied, audit_record
from govoa.core.errors import Conflict, TransitionNotAllowed, ValidationFailed
from govoa.org.models import Person
from govoa.outgoing.models import OutgoingDocument, VoidedNumber
from govoa.outgoing.policies import can_manage_numbers
from govoa.outgoing.workflow import Status


def number_void(*, actor: Person, document: OutgoingDocument, reason: str) -> VoidedNumber:
    if not can_manage_numbers(actor) or actor.agency_id != document.agency_id:
        raise audit_denied(
            action="outgoing.number.void",
            actor=actor,
            obj=document,
            reason="只有收发员可以作废发文字号。",
        )
    reason = reason.strip()
    if not reason:
        raise ValidationFailed(fields={"reason": ["请填写作废理由。"]})
    try:
        with transaction.atomic():
            document = OutgoingDocument.objects.select_for_update().get(pk=document.pk)
            if not document.number:
                raise TransitionNotAllowed("该文件尚未编号。")
            if document.status == Status.ISSUED:
                raise TransitionNotAllowed("已发出的文件不能作废字号。")
            voided = VoidedNumber.objects.create(
                agency_id=document.agency_id,
                category=document.category,
                number=document.number,
                document=document,
                reason=reason,
                voided_by=actor,
            )
            audit_record(
                action="outgoing.number.void",
                actor=actor,
                obj=document,
                details={"number": document.number, "reason": reason},
            )
            # The flow cannot pass 校对/印制/用印/分发 without a number (services.acts): it
            # goes back to 登记编号 for a new one, or the document is withdrawn (撤销).
            document.number = ""
            document.year = document.serial = None
            document.save(update_fields=["number", "year", "serial"])
    except IntegrityError as exc:
        raise Conflict("该字号已经作废。") from exc
    return voided
