"""The SMS gateway adapter. Agencies send SMS through their own platform (政务短信平台), which
takes an HTTP POST; ``GOVOA_SMS_BACKEND`` chooses ``log`` (send nothing) or ``http``."""

import json
import logging
import urllib.error
import urllib.request
from typing import Any, Protocol
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

logger = logging.getLogger("govoa.notify.sms")

DEFAULT_TIMEOUT = 10.0


class SmsError(Exception):
    """The gateway did not accept the message. The text (Chinese) is kept as the delivery's
    ``last_error``."""


class SmsGateway(Protocol):
    def send(self, phone: str, text: str) -> None: ...


class LogGateway:
    """Writes the message to the log and sends nothing (the default, and for development)."""

    def send(self, phone: str, text: str) -> None:
        logger.info("短信（未实际发送）至 %s：%s", phone, text)


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    """A redirect would turn the POST into a GET without its body: treat it as an error."""

    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


class HttpGateway:
    """POSTs ``{"phone": ..., "text": ...}`` as JSON with ``Authorization: Bearer <token>``.
    Any answer other than 2xx, a timeout or a refused connection raises ``SmsError``."""

    def __init__(self, url: str, token: str = "", *, timeout: float = DEFAULT_TIMEOUT):
        if urlsplit(url).scheme not in {"http", "https"}:
            raise ImproperlyConfigured("GOVOA_SMS_URL 应为 http:// 或 https:// 地址。")
        self.url = url
        self.token = token
        self.timeout = timeout
        self._opener = urllib.request.build_opener(_NoRedirect)

    def send(self, phone: str, text: str) -> None:
        data = json.dumps({"phone": phone, "text": text}, ensure_ascii=False).encode()
        headers = {"Content-Type": "application/json; charset=utf-8"}
        if self.token:
            headers["Authorization"] = f"Bearer {self.token}"
        # S310: the scheme was checked to be http(s) in __init__.
        request = urllib.request.Request(self.url, data=data, headers=headers, method="POST")  # noqa: S310
        try:
            with self._opener.open(request, timeout=self.timeout) as response:
                status = response.status
        except urllib.error.HTTPError as exc:
            raise SmsError(f"短信平台拒绝了请求（HTTP {exc.code}）。") from exc
        except TimeoutError as exc:
            raise SmsError(f"短信平台在 {self.timeout:g} 秒内没有响应。") from exc
        except urllib.error.URLError as exc:
            if isinstance(exc.reason, TimeoutError):
                raise SmsError(f"短信平台在 {self.timeout:g} 秒内没有响应。") from exc
            raise SmsError(f"无法连接短信平台：{exc.reason}") from exc
        except OSError as exc:
            raise SmsError(f"与短信平台通信失败：{exc}") from exc
        if not 200 <= status < 300:
            raise SmsError(f"短信平台返回异常状态（HTTP {status}）。")


def get_gateway() -> SmsGateway:
    """The gateway the settings name (read on every call, so a change needs no restart of
    the code that holds it)."""
    backend = settings.GOVOA_SMS_BACKEND
    if backend == "log":
        return LogGateway()
    if backend == "http":
        if not settings.GOVOA_SMS_URL:
            raise ImproperlyConfigured("GOVOA_SMS_BACKEND 为 http 时必须设置 GOVOA_SMS_URL。")
        return HttpGateway(settings.GOVOA_SMS_URL, settings.GOVOA_SMS_TOKEN)
    raise ImproperlyConfigured(f"GOVOA_SMS_BACKEND 只能是 log 或 http，实际为 {backend!r}。")
