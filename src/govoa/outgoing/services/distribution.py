"""分发: internal departments sign for their copy on the document's page; agencies of the
platform receive it by 公文交换 and their registrar's 签收 comes back as the receipt; other
recipients (paper, 机要) are recorded as sent."""

from typing import Any

from django.db import transaction
from django.utils import timezone

from govoa.audit.services import audit_denied, audit_record
from govoa.core.errors import NotFound, ValidationFailed
from govoa.core.validation import ids_from
from govoa.core.vocabulary import Role
from govoa.documents.exchange import exchange_send
from govoa.documents.files import store_generated
from govoa.documents.models import Exchange
from govoa.documents.rendering.pdf import render_pdf
from govoa.notify.services import notify
from govoa.org.models import Agency, Person
from govoa.org.selectors import chosen_departments, people_with_role
from govoa.outgoing.esign import sealed_pdf
from govoa.outgoing.models import Distribution, OutgoingDocument
from govoa.outgoing.official import to_official
from govoa.outgoing.policies import SUBJECT_TYPE, can_receive_for
from govoa.outgoing.services.copies import copies_assign
from govoa.outgoing.workflow import DistributionKind


def _names(raw: Any) -> list[str]:
    """Recipients outside the platform, by name (paper, 机要)."""
    values = raw if isinstance(raw, list | tuple) else [raw] if raw else []
    return [str(n).strip()[:100] for n in values if str(n).strip()]


def distribute(document: OutgoingDocument, actor: Person, payload: dict[str, Any]) -> None:
    departments = chosen_departments(
        agency_id=document.agency_id,
        ids=ids_from(payload.get("departments"), "departments"),
        key="departments",
    )
    agency_ids = ids_from(payload.get("agencies"), "agencies")
    agencies = list(
        Agency.objects.filter(pk__in=agency_ids, is_active=True).exclude(pk=document.agency_id)
    )
    if len(agencies) != len(agency_ids):
        raise ValidationFailed(fields={"agencies": ["请选择平台上的其他机关。"]})
    others = _names(payload.get("others"))
    if not departments and not agencies and not others:
        raise ValidationFailed(
            "请选择至少一个分发对象。", fields={"departments": ["请选择分发对象。"]}
        )
    for department in departments:
        given = Distribution.objects.create(
            document=document,
            kind=DistributionKind.INTERNAL,
            department=department,
            name=department.name,
        )
        copies_assign(actor=actor, document=document, distribution=given)
        heads = list(
            people_with_role(
                agency_id=document.agency_id, role=Role.DEPT_HEAD, department_id=department.pk
            )
        )
        notify(
            recipients=heads,
            kind="outgoing.distributed",
            title=f"请签收：{document.number}",
            body=f"《{document.title}》已分发至{department.name}。",
            url=f"/outgoing/{document.pk}/",
            agency_id=document.agency_id,
            channels=("inapp",),
        )
    attachments = [a.file for a in document.attachments.all() if a.file]
    for agency in agencies:
        given = Distribution.objects.create(
            document=document,
            kind=DistributionKind.EXCHANGE,
            target_agency=agency,
            name=agency.name,
        )
        copies_assign(actor=actor, document=document, distribution=given)
        # The copy sent carries its own 份号 (涉密公文).
        copy = given.numbered_copies.order_by("number").first()
        official = store_generated(
            agency_id=document.agency_id,
            name=f"{document.number}.pdf",
            kind="pdf",
            content=sealed_pdf(document, copy.number if copy else None)
            or render_pdf(to_official(document, copy=copy.number if copy else None)),
        )
        exchange = exchange_send(
            actor=actor,
            sender_agency=document.agency,
            receiver_agency=agency,
            source_type=SUBJECT_TYPE,
            source_id=document.pk,
            number=document.number,
            title=document.title,
            files=[official, *attachments],
            payload={
                "doc_type": document.doc_type,
                "classification": document.classification,
                "secrecy_period": document.secrecy_period,
                "urgency": document.urgency,
                "written_on": timezone.localtime(document.signed_at).date().isoformat()
                if document.signed_at
                else None,
            },
        )
        given.exchange_id = exchange.pk
        given.save(update_fields=["exchange_id"])
    for name in others:
        given = Distribution.objects.create(
            document=document, kind=DistributionKind.EXTERNAL, name=name
        )
        copies_assign(actor=actor, document=document, distribution=given)


def acknowledge_exchange(exchange: Exchange, actor: Person) -> None:
    """``actor``, the receiving agency's registrar, signed for it (called inside their act)."""
    updated = Distribution.objects.filter(exchange_id=exchange.pk, received_at__isnull=True).update(
        received_at=exchange.received_at, received_by_name=exchange.received_by_name
    )
    if updated:
        document = OutgoingDocument.objects.get(pk=exchange.source_id)
        audit_record(
            action="outgoing.distribution.receipt",
            actor=actor,
            obj=document,
            agency_id=document.agency_id,
            details={"to": exchange.receiver_agency.name, "by": exchange.received_by_name},
        )


def distribution_receive(*, actor: Person, distribution_id: int) -> Distribution:
    """签收 of an internal department's copy."""
    with transaction.atomic():
        distribution = (
            Distribution.objects.select_for_update()
            .select_related("document")
            .filter(pk=distribution_id)
            .first()
        )
        if distribution is None or distribution.document.agency_id != actor.agency_id:
            raise NotFound()
        if not can_receive_for(actor, distribution):
            raise audit_denied(
                action="outgoing.distribution.receive",
                actor=actor,
                obj=distribution.document,
                reason="只有该部门负责人或收发员可以签收。",
            )
        if distribution.received_at is None:
            distribution.received_at = timezone.now()
            distribution.received_by_name = actor.real_name
            distribution.save(update_fields=["received_at", "received_by_name"])
            audit_record(
                action="outgoing.distribution.receive",
                actor=actor,
                obj=distribution.document,
                details={"department": distribution.name},
            )
    return distribution
