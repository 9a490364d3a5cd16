"""``/api/v1/seals`` (the registry) and ``/api/v1/seal-usages`` (用印申请, 用印, the
用印登记簿 and its export). Approvals go through ``/api/v1/work-items/{id}/act``."""

import datetime
from collections.abc import Callable
from typing import Any, Literal

from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from ninja import Field, File, Form, Query, Router, Schema, Status, UploadedFile

from govoa.core.api import BodyIn, ObjectId, ParamsIn, errors, file_answer
from govoa.core.dates import period_text
from govoa.core.errors import PermissionDenied, ValidationFailed
from govoa.core.filenames import file_stem
from govoa.core.http import CONTENT_TYPES, generated_response
from govoa.documents import registers
from govoa.org.models import Person
from govoa.seals import policies, selectors
from govoa.seals.api_registry import router as registry_router
from govoa.seals.models import Seal, SealUsage
from govoa.seals.services.exports import seal_register_export
from govoa.seals.services.usages import (
    OUTGOING_TYPE,
    UsageData,
    seal_usage_request,
    seal_usage_stamp,
)
from govoa.seals.workflow import UsageStatus

router = Router(tags=["印章管理"])
router.add_router("", registry_router)


def _me(request: HttpRequest) -> Person:
    return request.auth  # type: ignore[attr-defined]


class SealKeysetQuery(ParamsIn):
    after: ObjectId | None = None
    limit: int = Field(20, ge=1, le=100)


def _keyset(
    rows: QuerySet, query: SealKeysetQuery, present: Callable[[Any], Any]
) -> dict[str, Any]:
    found = list(rows[: query.limit + 1])
    more = len(found) > query.limit
    found = found[: query.limit]
    return {
        "items": [present(row) for row in found],
        "next_after": found[-1].pk if more and found else None,
    }


class SealUsageOut(Schema):
    id: int
    seal_id: int
    seal: str
    requester: str
    department: str
    reason: str
    use_unit: str
    copies: int
    document_title: str
    document_number: str
    outgoing_document_id: int | None
    has_file: bool
    status: str
    status_label: str
    approved_by: str | None
    approved_at: datetime.datetime | None
    stamped_by: str | None
    stamped_at: datetime.datetime | None
    stamped_count: int | None
    created_at: datetime.datetime


class SealUsagePage(Schema):
    items: list[SealUsageOut]
    next_after: int | None


def _usage(u: SealUsage) -> dict[str, Any]:
    return {
        "id": u.pk,
        "seal_id": u.seal_id,
        "seal": u.seal.name,
        "requester": u.requester.real_name,
        "department": u.department.name,
        "reason": u.reason,
        "use_unit": u.use_unit,
        "copies": u.copies,
        "document_title": u.document_title,
        "document_number": u.document_number,
        # Only the agency's own 发文 (a co-issuer's line of a 联合行文 names its 会签 request).
        "outgoing_document_id": u.document_id if u.document_type == OUTGOING_TYPE else None,
        "has_file": u.file_id is not None,
        "status": u.status,
        "status_label": u.get_status_display(),
        "approved_by": u.approved_by.real_name if u.approved_by else None,
        "approved_at": u.approved_at,
        "stamped_by": u.stamped_by.real_name if u.stamped_by else None,
        "stamped_at": u.stamped_at,
        "stamped_count": u.stamped_count,
        "created_at": u.created_at,
    }


class SealUsageFilters(ParamsIn):
    seal: ObjectId | None = None
    status: UsageStatus | None = None
    department: ObjectId | None = None
    date_from: datetime.date | None = None
    date_to: datetime.date | None = None

    def filters(self) -> selectors.UsageFilters:
        if self.date_from and self.date_to and self.date_to < self.date_from:
            raise ValidationFailed(fields={"date_to": ["结束日期不能早于开始日期。"]})
        return selectors.UsageFilters(
            seal_id=self.seal,
            status=self.status or "",
            department_id=self.department,
            date_from=self.date_from,
            date_to=self.date_to,
        )


class SealUsageQuery(SealKeysetQuery, SealUsageFilters):
    stamped: bool = False


class SealRegisterExportQuery(SealUsageFilters):
    format: Literal["xlsx", "pdf"] = "xlsx"


@router.get(
    "/seal-usages",
    response={200: SealUsagePage, **errors(401, 403, 422)},
    summary="用印申请（stamped=true：用印登记簿，按用印日期筛选）",
)
def list_usages(request: HttpRequest, query: Query[SealUsageQuery]) -> dict[str, Any]:
    pick = selectors.register_list if query.stamped else selectors.usage_list
    rows = pick(person=_me(request), filters=query.filters(), after=query.after)
    return _keyset(rows, query, _usage)


@router.get(
    "/seal-usages/export",
    response={200: None, **errors(401, 403, 422, 503)},
    summary="导出用印登记簿（format=xlsx|pdf；导出记审计）",
    openapi_extra=file_answer("用印登记簿", (CONTENT_TYPES["xlsx"], CONTENT_TYPES["pdf"])),
)
def export_register(request: HttpRequest, query: Query[SealRegisterExportQuery]) -> HttpResponse:
    person = _me(request)
    if not policies.can_see_register(person):
        raise PermissionDenied("只有办公室和印章管理员可以导出用印登记簿。")
    filters = query.filters()
    if (
        filters.seal_id
        and not Seal.objects.filter(pk=filters.seal_id, agency_id=person.agency_id).exists()
    ):
        # An export "of" another agency's seal would be an empty register passing for one.
        raise ValidationFailed(fields={"seal": ["印章不存在。"]})
    found = selectors.register_list(person=person, filters=filters)
    usages = list(found[: registers.LIMITS[query.format] + 1])
    content = seal_register_export(
        actor=person,
        usages=usages,
        fmt=query.format,
        period=period_text(filters.date_from, filters.date_to),
        query=request.GET.urlencode(),
    )
    return generated_response(content, fmt=query.format, stem=file_stem(person, "用印登记簿"))


class SealUsageIn(BodyIn):
    seal_id: ObjectId
    reason: str = Field(..., min_length=1, max_length=300)
    use_unit: str = Field(..., min_length=1, max_length=100)
    copies: int = Field(..., ge=1, le=10_000)
    outgoing_document_id: ObjectId


class SealUsageForm(ParamsIn):
    seal_id: ObjectId
    reason: str = Field(..., min_length=1, max_length=300)
    use_unit: str = Field(..., min_length=1, max_length=100)
    copies: int = Field(..., ge=1, le=10_000)


@router.post(
    "/seal-usages",
    response={201: SealUsageOut, **errors(400, 401, 403, 404, 422)},
    summary="用印申请：为本系统的一件发文用印（送审批）",
)
def request_for_outgoing(request: HttpRequest, body: SealUsageIn) -> Status[dict[str, Any]]:
    person = _me(request)
    usage = seal_usage_request(actor=person, data=UsageData(**body.model_dump()))
    return Status(201, _usage(selectors.usage_get_for_person(person=person, pk=usage.pk)))


@router.post(
    "/seal-usages/upload",
    response={201: SealUsageOut, **errors(400, 401, 403, 404, 413, 415, 422)},
    summary="用印申请：上传用印文件（PDF、OFD、Word、图片；送审批）",
)
def request_with_file(
    request: HttpRequest, form: Form[SealUsageForm], file: File[UploadedFile]
) -> Status[dict[str, Any]]:
    person = _me(request)
    usage = seal_usage_request(
        actor=person, data=UsageData(**form.model_dump()), upload=(file.name or "", file)
    )
    return Status(201, _usage(selectors.usage_get_for_person(person=person, pk=usage.pk)))


@router.get(
    "/seal-usages/{usage_id}",
    response={200: SealUsageOut, **errors(401, 403, 404, 422)},
    summary="用印申请详情",
)
def get_usage(request: HttpRequest, usage_id: ObjectId) -> dict[str, Any]:
    return _usage(selectors.usage_get_for_person(person=_me(request), pk=usage_id))


class StampIn(BodyIn):
    count: int = Field(..., ge=1, le=10_000)


@router.post(
    "/seal-usages/{usage_id}/stamp",
    response={200: SealUsageOut, **errors(400, 401, 403, 404, 409, 422)},
    summary="用印（仅印章保管人；确认实际份数；未批准、印章停用、无文件均拒绝并记审计）",
)
def stamp(request: HttpRequest, usage_id: ObjectId, body: StampIn) -> dict[str, Any]:
    person = _me(request)
    selectors.usage_get_for_person(person=person, pk=usage_id)  # outsiders: 404
    seal_usage_stamp(actor=person, usage_id=usage_id, count=body.count)
    return _usage(selectors.usage_get_for_person(person=person, pk=usage_id))
