"""Idle timeout, sessions ended by a newer login, and the forced password change."""

import time
from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode

from govoa.accounts.passwords import must_change_password
from govoa.accounts.services import logout_record
from govoa.accounts.sessions import session_close, session_ended_message

SESSION_KEY = "govoa_last_activity"
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
