import pytest
from django.test import Client
from django.utils import timezone

from govoa.accounts.services import token_issue
from govoa.notify.models import Notification
from govoa.notify.tests.factories import NotificationFactory
from govoa.testing.permissions import Matrix
from govoa.testing.queries import query_count

LIST = "/api/v1/notifications"


def _read(pk):
    return f"/api/v1/notifications/{pk}/read"


def test_list_matrix(client, people):
    Matrix(LIST, api=True).check(client, in_scope=people.staff)


def test_read_matrix(client, people, other_agency_person):
    n = NotificationFactory(recipient=people.staff)
    Matrix(_read(n.pk), method="post", api=True).check(
        client, in_scope=people.staff, out_of_scope=people.dept_head
    )
    other = NotificationFactory(recipient=people.staff)
    Matrix(_read(other.pk), method="post", api=True).check(
        client, in_scope=people.staff, out_of_scope=other_agency_person
    )


def test_read_all_matrix(client, people):
    Matrix(f"{LIST}/read-all", method="post", api=True).check(client, in_scope=people.staff)


def test_list_is_own_newest_first_with_counts(client, people):
    older = NotificationFactory(recipient=people.staff, title="较早", read_at=timezone.now())
    newer = NotificationFactory(recipient=people.staff, title="较新", body="正文", url="/x/")
    NotificationFactory(recipient=people.dept_head, title="别人的")
    client.force_login(people.staff)
    body = client.get(LIST).json()
    assert body["count"] == 2
    assert body["unread"] == 1
    assert [i["id"] for i in body["items"]] == [newer.pk, older.pk]
    first = body["items"][0]
    assert first == {
        "id": newer.pk,
        "kind": "flow.item.assigned",
        "title": "较新",
        "body": "正文",
        "url": "/x/",
        "created_at": first["created_at"],
        "read_at": None,
        "read": False,
    }
    assert body["items"][1]["read"] is True
    unread = client.get(LIST, {"unread_only": "true"}).json()
    assert [i["id"] for i in unread["items"]] == [newer.pk]
    assert unread["count"] == 1


def test_paging(client, people):
    NotificationFactory.create_batch(7, recipient=people.staff)
    client.force_login(people.staff)
    page = client.get(LIST, {"page": 2, "page_size": 5}).json()
    assert len(page["items"]) == 2
    assert page["count"] == 7
    assert client.get(LIST, {"page": 9, "page_size": 5}).json()["items"] == []


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"page_size": 1000}, "page_size"),
        ({"page_size": 0}, "page_size"),
        ({"page": 0}, "page"),
        ({"page": "abc"}, "page"),
        ({"page": "9" * 30}, "page"),
        ({"unread_only": "maybe"}, "unread_only"),
    ],
)
def test_bad_query_answers_422_in_chinese(client, people, params, field):
    client.force_login(people.staff)
    response = client.get(LIST, params)
    assert response.status_code == 422
    error = response.json()["error"]
    assert error["code"] == "invalid"
    assert error["message"] == "提交的内容有误，请按提示修改。"
    assert field in error["fields"]


def test_read_one_and_again(client, people):
    n = NotificationFactory(recipient=people.staff)
    client.force_login(people.staff)
    first = client.post(_read(n.pk))
    assert first.status_code == 200
    assert first.json()["read"] is True
    again = client.post(_read(n.pk))
    assert again.json()["read_at"] == first.json()["read_at"]


def test_someone_elses_message_is_404_in_the_standard_format(client, people):
    n = NotificationFactory(recipient=people.staff)
    client.force_login(people.dept_head)
    response = client.post(_read(n.pk))
    missing = client.post(_read(n.pk + 1000))
    assert response.status_code == missing.status_code == 404
    assert response.json() == missing.json()
    assert response.json()["error"]["code"] == "not_found"
    assert "不存在" in response.json()["error"]["message"]
    n.refresh_from_db()
    assert n.read_at is None


@pytest.mark.parametrize("bad", ["abc", "-1", "1.5", "9" * 25])
def test_bad_ids_never_500(client, people, bad):
    client.force_login(people.staff)
    response = client.post(f"/api/v1/notifications/{bad}/read")
    assert response.status_code in (404, 422)
    assert "error" in response.json()


def test_read_all(client, people):
    NotificationFactory.create_batch(3, recipient=people.staff)
    other = NotificationFactory(recipient=people.dept_head)
    client.force_login(people.staff)
    assert client.post(f"{LIST}/read-all").json() == {"updated": 3, "unread": 0}
    assert client.post(f"{LIST}/read-all").json() == {"updated": 0, "unread": 0}
    other.refresh_from_db()
    assert other.read_at is None


def test_bearer_token_works_and_sees_only_own(client, people):
    NotificationFactory(recipient=people.staff)
    n = NotificationFactory(recipient=people.dept_head)
    _token, raw = token_issue(person=people.dept_head, name="测试")
    auth = {"Authorization": f"Bearer {raw}"}
    body = client.get(LIST, headers=auth).json()
    assert [i["id"] for i in body["items"]] == [n.pk]
    assert client.post(_read(n.pk), headers=auth).status_code == 200


def test_session_posts_need_csrf(people):
    n = NotificationFactory(recipient=people.staff)
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(people.staff)
    response = strict.post(_read(n.pk))
    assert response.status_code == 403
    assert not Notification.objects.filter(read_at__isnull=False).exists()


def test_list_runs_a_constant_number_of_queries(client, people):
    NotificationFactory(recipient=people.staff)
    client.force_login(people.staff)
    client.get(LIST)
    few = query_count(lambda: client.get(LIST))
    NotificationFactory.create_batch(30, recipient=people.staff)
    assert query_count(lambda: client.get(LIST, {"page_size": 100})) == few
    assert query_count(lambda: client.get(LIST)) == few


def test_endpoints_are_in_the_openapi_document(client, db):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    assert "/api/v1/notifications" in paths
    assert "/api/v1/notifications/{notification_id}/read" in paths
    assert "/api/v1/notifications/read-all" in paths
