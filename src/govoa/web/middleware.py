"""Turns the errors of ``core.errors`` raised in a screen into a Chinese page with the right
status, so that no known failure becomes a 500."""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from govoa.core.errors import GovOAError
from govoa.web.errors import error_page


class ErrorPageMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exc: Exception) -> HttpResponse | None:
        if not isinstance(exc, GovOAError) or request.path.startswith("/api/"):
            return None
        return error_page(request, exc)
