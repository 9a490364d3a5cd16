"""Idle timeout and the forced password change, for every request with a session."""

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

SESSION_KEY = "govoa_last_activity"
# Write the session at most once a minute just to note activity.
_TOUCH_SECONDS = 60


def _wants_json(request: HttpRequest) -> bool:
    return request.path.startswith("/api/")


class IdleTimeoutMiddleware:
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
                logout(request)
                message = f"您已超过 {settings.GOVOA_IDLE_TIMEOUT_MINUTES} 分钟未操作，请重新登录。"
                if _wants_json(request):
                    return JsonResponse(
                        {"error": {"code": "session_expired", "message": message, "fields": {}}},
                        status=401,
                    )
                messages.info(request, message)
                login_url = reverse(settings.LOGIN_URL)
                return redirect(f"{login_url}?{urlencode({'next': request.get_full_path()})}")
            if last is None or now - last > _TOUCH_SECONDS:
                request.session[SESSION_KEY] = now
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
