"""Small helpers about the HTTP request."""

import ipaddress
from functools import lru_cache

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils.encoding import escape_uri_path

CONTENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


@lru_cache(maxsize=8)
def _trusted(proxies: tuple[str, ...]) -> tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...]:
    return tuple(ipaddress.ip_network(p, strict=False) for p in proxies)


def _is_trusted(address: str) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in network for network in _trusted(tuple(settings.GOVOA_TRUSTED_PROXIES)))


def client_ip(request: HttpRequest) -> str:
    """The client's address. ``X-Forwarded-For`` is read only when the request comes from a
    trusted proxy (addresses or networks in ``GOVOA_TRUSTED_PROXIES``), and from the right:
    the first address not itself a trusted proxy is the client — anything left of it could
    have been written by the client."""
    remote = request.META.get("REMOTE_ADDR", "") or ""
    if not _is_trusted(remote):
        return remote
    chain = [
        a.strip() for a in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if a.strip()
    ]
    for address in reversed(chain):
        if not _is_trusted(address):
            return address
    return chain[0] if chain else remote


def is_htmx(request: HttpRequest) -> bool:
    return request.headers.get("HX-Request") == "true"


def file_response(
    content: bytes, *, content_type: str, filename: str, inline: bool = False
) -> HttpResponse:
    """A download with a Chinese file name (RFC 5987 encoding)."""
    response = HttpResponse(content, content_type=content_type)
    disposition = "inline" if inline else "attachment"
    response["Content-Disposition"] = f"{disposition}; filename*=UTF-8''{escape_uri_path(filename)}"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def generated_response(content: bytes, *, fmt: str, stem: str) -> HttpResponse:
    """A file the system made (pdf, docx or xlsx): a PDF opens in the browser, to print;
    the others download."""
    return file_response(
        content, content_type=CONTENT_TYPES[fmt], filename=f"{stem}.{fmt}", inline=fmt == "pdf"
    )
