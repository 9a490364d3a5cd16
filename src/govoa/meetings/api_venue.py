"""``/api/v1/meetings/{id}/venue``: the venue section of a meeting (its checklist with the
checks of the day before and of the day, rehearsals, incidents) and the acts that fill it.
The same services as the meeting page; refusals are audited there."""

import datetime
from typing import Any

from django.http import HttpRequest
from ninja import Field, Router, Schema, Status

from govoa.core.api import BodyIn, ObjectId, errors
from govoa.meetings import selectors
from govoa.meetings.models import Meeting
from govoa.meetings.services import venue as services
from govoa.meetings.workflow import IncidentKind, VenuePhase
from govoa.org.models import Person

router = Router(tags=["会议"])


def _me(request: HttpRequest) -> Person:
    return request.auth  # type: ignore[attr-defined]


class VenueCheckOut(Schema):
    item: str
    phase: str
    ok: bool
    note: str
    checked_by: str
    checked_at: datetime.datetime


class RehearsalOut(Schema):
    held_at: datetime.datetime
    note: str
    recorded_by: str


class IncidentOut(Schema):
    kind: str
    kind_label: str
    occurred_at: datetime.datetime
    description: str
    response: str
    recorded_by: str


class VenueOut(Schema):
    meeting_type: str
    important: bool
    items: list[str]
    checks: list[VenueCheckOut]
    rehearsals: list[RehearsalOut]
    incidents: list[IncidentOut]


def _venue(meeting: Meeting) -> dict[str, Any]:
    checks = meeting.venue_checks.select_related("checked_by").order_by("phase", "pk")
    return {
        "meeting_type": meeting.meeting_type,
        "important": meeting.important,
        "items": services.checklist_items(meeting.agency_id, meeting.meeting_type),
        "checks": [
            {
                "item": c.item,
                "phase": c.phase,
                "ok": c.ok,
                "note": c.note,
                "checked_by": c.checked_by.real_name,
                "checked_at": c.checked_at,
            }
            for c in checks
        ],
        "rehearsals": [
            {"held_at": r.held_at, "note": r.note, "recorded_by": r.recorded_by.real_name}
            for r in meeting.rehearsals.select_related("recorded_by").order_by("held_at")
        ],
        "incidents": [
            {
                "kind": i.kind,
                "kind_label": i.get_kind_display(),
                "occurred_at": i.occurred_at,
                "description": i.description,
                "response": i.response,
                "recorded_by": i.recorded_by.real_name,
            }
            for i in meeting.incidents.select_related("recorded_by").order_by("occurred_at")
        ],
    }


def _meeting(request: HttpRequest, meeting_id: int) -> Meeting:
    return selectors.meeting_get_for_person(person=_me(request), pk=meeting_id)


@router.get(
    "/meetings/{meeting_id}/venue",
    response={200: VenueOut, **errors(401, 403, 404, 422)},
    summary="会场布置与检查：检查清单、会前一天和当天的检查、彩排、会中突发情况",
)
def get_venue(request: HttpRequest, meeting_id: ObjectId) -> dict[str, Any]:
    return _venue(_meeting(request, meeting_id))


class ItemIn(BodyIn):
    item: str = Field(..., min_length=1, max_length=40)
    ok: bool
    note: str = Field("", max_length=200)


class CheckIn(BodyIn):
    phase: VenuePhase
    results: list[ItemIn] = Field(..., min_length=1, max_length=20)


@router.post(
    "/meetings/{meeting_id}/venue/checks",
    response={200: VenueOut, **errors(400, 401, 403, 404, 409, 422)},
    summary="登记会场检查（承办人、办公室主任；会前一天或会议当天；再次登记即更正）",
)
def record_checks(request: HttpRequest, meeting_id: ObjectId, body: CheckIn) -> dict[str, Any]:
    meeting = _meeting(request, meeting_id)
    results = [services.ItemResult(r.item, r.ok, r.note) for r in body.results]
    services.venue_check_record(
        actor=_me(request), meeting=meeting, phase=body.phase, results=results
    )
    return _venue(_meeting(request, meeting_id))


class RehearsalIn(BodyIn):
    held_at: datetime.datetime
    note: str = Field(..., min_length=1, max_length=500)


@router.post(
    "/meetings/{meeting_id}/venue/rehearsals",
    response={201: VenueOut, **errors(400, 401, 403, 404, 409, 422)},
    summary="登记彩排（重要会议，会前）",
)
def record_rehearsal(
    request: HttpRequest, meeting_id: ObjectId, body: RehearsalIn
) -> Status[dict[str, Any]]:
    meeting = _meeting(request, meeting_id)
    services.rehearsal_record(actor=_me(request), meeting=meeting, **body.model_dump())
    return Status(201, _venue(_meeting(request, meeting_id)))


class IncidentIn(BodyIn):
    kind: IncidentKind
    occurred_at: datetime.datetime
    description: str = Field(..., min_length=1, max_length=300)
    response: str = Field(..., min_length=1, max_length=300)


@router.post(
    "/meetings/{meeting_id}/venue/incidents",
    response={201: VenueOut, **errors(400, 401, 403, 404, 409, 422)},
    summary="登记会中突发情况（设备故障、人员缺席）及处置",
)
def record_incident(
    request: HttpRequest, meeting_id: ObjectId, body: IncidentIn
) -> Status[dict[str, Any]]:
    meeting = _meeting(request, meeting_id)
    services.incident_record(actor=_me(request), meeting=meeting, **body.model_dump())
    return Status(201, _venue(_meeting(request, meeting_id)))
