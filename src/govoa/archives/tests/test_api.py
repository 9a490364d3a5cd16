"""The archive through the API: intake, 分类 and 归档 by the archivist, search, a loan and
its return, the 目录 export; bad input is a 4xx with a Chinese message, nothing changed."""

import datetime

import pytest

from govoa.archives.models import ArchiveLoan, ArchiveRecord
from govoa.flow.models import WorkItem
from govoa.flow.services.acts import work_item_act
from govoa.testing.archive_records import INCOMING, archives_cast, finished_incoming
from govoa.testing.clock import FROZEN_TODAY

pytestmark = pytest.mark.django_db


def test_intake_classify_file_search_and_export(client, people):
    cast = archives_cast(people)
    document = finished_incoming(people, written_on=datetime.date(2011, 3, 8))
    client.force_login(cast.archivist)
    body = {"source_type": INCOMING, "source_id": document.pk}
    taken = client.post("/api/v1/archive-records/intake", body, content_type="application/json")
    assert taken.status_code == 201
    record_id = taken.json()["id"]
    assert taken.json()["status"] == "received"
    unknown = client.post(
        "/api/v1/archive-records/intake",
        {"source_type": "nowhere", "source_id": 1},
        content_type="application/json",
    )
    assert unknown.status_code == 422
    assert unknown.json()["error"]["fields"]["source_type"] == ["没有这种归档来源。"]
    classified = client.post(
        f"/api/v1/archive-records/{record_id}/classify",
        {"retention": "Y", "department_id": people.office.pk},
        content_type="application/json",
    )
    assert classified.json()["class_code"] == "2011-Y-BGS"
    filed = client.post(
        "/api/v1/archive-records/file", {"record_ids": [record_id]}, content_type="application/json"
    )
    assert filed.json()[0]["reference_code"] == "Z109-WS·2011-Y-BGS-0001"
    client.force_login(people.staff)
    found = client.get("/api/v1/archive-records?reference_code=Z109-WS·2011").json()
    assert [r["id"] for r in found["items"]] == [record_id]
    assert client.get("/api/v1/archive-records?year=2012").json()["items"] == []
    assert client.get("/api/v1/archive-records?responsible=某省").json()["items"]
    export = client.get("/api/v1/archive-records/catalogue?year=2011&format=xlsx")
    assert export.status_code == 200
    assert export["Content-Type"].startswith("application/vnd.openxmlformats")


def test_a_loan_through_the_api(client, people):
    from govoa.testing.archive_records import filed_record

    cast = archives_cast(people)
    record = filed_record(cast, INCOMING, finished_incoming(people).pk)
    client.force_login(people.staff)
    late = {
        "record_id": record.pk,
        "kind": "electronic",
        "purpose": "查阅",
        "due_date": (FROZEN_TODAY + datetime.timedelta(days=400)).isoformat(),
    }
    refused = client.post("/api/v1/archive-loans", late, content_type="application/json")
    assert refused.status_code == 422
    assert not ArchiveLoan.objects.exists()
    body = {**late, "due_date": (FROZEN_TODAY + datetime.timedelta(days=3)).isoformat()}
    created = client.post("/api/v1/archive-loans", body, content_type="application/json")
    assert created.status_code == 201
    loan_id = created.json()["id"]
    item = WorkItem.objects.get(instance__subject_type="archives.archiveloan", status="open")
    work_item_act(actor=item.assignee, item_id=item.pk, action="approve", opinion="同意")
    shown = client.get(f"/api/v1/archive-loans/{loan_id}").json()
    assert shown["status"] == "approved"
    assert shown["approved_by"] == item.assignee.real_name
    returned = client.post(f"/api/v1/archive-loans/{loan_id}/return")
    assert returned.json()["status"] == "returned"
    assert ArchiveRecord.objects.get(pk=record.pk).status == "filed"


def test_overdue_loans_are_reminded_once_a_day(people, frozen_clock):
    from govoa.archives.services.loans import remind_overdue_loans
    from govoa.notify.models import Notification
    from govoa.testing.archive_records import archives_ledger

    cast = archives_cast(people)
    archives_ledger(people, cast)
    assert remind_overdue_loans() == 0
    frozen_clock.shift(datetime.timedelta(days=9))
    assert remind_overdue_loans() == 1
    assert remind_overdue_loans() == 0
    notes = Notification.objects.filter(kind="archives.loan.overdue")
    assert {n.recipient_id for n in notes} == {people.staff.pk, cast.archivist.pk}
