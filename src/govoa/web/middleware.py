"""Turns the errors of ``core.errors`` raised in a screen into a Chinese page with the right
status, so that no known failure becomes a 500."""

from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse

from govoa.core.errors import GovOAError
from govoa.web.context_processors import counts_key
from govoa.web.errors import error_page

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


class ErrorPageMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exc: Exception) -> HttpResponse | None:
        if not isinstance(exc, GovOAError) or request.path.startswith("/api/"):
            return None
        return error_page(request, exc)


class NoStoreMiddleware:
    """``Cache-Control: no-store`` (and ``Pragma: no-cache`` for HTTP/1.0 proxies) on every
    response to an authenticated request, every API response and every download, so that no
    page, answer or file of a 内部 or classified document stays in a browser's cache or on a
    shared proxy after the person leaves the machine (等保: 剩余信息保护).

    Placed right after WhiteNoise: static assets never reach it and keep their caching.
    Overwrites whatever a view set — nothing a person sees after logging in may be cached."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if _private(request, response):
            response["Cache-Control"] = "no-store"
            response["Pragma"] = "no-cache"
        return response


def _private(request: HttpRequest, response: HttpResponse) -> bool:
    if request.path.startswith("/api/") or response.has_header("Content-Disposition"):
        return True
    user = getattr(request, "user", None)
    return user is not None and user.is_authenticated


class CountsInvalidationMiddleware:
    """Forgets the person's cached navigation counts after each of their writes (any request
    that is not GET, HEAD or OPTIONS, whether through a page or the API), so that what they just
    did shows at once. Does nothing while the counts are not cached."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if settings.GOVOA_COUNTS_CACHE_SECONDS > 0 and request.method not in SAFE_METHODS:
            person = getattr(request, "auth", None) or getattr(request, "user", None)
            if person is not None and person.is_authenticated:
                cache.delete(counts_key(person.pk))
        return response
