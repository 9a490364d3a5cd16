"""Messaging platforms as notification channels, behind one interface: ``Messenger.send(
address, text)``. 钉钉 (and 政务钉钉 / 专有钉钉 deployments that expose the same open API at their
own address) and 企业微信 send a work notice to the person's account on the platform; the SMS
gateway (``sms.HttpGateway``) sends a text message. Each agency's system administrator
configures them (``ChannelConfig``); nothing about a 秘密+ matter reaches any of them (the rule
is in ``services.notify_each``).

Access tokens are fetched with the app's key and secret and cached until shortly before they
expire (both platforms issue them for 7,200 s)."""

import json
import urllib.error
import urllib.request
from typing import Any, Protocol
from urllib.parse import urlencode, urlsplit

from django.core.cache import cache

from govoa.notify.sms import HttpGateway, SmsError

TIMEOUT = 10.0
TOKEN_SECONDS = 7000


class MessagingError(Exception):
    """The platform did not take the message; the (Chinese) text becomes ``last_error``."""


class Messenger(Protocol):
    def send(self, address: str, text: str) -> None: ...


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


def _call(platform: str, url: str, body: dict[str, Any] | None = None) -> dict[str, Any]:
    """GET (no body) or POST JSON; the platform's JSON answer, or ``MessagingError``."""
    data = json.dumps(body, ensure_ascii=False).encode() if body is not None else None
    headers = {"Content-Type": "application/json; charset=utf-8"} if data else {}
    request = urllib.request.Request(url, data=data, headers=headers)  # noqa: S310 — checked
    try:
        with urllib.request.build_opener(_NoRedirect).open(request, timeout=TIMEOUT) as response:
            raw = response.read()
    except urllib.error.HTTPError as exc:
        raise MessagingError(f"{platform}拒绝了请求（HTTP {exc.code}）。") from exc
    except TimeoutError as exc:
        raise MessagingError(f"{platform}在 {TIMEOUT:g} 秒内没有响应。") from exc
    except urllib.error.URLError as exc:
        raise MessagingError(f"无法连接{platform}：{exc.reason}") from exc
    except OSError as exc:
        raise MessagingError(f"与{platform}通信失败：{exc}") from exc
    try:
        answer = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise MessagingError(f"{platform}的应答无法识别。") from exc
    if not isinstance(answer, dict):
        raise MessagingError(f"{platform}的应答无法识别。")
    if answer.get("errcode", 0) != 0:
        raise MessagingError(
            f"{platform}返回错误 {answer.get('errcode')}：{answer.get('errmsg', '')}"
        )
    return answer


def _checked_base(base_url: str) -> str:
    if urlsplit(base_url).scheme not in {"http", "https"}:
        raise MessagingError("接口地址应为 http:// 或 https:// 地址。")
    return base_url.rstrip("/")


class _TokenMessenger:
    platform = ""
    token_path = ""

    def __init__(self, *, base_url: str, app_key: str, app_secret: str, agent_id: str):
        self.base = _checked_base(base_url)
        self.app_key, self.app_secret, self.agent_id = app_key, app_secret, agent_id

    def _token_query(self) -> dict[str, str]:
        raise NotImplementedError

    def token(self) -> str:
        key = f"govoa:messaging:{self.platform}:{self.base}:{self.app_key}"
        token = cache.get(key)
        if not token:
            answer = _call(
                self.platform, f"{self.base}{self.token_path}?{urlencode(self._token_query())}"
            )
            token = str(answer.get("access_token", ""))
            if not token:
                raise MessagingError(f"{self.platform}没有返回访问令牌。")
            cache.set(key, token, TOKEN_SECONDS)
        return token


class DingTalk(_TokenMessenger):
    """钉钉 工作通知 (``topapi/message/corpconversation/asyncsend_v2``); the address is the
    person's userid on the platform."""

    platform = "钉钉"
    token_path = "/gettoken"  # noqa: S105 — a path, not a password

    def _token_query(self) -> dict[str, str]:
        return {"appkey": self.app_key, "appsecret": self.app_secret}

    def send(self, address: str, text: str) -> None:
        url = f"{self.base}/topapi/message/corpconversation/asyncsend_v2?"
        _call(
            self.platform,
            url + urlencode({"access_token": self.token()}),
            {
                "agent_id": self.agent_id,
                "userid_list": address,
                "msg": {"msgtype": "text", "text": {"content": text}},
            },
        )


class WeCom(_TokenMessenger):
    """企业微信 应用消息 (``cgi-bin/message/send``); the address is the member's UserID."""

    platform = "企业微信"
    token_path = "/cgi-bin/gettoken"  # noqa: S105 — a path, not a password

    def _token_query(self) -> dict[str, str]:
        return {"corpid": self.app_key, "corpsecret": self.app_secret}

    def send(self, address: str, text: str) -> None:
        answer = _call(
            self.platform,
            f"{self.base}/cgi-bin/message/send?" + urlencode({"access_token": self.token()}),
            {
                "touser": address,
                "msgtype": "text",
                "agentid": self.agent_id,
                "text": {"content": text},
            },
        )
        if answer.get("invaliduser"):
            raise MessagingError(f"企业微信中没有该成员：{answer['invaliduser']}")


class Sms:
    """The agency's SMS platform (``sms.HttpGateway``: POST JSON with a bearer token)."""

    def __init__(self, *, base_url: str, app_secret: str, **_: str):
        try:
            self.gateway = HttpGateway(base_url, app_secret)
        except Exception as exc:  # ImproperlyConfigured: a bad address
            raise MessagingError("接口地址应为 http:// 或 https:// 地址。") from exc

    def send(self, address: str, text: str) -> None:
        try:
            self.gateway.send(address, text)
        except SmsError as exc:
            raise MessagingError(str(exc)) from exc


ADAPTERS: dict[str, type[DingTalk] | type[WeCom] | type[Sms]] = {
    "dingtalk": DingTalk,
    "wecom": WeCom,
    "sms": Sms,
}


def messenger(
    channel: str, *, base_url: str, app_key: str = "", app_secret: str = "", agent_id: str = ""
) -> Messenger:
    return ADAPTERS[channel](
        base_url=base_url, app_key=app_key, app_secret=app_secret, agent_id=agent_id
    )
