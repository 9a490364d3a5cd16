from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from govoa.audit.context import request_context
from govoa.core.http import client_ip


class AuditContextMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        with request_context(client_ip(request), request.headers.get("User-Agent", "")):
            return self.get_response(request)
