"""联合行文: the lead names the co-issuing agencies; at 联署机关会签 (after its own 审核 and
会签, before 核稿 and 签发: 000 一(二)2–3, 条例 第二十二条 “联合发文由所有联署机关负责人会签”)
each co-issuer is sent a 会签 request through the 公文交换 and handles it on its own flow
(``outgoing_joint``: 签收 → 审核 → 核稿 → 签发); its 签发人 and date, or its refusal with the
reason, come back to the lead's 发文. The 成文日期 is the last 签发 of all (条例 第九条（十二）)."""

import datetime
from collections.abc import Sequence

from django.db import transaction
from django.utils import timezone

from govoa.audit.services import audit_record
from govoa.core.errors import TransitionNotAllowed, ValidationFailed
from govoa.core.vocabulary import Role
from govoa.documents.exchange import exchange_acknowledge, exchange_send
from govoa.documents.files import store_generated
from govoa.documents.models import Exchange
from govoa.documents.rendering.pdf import render_pdf
from govoa.flow.services.acts import flow_start
from govoa.notify.services import notify
from govoa.org.models import Agency, Person
from govoa.org.selectors import people_with_role
from govoa.outgoing.joint_models import JointState
from govoa.outgoing.models import CoIssuer, JointCountersign, OutgoingDocument

JOINT_SUBJECT_TYPE = "outgoing.jointcountersign"
JOINT_FLOW = "outgoing_joint"
MAX_CO_ISSUERS = 9


def co_issuer_agencies(*, actor: Person, ids: Sequence[object]) -> list[Agency]:
    """The agencies named as co-issuers, in the order given: other active agencies of the
    deployment, each once (ValidationFailed otherwise)."""
    wanted: list[int] = []
    for raw in ids:
        try:
            value = int(str(raw))
        except (TypeError, ValueError):
            raise ValidationFailed(fields={"co_issuer_ids": ["联署机关无效。"]}) from None
        if value in wanted:
            raise ValidationFailed(fields={"co_issuer_ids": ["同一联署机关不能重复。"]})
        wanted.append(value)
    if len(wanted) > MAX_CO_ISSUERS:
        raise ValidationFailed(fields={"co_issuer_ids": [f"联署机关最多 {MAX_CO_ISSUERS} 个。"]})
    if actor.agency_id in wanted:
        raise ValidationFailed(fields={"co_issuer_ids": ["本机关是主办机关，不能同时为联署机关。"]})
    found = {a.pk: a for a in Agency.objects.filter(pk__in=wanted, is_active=True)}
    if len(found) != len(wanted):
        raise ValidationFailed(fields={"co_issuer_ids": ["请选择本平台上的其他机关。"]})
    return [found[pk] for pk in wanted]


def co_issuers_set(document: OutgoingDocument, agencies: list[Agency]) -> bool:
    """Replace the co-issuers (inside the caller's transaction); True if they changed."""
    if not agencies and getattr(document, "is_joint", None) is False:
        return False
    current = list(document.co_issuers.values_list("agency_id", flat=True))
    if current == [a.pk for a in agencies]:
        return False
    document.co_issuers.all().delete()
    CoIssuer.objects.bulk_create(
        CoIssuer(document=document, agency=a, order=i) for i, a in enumerate(agencies, start=1)
    )
    return True


def current_round(document: OutgoingDocument) -> list[JointCountersign]:
    return list(
        document.joint_countersigns.filter(round=document.joint_round)
        .select_related("agency", "signed_by", "refused_by")
        .order_by("order")
    )


def countersigns_request(document: OutgoingDocument) -> list[JointCountersign]:
    """The lead's flow entered 联署机关会签: a new round, one request to each co-issuer
    through the exchange (earlier rounds' requests lapse). Inside the act's transaction."""
    co_issuers = list(document.co_issuers.select_related("agency"))
    if not co_issuers:
        return []
    document.joint_countersigns.filter(state=JointState.SENT).update(state=JointState.WITHDRAWN)
    document.joint_round += 1
    document.save(update_fields=["joint_round"])
    from govoa.outgoing.official import to_official  # the layout needs the models loaded

    pdf = render_pdf(to_official(document))
    rows = []
    for co in co_issuers:
        row = JointCountersign.objects.create(
            document=document,
            agency=co.agency,
            order=co.order,
            round=document.joint_round,
            version=document.version,
            classification=document.classification,
        )
        stored = store_generated(
            agency_id=document.agency_id,
            name=f"{document.title[:80]}（送会签稿）.pdf",
            kind="pdf",
            content=pdf,
        )
        exchange = exchange_send(
            actor=None,
            sender_agency=document.agency,
            receiver_agency=co.agency,
            source_type=JOINT_SUBJECT_TYPE,
            source_id=row.pk,
            number="",
            title=document.title,
            payload={
                "kind": "joint_countersign",
                "lead": document.agency.name,
                "doc_type": document.doc_type,
                "classification": document.classification,
                "round": row.round,
            },
            files=[stored],
        )
        row.exchange_id = exchange.pk
        row.save(update_fields=["exchange_id"])
        rows.append(row)
    audit_record(
        action="outgoing.joint.request",
        obj=document,
        agency_id=document.agency_id,
        details={"round": document.joint_round, "to": [r.agency.name for r in rows]},
    )
    return rows


def receive_request(exchange: Exchange) -> tuple[str, int]:
    """The request arrives at the co-issuer: its own 会签 flow starts, 签收 with its
    registrars (the exchange's receiver for ``JOINT_SUBJECT_TYPE``)."""
    row = JointCountersign.objects.select_related("document").get(pk=exchange.source_id)
    registrar = people_with_role(agency_id=row.agency_id, role=Role.REGISTRAR).first()
    if registrar is None:
        raise ValidationFailed(
            f"{exchange.receiver_agency.name}没有收发员，无法接收会签请求，请该机关先设置收发员。"
        )
    with transaction.atomic():
        flow_start(actor=registrar, code=JOINT_FLOW, subject=row, opinion="公文交换送达（会签）")
    return JOINT_SUBJECT_TYPE, row.pk


def _live(row: JointCountersign) -> None:
    if row.state != JointState.SENT or row.round != row.document.joint_round:
        raise TransitionNotAllowed("主办机关已收回或重新送会签，本次会签请求已失效。")


def tell_lead(row: JointCountersign, title: str, body: str) -> None:
    document = row.document
    registrars = people_with_role(agency_id=document.agency_id, role=Role.REGISTRAR)
    notify(
        recipients=[document.drafter, *registrars],
        kind="outgoing.joint.answer",
        title=title,
        body=body,
        url=f"/outgoing/{document.pk}/",
        agency_id=document.agency_id,
        classification=document.classification,
        channels=("inapp",),
    )


def co_received(row: JointCountersign, actor: Person) -> None:
    """签收 at the co-issuer: the 回执 goes back to the lead."""
    _live(row)
    row.received_by, row.received_at = actor, timezone.now()
    row.save(update_fields=["received_by", "received_at"])
    if row.exchange_id:
        exchange_acknowledge(actor=actor, exchange_id=row.exchange_id)


def co_signed(row: JointCountersign, actor: Person, opinion: str) -> None:
    """签发 by the co-issuer's leader: recorded on the lead's 发文."""
    _live(row)
    row.state = JointState.SIGNED
    row.signed_by, row.signed_at = actor, timezone.now()
    row.sign_opinion = opinion or "同意"
    row.save(update_fields=["state", "signed_by", "signed_at", "sign_opinion"])
    audit_record(
        action="outgoing.joint.sign",
        actor=actor,
        obj=row,
        agency_id=row.agency_id,
        details={"document": row.document_id, "round": row.round},
    )
    tell_lead(
        row,
        f"联署机关已会签：{row.agency.name}",
        f"《{row.document.title}》：{row.agency.name}{actor.real_name}已签发（会签）。",
    )


def co_refused(row: JointCountersign, actor: Person, reason: str) -> None:
    """不同意会签: the document goes back to the lead with the reason."""
    if not reason.strip():
        raise ValidationFailed(
            "不同意会签须写明理由。", fields={"opinion": ["请填写不同意会签的理由。"]}
        )
    _live(row)
    row.state = JointState.REFUSED
    row.refused_by, row.refused_at = actor, timezone.now()
    row.refused_reason = reason.strip()
    row.save(update_fields=["state", "refused_by", "refused_at", "refused_reason"])
    audit_record(
        action="outgoing.joint.refuse",
        actor=actor,
        obj=row,
        agency_id=row.agency_id,
        details={"document": row.document_id, "reason": row.refused_reason[:200]},
    )
    tell_lead(
        row,
        f"联署机关不同意会签：{row.agency.name}",
        f"《{row.document.title}》被{row.agency.name}退回：{row.refused_reason}",
    )


def require_all_signed(document: OutgoingDocument) -> None:
    """The lead's 联署机关会签 completes only when every co-issuer of this round signed."""
    if not document.co_issuers.exists():
        return  # no co-issuer (any more): nothing to wait for
    rows = current_round(document)
    refused = [r for r in rows if r.state == JointState.REFUSED]
    if refused:
        reasons = "；".join(f"{r.agency.name}：{r.refused_reason}" for r in refused)
        raise TransitionNotAllowed(f"联署机关不同意会签（{reasons}），请退回拟稿修改后重新送会签。")
    waiting = [r.agency.name for r in rows if r.state != JointState.SIGNED]
    if waiting or not rows:
        names = "、".join(waiting) or "未送会签"
        raise TransitionNotAllowed(f"尚有联署机关未会签：{names}。")


def joint_signed(document: OutgoingDocument) -> list[JointCountersign]:
    """The co-issuers' 签发 of the round the document went on with, in order."""
    if not document.joint_round:
        return []
    return [r for r in current_round(document) if r.state == JointState.SIGNED]


def written_on(document: OutgoingDocument) -> datetime.date | None:
    """成文日期: the last 签发 of the lead and the co-issuers (条例 第九条（十二））; None until
    the lead has signed."""
    if not document.signed_at:
        return None
    moments = [document.signed_at, *(r.signed_at for r in joint_signed(document) if r.signed_at)]
    return timezone.localtime(max(moments)).date()
