"""A file written by a request whose transaction does not commit is removed by the periodic
sweep; a committed file never is, even when the process died before its marker was cleared.
The sweep looks at the journal of pending writes only, never the whole storage."""

import datetime
import io
from pathlib import Path
from unittest import mock

import pytest
from django.core.files.storage import default_storage
from django.db import OperationalError, transaction

from govoa.core.management.commands.scheduler import run_due_jobs
from govoa.documents.files import check_upload, store_upload
from govoa.documents.models import StoredFile
from govoa.documents.orphans import PENDING, sweep_orphans
from govoa.incoming.models import IncomingDocument
from govoa.testing.clock import FROZEN_NOW
from govoa.testing.incoming import PDF

AFTER_GRACE = FROZEN_NOW + datetime.timedelta(hours=1, minutes=1)


@pytest.fixture
def storage(settings, tmp_path: Path) -> Path:
    """A storage of the test's own, so that what is in it is only what the test wrote."""
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path)},
        },
    }
    return tmp_path


def _files(root: Path) -> set[str]:
    return {str(p.relative_to(root)) for p in root.rglob("*") if p.is_file()}


def _uploads(root: Path) -> set[str]:
    return {name for name in _files(root) if not name.startswith(f"{PENDING}/")}


def test_the_files_of_a_request_whose_transaction_failed_are_swept(
    client, people, storage, time_machine, monkeypatch, settings
):
    settings.GOVOA_PERIODIC_JOBS = [("govoa.documents.tasks.sweep_orphan_files", 900)]

    def database_gone(**_kw):  # what SQLite says when the write lock is not had in time
        raise OperationalError("database is locked")

    # The registration fails after its attachment was written, before it commits.
    monkeypatch.setattr("govoa.incoming.services.registration.flow_start", database_gone)
    client.force_login(people.registrar)
    client.raise_request_exception = False
    upload = io.BytesIO(PDF)
    upload.name = "来文.pdf"
    fields = {"source_org": "某市财政局", "title": "函", "doc_type": "letter", "files": [upload]}
    assert client.post("/api/v1/incoming-documents", fields).status_code == 500
    assert not IncomingDocument.objects.exists()
    assert not StoredFile.objects.exists()
    orphan = _uploads(storage)
    assert len(orphan) == 1  # written, and left behind by the rollback

    assert run_due_jobs() == ["govoa.documents.tasks.sweep_orphan_files"]
    assert _uploads(storage) == orphan  # within the grace period an upload may be in flight
    time_machine.move_to(AFTER_GRACE)
    assert run_due_jobs() == ["govoa.documents.tasks.sweep_orphan_files"]  # runs the task
    assert _files(storage) == set()  # the file and its marker are gone


def test_a_committed_file_is_never_swept(
    people, storage, time_machine, django_capture_on_commit_callbacks
):
    stream = io.BytesIO(PDF)
    checked = check_upload("来文.pdf", stream)
    # The process dies after the commit, before its on-commit callbacks run: the marker stays.
    with django_capture_on_commit_callbacks(execute=False) as callbacks, transaction.atomic():
        kept = store_upload(
            agency_id=people.agency.pk, uploaded_by=people.registrar, checked=checked, stream=stream
        )
    assert len(callbacks) == 1
    assert len(_files(storage)) == 2  # the file and its marker
    time_machine.move_to(AFTER_GRACE)
    assert sweep_orphans() == 0
    assert _files(storage) == {kept.storage_key}  # the marker went, the file stayed
    assert default_storage.open(kept.storage_key).read() == PDF


def test_on_commit_the_marker_is_cleared_at_once(
    people, storage, django_capture_on_commit_callbacks
):
    stream = io.BytesIO(PDF)
    checked = check_upload("来文.pdf", stream)
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        kept = store_upload(
            agency_id=people.agency.pk, uploaded_by=None, checked=checked, stream=stream
        )
    assert _files(storage) == {kept.storage_key}


def test_the_sweep_lists_the_journal_only(people, storage, time_machine):
    def failing_request() -> None:
        with transaction.atomic():
            stream = io.BytesIO(PDF)
            checked = check_upload("a.pdf", stream)
            store_upload(
                agency_id=people.agency.pk, uploaded_by=None, checked=checked, stream=stream
            )
            raise RuntimeError("the request fails after the file was written")

    with pytest.raises(RuntimeError):
        failing_request()
    time_machine.move_to(AFTER_GRACE)
    with mock.patch.object(default_storage, "listdir", wraps=default_storage.listdir) as listdir:
        assert sweep_orphans() == 1
    assert [c.args for c in listdir.call_args_list] == [(PENDING,)]
    assert _files(storage) == set()
