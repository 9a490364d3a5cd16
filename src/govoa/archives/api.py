"""``/api/v1/archive-records`` (the catalogue, intake, 分类, 归档, 目录 export) and
``/api/v1/archive-loans`` (借阅, 归还), ``/api/v1/archive-appraisals/{id}/votes`` (鉴定小组的表决).
Approvals and votes go through ``/api/v1/work-items/{id}/act``."""

import datetime
from collections.abc import Callable
from typing import Any, Literal

from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from ninja import Field, Query, Router, Schema, Status

from govoa.archives import selectors
from govoa.archives.models import ArchiveLoan, ArchiveRecord
from govoa.archives.policies import APPRAISAL_TYPE
from govoa.archives.services.appraisal import vote_item
from govoa.archives.services.catalogue import catalogue_export
from govoa.archives.services.filing import (
    Classifying,
    archive_record_classify,
    archive_records_file,
)
from govoa.archives.services.intake import archive_intake
from govoa.archives.services.loans import LoanData, archive_loan_request, archive_loan_return
from govoa.archives.workflow import LoanKind, LoanStatus, RecordStatus, Retention
from govoa.core.api import BodyIn, ObjectId, ParamsIn, errors, file_answer
from govoa.core.filenames import file_stem
from govoa.core.http import CONTENT_TYPES, generated_response
from govoa.documents import registers
from govoa.flow.models import FlowInstance
from govoa.org.models import Person

router = Router(tags=["档案管理"])


def _me(request: HttpRequest) -> Person:
    return request.auth  # type: ignore[attr-defined]


class KeysetQuery(ParamsIn):
    after: ObjectId | None = None
    limit: int = Field(20, ge=1, le=100)


def _keyset(rows: QuerySet, query: KeysetQuery, present: Callable[[Any], Any]) -> dict[str, Any]:
    found = list(rows[: query.limit + 1])
    more = len(found) > query.limit
    found = found[: query.limit]
    return {
        "items": [present(row) for row in found],
        "next_after": found[-1].pk if more and found else None,
    }


class ArchiveRecordOut(Schema):
    id: int
    reference_code: str | None
    year: int | None
    class_code: str
    item_number: int | None
    retention: str
    doc_number: str
    responsible: str
    title: str
    date: datetime.date
    classification: int
    pages: int
    note: str
    status: str
    status_label: str
    source_type: str
    source_id: int
    non_archive_reason: str
    stamp_pending: bool = Field(description="已编档号、归档章尚待加盖（失败时自动重试）")
    stamp_error: str = Field(description="归档章加盖失败的原因（重试成功后为空）")


class ArchiveRecordPage(Schema):
    items: list[ArchiveRecordOut]
    next_after: int | None


def _record(r: ArchiveRecord) -> dict[str, Any]:
    return {
        "id": r.pk,
        "reference_code": r.reference_code,
        "year": r.year,
        "class_code": r.class_code,
        "item_number": r.item_number,
        "retention": r.retention,
        "doc_number": r.doc_number,
        "responsible": r.responsible,
        "title": r.title,
        "date": r.date,
        "classification": r.classification,
        "pages": r.pages,
        "note": r.note,
        "status": r.status,
        "status_label": r.get_status_display(),
        "source_type": r.source_type,
        "source_id": r.source_id,
        "non_archive_reason": r.non_archive_reason,
        "stamp_pending": r.stamp_pending,
        "stamp_error": r.stamp_error,
    }


class RecordQuery(KeysetQuery):
    reference_code: str = Field("", max_length=80)
    year: int | None = Field(None, ge=1949, le=9999)
    class_code: str = Field("", max_length=40)
    title: str = Field("", max_length=100)
    responsible: str = Field("", max_length=100)
    status: RecordStatus | None = None


@router.get(
    "/archive-records",
    response={200: ArchiveRecordPage, **errors(401, 403, 422)},
    summary="档案（件）：按档号、年度、类目、题名、责任者检索",
)
def list_records(request: HttpRequest, query: Query[RecordQuery]) -> dict[str, Any]:
    filters = selectors.RecordFilters(
        reference_code=query.reference_code,
        year=query.year,
        class_code=query.class_code,
        title=query.title,
        responsible=query.responsible,
        status=query.status or "",
    )
    rows = selectors.record_list(person=_me(request), filters=filters, after=query.after)
    return _keyset(rows, query, _record)


class CatalogueQuery(ParamsIn):
    year: int = Field(..., ge=1949, le=9999)
    class_code: str = Field("", max_length=40)
    format: Literal["xlsx", "pdf"] = "xlsx"


@router.get(
    "/archive-records/catalogue",
    response={200: None, **errors(401, 403, 422, 503)},
    summary="导出归档文件目录（format=xlsx|pdf；导出记审计）",
    openapi_extra=file_answer("归档文件目录", (CONTENT_TYPES["xlsx"], CONTENT_TYPES["pdf"])),
)
def export_catalogue(request: HttpRequest, query: Query[CatalogueQuery]) -> HttpResponse:
    person = _me(request)
    found = selectors.catalogue(person=person, year=query.year, class_code=query.class_code)
    records = list(found[: registers.LIMITS[query.format] + 1])
    content = catalogue_export(
        actor=person,
        records=records,
        fmt=query.format,
        year=query.year,
        query=request.GET.urlencode(),
    )
    return generated_response(
        content, fmt=query.format, stem=file_stem(person, f"{query.year}年度归档文件目录")
    )


class IntakeIn(BodyIn):
    source_type: str = Field(..., min_length=1, max_length=100)
    source_id: ObjectId


@router.post(
    "/archive-records/intake",
    response={201: ArchiveRecordOut, **errors(400, 401, 403, 404, 422)},
    summary="接收归档：已办结的收文、发文、督办事项（档案员；重复接收返回同一件）",
)
def intake(request: HttpRequest, body: IntakeIn) -> Status[dict[str, Any]]:
    record = archive_intake(
        actor=_me(request), source_type=body.source_type, source_id=body.source_id
    )
    return Status(201, _record(record))


class FileIn(BodyIn):
    record_ids: list[ObjectId] = Field(..., min_length=1, max_length=200)


@router.post(
    "/archive-records/file",
    response={200: list[ArchiveRecordOut], **errors(400, 401, 403, 404, 409, 422)},
    summary="编号并归档：件号、档号（一经赋予不变）、归档章、数据包（档案员）",
)
def file_records(request: HttpRequest, body: FileIn) -> list[dict[str, Any]]:
    return [
        _record(r) for r in archive_records_file(actor=_me(request), record_ids=body.record_ids)
    ]


@router.get(
    "/archive-records/{record_id}",
    response={200: ArchiveRecordOut, **errors(401, 403, 404, 422)},
    summary="档案（件）",
)
def get_record(request: HttpRequest, record_id: ObjectId) -> dict[str, Any]:
    return _record(selectors.record_get_for_person(person=_me(request), pk=record_id))


class ClassifyIn(BodyIn):
    retention: Retention | None = None
    department_id: ObjectId | None = None
    year: int | None = Field(None, ge=1949, le=9999)
    note: str = Field("", max_length=300)


@router.post(
    "/archive-records/{record_id}/classify",
    response={200: ArchiveRecordOut, **errors(400, 401, 403, 404, 409, 422)},
    summary="分类：年度、保管期限（缺省按保管期限表）、机构（问题）（档案员）",
)
def classify(request: HttpRequest, record_id: ObjectId, body: ClassifyIn) -> dict[str, Any]:
    person = _me(request)
    selectors.record_get_for_person(person=person, pk=record_id)  # outsiders: 404
    record = archive_record_classify(
        actor=person,
        record_id=record_id,
        data=Classifying(
            retention=body.retention or "",
            department_id=body.department_id,
            year=body.year,
            note=body.note,
        ),
    )
    return _record(record)


class ArchiveLoanOut(Schema):
    id: int
    record_id: int
    reference_code: str | None
    title: str
    requester: str
    kind: str
    purpose: str
    due_date: datetime.date
    status: str
    status_label: str
    approved_by: str | None
    expires_at: datetime.datetime | None
    returned_at: datetime.datetime | None
    created_at: datetime.datetime


class ArchiveLoanPage(Schema):
    items: list[ArchiveLoanOut]
    next_after: int | None


def _loan(loan: ArchiveLoan) -> dict[str, Any]:
    return {
        "id": loan.pk,
        "record_id": loan.record_id,
        "reference_code": loan.record.reference_code,
        "title": loan.record.title,
        "requester": loan.requester.real_name,
        "kind": loan.kind,
        "purpose": loan.purpose,
        "due_date": loan.due_date,
        "status": loan.status,
        "status_label": loan.get_status_display(),
        "approved_by": loan.approved_by.real_name if loan.approved_by else None,
        "expires_at": loan.expires_at,
        "returned_at": loan.returned_at,
        "created_at": loan.created_at,
    }


class LoanQuery(KeysetQuery):
    status: LoanStatus | None = None


@router.get(
    "/archive-loans",
    response={200: ArchiveLoanPage, **errors(401, 403, 422)},
    summary="档案借阅",
)
def list_loans(request: HttpRequest, query: Query[LoanQuery]) -> dict[str, Any]:
    rows = selectors.loan_list(person=_me(request), after=query.after, status=query.status or "")
    return _keyset(rows, query, _loan)


class LoanIn(BodyIn):
    record_id: ObjectId
    kind: LoanKind
    purpose: str = Field(..., min_length=1, max_length=300)
    due_date: datetime.date


@router.post(
    "/archive-loans",
    response={201: ArchiveLoanOut, **errors(400, 401, 403, 404, 409, 422)},
    summary="申请借阅（按密级送审批；电子借阅批准后至归还日期可在线查阅）",
)
def request_loan(request: HttpRequest, body: LoanIn) -> Status[dict[str, Any]]:
    person = _me(request)
    loan = archive_loan_request(actor=person, data=LoanData(**body.model_dump()))
    return Status(201, _loan(selectors.loan_get_for_person(person=person, pk=loan.pk)))


@router.get(
    "/archive-loans/{loan_id}",
    response={200: ArchiveLoanOut, **errors(401, 403, 404, 422)},
    summary="借阅详情",
)
def get_loan(request: HttpRequest, loan_id: ObjectId) -> dict[str, Any]:
    return _loan(selectors.loan_get_for_person(person=_me(request), pk=loan_id))


@router.post(
    "/archive-loans/{loan_id}/return",
    response={200: ArchiveLoanOut, **errors(401, 403, 404, 409, 422)},
    summary="归还（借阅人或档案员）",
)
def return_loan(request: HttpRequest, loan_id: ObjectId) -> dict[str, Any]:
    person = _me(request)
    selectors.loan_get_for_person(person=person, pk=loan_id)  # outsiders: 404
    archive_loan_return(actor=person, loan_id=loan_id)
    return _loan(selectors.loan_get_for_person(person=person, pk=loan_id))


class PersonRef(Schema):
    id: int
    name: str


class AppraisalVoteOut(Schema):
    member: PersonRef
    decision: str = Field(description="keep（继续保存）或 destroy（销毁）")
    decision_label: str
    reason: str
    voted_at: datetime.datetime


class AppraisalVotesOut(Schema):
    appraisal_id: int
    record_id: int
    reference_code: str | None
    status: str = Field(description="voting（表决中）、decided（已鉴定）或 cancelled（已撤销）")
    status_label: str
    decision: str = Field(description="表决中为档案员的初步意见；已鉴定为鉴定小组的结论")
    committee: list[PersonRef]
    votes: list[AppraisalVoteOut]
    flow_instance_id: int | None = Field(description="表决流程（办理过程见 /flows/{id}/trail）")
    my_work_item_id: int | None = Field(
        description="本人尚未办理的表决待办：经 POST /work-items/{id}/act 表决，action 为 "
        "approve，payload.decision 为 keep 或 destroy，opinion 为理由（必填）"
    )


@router.get(
    "/archive-appraisals/{appraisal_id}/votes",
    response={200: AppraisalVotesOut, **errors(401, 403, 404, 422)},
    summary="鉴定小组的表决（鉴定小组成员与档案员）",
)
def appraisal_votes(request: HttpRequest, appraisal_id: ObjectId) -> dict[str, Any]:
    person = _me(request)
    appraisal = selectors.appraisal_get_for_person(person=person, pk=appraisal_id)
    instance = (
        FlowInstance.objects.filter(subject_type=APPRAISAL_TYPE, subject_id=appraisal.pk)
        .values_list("pk", flat=True)
        .first()
    )
    item = vote_item(appraisal, person)
    return {
        "appraisal_id": appraisal.pk,
        "record_id": appraisal.record_id,
        "reference_code": appraisal.record.reference_code,
        "status": appraisal.status,
        "status_label": appraisal.get_status_display(),
        "decision": appraisal.decision,
        "committee": [
            {"id": m.pk, "name": m.real_name}
            for m in appraisal.committee.order_by("rank_order", "pk")
        ],
        "votes": [
            {
                "member": {"id": v.member_id, "name": v.member.real_name},
                "decision": v.decision,
                "decision_label": v.get_decision_display(),
                "reason": v.reason,
                "voted_at": v.voted_at,
            }
            for v in appraisal.votes.select_related("member").order_by("voted_at", "pk")
        ],
        "flow_instance_id": instance,
        "my_work_item_id": item.pk if item else None,
    }
