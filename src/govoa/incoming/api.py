"""``/api/v1/incoming-documents``: register, list, get, attachments. Acts on a document's
items go through ``/api/v1/work-items/{id}/act`` like every module's."""

import datetime
from typing import Any, Literal

from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from ninja import Field, File, Form, Query, Router, Schema, Status, UploadedFile
from ninja.params.functions import File as FileParam

from govoa.core.api import (
    IdempotencyKey,
    ObjectId,
    PageQuery,
    ParamsIn,
    errors,
    file_answer,
    paged,
)
from govoa.core.dates import period_text
from govoa.core.errors import NotFound
from govoa.core.filenames import file_name, upload_name
from govoa.core.http import CONTENT_TYPES, file_response, upload_response
from govoa.core.vocabulary import Classification
from govoa.documents import registers
from govoa.documents.files import KINDS
from govoa.documents.replies import live_reply
from govoa.documents.replies_schema import ReplyLinkOut, reply_link_out
from govoa.documents.vocabulary import DocType, ReceiveChannel, Urgency
from govoa.incoming import selectors
from govoa.incoming.models import IncomingAttachment, IncomingDocument
from govoa.incoming.policies import SUBJECT_TYPE
from govoa.incoming.selectors import RegisterFilters
from govoa.incoming.services.co_handling import incoming_co_material_add
from govoa.incoming.services.exports import (
    attachment_download,
    incoming_document_viewed,
    printable,
    register_export,
)
from govoa.incoming.services.registration import (
    Registration,
    incoming_add_attachments,
    incoming_register_or_replay,
)
from govoa.incoming.services.replies import incoming_reply_start
from govoa.org.models import Person

router = Router(tags=["收文"])


class IncomingAttachmentOut(Schema):
    id: int
    name: str
    kind: str
    size: int
    sha256: str
    sm3: str


class IncomingOut(Schema):
    id: int
    number: str
    source_org: str
    source_number: str
    title: str
    doc_type: str
    doc_type_label: str
    classification: int
    classification_label: str
    secrecy_period: str
    urgency: str
    copies: int
    pages: int
    written_on: datetime.date | None
    received_at: datetime.datetime
    channel: str
    due_date: datetime.date | None
    status: str
    status_label: str
    lead_department: str | None
    deadline: datetime.date | None
    duplicate_of: int | None


class CoHandlingOut(Schema):
    """One 协办 department's answer and material."""

    department: str
    status: str
    status_label: str
    handled_by: str | None
    action: str
    opinion: str
    due_date: datetime.date | None
    answered_at: datetime.datetime | None
    materials: list[IncomingAttachmentOut]


class IncomingDetailOut(IncomingOut):
    proposal: str
    instruction: str
    result: str
    reply: str
    reply_required: bool
    reply_method: str
    answer: ReplyLinkOut | None = Field(None, description="复文（本机关答复该文的发文）")
    return_reason: str
    attachments: list[IncomingAttachmentOut]
    co_handling: list[CoHandlingOut]


class IncomingPage(Schema):
    items: list[IncomingOut]
    count: int
    count_capped: bool = Field(False, description="为真时实际条数超过 count（只计数到 1000 条）")
    page: int
    page_size: int


def _out(d: IncomingDocument) -> dict[str, Any]:
    return {
        "id": d.pk,
        "number": d.number,
        "source_org": d.source_org,
        "source_number": d.source_number,
        "title": d.title,
        "doc_type": d.doc_type,
        "doc_type_label": d.get_doc_type_display(),
        "classification": d.classification,
        "classification_label": d.get_classification_display(),
        "secrecy_period": d.secrecy_period,
        "urgency": d.urgency,
        "copies": d.copies,
        "pages": d.pages,
        "written_on": d.written_on,
        "received_at": d.received_at,
        "channel": d.channel,
        "due_date": d.due_date,
        "status": d.status,
        "status_label": d.get_status_display(),
        "lead_department": d.lead_department.name if d.lead_department else None,
        "deadline": d.deadline,
        "duplicate_of": d.duplicate_of_id,
    }


def _file(a: IncomingAttachment) -> dict[str, Any]:
    return {
        "id": a.pk,
        "name": a.file.name,
        "kind": a.file.kind,
        "size": a.file.size,
        "sha256": a.file.sha256,
        "sm3": a.file.sm3,
    }


def _co_handling(d: IncomingDocument) -> list[dict[str, Any]]:
    rows = []
    for answer in selectors.co_handling_of(d, selectors.current_instance(d)):
        item = answer.item
        answered = answer.status == "answered" and item is not None
        rows.append(
            {
                "department": answer.department.name,
                "status": answer.status,
                "status_label": answer.status_label,
                "handled_by": (item.acted_by or item.assignee).real_name if item else None,
                "action": item.action if answered and item else "",
                "opinion": item.opinion if answered and item else "",
                "due_date": item.due_date if item else None,
                "answered_at": item.done_at if answered and item else None,
                "materials": [_file(m) for m in answer.materials],
            }
        )
    return rows


def _fields(d: IncomingDocument, *, registered: bool = False) -> dict[str, Any]:
    """``registered``: just registered, so no 复文 yet (not looked up)."""
    return {
        **_out(d),
        "proposal": d.proposal,
        "instruction": d.instruction,
        "result": d.result,
        "reply": d.reply,
        "reply_required": d.reply_required,
        "reply_method": d.reply_method,
        "answer": None if registered else _answer(d),
        "return_reason": d.return_reason,
    }


def _answer(d: IncomingDocument) -> dict[str, Any] | None:
    reply = live_reply(SUBJECT_TYPE, d.pk)
    return reply_link_out(reply, toward="answer") if reply else None


def _detail(d: IncomingDocument) -> dict[str, Any]:
    return {
        **_fields(d),
        "attachments": [_file(a) for a in d.attachments.all() if not a.co_department_id],
        "co_handling": _co_handling(d),
    }


class RegistrationIn(ParamsIn):
    source_org: str = Field(..., max_length=100)
    title: str = Field(..., max_length=300)
    doc_type: DocType
    source_number: str = Field("", max_length=60)
    classification: Classification = Classification.NONE
    secrecy_period: str = Field("", max_length=30)
    urgency: Urgency = Urgency.NORMAL
    copies: int = Field(1, ge=1, le=999)
    pages: int = Field(1, ge=1, le=9999)
    written_on: datetime.date | None = None
    received_at: datetime.datetime | None = None
    channel: ReceiveChannel = ReceiveChannel.PAPER
    due_date: datetime.date | None = None
    remarks: str = Field("", max_length=300)
    reply_required: bool = Field(False, description="需答复（请示、函总是需答复）")
    confirm_duplicate: bool = False


@router.post(
    "/incoming-documents",
    response={
        201: IncomingDetailOut,
        200: IncomingDetailOut,
        **errors(400, 401, 403, 409, 413, 415, 422),
    },
    summary="签收登记（multipart：字段 + files；可带 Idempotency-Key 头）",
)
def register(
    request: HttpRequest,
    data: Form[RegistrationIn],
    files: list[UploadedFile] = FileParam(default=[]),  # noqa: B008 — ninja declares optional files so
    idempotency_key: IdempotencyKey = "",
) -> Status[dict[str, Any]]:
    person: Person = request.auth  # type: ignore[attr-defined]
    document, created = incoming_register_or_replay(
        actor=person,
        data=Registration(
            source_org=data.source_org,
            title=data.title,
            doc_type=data.doc_type,
            source_number=data.source_number,
            classification=int(data.classification),
            secrecy_period=data.secrecy_period,
            urgency=data.urgency,
            copies=data.copies,
            pages=data.pages,
            written_on=data.written_on,
            received_at=data.received_at or timezone.now(),
            channel=data.channel,
            due_date=data.due_date,
            remarks=data.remarks,
            reply_required=data.reply_required,
            uploads=[(f.name or "", f) for f in files],
        ),
        confirm_duplicate=data.confirm_duplicate,
        idempotency_key=idempotency_key,
    )
    if not created:  # an earlier request's registration, as it stands now
        found = selectors.incoming_get_for_person(person=person, pk=document.pk)
        return Status(200, _detail(found))
    # Built from what the registration wrote (the registrar sees every document they may
    # register): its files, and no 协办 yet.
    attachments = [_file(a) for a in document.attachments.select_related("file")] if files else []
    return Status(
        201,
        {**_fields(document, registered=True), "attachments": attachments, "co_handling": []},
    )


class IncomingRegisterQuery(ParamsIn):
    year: int | None = Field(None, ge=2000, le=2100)
    status: str = ""
    source: str = Field("", max_length=50)
    department: ObjectId | None = None
    classification: int | None = Field(None, ge=0, le=4)
    overdue: bool = False
    q: str = Field("", max_length=50)
    received_from: datetime.date | None = None
    received_to: datetime.date | None = None

    def filters(self) -> RegisterFilters:
        return RegisterFilters(
            year=self.year,
            status=self.status,
            source=self.source,
            department_id=self.department,
            classification=self.classification,
            overdue=self.overdue,
            received_from=self.received_from,
            received_to=self.received_to,
            query=self.q,
        )


class IncomingListFilters(PageQuery, IncomingRegisterQuery):
    pass


class IncomingExportQuery(IncomingRegisterQuery):
    format: Literal["xlsx", "pdf"] = "xlsx"


@router.get(
    "/incoming-documents",
    response={200: IncomingPage, **errors(401, 403, 422)},
    summary="收文登记簿",
)
def list_documents(request: HttpRequest, filters: Query[IncomingListFilters]) -> dict[str, Any]:
    person: Person = request.auth  # type: ignore[attr-defined]
    qs = selectors.incoming_list(person=person, filters=filters.filters())
    return paged(qs, filters, _out)


@router.get(
    "/incoming-documents/export",
    response={200: None, **errors(401, 403, 422, 503)},
    summary="导出收文登记簿（format=xlsx|pdf，筛选同登记簿；导出记审计）",
    openapi_extra=file_answer("收文登记簿", (CONTENT_TYPES["xlsx"], CONTENT_TYPES["pdf"])),
)
def export_register(request: HttpRequest, query: Query[IncomingExportQuery]) -> HttpResponse:
    person: Person = request.auth  # type: ignore[attr-defined]
    filters = query.filters()
    found = selectors.incoming_list(person=person, filters=filters)
    content = register_export(
        actor=person,
        # One row more than the limit, so that an over-long export is refused, not cut short.
        documents=list(found[: registers.LIMITS[query.format] + 1]),
        fmt=query.format,
        period=period_text(filters.received_from, filters.received_to),
        query=request.GET.urlencode(),
    )
    return file_response(
        content,
        content_type=CONTENT_TYPES[query.format],
        filename=file_name(person, "收文登记簿", query.format),
    )


@router.get(
    "/incoming-documents/{document_id}",
    response={200: IncomingDetailOut, **errors(401, 403, 404, 422)},
    summary="一件收文",
)
def get_document(request: HttpRequest, document_id: int) -> dict[str, Any]:
    person: Person = request.auth  # type: ignore[attr-defined]
    document = selectors.incoming_get_for_person(person=person, pk=document_id)
    incoming_document_viewed(actor=person, document=document)
    return _detail(document)


@router.post(
    "/incoming-documents/{document_id}/attachments",
    response={201: IncomingDetailOut, **errors(400, 401, 403, 404, 409, 413, 415, 422)},
    summary="补充附件",
)
def add_attachments(
    request: HttpRequest, document_id: int, files: File[list[UploadedFile]]
) -> Status[dict[str, Any]]:
    person: Person = request.auth  # type: ignore[attr-defined]
    document = selectors.incoming_get_for_person(person=person, pk=document_id)
    incoming_add_attachments(
        actor=person, document=document, uploads=[(f.name or "", f) for f in files]
    )
    return Status(201, _detail(selectors.incoming_get_for_person(person=person, pk=document_id)))


@router.get(
    "/incoming-documents/{document_id}/attachments/{attachment_id}",
    response={200: None, **errors(401, 403, 404, 422)},
    openapi_extra=file_answer("附件原文件", (kind.content_type for kind in KINDS.values())),
    summary="下载附件（含协办材料）",
)
def download(request: HttpRequest, document_id: int, attachment_id: int) -> HttpResponse:
    person: Person = request.auth  # type: ignore[attr-defined]
    attachment = selectors.attachment_get_for_person(
        person=person, document_id=document_id, pk=attachment_id
    )
    content = attachment_download(actor=person, attachment=attachment)
    return upload_response(
        content,
        content_type=attachment.file.content_type,
        filename=upload_name(person, attachment.file),
    )


class ReplyStartedOut(Schema):
    answer_type: str
    answer_id: int
    title: str
    url: str


@router.post(
    "/incoming-documents/{document_id}/reply",
    response={201: ReplyStartedOut, **errors(401, 403, 404, 409, 422)},
    summary="拟复文：按来文文种起草答复的发文（请示→批复，函→复函），主送来文单位",
)
def start_reply(request: HttpRequest, document_id: int) -> Status[dict[str, Any]]:
    person: Person = request.auth  # type: ignore[attr-defined]
    document = selectors.incoming_get_for_person(person=person, pk=document_id)
    drafted = incoming_reply_start(actor=person, document=document)
    return Status(
        201,
        {
            "answer_type": drafted.answer_type,
            "answer_id": drafted.answer_id,
            "title": drafted.title,
            "url": drafted.url,
        },
    )


@router.post(
    "/incoming-documents/{document_id}/co-materials",
    response={201: IncomingDetailOut, **errors(400, 401, 403, 404, 409, 413, 415, 422)},
    summary="协办材料（协办部门负责人在协办期间提供给主办部门）",
)
def add_co_materials(
    request: HttpRequest, document_id: int, files: File[list[UploadedFile]]
) -> Status[dict[str, Any]]:
    person: Person = request.auth  # type: ignore[attr-defined]
    document = selectors.incoming_get_for_person(person=person, pk=document_id)
    incoming_co_material_add(
        actor=person, document=document, uploads=[(f.name or "", f) for f in files]
    )
    return Status(201, _detail(selectors.incoming_get_for_person(person=person, pk=document_id)))


def _printout(request: HttpRequest, document_id: int, kind: str) -> HttpResponse:
    person: Person = request.auth  # type: ignore[attr-defined]
    document = selectors.incoming_get_for_person(person=person, pk=document_id)
    if kind == "return_slip" and not document.return_reason:
        raise NotFound("该文件没有退文。")
    content = printable(actor=person, document=document, kind=kind)
    name = "收文处理单" if kind == "sheet" else "退文通知单"
    return file_response(
        content,
        content_type=CONTENT_TYPES["pdf"],
        filename=file_name(person, f"{name}（{document.title}）", "pdf", number=document.number),
    )


@router.get(
    "/incoming-documents/{document_id}/sheet",
    response={200: None, **errors(401, 403, 404, 422, 503)},
    summary="收文处理单（PDF，逐条列出各环节意见、姓名和日期）",
    openapi_extra=file_answer("收文处理单", (CONTENT_TYPES["pdf"],)),
)
def processing_sheet(request: HttpRequest, document_id: int) -> HttpResponse:
    return _printout(request, document_id, "sheet")


@router.get(
    "/incoming-documents/{document_id}/return-slip",
    response={200: None, **errors(401, 403, 404, 422, 503)},
    summary="退文通知单（PDF；只有已退文的文件才有）",
    openapi_extra=file_answer("退文通知单", (CONTENT_TYPES["pdf"],)),
)
def return_slip(request: HttpRequest, document_id: int) -> HttpResponse:
    return _printout(request, document_id, "return_slip")
