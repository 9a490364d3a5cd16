"""The meeting notice's ICS invitation (RFC 5546 REQUEST; CANCEL when called off), attached
to the notice's e-mail through ``notify.attachments``. The UID is stable, so a desktop
calendar updates the event rather than adding a second one."""

import datetime

from django.urls import Resolver404, resolve
from django.utils import timezone
from icalendar import Calendar, Event, vCalAddress, vText

from govoa.core.filenames import file_name
from govoa.meetings.models import Meeting
from govoa.meetings.workflow import MeetingStatus
from govoa.notify.attachments import Attachment, register_email_attachments
from govoa.notify.models import Notification

NOTICE = "meetings.notice"
CANCELLED = "meetings.cancelled"


def meeting_uid(meeting: Meeting) -> str:
    return f"meeting-{meeting.pk}@govoa"


def _address(person: object) -> vCalAddress:
    email = getattr(person, "email", "") or f"person-{getattr(person, 'pk', 0)}@govoa.invalid"
    address = vCalAddress(f"mailto:{email}")
    address.params["cn"] = vText(getattr(person, "real_name", ""))
    return address


def meeting_ics(meeting: Meeting, *, sequence: int = 0) -> bytes:
    cancelled = meeting.status == MeetingStatus.CANCELLED
    calendar = Calendar()
    calendar.add("prodid", "-//GovOA//会议通知//ZH")
    calendar.add("version", "2.0")
    calendar.add("method", "CANCEL" if cancelled else "REQUEST")
    event = Event()
    event.add("uid", meeting_uid(meeting))
    event.add("dtstamp", timezone.now())
    event.add("dtstart", meeting.starts_at)
    event.add("dtend", meeting.ends_at)
    event.add("summary", meeting.title)
    event.add("location", meeting.location)
    event.add("description", f"议程：\n{meeting.agenda}\n\n参会要求：{meeting.requirements}")
    event.add("sequence", sequence + (1 if cancelled else 0))
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    event.add("organizer", _address(meeting.organiser))
    for invitee in meeting.invitees.select_related("person"):
        attendee = _address(invitee.person)
        attendee.params["role"] = vText("REQ-PARTICIPANT")
        attendee.params["rsvp"] = vText("TRUE")
        event.add("attendee", attendee, encode=False)
    event.add("created", meeting.created_at)
    event.add("last-modified", timezone.now())
    calendar.add_component(event)
    return calendar.to_ical()


def _meeting_of(notification: Notification) -> Meeting | None:
    try:
        match = resolve(notification.url)
    except Resolver404:
        return None
    if match.view_name != "meetings:detail":
        return None
    return (
        Meeting.objects.select_related("room", "organiser")
        .filter(pk=match.kwargs["pk"], agency_id=notification.agency_id)
        .first()
    )


def _ics_attachment(notification: Notification) -> list[Attachment]:
    meeting = _meeting_of(notification)
    if meeting is None:
        return []
    return [
        (
            file_name(meeting, f"会议通知：{meeting.title[:60]}", "ics"),
            meeting_ics(meeting),
            "text/calendar; method="
            + ("CANCEL" if meeting.status == MeetingStatus.CANCELLED else "REQUEST"),
        )
    ]


def duration_text(meeting: Meeting) -> str:
    start = timezone.localtime(meeting.starts_at)
    end = timezone.localtime(meeting.ends_at)
    same_day = start.date() == end.date()
    tail = f"{end:%H:%M}" if same_day else f"{end:%Y-%m-%d %H:%M}"
    return f"{start:%Y-%m-%d %H:%M}至{tail}"


def minutes_between(a: datetime.datetime, b: datetime.datetime) -> int:
    return int((b - a).total_seconds() // 60)


register_email_attachments(NOTICE, _ics_attachment)
register_email_attachments(CANCELLED, _ics_attachment)
