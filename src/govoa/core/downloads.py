"""Download pages (printouts, registers, attachments) that programs fetch too. A browser gets
the login page or an error page as usual; a client that sent an ``Authorization`` header or
asked for JSON (``Accept: application/json``) gets the API's error format instead — never an
HTML page it cannot read, and never a 200 login page in place of the file. Token clients
download through the ``/api/v1/`` endpoints (which authenticate tokens); these pages serve
the browser's session only."""

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse

from govoa.core.api import error_from, error_payload
from govoa.core.errors import GovOAError

View = Callable[..., HttpResponse]


def wants_json(request: HttpRequest) -> bool:
    return "Authorization" in request.headers or "application/json" in request.headers.get(
        "Accept", ""
    )


def _json(payload: dict[str, Any], status: int) -> JsonResponse:
    return JsonResponse(payload, status=status, json_dumps_params={"ensure_ascii": False})


def download_view(view: View) -> View:
    """``login_required`` for a download page, answering program clients in JSON."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        program = wants_json(request)
        if not request.user.is_authenticated:
            if not program:
                return redirect_to_login(request.get_full_path())
            message = (
                "请先登录。接口客户端请使用 /api/v1/ 下的下载接口（Authorization: Bearer 令牌）。"
            )
            return _json(error_payload("unauthenticated", message), 401)
        if not program:
            return view(request, *args, **kwargs)
        try:
            return view(request, *args, **kwargs)
        except GovOAError as exc:
            return _json(error_from(exc), exc.status)
        except Http404:
            return _json(error_payload("not_found", "对象不存在或您无权查看。"), 404)

    return wrapper
