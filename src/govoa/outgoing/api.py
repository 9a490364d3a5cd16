"""``/api/v1/outgoing-documents``: drafts (create, update, submit), reads, the typeset
document (``render?format=pdf|docx``) and the 核稿助手 (``check``). Acts on a document's
items go through ``/api/v1/work-items/{id}/act`` like every module's."""

import datetime
from typing import Any, Literal

from django.http import HttpRequest, HttpResponse
from ninja import Field, Query, Router, Schema, Status

from govoa.core.api import (
    BodyIn,
    IdempotencyKey,
    ObjectId,
    PageQuery,
    ParamsIn,
    errors,
    file_answer,
    paged,
)
from govoa.core.http import CONTENT_TYPES, file_response
from govoa.core.vocabulary import Classification
from govoa.documents.checker import Severity, Stage
from govoa.documents.vocabulary import Direction, DocType, Publicity, Urgency
from govoa.org.models import Person
from govoa.outgoing import selectors
from govoa.outgoing.models import OutgoingDocument
from govoa.outgoing.official import findings_for, findings_json
from govoa.outgoing.selectors import RegisterFilters
from govoa.outgoing.services.drafting import (
    Draft,
    outgoing_create,
    outgoing_submit,
    outgoing_update,
)
from govoa.outgoing.services.exports import document_viewed, rendered

router = Router(tags=["发文"])


class DraftIn(BodyIn):
    category_id: ObjectId
    doc_type: DocType
    title: str = Field(..., max_length=300)
    direction: Direction = Direction.DOWNWARD
    recipients: str = Field("", max_length=2000)
    body: str = Field("", max_length=100_000)
    cc: str = Field("", max_length=2000)
    note: str = Field("", max_length=300)
    distribution_scope: str = Field("", max_length=300)
    copies: int = Field(10, ge=1, le=9999)
    classification: Classification = Classification.NONE
    secrecy_period: str = Field("", max_length=30)
    urgency: Urgency = Urgency.NORMAL
    publicity: Publicity = Publicity.ON_REQUEST
    publicity_reason: str = Field("", max_length=200)
    important: bool = False
    needs_legal_review: bool = False
    countersign_department_ids: list[ObjectId] = []

    def to_draft(self) -> Draft:
        data = self.model_dump()
        data["classification"] = int(data["classification"])
        return Draft(**data)


class FindingOut(Schema):
    rule: str
    severity: str
    place: str
    message: str
    clause: str


class OutgoingAttachmentOut(Schema):
    id: int
    name: str
    has_file: bool


class OutgoingOut(Schema):
    id: int
    number: str
    title: str
    doc_type: str
    doc_type_label: str
    direction: str
    category: str
    classification: int
    classification_label: str
    urgency: str
    status: str
    status_label: str
    drafter: str
    drafting_department: str
    signed_by: str | None
    signed_at: datetime.datetime | None
    issued_on: datetime.date | None
    version: int


class OutgoingDetailOut(OutgoingOut):
    recipients: str
    body: str
    cc: str
    note: str
    distribution_scope: str
    copies: int
    secrecy_period: str
    publicity: str
    important: bool
    needs_legal_review: bool
    countersign_department_ids: list[int]
    attachments: list[OutgoingAttachmentOut]
    findings: list[FindingOut]


class OutgoingPage(Schema):
    items: list[OutgoingOut]
    count: int
    page: int
    page_size: int


def _out(d: OutgoingDocument) -> dict[str, Any]:
    return {
        "id": d.pk,
        "number": d.number,
        "title": d.title,
        "doc_type": d.doc_type,
        "doc_type_label": d.get_doc_type_display(),
        "direction": d.direction,
        "category": d.category.word,
        "classification": d.classification,
        "classification_label": d.get_classification_display(),
        "urgency": d.urgency,
        "status": d.status,
        "status_label": d.get_status_display(),
        "drafter": d.drafter.real_name,
        "drafting_department": d.drafting_department.name,
        "signed_by": d.signed_by.real_name if d.signed_by else None,
        "signed_at": d.signed_at,
        "issued_on": d.issued_on,
        "version": d.version,
    }


def _detail(d: OutgoingDocument) -> dict[str, Any]:
    return {
        **_out(d),
        "recipients": d.recipients,
        "body": d.body,
        "cc": d.cc,
        "note": d.note,
        "distribution_scope": d.distribution_scope,
        "copies": d.copies,
        "secrecy_period": d.secrecy_period,
        "publicity": d.publicity,
        "important": d.important,
        "needs_legal_review": d.needs_legal_review,
        "countersign_department_ids": sorted(x.pk for x in d.countersign_departments.all()),
        "attachments": [
            {"id": a.pk, "name": a.name, "has_file": a.file_id is not None}
            for a in d.attachments.all()
        ],
        "findings": findings_json(findings_for(d)),
    }


def _me(request: HttpRequest) -> Person:
    return request.auth  # type: ignore[attr-defined]


@router.post(
    "/outgoing-documents",
    response={201: OutgoingDetailOut, 200: OutgoingDetailOut, **errors(400, 401, 403, 413, 422)},
    summary="拟稿（可带 Idempotency-Key 头）",
)
def create(
    request: HttpRequest, body: DraftIn, idempotency_key: IdempotencyKey = ""
) -> Status[dict[str, Any]]:
    me = _me(request)
    document, created = outgoing_create(
        actor=me, data=body.to_draft(), idempotency_key=idempotency_key
    )
    found = selectors.outgoing_get_for_person(person=me, pk=document.pk)
    return Status(201 if created else 200, _detail(found))


@router.put(
    "/outgoing-documents/{document_id}",
    response={200: OutgoingDetailOut, **errors(400, 401, 403, 404, 409, 413, 422)},
    summary="修改文稿（送审后每次保存为一个修改稿）",
)
def update(request: HttpRequest, document_id: int, body: DraftIn) -> dict[str, Any]:
    me = _me(request)
    document = selectors.outgoing_get_for_person(person=me, pk=document_id)
    outgoing_update(actor=me, document=document, data=body.to_draft())
    return _detail(selectors.outgoing_get_for_person(person=me, pk=document_id))


class SubmitIn(BodyIn):
    opinion: str = Field("", max_length=2000)


@router.post(
    "/outgoing-documents/{document_id}/submit",
    response={200: OutgoingDetailOut, **errors(400, 401, 403, 404, 409, 413, 422)},
    summary="送审（先经核稿助手检查）",
)
def submit(request: HttpRequest, document_id: int, body: SubmitIn) -> dict[str, Any]:
    me = _me(request)
    document = selectors.outgoing_get_for_person(person=me, pk=document_id)
    outgoing_submit(actor=me, document=document, opinion=body.opinion)
    return _detail(selectors.outgoing_get_for_person(person=me, pk=document_id))


class OutgoingListFilters(PageQuery):
    year: int | None = Field(None, ge=2000, le=2100)
    status: str = Field("", max_length=20)
    category: ObjectId | None = None
    department: ObjectId | None = None
    classification: int | None = Field(None, ge=0, le=4)
    q: str = Field("", max_length=50)


@router.get(
    "/outgoing-documents",
    response={200: OutgoingPage, **errors(401, 403, 422)},
    summary="发文登记簿",
)
def list_documents(request: HttpRequest, filters: Query[OutgoingListFilters]) -> dict[str, Any]:
    me = _me(request)
    qs = selectors.outgoing_list(
        person=me,
        filters=RegisterFilters(
            year=filters.year,
            status=filters.status,
            category_id=filters.category,
            department_id=filters.department,
            classification=filters.classification,
            query=filters.q,
        ),
    )
    return paged(qs, filters, _out)


@router.get(
    "/outgoing-documents/{document_id}",
    response={200: OutgoingDetailOut, **errors(401, 403, 404, 422)},
    summary="一件发文",
)
def get_document(request: HttpRequest, document_id: int) -> dict[str, Any]:
    me = _me(request)
    document = selectors.outgoing_get_for_person(person=me, pk=document_id)
    document_viewed(actor=me, document=document)
    return _detail(document)


class RenderQuery(ParamsIn):
    format: Literal["pdf", "docx"] = "pdf"


@router.get(
    "/outgoing-documents/{document_id}/render",
    response={200: None, **errors(401, 403, 404, 422, 503)},
    openapi_extra=file_answer("排版后的文件", [CONTENT_TYPES["pdf"], CONTENT_TYPES["docx"]]),
    summary="按 GB/T 9704 排版的正式文件（PDF 或 DOCX）",
)
def render(request: HttpRequest, document_id: int, query: Query[RenderQuery]) -> HttpResponse:
    me = _me(request)
    document = selectors.outgoing_get_for_person(person=me, pk=document_id)
    content = rendered(actor=me, document=document, fmt=query.format)
    name = f"{document.number or document.title[:30]}.{query.format}"
    return file_response(content, content_type=CONTENT_TYPES[query.format], filename=name)


class CheckQuery(ParamsIn):
    stage: Literal["draft", "review", "final"] = "draft"


class CheckOut(Schema):
    errors: int
    warnings: int
    findings: list[FindingOut]


@router.get(
    "/outgoing-documents/{document_id}/check",
    response={200: CheckOut, **errors(401, 403, 404, 422)},
    summary="核稿助手：逐条列出格式问题及依据条款",
)
def check(request: HttpRequest, document_id: int, query: Query[CheckQuery]) -> dict[str, Any]:
    document = selectors.outgoing_get_for_person(person=_me(request), pk=document_id)
    findings = findings_for(document, Stage(query.stage))
    return {
        "errors": sum(f.severity == Severity.ERROR for f in findings),
        "warnings": sum(f.severity == Severity.WARNING for f in findings),
        "findings": findings_json(findings),
    }
