"""What the office prints for a meeting, through ``documents.rendering``: the 会议手册
(agenda, materials list, contacts), the 座次表 (主席台 and 台下 by protocol), the 桌签
(double-sided name cards: the name twice, one side upside down, to fold), the 签到表 and
the 纪要 in the GB/T 9704 纪要格式."""

from django.template.loader import render_to_string
from django.utils import timezone

from govoa.core.dates import chinese_date
from govoa.core.vocabulary import Classification
from govoa.documents.bodytext import parse_body
from govoa.documents.rendering.pdf import html_to_pdf, render_pdf
from govoa.documents.structure import Layout, OfficialDocument
from govoa.meetings.invitations import duration_text
from govoa.meetings.models import Invitee, Meeting, Minutes
from govoa.meetings.seating import arrange, hall_rows
from govoa.meetings.workflow import Answer, Seat

HALL_ROW_DEFAULT = 10


def _invitees(meeting: Meeting) -> list[Invitee]:
    return list(
        meeting.invitees.select_related("person", "person__department").order_by("order", "pk")
    )


def _mark(meeting: Meeting) -> str:
    return str(Classification(meeting.classification).label) if meeting.classification else ""


def handbook_pdf(meeting: Meeting) -> bytes:
    attending = [i for i in _invitees(meeting) if i.answer != Answer.LEAVE]
    html = render_to_string(
        "meetings/print/handbook.html",
        {
            "meeting": meeting,
            "when": duration_text(meeting),
            "agenda": [line for line in meeting.agenda.splitlines() if line.strip()],
            "materials": list(meeting.materials.select_related("uploaded_by")),
            "attending": attending,
            "mark": _mark(meeting),
        },
    )
    return html_to_pdf(html)


def seating(meeting: Meeting) -> tuple[list[Invitee], list[list[Invitee]]]:
    """The 主席台 (audience's left to right) and the 台下 rows, of those attending."""
    attending = [i for i in _invitees(meeting) if i.answer != Answer.LEAVE]
    rostrum = [i for i in attending if i.seat == Seat.ROSTRUM]
    hall = [i for i in attending if i.seat != Seat.ROSTRUM]
    row = meeting.room.hall_row_seats if meeting.room else HALL_ROW_DEFAULT
    return arrange(rostrum, meeting.even_rule), hall_rows(hall, row, meeting.even_rule)


def seating_pdf(meeting: Meeting) -> bytes:
    rostrum, rows = seating(meeting)
    html = render_to_string(
        "meetings/print/seating.html",
        {"meeting": meeting, "rostrum": rostrum, "rows": rows, "when": duration_text(meeting)},
    )
    return html_to_pdf(html)


def name_cards_pdf(meeting: Meeting) -> bytes:
    cards = [i for i in _invitees(meeting) if i.answer != Answer.LEAVE]
    html = render_to_string("meetings/print/name_cards.html", {"cards": cards})
    return html_to_pdf(html)


def sign_in_sheet_pdf(meeting: Meeting) -> bytes:
    html = render_to_string(
        "meetings/print/sign_in_sheet.html",
        {
            "meeting": meeting,
            "rows": _invitees(meeting),
            "when": duration_text(meeting),
            "mark": _mark(meeting),
        },
    )
    return html_to_pdf(html)


def _names(invitees: list[Invitee], answer: str) -> tuple[str, ...]:
    return tuple(i.display_name for i in invitees if i.answer == answer)


def minutes_document(meeting: Meeting, minutes: Minutes) -> OfficialDocument:
    invitees = _invitees(meeting)
    attended = tuple(
        i.display_name
        for i in invitees
        if i.answer in (Answer.ATTEND, Answer.PENDING, Answer.DELEGATE)
    )
    absent = tuple(
        f"{i.person.real_name}（{i.reason}）" if i.reason else i.person.real_name
        for i in invitees
        if i.answer == Answer.LEAVE
    )
    resolutions = list(meeting.resolutions.select_related("owner"))
    body = minutes.summary
    if resolutions:
        body += "\n现将会议议定事项纪要如下：\n" + "\n".join(
            f"{n}、{r.content}（责任人：{r.owner.real_name}，完成时限：{chinese_date(r.deadline)}）"
            for n, r in enumerate(resolutions, start=1)
        )
    mark = _mark(meeting)
    return OfficialDocument(
        title=f"{meeting.title}纪要",
        doc_type="minutes",
        layout=Layout.MINUTES,
        classification=mark if meeting.classification >= Classification.SECRET else "",
        issuer_mark=f"{meeting.agency.name}会议纪要",
        doc_number=minutes.number,
        body=parse_body(body),
        attendees=attended,
        absentees=absent,
        printer=f"{meeting.department.name}",
        print_date=chinese_date(
            timezone.localdate(minutes.distributed_at)
            if minutes.distributed_at
            else timezone.localdate()
        ),
    )


def minutes_pdf(meeting: Meeting, minutes: Minutes) -> bytes:
    return render_pdf(minutes_document(meeting, minutes))
