"""Small helpers about the HTTP request: the client's address, file responses, and the
refusal of request bodies too large to read."""

import ipaddress
from functools import lru_cache
from typing import Any

from django.conf import settings
from django.core.exceptions import (
    RequestDataTooBig,
    SuspiciousOperation,
    TooManyFieldsSent,
    TooManyFilesSent,
)
from django.core.files.uploadhandler import FileUploadHandler
from django.http import HttpRequest, HttpResponse

from govoa.core.errors import GovOAError
from govoa.core.filenames import content_disposition

CONTENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "ofd": "application/ofd",
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


# Whatever a file turns out to hold, a browser showing it runs no script, loads nothing and
# is not of this site's origin (its cookies and pages are out of reach).
SANDBOX_CSP = "sandbox; default-src 'none'"


def file_response(
    content: bytes, *, content_type: str, filename: str, inline: bool = False
) -> HttpResponse:
    """A download with a Chinese file name (RFC 6266/5987: an ASCII fallback and the UTF-8
    name), never sniffed as another type, and sandboxed. ``filename`` comes from
    ``core.filenames`` (the agency's naming rule). ``inline`` is for files the system made;
    an upload is always an attachment (``upload_response``)."""
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = content_disposition(filename, inline=inline)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = SANDBOX_CSP
    return response


def upload_response(content: bytes, *, content_type: str, filename: str) -> HttpResponse:
    """A file a person uploaded: downloaded, never opened in the browser as part of the
    site, however it was named or whatever it holds."""
    return file_response(content, content_type=content_type, filename=filename, inline=False)


def generated_response(content: bytes, *, fmt: str, stem: str) -> HttpResponse:
    """A file the system made (pdf, docx or xlsx): a PDF opens in the browser, to print;
    the others download."""
    return file_response(
        content, content_type=CONTENT_TYPES[fmt], filename=f"{stem}.{fmt}", inline=fmt == "pdf"
    )


class RequestTooLarge(GovOAError):
    code = "request_too_large"
    status = 413


class BadRequest(GovOAError):
    code = "bad_request"
    status = 400
    default_message = "请求有误，无法处理。"


class UploadTooLarge(RequestDataTooBig):
    """A multipart body past ``GOVOA_REQUEST_MAX_BYTES`` (raised by ``UploadSizeLimit``)."""


class UploadSizeLimit(FileUploadHandler):
    """First of ``FILE_UPLOAD_HANDLERS``. Django's ``DATA_UPLOAD_MAX_MEMORY_SIZE`` leaves the
    file parts of a multipart body out, so without this a request could send any number of
    gigabytes to temporary files; it is refused from its declared length, before any part
    is received."""

    def handle_raw_input(
        self, input_data: Any, META: dict[str, Any], content_length: int, *args: Any, **kw: Any
    ) -> None:
        if content_length > settings.GOVOA_REQUEST_MAX_BYTES:
            raise UploadTooLarge("multipart body over GOVOA_REQUEST_MAX_BYTES")

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes:
        return raw_data

    def file_complete(self, file_size: int) -> None:
        return None


def _mb(size: int) -> int:
    return size // (1024 * 1024)


def request_error(exc: SuspiciousOperation) -> GovOAError:
    """The error a person sees when Django refuses to read a request's body (or any other
    suspicious request): 413 for a body too large, 400 otherwise, in Chinese."""
    if isinstance(exc, UploadTooLarge):
        limit = _mb(settings.GOVOA_REQUEST_MAX_BYTES)
        return RequestTooLarge(f"一次提交的文件合计超过 {limit} MB。请分几次上传。")
    if isinstance(exc, RequestDataTooBig):
        limit = _mb(settings.DATA_UPLOAD_MAX_MEMORY_SIZE)
        return RequestTooLarge(f"提交的内容超过 {limit} MB，系统无法处理。请精简后重新提交。")
    if isinstance(exc, TooManyFieldsSent):
        return BadRequest(
            f"提交的字段过多（上限 {settings.DATA_UPLOAD_MAX_NUMBER_FIELDS} 个），系统无法处理。"
        )
    if isinstance(exc, TooManyFilesSent):
        return BadRequest(
            f"一次上传的文件过多（上限 {settings.DATA_UPLOAD_MAX_NUMBER_FILES} 个）。请分几次上传。"
        )
    return BadRequest()
