"""``/api/v1/posts`` (岗位职责: the posts with their current duty lists) and
``/api/v1/posts/{id}/duties`` (a new duty list drafted by the office head, sent for approval —
approved through ``/api/v1/work-items/{id}/act``, published when approved). The same services
and selectors as the screens."""

import datetime
from typing import Any

from django.http import HttpRequest
from ninja import Field, Router, Schema, Status

from govoa.core.api import BodyIn, ObjectId, errors
from govoa.handbook import selectors
from govoa.handbook.models import PostDutyVersion
from govoa.handbook.services.posts import post_duties_propose
from govoa.org.models import Person

router = Router(tags=["制度与学习"])


def _me(request: HttpRequest) -> Person:
    return request.auth  # type: ignore[attr-defined]


class PostOut(Schema):
    id: int
    name: str
    role: str
    held: bool
    version: int | None
    effective_on: datetime.date | None
    duties: list[str]


@router.get("/posts", response={200: list[PostOut], **errors(401, 403)}, summary="岗位职责清单")
def list_posts(request: HttpRequest) -> list[dict[str, Any]]:
    person = _me(request)
    held = {p.pk for p in selectors.posts_held(person=person)}
    return [
        {
            "id": p.pk,
            "name": p.name,
            "role": p.role,
            "held": p.pk in held,
            "version": p.current.number if p.current else None,
            "effective_on": p.current.effective_on if p.current else None,
            "duties": p.current.lines if p.current else [],
        }
        for p in selectors.post_list(person=person)[:200]
    ]


class DutiesIn(BodyIn):
    duties: str = Field(..., min_length=1, max_length=20_000, description="职责，每行一项")
    effective_on: datetime.date


class DutyVersionOut(Schema):
    id: int
    post_id: int
    number: int | None
    effective_on: datetime.date
    duties: list[str]
    status: str
    status_label: str


def _duty_version(v: PostDutyVersion) -> dict[str, Any]:
    return {
        "id": v.pk,
        "post_id": v.post_id,
        "number": v.number,
        "effective_on": v.effective_on,
        "duties": v.lines,
        "status": v.status,
        "status_label": v.get_status_display(),
    }


@router.post(
    "/posts/{post_id}/duties",
    response={201: DutyVersionOut, **errors(400, 401, 403, 404, 409, 422)},
    summary="拟定岗位职责清单（送主要领导审批，批准后发布）",
)
def propose_duties(
    request: HttpRequest, post_id: ObjectId, body: DutiesIn
) -> Status[dict[str, Any]]:
    person = _me(request)
    selectors.post_get_for_person(person=person, pk=post_id)  # outsiders: 404
    version = post_duties_propose(
        actor=person, post_id=post_id, duties=body.duties, effective_on=body.effective_on
    )
    return Status(201, _duty_version(version))
