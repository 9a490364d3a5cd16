"""Issue 13: the archive's acts on a 收文 or 发文 (接收、组件、归档 with its 档号) appear in the
办理过程 on that document's own page, beside its handling; a refused act adds nothing."""

import datetime

import pytest
from django.utils import timezone

from govoa.archives.models import ArchiveRecord
from govoa.flow.models import TrailEntry
from govoa.outgoing.models import OutgoingDocument
from govoa.outgoing.services.drafting import outgoing_submit
from govoa.testing.archive_records import INCOMING, OUTGOING, archives_cast, finished_incoming
from govoa.testing.outgoing import draft

pytestmark = pytest.mark.django_db


def _trail(page: str) -> str:
    """The 办理过程 panel of a document page."""
    return page.split("<h2>办理过程</h2>", 1)[1].split("</section>", 1)[0]


def _issued_with_its_flow(people) -> OutgoingDocument:
    """A 发文 submitted on its flow (so it has a 办理过程), then issued."""
    document = draft(people)
    outgoing_submit(actor=people.staff, document=document, opinion="请审核")
    today = timezone.localdate()
    OutgoingDocument.objects.filter(pk=document.pk).update(
        status="issued",
        number=f"{document.category.word}〔{today.year}〕7号",
        year=today.year,
        serial=7,
        signed_by=people.principal,
        signed_at=timezone.now() - datetime.timedelta(days=2),
        issued_on=today - datetime.timedelta(days=1),
    )
    return OutgoingDocument.objects.get(pk=document.pk)


def test_intake_join_and_filing_show_in_the_trail_of_the_documents(client, people, frozen_clock):
    cast = archives_cast(people)
    request = finished_incoming(
        people, title="关于支持园区建设的请示", doc_type="request", source_number="某发〔2026〕5号"
    )
    notice = _issued_with_its_flow(people)

    # A refused intake (not the archivist) leaves both trails as they were.
    before = TrailEntry.objects.count()
    client.force_login(people.staff)
    refused = client.post("/archives/intake/", {"source_type": INCOMING, "source_id": request.pk})
    assert refused.status_code in (403, 404)
    assert TrailEntry.objects.count() == before

    client.force_login(cast.archivist)
    for source_type, source_id in ((INCOMING, request.pk), (OUTGOING, notice.pk)):
        taken = client.post(
            "/archives/intake/", {"source_type": source_type, "source_id": source_id}
        )
        assert taken.status_code == 302
    asked = ArchiveRecord.objects.get(source_type=INCOMING, source_id=request.pk)
    issued = ArchiveRecord.objects.get(source_type=OUTGOING, source_id=notice.pk)
    # 来文与复文 as one 件 (here the notice stands for the answer), then 分类 and 归档.
    joined = client.post(
        f"/archives/records/{issued.pk}/join/", {"other": asked.pk, "kind": "reply"}
    )
    assert joined.status_code == 302
    classified = client.post(
        f"/archives/records/{issued.pk}/classify/",
        {"retention": "Y", "department": people.office.pk},
    )
    assert classified.status_code == 302
    assert client.post("/archives/file/", {"pick": [issued.pk]}).status_code == 302
    issued.refresh_from_db()
    assert issued.reference_code

    # The 发文's page: taken in and filed with its 档号, by the archivist, after its own acts.
    client.force_login(people.staff)
    trail = _trail(client.get(f"/outgoing/{notice.pk}/").content.decode())
    assert "归档接收" in trail
    assert f"档号 {issued.reference_code}" in trail
    assert cast.archivist.real_name in trail
    assert trail.index("归档接收") < trail.index(issued.reference_code)
    # The 收文's page: taken in, then joined to the 件 of its answer.
    client.force_login(people.registrar)
    trail = _trail(client.get(f"/incoming/{request.pk}/").content.decode())
    assert "归档接收" in trail
    assert "归档组件" in trail
    assert f"与《{notice.title}》组为一件归档" in trail

    # Filing again changes nothing, and writes no second 归档 line.
    client.force_login(cast.archivist)
    notes = TrailEntry.objects.filter(details__archive_record=issued.pk, opinion__contains="档号")
    assert notes.count() == 1
    client.post("/archives/file/", {"pick": [issued.pk]})
    assert notes.count() == 1


def test_a_request_joined_into_its_replys_item_shows_the_reference_code(
    client, people, frozen_clock
):
    """来文与复文 (DA/T 22 5.1.1): the 请示 joined into the 件 of its 批复 is filed under the
    批复's 档号; its own 办理过程 says under which, after its 组件 line, once."""
    from govoa.archives.services.filing import (
        Classifying,
        archive_record_classify,
        archive_records_file,
    )
    from govoa.archives.services.intake import archive_intake, archive_record_join

    cast = archives_cast(people)
    request = finished_incoming(
        people, title="关于支持园区建设的请示", doc_type="request", source_number="某发〔2026〕5号"
    )
    answer = _issued_with_its_flow(people)
    asked = archive_intake(actor=cast.archivist, source_type=INCOMING, source_id=request.pk)
    issued = archive_intake(actor=cast.archivist, source_type=OUTGOING, source_id=answer.pk)
    archive_record_join(actor=cast.archivist, record_id=issued.pk, other_id=asked.pk, kind="reply")
    asked.refresh_from_db()
    assert asked.joined_into_id == issued.pk
    # Before the 件 is filed, the 请示's trail has its 组件 line and no 档号 yet.
    client.force_login(people.registrar)
    trail = _trail(client.get(f"/incoming/{request.pk}/").content.decode())
    assert "归档组件" in trail
    assert "档号" not in trail

    archive_record_classify(
        actor=cast.archivist,
        record_id=issued.pk,
        data=Classifying(retention="Y", department_id=people.office.pk),
    )
    archive_records_file(actor=cast.archivist, record_ids=[issued.pk])
    issued.refresh_from_db()
    trail = _trail(client.get(f"/incoming/{request.pk}/").content.decode())
    assert f"档号 {issued.reference_code}" in trail
    assert f"与《{answer.title}》组为一件" in trail
    assert trail.index("归档组件") < trail.index(issued.reference_code)
    # Filing again writes no second line on the 请示's trail.
    lines = TrailEntry.objects.filter(details__archive_record=asked.pk, opinion__contains="档号")
    assert lines.count() == 1
    archive_records_file(actor=cast.archivist, record_ids=[issued.pk])
    assert lines.count() == 1
