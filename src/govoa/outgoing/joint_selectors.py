"""Reads of 联合行文: a co-issuer's 会签 request (through ``joint_countersigns_visible_q``),
and the state of a lead document's co-issuers."""

from dataclasses import dataclass
from typing import Any

from govoa.core.errors import NotFound
from govoa.documents.files import open_stored
from govoa.documents.models import Exchange
from govoa.org.models import Person
from govoa.outgoing.joint_models import CoIssuer, JointCountersign
from govoa.outgoing.models import OutgoingDocument
from govoa.outgoing.policies import joint_countersigns_visible_q


def joint_countersign_get_for_person(*, person: Person, pk: int) -> JointCountersign:
    found = (
        JointCountersign.objects.filter(joint_countersigns_visible_q(person), pk=pk)
        .select_related(
            "document", "document__agency", "agency", "signed_by", "refused_by", "sealed_by"
        )
        .first()
    )
    if found is None:
        raise NotFound()
    return found


def joint_countersign_text(row: JointCountersign) -> tuple[str, bytes]:
    """The text the lead sent for 会签 (the PDF that came through the exchange)."""
    exchange = Exchange.objects.filter(pk=row.exchange_id).first() if row.exchange_id else None
    stored = exchange.files.first() if exchange else None
    if stored is None:
        raise NotFound("送会签的文稿不存在。")
    with open_stored(stored) as handle:
        return stored.name, handle.read()


@dataclass(frozen=True)
class CoIssuerState:
    agency_id: int
    agency: str
    order: int
    state: str
    state_label: str
    signed_by: str | None
    signed_at: Any
    refused_reason: str
    seal_state: str
    seal_state_label: str
    sealed_by: str | None
    sealed_at: Any
    seal_name: str


def co_issuer_states(document: OutgoingDocument) -> list[CoIssuerState]:
    """Each co-issuer in order, with its 会签 of the current round (待送会签 before any)."""
    if getattr(document, "is_joint", None) is False:
        return []
    co_issuers = list(CoIssuer.objects.filter(document=document).select_related("agency"))
    if not co_issuers:
        return []
    rows = {
        r.agency_id: r
        for r in JointCountersign.objects.filter(
            document=document, round=document.joint_round
        ).select_related("signed_by", "sealed_by")
    }
    states = []
    for co in co_issuers:
        row = rows.get(co.agency_id)
        states.append(
            CoIssuerState(
                agency_id=co.agency_id,
                agency=co.agency.name,
                order=co.order,
                state=row.state if row else "pending",
                state_label=row.get_state_display() if row else "待送会签",
                signed_by=row.signed_by.real_name if row and row.signed_by else None,
                signed_at=row.signed_at if row else None,
                refused_reason=row.refused_reason if row else "",
                seal_state=row.seal_state if row else "",
                seal_state_label=row.get_seal_state_display() if row else "未到用印",
                sealed_by=row.sealed_by.real_name if row and row.sealed_by else None,
                sealed_at=row.sealed_at if row else None,
                seal_name=row.seal_name if row else "",
            )
        )
    return states
