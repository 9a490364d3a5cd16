"""Idle timeout, sessions ended by a newer login, the forced password change and the
compulsory two-factor setup of the 三员."""

import hashlib
import time
from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode

from govoa.accounts import twofactor
from govoa.accounts.passwords import must_change_password
from govoa.accounts.services import logout_record
from govoa.accounts.sessions import session_close, session_ended_message
from govoa.core.http import client_ip

SESSION_KEY = "govoa_last_activity"
TWO_FACTOR_OK_KEY = "govoa_2fa_ok"
# Write the session at most once a minute just to note activity.
_TOUCH_SECONDS = 60


def _wants_json(request: HttpRequest) -> bool:
    return request.path.startswith("/api/")


def _signed_out(request: HttpRequest, code: str, message: str) -> HttpResponse:
    """The answer to a request whose session has just ended: 401 in the API's format, or the
    login page with the message."""
    if _wants_json(request):
        return JsonResponse({"error": {"code": code, "message": message, "fields": {}}}, status=401)
    messages.info(request, message)
    login_url = reverse(settings.LOGIN_URL)
    return redirect(f"{login_url}?{urlencode({'next': request.get_full_path()})}")


class IdleTimeoutMiddleware:
    """Ends a session idle for GOVOA_IDLE_TIMEOUT_MINUTES, and tells the owner of a session
    ended by a newer login (``accounts.sessions``) why they are signed out."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            now = time.time()
            last = request.session.get(SESSION_KEY)
            limit = settings.GOVOA_IDLE_TIMEOUT_MINUTES * 60
            if last is not None and now - last > limit:
                logout_record(person=user, reason="idle_timeout")
                session_close(session_key=request.session.session_key)
                logout(request)
                message = f"您已超过 {settings.GOVOA_IDLE_TIMEOUT_MINUTES} 分钟未操作，请重新登录。"
                return _signed_out(request, "session_expired", message)
            if last is None or now - last > _TOUCH_SECONDS:
                request.session[SESSION_KEY] = now
        elif user is not None:
            # A session cookie whose session is gone: was it ended by a newer login?
            cookie = request.COOKIES.get(settings.SESSION_COOKIE_NAME, "")
            if cookie and request.session.session_key is None:
                ended = session_ended_message(session_key=cookie[:40])
                if ended:
                    return _signed_out(request, "session_ended", ended)
        return self.get_response(request)


class PasswordChangeRequiredMiddleware:
    """A person whose password is initial or older than the limit may only change it."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and must_change_password(user):
            allowed = {reverse("accounts:password_change"), reverse("accounts:logout")}
            if request.path not in allowed and not request.path.startswith(settings.STATIC_URL):
                message = "您的密码是初始密码或已超过有效期，请先修改密码。"
                if _wants_json(request):
                    return JsonResponse(
                        {
                            "error": {
                                "code": "password_change_required",
                                "message": message,
                                "fields": {},
                            }
                        },
                        status=403,
                    )
                return redirect("accounts:password_change")
        return self.get_response(request)


class TwoFactorRequiredMiddleware:
    """One of the 三员 without an authenticator may only set one up (after the forced
    password change): their later logins then ask for its code. The flag is kept in the
    session once set up, so the check costs one query per session, not per request."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated or request.session.get(TWO_FACTOR_OK_KEY):
            return self.get_response(request)
        if not twofactor.required_for(user) or twofactor.enabled_for(user):
            request.session[TWO_FACTOR_OK_KEY] = True
            return self.get_response(request)
        allowed = {
            reverse("accounts:two_factor"),
            reverse("accounts:password_change"),
            reverse("accounts:logout"),
        }
        if request.path in allowed or request.path.startswith(settings.STATIC_URL):
            return self.get_response(request)
        message = "三员账户必须启用两步验证，请先完成设置。"
        if _wants_json(request):
            return JsonResponse(
                {"error": {"code": "two_factor_required", "message": message, "fields": {}}},
                status=403,
            )
        return redirect("accounts:two_factor")


class ApiRateLimitMiddleware:
    """At most GOVOA_API_RATE_PER_MINUTE API requests per client and minute (per token, else
    per session, else per IP), counted in the cache: shared by every process with Redis or
    in the embedded setup, per process otherwise. Over the limit: 429 in the API's format."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        limit = int(settings.GOVOA_API_RATE_PER_MINUTE)
        if limit > 0 and _wants_json(request):
            client = (
                request.headers.get("Authorization", "")
                or request.COOKIES.get(settings.SESSION_COOKIE_NAME, "")
                or client_ip(request)
            )
            minute = int(time.time() // 60)
            key = f"govoa:api-rate:{hashlib.sha256(client.encode()).hexdigest()[:32]}:{minute}"
            cache.add(key, 0, 120)
            try:
                count = cache.incr(key)
            except ValueError:  # evicted between add and incr
                count = 1
            if count > limit:
                response = JsonResponse(
                    {
                        "error": {
                            "code": "rate_limited",
                            "message": f"请求过于频繁：每分钟最多 {limit} 次，请稍后再试。",
                            "fields": {},
                        }
                    },
                    status=429,
                )
                response["Retry-After"] = str(60 - int(time.time()) % 60)
                return response
        return self.get_response(request)
