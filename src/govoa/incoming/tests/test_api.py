import datetime
import io

from django.utils import timezone

from govoa.flow.models import WorkItem
from govoa.incoming.models import IncomingDocument
from govoa.testing.incoming import PDF, incoming_cast, register
from govoa.testing.queries import query_count


def _upload(name="原文.pdf", content=PDF):
    stream = io.BytesIO(content)
    stream.name = name
    return stream


FIELDS = {
    "source_org": "某市财政局",
    "title": "关于预算执行情况的函",
    "doc_type": "letter",
    "source_number": "某财函〔2026〕7号",
}


def test_register_by_api_with_idempotency(client, people):
    client.force_login(people.registrar)
    response = client.post(
        "/api/v1/incoming-documents",
        {**FIELDS, "files": [_upload()]},
        headers={"Idempotency-Key": "k-1"},
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["number"].startswith("收〔")
    assert body["attachments"][0]["name"] == "原文.pdf"
    again = client.post(
        "/api/v1/incoming-documents",
        {**FIELDS, "files": [_upload()]},
        headers={"Idempotency-Key": "k-1"},
    )
    assert again.status_code == 200
    assert again.json()["id"] == body["id"]
    assert IncomingDocument.objects.count() == 1


def test_api_bad_input_statuses(client, people, settings):
    client.force_login(people.registrar)
    response = client.post("/api/v1/incoming-documents", {"title": "缺来文单位", "doc_type": "x"})
    assert response.status_code == 422
    assert set(response.json()["error"]["fields"]) >= {"source_org", "doc_type"}
    settings.GOVOA_UPLOAD_MAX_BYTES = 100
    response = client.post(
        "/api/v1/incoming-documents", {**FIELDS, "files": [_upload(content=PDF * 10)]}
    )
    assert response.status_code == 413
    assert "超过" in response.json()["error"]["message"]
    response = client.post(
        "/api/v1/incoming-documents", {**FIELDS, "files": [_upload("a.pdf", b"GIF89a....")]}
    )
    assert response.status_code == 415
    assert IncomingDocument.objects.count() == 0
    client.force_login(people.staff)
    assert client.post("/api/v1/incoming-documents", FIELDS).status_code == 403


def test_duplicate_by_api_is_409_with_the_earlier_number(client, people):
    first = register(people, source_org=FIELDS["source_org"], source_number=FIELDS["source_number"])
    client.force_login(people.registrar)
    response = client.post("/api/v1/incoming-documents", FIELDS)
    assert response.status_code == 409
    assert first.number in response.json()["error"]["message"]
    response = client.post("/api/v1/incoming-documents", {**FIELDS, "confirm_duplicate": "true"})
    assert response.status_code == 201
    assert response.json()["duplicate_of"] == first.pk


def test_acts_go_through_the_work_item_endpoint(client, people):
    cast = incoming_cast(people)
    document = register(people)
    item = WorkItem.objects.get(instance__subject_id=document.pk, status="open")
    client.force_login(people.registrar)
    response = client.post(
        f"/api/v1/work-items/{item.pk}/act",
        {"action": "approve", "opinion": "初审通过"},
        content_type="application/json",
    )
    assert response.status_code == 200
    propose = WorkItem.objects.get(instance__subject_id=document.pk, status="open")
    client.force_login(cast.office_head)
    response = client.post(
        f"/api/v1/work-items/{propose.pk}/act",
        {"action": "approve", "opinion": "拟批办", "payload": {"proposal_kind": "instruct"}},
        content_type="application/json",
    )
    assert response.status_code == 422
    assert response.json()["error"]["fields"] == {"next_assignees": ["请选择一位机关领导。"]}
    response = client.post(
        f"/api/v1/work-items/{propose.pk}/act",
        {
            "action": "approve",
            "opinion": "拟批办",
            "next_assignees": [people.deputy.pk],
            "payload": {"proposal_kind": "instruct"},
        },
        content_type="application/json",
    )
    assert response.status_code == 200
    document.refresh_from_db()
    assert document.status == "instructing"


def test_register_list_runs_a_constant_number_of_queries(client, people):
    register(people)
    client.force_login(people.registrar)
    client.get("/incoming/")
    page_queries = query_count(lambda: client.get("/incoming/"))
    api_queries = query_count(lambda: client.get("/api/v1/incoming-documents"))
    for n in range(15):
        register(people, source_number=f"某发改〔2026〕{100 + n}号")
    assert client.get("/api/v1/incoming-documents").json()["count"] == 16
    assert query_count(lambda: client.get("/incoming/")) == page_queries
    assert query_count(lambda: client.get("/api/v1/incoming-documents")) == api_queries


def test_a_received_time_without_a_time_zone_is_taken_as_local(client, people):
    client.force_login(people.registrar)
    local = timezone.localtime() - datetime.timedelta(hours=2)
    naive = local.replace(second=0, microsecond=0, tzinfo=None).isoformat()
    response = client.post("/api/v1/incoming-documents", {**FIELDS, "received_at": naive})
    assert response.status_code == 201, response.content
    document = IncomingDocument.objects.get()
    assert timezone.localtime(document.received_at).replace(tzinfo=None).isoformat() == naive
    future = (timezone.localtime() + datetime.timedelta(days=2)).replace(tzinfo=None).isoformat()
    response = client.post(
        "/api/v1/incoming-documents",
        {**FIELDS, "source_number": "另一文号", "received_at": future},
    )
    assert response.status_code == 422
    assert response.json()["error"]["fields"]["received_at"] == ["收文时间不能晚于现在。"]


def test_a_replayed_registration_asks_the_database_no_more_than_the_service_does(client, people):
    client.force_login(people.registrar)
    headers = {"Idempotency-Key": "k-2"}
    assert client.post("/api/v1/incoming-documents", FIELDS, headers=headers).status_code == 201
    replay = query_count(lambda: client.post("/api/v1/incoming-documents", FIELDS, headers=headers))
    url = f"/api/v1/incoming-documents/{IncomingDocument.objects.get().pk}"
    plain = query_count(lambda: client.get(url))
    # The replay: the service's one lookup of the key, then the same read as a GET.
    assert replay == plain + 1
