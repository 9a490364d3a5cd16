"""Issue 13, 归档: the 件号 and 档号 are given in a short transaction holding the agency's
numbering lock; the 归档章 is drawn after it has committed. A second filing numbers while the
first still stamps; a failed stamp keeps the 档号, says so on the record, and is retried
(idempotently) by the scheduler's task until it succeeds."""

import datetime
import threading

import pytest
from django.db import connection

from govoa.archives.models import ArchiveRecord
from govoa.archives.services import filing
from govoa.archives.services.filing import (
    Classifying,
    archive_record_classify,
    archive_record_stamp,
    archive_records_file,
)
from govoa.archives.services.intake import archive_intake
from govoa.archives.services.packages import fixity_check
from govoa.archives.tasks import stamp_pending_records
from govoa.audit.models import AuditEvent
from govoa.testing.archive_records import INCOMING, archives_cast, finished_incoming


def _classified(people, cast, title: str, serial: int = 1) -> ArchiveRecord:
    document = finished_incoming(
        people,
        title=title,
        source_number=f"某发〔2025〕{serial}号",
        written_on=datetime.date(2025, 3, 1),
    )
    record = archive_intake(actor=cast.archivist, source_type=INCOMING, source_id=document.pk)
    return archive_record_classify(
        actor=cast.archivist, record_id=record.pk, data=Classifying(retention="D10")
    )


@pytest.mark.django_db
def test_a_failed_stamp_keeps_the_number_is_shown_and_retried(
    client, people, monkeypatch, frozen_clock
):
    cast = archives_cast(people)
    record = _classified(people, cast, "关于报送年度计划的通知")

    def broken(content: bytes, cells: object) -> bytes:
        raise RuntimeError("字体缺失")

    monkeypatch.setattr(filing, "stamp_first_page", broken)
    (filed,) = archive_records_file(actor=cast.archivist, record_ids=[record.pk])
    assert (filed.reference_code, filed.status) == ("Z109-WS·2025-D10-BGS-0001", "filed")
    assert filed.stamp_pending
    assert filed.stamped_file is None
    assert "归档章加盖失败" in filed.stamp_error
    failure = AuditEvent.objects.get(action="archives.record.stamp")
    assert (failure.outcome, failure.details["reference_code"]) == ("failure", filed.reference_code)
    # Visible to the archivist, on the page and through the API.
    client.force_login(cast.archivist)
    assert filed.stamp_error in client.get(f"/archives/records/{filed.pk}/").content.decode()
    api = client.get(f"/api/v1/archive-records/{filed.pk}").json()
    assert (api["stamp_pending"], api["reference_code"]) == (True, filed.reference_code)
    # Still broken: the retry leaves it pending, the 档号 as it was.
    assert stamp_pending_records.call() == 0
    filed.refresh_from_db()
    assert filed.stamp_pending
    assert filed.reference_code == "Z109-WS·2025-D10-BGS-0001"

    monkeypatch.undo()
    assert stamp_pending_records.call() == 1
    filed.refresh_from_db()
    assert (filed.reference_code, filed.stamp_pending, filed.stamp_error) == (
        "Z109-WS·2025-D10-BGS-0001",
        False,
        "",
    )
    assert filed.stamped_file is not None
    # The package's manifest covers the stamped copy: the fixity check passes.
    assert fixity_check(agency_id=people.agency.pk) == []
    # Once stamped, stamping again changes nothing (no second stamped file).
    stamped_file = filed.stamped_file_id
    assert archive_record_stamp(record_id=filed.pk).stamped_file_id == stamped_file
    assert stamp_pending_records.call() == 0
    assert AuditEvent.objects.filter(action="archives.record.stamp", outcome="success").count() == 1
    # Filing again is a no-op: the number and the stamp stay.
    (again,) = archive_records_file(actor=cast.archivist, record_ids=[filed.pk])
    assert (again.reference_code, again.stamped_file_id) == (filed.reference_code, stamped_file)


@pytest.mark.django_db
def test_the_stamp_is_drawn_after_the_number_is_saved(people, monkeypatch, frozen_clock):
    """Within one connection: when the stamp is drawn, the 档号 is already in the database
    (the numbering transaction has ended) and the record still waits for its stamp."""
    cast = archives_cast(people)
    record = _classified(people, cast, "关于报送年度计划的通知")
    seen = []
    real = filing.stamp_first_page

    def watching(content: bytes, cells: object) -> bytes:
        seen.append(
            ArchiveRecord.objects.filter(pk=record.pk)
            .values_list("reference_code", "stamp_pending")
            .get()
        )
        return real(content, cells)

    monkeypatch.setattr(filing, "stamp_first_page", watching)
    archive_records_file(actor=cast.archivist, record_ids=[record.pk])
    assert seen == [("Z109-WS·2025-D10-BGS-0001", True)]


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
def test_a_second_filing_numbers_while_the_first_is_stamping(people, monkeypatch, frozen_clock):
    cast = archives_cast(people)
    first = _classified(people, cast, "关于报送年度计划的通知")
    second = _classified(people, cast, "关于报送年度总结的通知", serial=2)
    stamping, numbered = threading.Event(), threading.Event()
    real = filing.stamp_first_page
    waited: list[bool] = []

    def slow(content: bytes, cells: object) -> bytes:
        if not stamping.is_set():  # the first filing's stamp waits for the second filing
            stamping.set()
            waited.append(numbered.wait(timeout=30))
        return real(content, cells)

    monkeypatch.setattr(filing, "stamp_first_page", slow)
    outcome: list[str] = []

    def file_first() -> None:
        try:
            (filed,) = archive_records_file(actor=cast.archivist, record_ids=[first.pk])
            outcome.append(str(filed.reference_code))
        except Exception as exc:  # reported by the assertion below
            outcome.append(repr(exc))
        finally:
            connection.close()

    thread = threading.Thread(target=file_first)
    thread.start()
    try:
        assert stamping.wait(timeout=60)
        with connection.cursor() as cursor:  # a held numbering lock fails fast, never hangs
            cursor.execute("SET lock_timeout = '5s'")
        (filed,) = archive_records_file(actor=cast.archivist, record_ids=[second.pk])
        assert filed.reference_code == "Z109-WS·2025-D10-BGS-0002"
    finally:
        numbered.set()
        thread.join(timeout=60)
        with connection.cursor() as cursor:
            cursor.execute("SET lock_timeout = 0")
    assert waited == [True]  # the second was numbered while the first was stamping
    assert outcome == ["Z109-WS·2025-D10-BGS-0001"]
    stamped = ArchiveRecord.objects.filter(pk__in=[first.pk, second.pk], stamp_pending=False)
    assert stamped.filter(stamped_file__isnull=False).count() == 2
