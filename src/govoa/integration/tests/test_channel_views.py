"""The 消息渠道 screen: system administrator only; secrets never shown again; bad input refused
with a Chinese message and nothing saved; a test message through a stand-in platform."""

import pytest

from govoa.audit.models import AuditEvent
from govoa.core.vocabulary import Role
from govoa.notify.models import ChannelConfig
from govoa.testing.factories import grant
from govoa.testing.loopback import stand_in
from govoa.testing.permissions import Matrix


def test_only_the_system_administrator(client, people, other_agency_person):
    for outsider in [people.sec_admin, people.audit_admin, people.registrar, people.principal]:
        Matrix("/integration/channels/", out_of_scope_status=403).check(
            client, in_scope=people.sys_admin, out_of_scope=outsider
        )
        client.force_login(outsider)
        response = client.post(
            "/integration/channels/dingtalk/", {"dingtalk-base_url": "https://x.example"}
        )
        assert response.status_code == 403
    grant(other_agency_person, Role.SYS_ADMIN)
    client.force_login(other_agency_person)
    assert client.get("/integration/channels/").status_code == 200
    assert not ChannelConfig.objects.exists()


def test_save_keeps_the_secret_hidden(client, people):
    client.force_login(people.sys_admin)
    data = {
        "wecom-is_enabled": "on",
        "wecom-base_url": "https://qyapi.weixin.qq.com",
        "wecom-app_key": "ww-corp",
        "wecom-app_secret": "very-secret-value",
        "wecom-agent_id": "1000002",
    }
    assert client.post("/integration/channels/wecom/", data).status_code == 302
    config = ChannelConfig.objects.get()
    assert (config.channel, config.is_enabled, config.app_secret) == (
        "wecom",
        True,
        "very-secret-value",
    )
    page = client.get("/integration/channels/").content.decode()
    assert "very-secret-value" not in page
    # Saving again without a secret keeps it.
    data["wecom-app_secret"] = ""
    data["wecom-agent_id"] = "1000003"
    assert client.post("/integration/channels/wecom/", data).status_code == 302
    config.refresh_from_db()
    assert (config.app_secret, config.agent_id) == ("very-secret-value", "1000003")
    event = AuditEvent.objects.filter(action="notify.channel.configure").last()
    assert "very-secret-value" not in str(event.details)


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"dingtalk-base_url": "ftp://oapi"}, "base_url"),
        (
            {"dingtalk-base_url": "https://oapi.dingtalk.com", "dingtalk-is_enabled": "on"},
            "app_key",
        ),
        ({"dingtalk-base_url": ""}, "base_url"),
    ],
)
def test_bad_settings_are_refused(client, people, data, field):
    client.force_login(people.sys_admin)
    response = client.post("/integration/channels/dingtalk/", data)
    assert response.status_code in (400, 422)
    form = next(row[3] for row in response.context["rows"] if row[1] == "dingtalk")
    assert field in form.errors
    assert not ChannelConfig.objects.exists()


def test_an_unknown_channel_is_404(client, people):
    client.force_login(people.sys_admin)
    assert client.post("/integration/channels/telegram/", {}).status_code == 404
    assert client.post("/integration/channels/telegram/try/", {}).status_code == 404


def test_a_test_message_reports_the_platforms_answer(client, people):
    client.force_login(people.sys_admin)
    with stand_in(lambda r: (200, {"errcode": 0, "access_token": "t"})) as server:
        client.post(
            "/integration/channels/dingtalk/",
            {
                "dingtalk-is_enabled": "on",
                "dingtalk-base_url": server.url,
                "dingtalk-app_key": "k",
                "dingtalk-app_secret": "s",
                "dingtalk-agent_id": "1",
            },
        )
        ok = client.post("/integration/channels/dingtalk/try/", {"dingtalk-address": "zhangsan"})
        assert ok.status_code == 302
        send = server.requests[-1]
        assert send.json()["userid_list"] == "zhangsan"
        server.answer = lambda r: (200, {"errcode": 88, "errmsg": "不合法的access_token"})
        failed = client.post(
            "/integration/channels/dingtalk/try/", {"dingtalk-address": "zhangsan"}
        )
    assert failed.status_code == 422
    assert "测试消息未能发出" in failed.content.decode()
    assert "88" in failed.content.decode()
    outcomes = list(
        AuditEvent.objects.filter(action="notify.channel.try").values_list("outcome", flat=True)
    )
    assert outcomes == ["success", "failure"]
