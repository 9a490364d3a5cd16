"""钉钉, 企业微信 and the SMS platform as notification channels, each against a stand-in HTTP
server on loopback that checks the requests as the platform would (key and secret for the
token, the token on each message, the agent and the recipient)."""

import pytest

from govoa.core.vocabulary import Classification
from govoa.notify.configuration import channel_config_save
from govoa.notify.models import Delivery
from govoa.notify.services import notify
from govoa.testing.loopback import stand_in


class DingTalkPlatform:
    """Issues a token for the right AppKey/AppSecret; takes a work notice with that token."""

    def __init__(self):
        self.tokens_issued = 0
        self.notices = []

    def __call__(self, request):
        if request.path == "/gettoken":
            if request.query != {"appkey": "ding-key", "appsecret": "ding-secret"}:
                return 200, {"errcode": 40089, "errmsg": "不合法的corpid或corpsecret"}
            self.tokens_issued += 1
            return 200, {"errcode": 0, "access_token": "tok-ding", "expires_in": 7200}
        if request.path == "/topapi/message/corpconversation/asyncsend_v2":
            if request.query.get("access_token") != "tok-ding":
                return 200, {"errcode": 88, "errmsg": "不合法的access_token"}
            body = request.json()
            if body["agent_id"] != "2001" or body["msg"]["msgtype"] != "text":
                return 200, {"errcode": 400002, "errmsg": "参数错误"}
            self.notices.append(body)
            return 200, {"errcode": 0, "errmsg": "ok", "task_id": len(self.notices)}
        return 404, {}


class WeComPlatform:
    def __init__(self):
        self.messages = []

    def __call__(self, request):
        if request.path == "/cgi-bin/gettoken":
            if request.query != {"corpid": "ww-corp", "corpsecret": "wx-secret"}:
                return 200, {"errcode": 40001, "errmsg": "invalid credential"}
            return 200, {"errcode": 0, "access_token": "tok-wx", "expires_in": 7200}
        if request.path == "/cgi-bin/message/send":
            if request.query.get("access_token") != "tok-wx":
                return 200, {"errcode": 40014, "errmsg": "invalid access_token"}
            body = request.json()
            if body["touser"] == "nobody":
                return 200, {"errcode": 0, "errmsg": "ok", "invaliduser": "nobody"}
            self.messages.append(body)
            return 200, {"errcode": 0, "errmsg": "ok"}
        return 404, {}


def _configure(people, channel, base_url, **fields):
    return channel_config_save(
        actor=people.sys_admin, channel=channel, is_enabled=True, base_url=base_url, **fields
    )


def _notify(people, django_capture_on_commit_callbacks, **kwargs):
    with django_capture_on_commit_callbacks(execute=True):
        notify(
            recipients=[people.staff],
            kind="flow.item.assigned",
            title="待办：关于报送项目的通知",
            body="请于周五前办理。",
            url="/flow/items/1/",
            **kwargs,
        )


def test_dingtalk_work_notice(people, django_capture_on_commit_callbacks):
    platform = DingTalkPlatform()
    with stand_in(platform) as server:
        _configure(
            people,
            "dingtalk",
            server.url,
            app_key="ding-key",
            app_secret="ding-secret",
            agent_id="2001",
        )
        _notify(people, django_capture_on_commit_callbacks)
        _notify(people, django_capture_on_commit_callbacks)
    first, _second = platform.notices
    assert first["userid_list"] == people.staff.username
    content = first["msg"]["text"]["content"]
    assert content.startswith("【GovOA】待办：关于报送项目的通知")
    assert "请于周五前办理。" in content
    assert content.endswith("/flow/items/1/")
    assert platform.tokens_issued == 1  # the token is reused until it expires
    assert set(Delivery.objects.filter(channel="dingtalk").values_list("status", flat=True)) == {
        "sent"
    }


def test_wecom_application_message(people, django_capture_on_commit_callbacks):
    platform = WeComPlatform()
    with stand_in(platform) as server:
        _configure(
            people,
            "wecom",
            server.url,
            app_key="ww-corp",
            app_secret="wx-secret",
            agent_id="1000002",
        )
        _notify(people, django_capture_on_commit_callbacks)
    [message] = platform.messages
    assert message["touser"] == people.staff.username
    assert message["agentid"] == "1000002"
    assert message["msgtype"] == "text"
    assert "关于报送项目的通知" in message["text"]["content"]
    assert Delivery.objects.get(channel="wecom").status == "sent"


def test_sms_through_the_configured_platform(people, django_capture_on_commit_callbacks):
    people.staff.phone = "13800000001"
    people.staff.save()
    with stand_in() as server:
        _configure(people, "sms", server.url + "/sms/send", app_secret="sms-token")
        _notify(people, django_capture_on_commit_callbacks, channels=("inapp", "sms"))
    [request] = server.requests
    assert request.path == "/sms/send"
    assert request.headers["authorization"] == "Bearer sms-token"
    assert request.json()["phone"] == "13800000001"
    assert "关于报送项目的通知" in request.json()["text"]
    assert Delivery.objects.get(channel="sms").status == "sent"


def test_a_platform_refusal_is_recorded_for_retry(people, django_capture_on_commit_callbacks):
    platform = DingTalkPlatform()
    with stand_in(platform) as server:
        _configure(
            people, "dingtalk", server.url, app_key="ding-key", app_secret="wrong", agent_id="2001"
        )
        _notify(people, django_capture_on_commit_callbacks)
    delivery = Delivery.objects.get(channel="dingtalk")
    assert delivery.status == "failed"
    assert "钉钉发送失败" in delivery.last_error
    assert "40089" in delivery.last_error
    assert platform.notices == []


def test_an_unknown_member_is_a_failure(people, django_capture_on_commit_callbacks):
    people.staff.username = "nobody"
    people.staff.save()
    with stand_in(WeComPlatform()) as server:
        _configure(
            people, "wecom", server.url, app_key="ww-corp", app_secret="wx-secret", agent_id="1"
        )
        _notify(people, django_capture_on_commit_callbacks)
    delivery = Delivery.objects.get(channel="wecom")
    assert delivery.status == "failed"
    assert "没有该成员" in delivery.last_error


@pytest.mark.parametrize("level", [Classification.SECRET, Classification.TOP_SECRET])
def test_classified_matters_never_reach_a_platform(
    people, level, django_capture_on_commit_callbacks
):
    people.staff.phone = "13800000001"
    people.staff.save()
    with (
        stand_in(DingTalkPlatform()) as ding,
        stand_in(WeComPlatform()) as wecom,
        stand_in() as sms,
    ):
        _configure(people, "dingtalk", ding.url, app_key="ding-key", app_secret="s", agent_id="1")
        _configure(people, "wecom", wecom.url, app_key="ww-corp", app_secret="s", agent_id="1")
        _configure(people, "sms", sms.url)
        _notify(
            people,
            django_capture_on_commit_callbacks,
            channels=("inapp", "email", "sms", "im"),
            classification=level,
        )
    assert ding.requests == wecom.requests == sms.requests == []
    assert not Delivery.objects.exists()
    assert people.staff.notifications.count() == 1  # the in-app message only


def test_a_disabled_or_other_agencys_platform_is_not_used(
    people, other_agency_person, django_capture_on_commit_callbacks
):
    with stand_in(DingTalkPlatform()) as server:
        channel_config_save(
            actor=people.sys_admin,
            channel="dingtalk",
            is_enabled=False,
            base_url=server.url,
            app_key="ding-key",
            app_secret="ding-secret",
            agent_id="2001",
        )
        _notify(people, django_capture_on_commit_callbacks)
        with django_capture_on_commit_callbacks(execute=True):
            notify(recipients=[other_agency_person], kind="x.y", title="别的机关")
    assert server.requests == []
    assert not Delivery.objects.filter(channel="dingtalk").exists()
