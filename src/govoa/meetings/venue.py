"""The venue section of the meeting page: the checklist of the meeting's type with each
item's result the day before and on the day, the rehearsals, the incidents, and the forms
the person may use now (the organiser and the office head)."""

from typing import Any

from django import forms

from govoa.meetings.models import Meeting
from govoa.meetings.policies import can_manage
from govoa.meetings.services.venue import checklist_items
from govoa.meetings.venue_forms import (
    IncidentForm,
    RehearsalForm,
    VenueCheckForm,
    VenueSettingsForm,
)
from govoa.meetings.workflow import MeetingStatus, VenuePhase
from govoa.org.models import Person


def venue_section(
    meeting: Meeting, person: Person, bound: tuple[str, forms.Form] | None = None
) -> dict[str, Any]:
    items = checklist_items(meeting.agency_id, meeting.meeting_type)
    checks = {(c.phase, c.item): c for c in meeting.venue_checks.select_related("checked_by")}
    rows = [
        (item, checks.get((VenuePhase.DAY_BEFORE, item)), checks.get((VenuePhase.ON_DAY, item)))
        for item in items
    ]
    section: dict[str, Any] = {
        "rows": rows,
        "rehearsals": list(meeting.rehearsals.select_related("recorded_by").order_by("held_at")),
        "incidents": list(meeting.incidents.select_related("recorded_by").order_by("occurred_at")),
        "forms": {},
    }
    if can_manage(person, meeting):
        available: dict[str, forms.Form] = {}
        if meeting.status != MeetingStatus.CLOSED and meeting.status != MeetingStatus.CANCELLED:
            available["settings"] = VenueSettingsForm(
                initial={"meeting_type": meeting.meeting_type, "important": meeting.important}
            )
        if meeting.status == MeetingStatus.APPROVED:
            available["check"] = VenueCheckForm(items=items)
            if meeting.important:
                available["rehearsal"] = RehearsalForm()
        if meeting.status in (MeetingStatus.APPROVED, MeetingStatus.CLOSED):
            available["incident"] = IncidentForm()
        if bound is not None:
            available[bound[0]] = bound[1]
        section["forms"] = available
    return section
