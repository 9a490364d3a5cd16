"""Intake, 组件, classification, 件号 and 档号: stable, unique, in date order within classes."""

import datetime

import pytest
from django.db import IntegrityError, transaction

from govoa.archives.models import ArchiveRecord, RetentionRule
from govoa.archives.services.filing import (
    Classifying,
    archive_record_classify,
    archive_records_file,
)
from govoa.archives.services.intake import (
    archive_intake,
    archive_record_exclude,
    archive_record_join,
)
from govoa.audit.models import AuditEvent
from govoa.core.errors import NotFound, PermissionDenied, TransitionNotAllowed, ValidationFailed
from govoa.testing.archive_records import (
    INCOMING,
    OUTGOING,
    archives_cast,
    filed_record,
    finished_incoming,
    issued_outgoing,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def cast(people):
    return archives_cast(people)


def test_the_dat22_example_is_reproduced(people, cast):
    document = finished_incoming(people, written_on=datetime.date(2011, 3, 8))
    record = filed_record(cast, INCOMING, document.pk, retention="Y")
    assert record.reference_code == "Z109-WS·2011-Y-BGS-0001"
    assert record.item_number == 1


def test_intake_keeps_the_in_item_order_and_digests(people, cast):
    document = finished_incoming(people, title="关于报送项目的请示")
    record = archive_intake(actor=cast.archivist, source_type=INCOMING, source_id=document.pk)
    roles = list(record.components.values_list("role", flat=True))
    assert roles == ["processing_sheet", "main"]  # 文件处理单在前、收文在后
    for component in record.components.select_related("file"):
        assert component.sm3 == component.file.sm3
        assert len(component.sm3) == 64
        # The archive's own copy, never the source's file.
        assert component.file_id != document.processing_sheet_id
    again = archive_intake(actor=cast.archivist, source_type=INCOMING, source_id=document.pk)
    assert again.pk == record.pk


def test_outgoing_items_hold_the_original_the_sheet_and_the_final_draft(people, cast):
    document = issued_outgoing(people)
    record = archive_intake(actor=cast.archivist, source_type=OUTGOING, source_id=document.pk)
    roles = list(record.components.values_list("role", flat=True))
    assert roles == ["main", "approval_sheet", "final_draft"]  # 正本在前，稿纸和定稿在后
    assert record.responsible == people.agency.name
    assert record.doc_number == document.number


def test_only_archivists_take_items_in_and_refusals_are_audited(people, cast):
    document = finished_incoming(people)
    with pytest.raises(PermissionDenied):
        archive_intake(actor=people.staff, source_type=INCOMING, source_id=document.pk)
    assert AuditEvent.objects.filter(action="archives.record.receive", outcome="denied").exists()
    unfinished = issued_outgoing(people)
    unfinished.status = "signing"
    unfinished.save()
    with pytest.raises(NotFound):
        archive_intake(actor=cast.archivist, source_type=OUTGOING, source_id=unfinished.pk)


def test_default_retention_comes_from_the_agency_table(people, cast):
    notice = finished_incoming(people)
    record = archive_intake(actor=cast.archivist, source_type=INCOMING, source_id=notice.pk)
    classified = archive_record_classify(
        actor=cast.archivist, record_id=record.pk, data=Classifying()
    )
    assert classified.retention == "D30"  # 通知: default table
    RetentionRule.objects.create(agency=people.agency, doc_type="notice", retention="D10")
    classified = archive_record_classify(
        actor=cast.archivist, record_id=record.pk, data=Classifying()
    )
    assert classified.retention == "D10"
    assert classified.keep_until == (classified.year or 0) + 10


def test_item_numbers_follow_the_date_within_each_class_and_never_change(people, cast):
    dates = [datetime.date(2025, 5, 2), datetime.date(2025, 1, 9), datetime.date(2025, 3, 4)]
    ids = []
    for index, day in enumerate(dates):
        document = finished_incoming(
            people,
            title=f"关于第{index}批项目的通知",
            source_number=f"某发〔2025〕{index}号",
            written_on=day,
        )
        record = archive_intake(actor=cast.archivist, source_type=INCOMING, source_id=document.pk)
        archive_record_classify(
            actor=cast.archivist, record_id=record.pk, data=Classifying(retention="D30")
        )
        ids.append(record.pk)
    other = finished_incoming(
        people, title="关于另一类目的通知", source_number="某发〔2025〕9号", written_on=dates[0]
    )
    other_record = archive_intake(actor=cast.archivist, source_type=INCOMING, source_id=other.pk)
    archive_record_classify(
        actor=cast.archivist, record_id=other_record.pk, data=Classifying(retention="Y")
    )
    filed = archive_records_file(actor=cast.archivist, record_ids=[*ids, other_record.pk])
    by_id = {r.pk: r for r in filed}
    in_class = sorted((by_id[i] for i in ids), key=lambda r: r.item_number or 0)
    assert [r.date for r in in_class] == sorted(dates)
    assert [r.reference_code[-4:] for r in in_class] == ["0001", "0002", "0003"]
    assert by_id[other_record.pk].reference_code == "Z109-WS·2025-Y-BGS-0001"
    codes = {r.pk: r.reference_code for r in filed}
    again = archive_records_file(actor=cast.archivist, record_ids=[*ids, other_record.pk])
    assert {r.pk: r.reference_code for r in again} == codes
    with pytest.raises(TransitionNotAllowed):
        archive_record_classify(actor=cast.archivist, record_id=ids[0], data=Classifying())


def test_reference_codes_are_unique_in_the_database(people, cast):
    document = finished_incoming(people)
    record = filed_record(cast, INCOMING, document.pk)
    twin = issued_outgoing(people)
    other = archive_intake(actor=cast.archivist, source_type=OUTGOING, source_id=twin.pk)
    with pytest.raises(IntegrityError), transaction.atomic():
        ArchiveRecord.objects.filter(pk=other.pk).update(reference_code=record.reference_code)


def test_reply_and_incoming_form_one_item(people, cast):
    incoming = finished_incoming(people, title="关于征求规划意见的函", doc_type="letter")
    reply = issued_outgoing(people, title="关于规划意见的复函", doc_type="letter")
    incoming_record = archive_intake(
        actor=cast.archivist, source_type=INCOMING, source_id=incoming.pk
    )
    reply_record = archive_intake(actor=cast.archivist, source_type=OUTGOING, source_id=reply.pk)
    joined = archive_record_join(
        actor=cast.archivist, record_id=reply_record.pk, other_id=incoming_record.pk, kind="reply"
    )
    roles = list(joined.components.order_by("order").values_list("role", flat=True))
    assert roles[0] == "main"
    assert roles[-1] == "joined"
    assert "来文" in joined.note
    assert incoming.title in joined.note
    incoming_record.refresh_from_db()
    assert incoming_record.status == "excluded"


def test_non_archive_items_are_flagged_and_set_aside(people, cast):
    document = finished_incoming(people, title="某区发改局工作简报第3期")
    record = archive_intake(actor=cast.archivist, source_type=INCOMING, source_id=document.pk)
    assert "简报" in record.non_archive_reason
    excluded = archive_record_exclude(
        actor=cast.archivist, record_id=record.pk, reason=record.non_archive_reason
    )
    assert excluded.status == "excluded"


def test_the_scheme_is_stable_once_a_reference_code_is_given(people, cast):
    from govoa.archives.services.settings import (
        SettingsData,
        archive_settings_update,
        retention_rule_set,
    )

    dat13 = SettingsData(fonds_code="Z109", scheme="year_period_org", pattern="Z")
    with pytest.raises(ValidationFailed):
        archive_settings_update(actor=cast.archivist, data=dat13)
    from govoa.archives.workflow import Pattern

    dat13 = SettingsData(fonds_code="Z109", scheme="year_period_org", pattern=Pattern.DAT13)
    archive_settings_update(actor=cast.archivist, data=dat13)
    retention_rule_set(actor=cast.archivist, doc_type="notice", retention="Y")
    document = finished_incoming(people, written_on=datetime.date(2011, 3, 8))
    record = filed_record(cast, INCOMING, document.pk)
    assert record.reference_code == "Z109-WS·2011·Y·BGS-0001"
    with pytest.raises(TransitionNotAllowed):
        archive_settings_update(
            actor=cast.archivist,
            data=SettingsData(fonds_code="Z110", scheme="year_period_org", pattern=Pattern.DAT13),
        )
    with pytest.raises(PermissionDenied):
        retention_rule_set(actor=people.staff, doc_type="notice", retention="D10")


def test_a_meeting_held_is_taken_in_with_its_bundle(people, cast):
    """会议 is one more registered source: a meeting that has taken place arrives as one 件
    holding its bundle (通知、议程、签到表 …), in the bundle's order."""
    from govoa.meetings.models import Meeting
    from govoa.meetings.workflow import MeetingStatus
    from govoa.testing.meetings import approved

    meeting = approved(people, title="主任办公会")
    Meeting.objects.filter(pk=meeting.pk).update(status=MeetingStatus.CLOSED)  # 会议已召开
    record = archive_intake(
        actor=cast.archivist, source_type="meetings.meeting", source_id=meeting.pk
    )
    assert record.title == "主任办公会会议材料"
    names = list(record.components.order_by("pk").values_list("file__name", flat=True))
    assert names[0].startswith("01-会议通知")
    assert any("签到表" in name for name in names)
    for component in record.components.select_related("file"):
        assert component.sm3 == component.file.sm3
