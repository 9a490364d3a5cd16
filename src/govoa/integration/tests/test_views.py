"""The 对外接口 screens: only the agency's system administrator; bad input is a 400 with a
Chinese message and changes nothing; every write is audited."""

import pytest

from govoa.audit.models import AuditEvent
from govoa.core.vocabulary import Role
from govoa.integration.models import WebhookDelivery, WebhookEndpoint
from govoa.testing.factories import grant
from govoa.testing.loopback import stand_in
from govoa.testing.permissions import Matrix


@pytest.fixture
def endpoint(people, endpoint_for):
    return endpoint_for("http://127.0.0.1:9/hooks")


@pytest.fixture
def other_admin(other_agency_person):
    grant(other_agency_person, Role.SYS_ADMIN)
    return other_agency_person


def test_screens_are_for_the_system_administrator_only(client, people, endpoint, other_admin):
    base = f"/integration/webhooks/{endpoint.pk}/"
    for url in ["/integration/webhooks/", base]:
        for outsider in [people.sec_admin, people.audit_admin, people.registrar, people.principal]:
            Matrix(url, out_of_scope_status=403).check(
                client, in_scope=people.sys_admin, out_of_scope=outsider
            )
    # Another agency's administrator does not see this agency's endpoint.
    Matrix(base).check(client, in_scope=people.sys_admin, out_of_scope=other_admin)
    for act in ["rotate/", "ping/"]:
        client.force_login(other_admin)
        assert client.post(base + act).status_code == 404
        client.force_login(people.registrar)
        assert client.post(base + act).status_code == 403
    endpoint.refresh_from_db()
    assert not endpoint.deliveries.exists()


def test_create_shows_the_secret_once_and_audits(client, people):
    client.force_login(people.sys_admin)
    response = client.post(
        "/integration/webhooks/",
        {
            "name": "政务数据平台",
            "url": "https://data.example.gov.cn/hooks",
            "events": ["document.registered", "item.overdue"],
            "is_active": "on",
        },
        follow=True,
    )
    assert response.status_code == 200
    endpoint = WebhookEndpoint.objects.get()
    assert endpoint.secret in response.content.decode()
    assert endpoint.events == ["document.registered", "item.overdue"]
    assert AuditEvent.objects.filter(action="integration.webhook.create").count() == 1
    page = client.get(f"/integration/webhooks/{endpoint.pk}/").content.decode()
    assert endpoint.secret not in page
    assert endpoint.secret_hint in page


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"name": "x", "url": "ftp://host/x", "events": ["ping"]}, "events", "选择"),
        ({"name": "x", "url": "file:///etc/passwd", "events": ["item.overdue"]}, "url", "http"),
        ({"name": "x", "url": "https://h/x"}, "events", "请选择至少一个推送事件"),
        ({"name": "", "url": "https://h/x", "events": ["item.overdue"]}, "name", ""),
    ],
)
def test_bad_input_is_refused_and_changes_nothing(client, people, data, field, message):
    client.force_login(people.sys_admin)
    response = client.post("/integration/webhooks/", data)
    assert response.status_code in (400, 422)
    assert field in response.context["form"].errors
    assert message in " ".join(response.context["form"].errors[field])
    assert not WebhookEndpoint.objects.exists()


def test_edit_rotate_and_ping(client, people, endpoint, django_capture_on_commit_callbacks):
    client.force_login(people.sys_admin)
    base = f"/integration/webhooks/{endpoint.pk}/"
    with stand_in() as server:
        response = client.post(
            base,
            {"name": "新名称", "url": server.url + "/in", "events": ["document.signed"]},
        )
        assert response.status_code == 302
        endpoint.refresh_from_db()
        assert (endpoint.name, endpoint.events, endpoint.is_active) == (
            "新名称",
            ["document.signed"],
            False,
        )
        old = endpoint.secret
        client.post(base + "rotate/")
        endpoint.refresh_from_db()
        assert endpoint.secret != old
        with django_capture_on_commit_callbacks(execute=True):
            assert client.post(base + "ping/").status_code == 302
        [request] = server.requests
        assert request.json()["event"] == "ping"
    assert WebhookDelivery.objects.get().status == "sent"
    page = client.get(base).content.decode()
    assert "测试推送" in page
    assert "已送达" in page
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {"integration.webhook.update", "integration.webhook.rotate"} <= actions
    assert "integration.webhook.ping" in actions


def test_a_missing_endpoint_is_404(client, people):
    client.force_login(people.sys_admin)
    assert client.get("/integration/webhooks/999999/").status_code == 404
    assert client.post("/integration/webhooks/999999/ping/").status_code == 404


def test_the_menu_shows_the_entry_to_the_system_administrator_only(client, people):
    client.force_login(people.sys_admin)
    assert "对外接口" in client.get("/integration/webhooks/").content.decode()
    from govoa.web.navigation import nav_items

    assert "integration" in [i.key for i in nav_items(people.sys_admin)]
    assert "integration" not in [i.key for i in nav_items(people.sec_admin)]
    assert "integration" not in [i.key for i in nav_items(people.principal)]


def test_the_delivery_list_costs_the_same_however_long(
    client, people, endpoint, django_assert_max_num_queries
):
    client.force_login(people.sys_admin)
    WebhookDelivery.objects.bulk_create(
        WebhookDelivery(endpoint=endpoint, event="ping", payload={}) for _ in range(80)
    )
    with django_assert_max_num_queries(12):
        response = client.get(f"/integration/webhooks/{endpoint.pk}/")
    assert len(response.context["deliveries"]) == 50
