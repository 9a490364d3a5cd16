import re

import pytest
from django.utils import timezone

from govoa.notify.models import Notification
from govoa.notify.tests.factories import NotificationFactory
from govoa.testing.permissions import Matrix
from govoa.testing.queries import query_count

LIST = "/notifications/"


def _open(pk):
    return f"/notifications/{pk}/open/"


def test_list_matrix(client, people):
    Matrix(LIST).check(client, in_scope=people.staff)


def test_open_matrix(client, people, other_agency_person):
    n = NotificationFactory(recipient=people.staff)
    Matrix(_open(n.pk), method="post", in_scope_status=302).check(
        client, in_scope=people.staff, out_of_scope=people.dept_head
    )
    other = NotificationFactory(recipient=people.staff)
    Matrix(_open(other.pk), method="post", in_scope_status=302).check(
        client, in_scope=people.staff, out_of_scope=other_agency_person
    )


def test_mark_all_read_matrix(client, people):
    Matrix("/notifications/read-all/", method="post", in_scope_status=302).check(
        client, in_scope=people.staff
    )


def test_list_shows_own_messages_newest_first_unread_highlighted(client, people):
    older = NotificationFactory(recipient=people.staff, title="较早的消息")
    NotificationFactory(recipient=people.staff, title="较新的消息")
    NotificationFactory(recipient=people.dept_head, title="别人的消息")
    Notification.objects.filter(pk=older.pk).update(read_at=timezone.now())
    client.force_login(people.staff)
    response = client.get(LIST)
    assert response.status_code == 200
    html = response.content.decode()
    assert response.context["active_nav"] == "notifications"
    assert [n.title for n in response.context["page_obj"]] == ["较新的消息", "较早的消息"]
    assert "别人的消息" not in html
    assert html.index("较新的消息") < html.index("较早的消息")
    assert "<strong>较新的消息</strong>" in html
    assert "<strong>较早的消息</strong>" not in html
    assert '<tr class="unread">' in html
    assert "全部标为已读" in html
    assert 'action="/notifications/read-all/"' in html


def test_page_has_no_inline_script_or_style_and_no_external_urls(client, people):
    NotificationFactory(recipient=people.staff)
    client.force_login(people.staff)
    html = client.get(LIST).content.decode()
    assert not re.search(r"<script(?![^>]*\bsrc=)", html)
    assert "<style" not in html
    assert " style=" not in html
    assert "http://" not in html
    assert "https://" not in html


def test_unread_filter_and_empty_texts(client, people):
    client.force_login(people.staff)
    assert "暂无消息" in client.get(LIST).content.decode()
    assert "全部标为已读" not in client.get(LIST).content.decode()
    assert "没有未读消息" in client.get(LIST, {"unread": "1"}).content.decode()
    read = NotificationFactory(recipient=people.staff, title="已读的", read_at=timezone.now())
    NotificationFactory(recipient=people.staff, title="未读的")
    response = client.get(LIST, {"unread": "1"})
    assert [n.title for n in response.context["page_obj"]] == ["未读的"]
    assert read.title not in response.content.decode()


def test_paging_and_bad_page_numbers(client, people):
    NotificationFactory.create_batch(25, recipient=people.staff)
    client.force_login(people.staff)
    assert len(client.get(LIST).context["page_obj"]) == 20
    assert len(client.get(LIST, {"page": "2"}).context["page_obj"]) == 5
    for bad in ["abc", "-1", "0", "999999999999999999999999", ""]:
        response = client.get(LIST, {"page": bad, "page_size": "x"})
        assert response.status_code == 200, bad


def test_open_marks_read_and_goes_to_the_page(client, people):
    n = NotificationFactory(recipient=people.staff, url="/flow/items/42/")
    client.force_login(people.staff)
    response = client.post(_open(n.pk))
    assert response.status_code == 302
    assert response["Location"] == "/flow/items/42/"
    n.refresh_from_db()
    assert n.read_at is not None


@pytest.mark.parametrize(
    "url", ["", "https://evil.example/", "//evil.example/x", "/\\evil.example", "javascript:x"]
)
def test_open_never_leaves_the_site(client, people, url):
    # Written directly: the service itself refuses such links.
    n = NotificationFactory(recipient=people.staff, url=url)
    client.force_login(people.staff)
    response = client.post(_open(n.pk))
    assert response.status_code == 302
    assert response["Location"] == LIST
    n.refresh_from_db()
    assert n.read_at is not None


def test_someone_elses_message_is_404_and_stays_unread(client, people):
    n = NotificationFactory(recipient=people.staff)
    client.force_login(people.dept_head)
    response = client.post(_open(n.pk))
    assert response.status_code == 404
    assert "对象不存在" in response.content.decode() or "消息不存在" in response.content.decode()
    n.refresh_from_db()
    assert n.read_at is None


def test_bad_ids_and_methods(client, people):
    client.force_login(people.staff)
    assert client.post("/notifications/abc/open/").status_code == 404
    assert client.post("/notifications/-1/open/").status_code == 404
    assert client.post("/notifications/99999999999999999999999/open/").status_code == 404
    assert client.get(_open(1)).status_code == 405
    assert client.get("/notifications/read-all/").status_code == 405


def test_mark_all_read(client, people):
    NotificationFactory.create_batch(2, recipient=people.staff)
    other = NotificationFactory(recipient=people.dept_head)
    client.force_login(people.staff)
    response = client.post("/notifications/read-all/", follow=True)
    assert "已将 2 条消息标为已读。" in response.content.decode()
    assert not Notification.objects.filter(recipient=people.staff, read_at__isnull=True).exists()
    other.refresh_from_db()
    assert other.read_at is None
    response = client.post("/notifications/read-all/", follow=True)
    assert "没有未读消息。" in response.content.decode()


def test_list_runs_a_constant_number_of_queries(client, people):
    NotificationFactory(recipient=people.staff)
    client.force_login(people.staff)
    client.get(LIST)  # warm up the session and caches
    few = query_count(lambda: client.get(LIST))
    few_unread = query_count(lambda: client.get(LIST, {"unread": "1"}))
    NotificationFactory.create_batch(30, recipient=people.staff)
    assert query_count(lambda: client.get(LIST)) == few
    assert query_count(lambda: client.get(LIST, {"unread": "1"})) == few_unread
    assert query_count(lambda: client.get(LIST, {"page": "2"})) == few


def test_nav_shows_the_unread_count(client, people):
    NotificationFactory.create_batch(3, recipient=people.staff)
    client.force_login(people.staff)
    response = client.get(LIST)
    [item] = [i for i in response.context["nav_items"] if i.key == "notifications"]
    assert item.count == 3
    assert item.available
