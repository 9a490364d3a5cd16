"""The printables carry the names (text extraction): 桌签 (each name twice, to fold), the
签到表, the 座次表 in protocol order, the 会议手册 and the 纪要 in the 纪要格式; and the
bundle for archiving holds every file with its role."""

import io
import re

import pdfplumber
import pytest

from govoa.meetings import printables
from govoa.meetings.bundle import meeting_bundle
from govoa.meetings.models import Minutes
from govoa.meetings.services.attendance import seating_set
from govoa.meetings.workflow import EvenRule
from govoa.testing.factories import make_person
from govoa.testing.meetings import approved


def pages(content: bytes) -> list[str]:
    with pdfplumber.open(io.BytesIO(content)) as pdf:
        return [re.sub(r"\s+", "", page.extract_text() or "") for page in pdf.pages]


@pytest.fixture
def meeting(people):
    extra = [
        make_person(department=people.energy, real_name=name, username=f"p{n}", rank_order=n)
        for n, name in enumerate(["赵一", "钱二", "孙三"], start=10)
    ]
    return approved(people, invitee_ids=[people.staff.pk, *(p.pk for p in extra)])


def test_name_cards_carry_each_name_on_its_own_card(meeting):
    text = pages(printables.name_cards_pdf(meeting))
    names = [i.display_name for i in meeting.invitees.order_by("order")]
    assert len(text) == len(names)
    for page, name in zip(text, names, strict=True):
        assert name in page


def test_sign_in_sheet_lists_every_invitee(meeting):
    [text] = pages(printables.sign_in_sheet_pdf(meeting))
    assert "签到表" in text
    for invitee in meeting.invitees.select_related("person"):
        assert invitee.person.real_name in text


@pytest.mark.parametrize(
    ("count", "rule", "expected"),
    [
        (3, EvenRule.SECOND_RIGHT, ["钱二", "分管副主任", "赵一"]),
        (4, EvenRule.SECOND_RIGHT, ["孙三", "赵一", "分管副主任", "钱二"]),
        (4, EvenRule.SECOND_LEFT, ["钱二", "分管副主任", "赵一", "孙三"]),
    ],
)
def test_seating_chart_follows_protocol(people, meeting, count, rule, expected):
    invitees = list(meeting.invitees.select_related("person").order_by("order"))
    by_name = {i.person.real_name: i.pk for i in invitees}
    ranked = ["分管副主任", "赵一", "钱二", "孙三", "规划科员"]
    order = [by_name[n] for n in ranked]
    meeting = seating_set(
        actor=people.dept_head, meeting=meeting, order=order, rostrum=order[:count], even_rule=rule
    )
    rostrum, _hall = printables.seating(meeting)
    assert [i.person.real_name for i in rostrum] == expected
    text = pages(printables.seating_pdf(meeting))[0]
    assert text.index(expected[0]) < text.index(expected[-1])


def test_minutes_use_the_minutes_layout_with_attendance(people, meeting):
    minutes = Minutes.objects.create(
        meeting=meeting,
        summary="会议研究了项目储备工作。",
        number="第1期",
        drafted_by=people.dept_head,
    )
    doc = printables.minutes_document(meeting, minutes)
    assert doc.layout == "minutes"
    assert doc.issuer_mark.endswith("会议纪要")
    assert "规划科员" in doc.attendees
    text = "".join(pages(printables.minutes_pdf(meeting, minutes)))
    assert "第1期" in text
    assert "出席" in text


def test_the_bundle_holds_notice_agenda_minutes_and_sign_in_sheet(people, meeting):
    Minutes.objects.create(
        meeting=meeting,
        summary="会议研究了项目储备工作。",
        drafted_by=people.dept_head,
        recordings="录音1段（45分钟），存于办公室",
    )
    files = meeting_bundle(meeting)
    roles = [f.role for f in files]
    for role in ("notice", "agenda", "minutes", "sign_in_sheet", "recordings"):
        assert role in roles
    assert all(f.content for f in files)
    assert all(f.metadata["meeting_id"] == meeting.pk for f in files)
    # 按“年度-会议类型”分类归档: each file says both.
    assert all(f.metadata["meeting_type_label"] == "其他会议" for f in files)
    assert all(f.metadata["year"] == meeting.starts_at.year for f in files)
    ics = next(f for f in files if f.name.endswith(".ics"))
    assert b"BEGIN:VCALENDAR" in ics.content
