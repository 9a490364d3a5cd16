"""The fixity check: one byte changed in one archived file reports exactly that record, to
the archivists and the audit log; the package and the year's 移交 set carry SM3 manifests."""

import hashlib
import io
import json
import zipfile

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command

from govoa.archives.services.packages import fixity_check, package_zip, transfer_export
from govoa.audit.models import AuditEvent
from govoa.notify.models import Notification
from govoa.testing.archive_records import (
    INCOMING,
    archives_cast,
    filed_record,
    finished_incoming,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def cast(people):
    return archives_cast(people)


@pytest.fixture
def two_records(people, cast):
    first = finished_incoming(people, title="关于甲项目的通知", source_number="某发〔2026〕1号")
    second = finished_incoming(people, title="关于乙项目的通知", source_number="某发〔2026〕2号")
    return filed_record(cast, INCOMING, first.pk), filed_record(cast, INCOMING, second.pk)


def _flip_one_byte(stored):
    with default_storage.open(stored.storage_key, "rb") as handle:
        content = bytearray(handle.read())
    content[len(content) // 2] ^= 0x01
    default_storage.delete(stored.storage_key)
    assert default_storage.save(stored.storage_key, ContentFile(bytes(content))) == (
        stored.storage_key
    )


def test_an_intact_archive_passes(two_records):
    assert fixity_check() == []
    for record in two_records:
        record.refresh_from_db()
        assert record.fixity_ok is True


def test_one_changed_byte_reports_exactly_that_record(cast, two_records, capsys):
    first, second = two_records
    component = second.components.select_related("file").order_by("order").last()
    _flip_one_byte(component.file)
    assert fixity_check() == [(second.pk, [component.name])]
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.fixity_ok is True
    assert second.fixity_ok is False
    events = AuditEvent.objects.filter(action="archives.record.fixity_failed")
    assert [e.object_id for e in events] == [str(second.pk)]
    assert events[0].details["files"] == [component.name]
    notes = Notification.objects.filter(kind="archives.fixity.failed")
    assert [n.recipient_id for n in notes] == [cast.archivist.pk]
    assert second.reference_code in notes[0].title
    with pytest.raises(SystemExit):
        call_command("archives_fixity")
    out = capsys.readouterr().out
    assert f"record={second.pk}" in out
    assert f"record={first.pk}" not in out


def test_a_package_holds_metadata_and_a_manifest_of_sm3_digests(cast, two_records):
    record = two_records[0]
    content = package_zip(actor=cast.archivist, record=record)
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        names = archive.namelist()
        manifest = json.loads(archive.read("manifest.json"))
        metadata = json.loads(archive.read("metadata.json"))
        assert "metadata.xml" in names
        for row in manifest["文件"]:
            if row["path"] in names:
                assert hashlib.new("sm3", archive.read(row["path"])).hexdigest() == row["sm3"]
    assert manifest["档号"] == record.reference_code
    assert metadata["档号"]["档号"] == record.reference_code
    assert metadata["内容描述"]["题名"] == record.title


def test_a_year_is_exported_as_a_transfer_set(cast, two_records):
    path, count = transfer_export(actor=cast.archivist, year=two_records[0].year)
    assert count == 2
    with zipfile.ZipFile(path) as archive:
        manifest = json.loads(archive.read("manifest.json"))
        assert manifest["件数"] == 2
        for row in manifest["文件"]:
            assert hashlib.new("sm3", archive.read(row["path"])).hexdigest() == row["sm3"]
    assert {r.reference_code for r in two_records} <= {
        row["path"].split("/")[0] for row in manifest["文件"]
    }
