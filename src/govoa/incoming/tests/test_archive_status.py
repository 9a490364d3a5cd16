"""办结 hands the document to the archive in the background; the page polls until it is done."""

from django.utils import timezone

from govoa.incoming.models import IncomingDocument
from govoa.incoming.services.archive import prepare_archive
from govoa.incoming.workflow import Status
from govoa.testing.incoming import register


def test_a_completed_document_polls_until_the_archive_hand_over_is_done(client, people):
    document = register(people)
    IncomingDocument.objects.filter(pk=document.pk).update(
        status=Status.COMPLETED, completed_at=timezone.now()
    )
    client.force_login(people.registrar)
    page = client.get(f"/incoming/{document.pk}/").content.decode()
    assert f'hx-get="/incoming/{document.pk}/archive-status/"' in page
    assert 'hx-trigger="every 2s"' in page
    waiting = client.get(f"/incoming/{document.pk}/archive-status/").content.decode()
    assert "正在生成收文处理单" in waiting
    assert "every 2s" in waiting
    prepare_archive(document.pk)
    done = client.get(f"/incoming/{document.pk}/archive-status/").content.decode()
    assert "已移交待归档（附收文处理单）" in done
    assert "hx-trigger" not in done  # the polling stops


def test_an_open_document_shows_no_archive_line(client, people):
    document = register(people)
    client.force_login(people.registrar)
    page = client.get(f"/incoming/{document.pk}/").content.decode()
    assert "archive-status" not in page


def test_the_archive_status_is_404_to_outsiders(client, people, other_agency_person):
    document = register(people)
    client.force_login(other_agency_person)
    assert client.get(f"/incoming/{document.pk}/archive-status/").status_code == 404
    client.force_login(people.sec_admin)
    assert client.get(f"/incoming/{document.pk}/archive-status/").status_code == 404
