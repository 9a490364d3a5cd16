"""The HTTP SMS gateway against a real HTTP server on loopback."""

import socket

import pytest
from django.core.exceptions import ImproperlyConfigured

from govoa.notify.sms import HttpGateway, LogGateway, SmsError, get_gateway


def test_posts_json_with_the_token(sms_platform):
    HttpGateway(sms_platform.url, "secret").send("13800000001", "【GovOA】待办：请审核")
    [request] = sms_platform.requests
    assert request["json"] == {"phone": "13800000001", "text": "【GovOA】待办：请审核"}
    assert request["authorization"] == "Bearer secret"
    assert request["content_type"] == "application/json; charset=utf-8"


def test_no_token_no_authorization_header(sms_platform):
    HttpGateway(sms_platform.url).send("13800000001", "测试")
    assert sms_platform.requests[0]["authorization"] == ""


@pytest.mark.parametrize("status", [201, 204])
def test_any_2xx_is_success(sms_platform, status):
    sms_platform.status = status
    HttpGateway(sms_platform.url, "t").send("13800000001", "测试")


@pytest.mark.parametrize("status", [400, 401, 404, 500, 503])
def test_an_error_answer_raises(sms_platform, status):
    sms_platform.status = status
    with pytest.raises(SmsError, match=f"HTTP {status}"):
        HttpGateway(sms_platform.url, "t").send("13800000001", "测试")


def test_a_redirect_is_not_followed(sms_platform):
    sms_platform.status = 302
    sms_platform.location = sms_platform.url + "?again"
    with pytest.raises(SmsError, match="HTTP 302"):
        HttpGateway(sms_platform.url, "t").send("13800000001", "测试")
    assert len(sms_platform.requests) == 1


def test_a_timeout_raises(sms_platform):
    sms_platform.delay = 2.0
    with pytest.raises(SmsError, match="没有响应"):
        HttpGateway(sms_platform.url, "t", timeout=0.2).send("13800000001", "测试")


def test_a_refused_connection_raises():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    # Nothing listens on the port any more.
    with pytest.raises(SmsError, match="无法连接短信平台"):
        HttpGateway(f"http://127.0.0.1:{port}/sms", "t", timeout=2).send("138", "测试")


@pytest.mark.parametrize("url", ["file:///etc/passwd", "ftp://sms.local/", "sms.local/send"])
def test_only_http_urls_are_accepted(url):
    with pytest.raises(ImproperlyConfigured):
        HttpGateway(url, "t")


def test_gateway_is_chosen_by_settings(settings, sms_platform):
    settings.GOVOA_SMS_BACKEND = "log"
    assert isinstance(get_gateway(), LogGateway)
    settings.GOVOA_SMS_BACKEND = "http"
    settings.GOVOA_SMS_URL = sms_platform.url
    settings.GOVOA_SMS_TOKEN = "abc"
    gateway = get_gateway()
    assert isinstance(gateway, HttpGateway)
    assert (gateway.url, gateway.token) == (sms_platform.url, "abc")


def test_bad_settings_are_refused(settings):
    settings.GOVOA_SMS_BACKEND = "http"
    settings.GOVOA_SMS_URL = ""
    with pytest.raises(ImproperlyConfigured, match="GOVOA_SMS_URL"):
        get_gateway()
    settings.GOVOA_SMS_BACKEND = "smtp"
    with pytest.raises(ImproperlyConfigured, match="log 或 http"):
        get_gateway()
