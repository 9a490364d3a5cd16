"""Error pages: a ``GovOAError`` as a Chinese page with its status (``ErrorPageMiddleware``),
and Django's 400 handler, which also receives the requests it refused to read."""

from django.core.exceptions import SuspiciousOperation
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template.loader import render_to_string

from govoa.core.api import error_from
from govoa.core.errors import GovOAError
from govoa.core.http import BadRequest, is_htmx, request_error


def error_page(request: HttpRequest, exc: GovOAError) -> HttpResponse:
    template = "web/error_fragment.html" if is_htmx(request) else "web/error.html"
    html = render_to_string(template, {"error": exc}, request=request)
    return HttpResponse(html, status=exc.status)


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """``handler400``: a body too large answers 413, too many fields or files 400."""
    error = request_error(exception) if isinstance(exception, SuspiciousOperation) else BadRequest()
    if request.path.startswith("/api/"):
        return JsonResponse(
            error_from(error), status=error.status, json_dumps_params={"ensure_ascii": False}
        )
    return error_page(request, error)
