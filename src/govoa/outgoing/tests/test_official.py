"""A 发文 as the structured 公文 the renderer draws (official.to_official)."""

from datetime import datetime
from zoneinfo import ZoneInfo

from govoa.documents.structure import Layout
from govoa.outgoing.official import to_official
from govoa.testing.outgoing import category, draft

SIGNED = datetime(2026, 11, 16, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))


def _minutes(people, *, signed: bool):
    minutes = category(people, code="jy", layout="minutes")
    minutes.minutes_signed = signed
    minutes.save(update_fields=["minutes_signed"])
    document = draft(
        people,
        category_id=minutes.pk,
        doc_type="minutes",
        title="2026年第5次主任办公会议纪要",
        recipients="",
    )
    document.signed_at = SIGNED
    return document


def test_minutes_print_no_signature_or_date_unless_the_agency_chooses_so(people):
    """纪要 一般不署名、不盖章 (10.3 leaves the format to the agency): off by default."""
    official = to_official(_minutes(people, signed=False))
    assert official.layout == Layout.MINUTES
    assert official.signatories == ()
    assert official.date == ""
    chosen = to_official(_minutes(people, signed=True))
    assert [s.name for s in chosen.signatories] == [people.agency.name]
    assert not chosen.signatories[0].sealed
    assert chosen.date == "2026年11月16日"


def test_other_formats_keep_their_signature_and_date(people):
    document = draft(people)
    document.signed_at = SIGNED
    official = to_official(document)
    assert [s.name for s in official.signatories] == [people.agency.name]
    assert official.signatories[0].sealed
    assert official.date == "2026年11月16日"
