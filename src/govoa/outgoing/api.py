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
from govoa.core.dates import period_text
from govoa.core.filenames import file_name, upload_name
from govoa.core.http import CONTENT_TYPES, file_response, upload_response
from govoa.core.vocabulary import Classification
from govoa.documents import registers
from govoa.documents.checker import Severity, Stage
from govoa.documents.files import KINDS
from govoa.documents.replies import live_reply, replies_answered_by
from govoa.documents.replies_schema import ReplyLinkOut, reply_link_out
from govoa.documents.vocabulary import Direction, DocType, Publicity, Urgency
from govoa.flow.api import NextItemOut, next_items
from govoa.org.models import Person
from govoa.outgoing import selectors
from govoa.outgoing.joint_selectors import co_issuer_states
from govoa.outgoing.models import OutgoingDocument
from govoa.outgoing.official import attachments_of, findings_for, findings_json
from govoa.outgoing.policies import SUBJECT_TYPE
from govoa.outgoing.selectors import RegisterFilters
from govoa.outgoing.services.drafting import (
    Draft,
    outgoing_create,
    outgoing_submit,
    outgoing_update,
)
from govoa.outgoing.services.exports import (
    approval_sheet,
    attachment_download,
    document_viewed,
    register_export,
    rendered,
)

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
    co_issuer_ids: list[ObjectId] = Field(
        [], description="联合行文的联署机关（平台上的其他机关，按署名顺序；本机关为主办机关）"
    )
    joint_header: bool = Field(True, description="版头用联合发文机关标志；否则只用主办机关标志")

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


class CoIssuerOut(Schema):
    agency_id: int
    agency: str
    order: int
    state: str = Field(
        description="pending 待送会签、sent 待会签、signed 已会签、refused 不同意会签"
    )
    state_label: str
    signed_by: str | None
    signed_at: datetime.datetime | None
    refused_reason: str
    seal_state: str = Field(
        description="空 未到用印、requested 待用印、sealed 已用印（本机关印章管理员）"
    )
    seal_state_label: str
    sealed_by: str | None
    sealed_at: datetime.datetime | None
    seal_name: str = Field(description="所用印章（电子用印时）")


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
    co_issuer_ids: list[int]
    joint_header: bool
    co_issuers: list[CoIssuerOut] = Field(description="联署机关及其会签（签发人、日期或退回理由）")
    attachments: list[OutgoingAttachmentOut]
    findings: list[FindingOut]
    answers: list[ReplyLinkOut] = Field(
        default_factory=list, description="该文答复的来文（复文时；url 指向来文）"
    )
    answer: ReplyLinkOut | None = Field(
        None, description="该文收到的答复（如请示经公文交换收到的批复；url 指向答复）"
    )


class OutgoingPage(Schema):
    items: list[OutgoingOut]
    count: int
    count_capped: bool = Field(False, description="为真时实际条数超过 count（只计数到 1000 条）")
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
        "countersign_department_ids": (
            sorted(x.pk for x in d.countersign_departments.all())
            if getattr(d, "has_countersign", True)
            else []
        ),
        **_joint(d),
        "attachments": [
            {"id": a.pk, "name": a.name, "has_file": a.file_id is not None}
            for a in attachments_of(d)
        ],
        "findings": findings_json(findings_for(d)),
        "answers": [
            reply_link_out(r, toward="question") for r in replies_answered_by(SUBJECT_TYPE, d.pk)
        ],
        "answer": _answer(d),
    }


def _joint(d: OutgoingDocument) -> dict[str, Any]:
    states = co_issuer_states(d)
    return {
        "co_issuer_ids": [s.agency_id for s in states],
        "joint_header": d.joint_header,
        "co_issuers": [vars(s) for s in states],
    }


def _answer(d: OutgoingDocument) -> dict[str, Any] | None:
    reply = live_reply(SUBJECT_TYPE, d.pk)
    return reply_link_out(reply, toward="answer") if reply else None


def _me(request: HttpRequest) -> Person:
    return request.auth  # type: ignore[attr-defined]


# The register and its export come before "/outgoing-documents/{document_id}", whose URL
# pattern would otherwise take "export" for an id.
class OutgoingRegisterQuery(ParamsIn):
    year: int | None = Field(None, ge=2000, le=2100)
    status: str = Field("", max_length=20)
    category: ObjectId | None = None
    department: ObjectId | None = None
    classification: int | None = Field(None, ge=0, le=4)
    q: str = Field("", max_length=50)
    created_from: datetime.date | None = None
    created_to: datetime.date | None = None
    numbered: bool = False

    def filters(self) -> RegisterFilters:
        return RegisterFilters(
            year=self.year,
            status=self.status,
            category_id=self.category,
            department_id=self.department,
            classification=self.classification,
            query=self.q,
            created_from=self.created_from,
            created_to=self.created_to,
            numbered_only=self.numbered,
        )


class OutgoingListFilters(PageQuery, OutgoingRegisterQuery):
    pass


class OutgoingExportQuery(OutgoingRegisterQuery):
    format: Literal["xlsx", "pdf"] = "xlsx"


@router.get(
    "/outgoing-documents",
    response={200: OutgoingPage, **errors(401, 403, 422)},
    summary="发文登记簿",
)
def list_documents(request: HttpRequest, filters: Query[OutgoingListFilters]) -> dict[str, Any]:
    qs = selectors.outgoing_list(person=_me(request), filters=filters.filters())
    return paged(qs, filters, _out)


@router.get(
    "/outgoing-documents/export",
    response={200: None, **errors(401, 403, 422, 503)},
    summary="导出发文登记簿（format=xlsx|pdf，筛选同登记簿；导出记审计）",
    openapi_extra=file_answer("发文登记簿", (CONTENT_TYPES["xlsx"], CONTENT_TYPES["pdf"])),
)
def export_register(request: HttpRequest, query: Query[OutgoingExportQuery]) -> HttpResponse:
    me = _me(request)
    filters = query.filters()
    found = selectors.outgoing_list(person=me, filters=filters)
    content = register_export(
        actor=me,
        # One row more than the limit, so that an over-long export is refused, not cut short.
        documents=list(found[: registers.LIMITS[query.format] + 1]),
        fmt=query.format,
        period=period_text(filters.created_from, filters.created_to),
        query=request.GET.urlencode(),
    )
    return file_response(
        content,
        content_type=CONTENT_TYPES[query.format],
        filename=file_name(me, "发文登记簿", query.format),
    )


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


class OutgoingSubmittedOut(OutgoingDetailOut):
    next_items: list[NextItemOut] = Field(
        description="送审开启的事项（部门负责人审核的待办）：无需再查待办列表即可得知其编号和办理人。"
    )


@router.post(
    "/outgoing-documents/{document_id}/submit",
    response={200: OutgoingSubmittedOut, **errors(400, 401, 403, 404, 409, 413, 422)},
    summary="送审（先经核稿助手检查）",
    description="答复送审后的文稿及 next_items：送审开启的事项。",
)
def submit(request: HttpRequest, document_id: int, body: SubmitIn) -> dict[str, Any]:
    me = _me(request)
    document = selectors.outgoing_check_visible(person=me, pk=document_id)
    submitted = outgoing_submit(actor=me, document=document, opinion=body.opinion)
    # Built from the document as the submit left it, not read again.
    return {**_detail(submitted.document), "next_items": next_items(submitted.opened)}


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
    format: Literal["pdf", "docx", "ofd"] = "pdf"
    copy_number: int | None = Field(
        None, alias="copy", ge=1, le=9999, description="份号：印制的第几份（涉密公文）"
    )


@router.get(
    "/outgoing-documents/{document_id}/render",
    response={200: None, **errors(401, 403, 404, 422, 503)},
    openapi_extra=file_answer(
        "排版后的文件", [CONTENT_TYPES["pdf"], CONTENT_TYPES["docx"], CONTENT_TYPES["ofd"]]
    ),
    summary="按 GB/T 9704 排版的正式文件（PDF、DOCX 或 OFD）",
)
def render(request: HttpRequest, document_id: int, query: Query[RenderQuery]) -> HttpResponse:
    me = _me(request)
    document = selectors.outgoing_get_for_person(person=me, pk=document_id)
    content = rendered(actor=me, document=document, fmt=query.format, copy=query.copy_number)
    copy = f"（第{query.copy_number:06d}份）" if query.copy_number else ""
    name = f"{document.download_stem(after=copy)}.{query.format}"
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


@router.get(
    "/outgoing-documents/{document_id}/sheet",
    response={200: None, **errors(401, 403, 404, 422, 503)},
    summary="发文稿纸（PDF：各环节意见、姓名和日期）",
    openapi_extra=file_answer("发文稿纸", (CONTENT_TYPES["pdf"],)),
)
def sheet(request: HttpRequest, document_id: int) -> HttpResponse:
    me = _me(request)
    document = selectors.outgoing_get_for_person(person=me, pk=document_id)
    content = approval_sheet(actor=me, document=document)
    name = f"{document.download_stem(before='发文稿纸：')}.pdf"
    return file_response(content, content_type=CONTENT_TYPES["pdf"], filename=name)


@router.get(
    "/outgoing-documents/{document_id}/attachments/{attachment_id}",
    response={200: None, **errors(401, 403, 404, 422)},
    summary="下载附件",
    openapi_extra=file_answer("附件原文件", (kind.content_type for kind in KINDS.values())),
)
def attachment(request: HttpRequest, document_id: int, attachment_id: int) -> HttpResponse:
    me = _me(request)
    found = selectors.attachment_get_for_person(
        person=me, document_id=document_id, pk=attachment_id
    )
    stored, content = attachment_download(actor=me, attachment=found)
    return upload_response(
        content, content_type=stored.content_type, filename=upload_name(me, stored)
    )
