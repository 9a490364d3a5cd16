"""交付物 (成果材料) over ``/api/v1/supervision-tasks/{id}/deliverables``: the owner uploads
them (multipart, checked and stored like every upload), those who see the task list and
download them (a classified one's download is audited). The same services as the page."""

import datetime
from typing import Any

from django.http import HttpRequest, HttpResponse
from ninja import File, Router, Schema, Status, UploadedFile

from govoa.core.api import ObjectId, errors, file_answer
from govoa.core.filenames import upload_name
from govoa.core.http import upload_response
from govoa.documents.files import KINDS
from govoa.org.models import Person
from govoa.supervision import selectors
from govoa.supervision.models import SupervisionTask, TaskAttachment
from govoa.supervision.services import deliverables

router = Router(tags=["督办"])


def _me(request: HttpRequest) -> Person:
    return request.auth  # type: ignore[attr-defined]


class DeliverableOut(Schema):
    id: int
    name: str
    kind: str
    size: int
    sha256: str
    added_by: str
    added_at: datetime.datetime


def _listed(task: SupervisionTask) -> list[dict[str, Any]]:
    found = task.attachments.select_related("file", "added_by").order_by("pk")
    return [_out(a) for a in found[: deliverables.MAX_DELIVERABLES]]


def _out(a: TaskAttachment) -> dict[str, Any]:
    return {
        "id": a.pk,
        "name": a.file.name,
        "kind": a.file.kind,
        "size": a.file.size,
        "sha256": a.file.sha256,
        "added_by": a.added_by.real_name,
        "added_at": a.file.created_at,
    }


@router.get(
    "/supervision-tasks/{task_id}/deliverables",
    response={200: list[DeliverableOut], **errors(401, 403, 404, 422)},
    summary="交付物（成果材料）",
)
def list_deliverables(request: HttpRequest, task_id: ObjectId) -> list[dict[str, Any]]:
    return _listed(selectors.task_get_for_person(person=_me(request), pk=task_id))


@router.post(
    "/supervision-tasks/{task_id}/deliverables",
    response={201: list[DeliverableOut], **errors(400, 401, 403, 404, 409, 413, 415, 422)},
    summary="提交交付物（承办人，办理或验收期间；PDF、OFD、Word、Excel、图片，每项至多 20 个）",
)
def add_deliverables(
    request: HttpRequest, task_id: ObjectId, files: File[list[UploadedFile]]
) -> Status[list[dict[str, Any]]]:
    person = _me(request)
    task = selectors.task_get_for_person(person=person, pk=task_id)
    deliverables.task_deliverables_add(
        actor=person, task=task, uploads=[(f.name or "", f) for f in files]
    )
    return Status(201, _listed(task))


@router.get(
    "/supervision-tasks/{task_id}/deliverables/{attachment_id}",
    response={200: None, **errors(401, 403, 404, 422)},
    openapi_extra=file_answer("交付物原文件", (kind.content_type for kind in KINDS.values())),
    summary="下载交付物（涉密的下载记审计）",
)
def download_deliverable(
    request: HttpRequest, task_id: ObjectId, attachment_id: ObjectId
) -> HttpResponse:
    person = _me(request)
    found = selectors.attachment_get_for_person(person=person, task_id=task_id, pk=attachment_id)
    content = deliverables.deliverable_download(actor=person, attachment=found)
    return upload_response(
        content, content_type=found.file.content_type, filename=upload_name(person, found.file)
    )
