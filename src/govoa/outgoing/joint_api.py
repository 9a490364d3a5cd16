"""``/api/v1/joint-countersigns``: a co-issuing agency's 会签 request of a 联合行文 (the
lead's text as sent, the state of its 会签). Its acts (签收, 审核, 核稿, 签发, 不同意会签) go
through ``/api/v1/work-items/{id}/act`` like every module's."""

import datetime
from typing import Any

from django.http import HttpRequest, HttpResponse
from ninja import Field, Router, Schema

from govoa.audit.services import audit_record
from govoa.core.api import errors, file_answer
from govoa.core.http import CONTENT_TYPES, file_response
from govoa.core.vocabulary import Classification
from govoa.org.models import Person
from govoa.outgoing.joint_models import JointCountersign
from govoa.outgoing.joint_selectors import joint_countersign_get_for_person, joint_countersign_text

router = Router(tags=["发文"])


class JointCountersignOut(Schema):
    id: int
    lead_agency: str
    title: str
    doc_type: str
    direction: str
    recipients: str
    body: str
    classification: int
    round: int
    state: str
    state_label: str
    received_at: datetime.datetime | None
    signed_by: str | None
    signed_at: datetime.datetime | None
    sign_opinion: str
    refused_reason: str
    seal_state: str = Field(description="空 未到用印、requested 待用印、sealed 已用印")
    seal_state_label: str
    sealed_by: str | None
    sealed_at: datetime.datetime | None
    seal_name: str


def _out(row: JointCountersign) -> dict[str, Any]:
    document = row.document
    return {
        "id": row.pk,
        "lead_agency": document.agency.name,
        "title": document.title,
        "doc_type": document.doc_type,
        "direction": document.direction,
        "recipients": document.recipients,
        "body": document.body,
        "classification": row.classification,
        "round": row.round,
        "state": row.state,
        "state_label": row.get_state_display(),
        "received_at": row.received_at,
        "signed_by": row.signed_by.real_name if row.signed_by else None,
        "signed_at": row.signed_at,
        "sign_opinion": row.sign_opinion,
        "refused_reason": row.refused_reason,
        "seal_state": row.seal_state,
        "seal_state_label": row.get_seal_state_display(),
        "sealed_by": row.sealed_by.real_name if row.sealed_by else None,
        "sealed_at": row.sealed_at,
        "seal_name": row.seal_name,
    }


def _me(request: HttpRequest) -> Person:
    return request.auth  # type: ignore[attr-defined]


@router.get(
    "/joint-countersigns/{countersign_id}",
    response={200: JointCountersignOut, **errors(401, 403, 404, 422)},
    summary="联合行文会签请求（联署机关）",
)
def get_countersign(request: HttpRequest, countersign_id: int) -> dict[str, Any]:
    return _out(joint_countersign_get_for_person(person=_me(request), pk=countersign_id))


@router.get(
    "/joint-countersigns/{countersign_id}/text",
    response={200: None, **errors(401, 403, 404, 422)},
    summary="送会签的文稿（PDF，主办机关经公文交换发来）",
    openapi_extra=file_answer("送会签的文稿", (CONTENT_TYPES["pdf"],)),
)
def countersign_text(request: HttpRequest, countersign_id: int) -> HttpResponse:
    me = _me(request)
    row = joint_countersign_get_for_person(person=me, pk=countersign_id)
    name, content = countersign_text_download(actor=me, row=row)
    return file_response(content, content_type=CONTENT_TYPES["pdf"], filename=name)


def countersign_text_download(*, actor: Person, row: JointCountersign) -> tuple[str, bytes]:
    """The text sent for 会签; the download of a 涉密 one is audited."""
    name, content = joint_countersign_text(row)
    if row.classification >= Classification.SECRET:
        audit_record(
            action="outgoing.joint.download",
            actor=actor,
            obj=row,
            agency_id=row.agency_id,
            details={"document": row.document_id},
        )
    return name, content
