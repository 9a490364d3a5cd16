"""The REST API root, ``/api/v1/`` (DESIGN §6). Each app contributes a router."""

import json
import logging
import math
from typing import Any

from django.core.exceptions import SuspiciousOperation
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.http.multipartparser import MultiPartParserError
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.parser import Parser
from ninja.renderers import JSONRenderer

from govoa.accounts.api import router as accounts_router
from govoa.accounts.services import token_authenticate
from govoa.archives.api import router as archives_router
from govoa.core.api import BearerAuth, SessionAuth, error_from, error_payload
from govoa.core.errors import GovOAError
from govoa.core.http import request_error
from govoa.documents.api import router as documents_router
from govoa.equipment.api import router as equipment_router
from govoa.flow.api import router as flow_router
from govoa.handbook.api import router as handbook_router
from govoa.incoming.api import router as incoming_router
from govoa.meetings.api import router as meetings_router
from govoa.notify.api import router as notify_router
from govoa.outgoing.api import router as outgoing_router
from govoa.outgoing.joint_api import router as joint_router
from govoa.reports.api import router as reports_router
from govoa.reports.feedback_api import router as feedback_router
from govoa.seals.api import router as seals_router
from govoa.search.api import router as search_router
from govoa.supervision.api import router as supervision_router
from govoa.supplies.api import router as supplies_router

logger = logging.getLogger("govoa.api")


class ChineseJSONRenderer(JSONRenderer):
    """UTF-8 output, so Chinese text stays readable in the raw responses."""

    json_dumps_params = {"ensure_ascii": False}


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")


def _finite(text: str) -> float:
    number = float(text)
    if not math.isfinite(number):
        raise ValueError(f"{text} is out of range")
    return number


class StrictJSONParser(Parser):
    """JSON as RFC 8259 defines it. Python's reader also takes NaN and Infinity, and reads
    1e400 as infinity, which then reached services through free-form fields (an act's
    ``payload``) and failed there (``int(inf)``). Refused here, they are a 400 like any
    body that cannot be parsed."""

    def parse_body(self, request: HttpRequest) -> Any:
        return json.loads(request.body, parse_constant=_no_constant, parse_float=_finite)


api = NinjaAPI(
    title="GovOA 机关协同办公系统 API",
    version="1",
    description='所有错误均为 {"error": {"code", "message", "fields"}}；'
    "认证方式：浏览器会话（需 CSRF），或 `Authorization: Bearer <令牌>`。",
    urls_namespace="api",
    # Bearer first: a token client has no session, and the session check would refuse it.
    auth=[BearerAuth(token_authenticate), SessionAuth()],
    renderer=ChineseJSONRenderer(),
    parser=StrictJSONParser(),
    docs_url=None,  # the bundled docs page loads scripts from a CDN; intranets have none
)
api.add_router("/", accounts_router)
api.add_router("/", notify_router)
api.add_router("/", flow_router)
api.add_router("/", incoming_router)
api.add_router("/", outgoing_router)
api.add_router("/", joint_router)
api.add_router("/", supplies_router)
api.add_router("/", seals_router)
api.add_router("/", handbook_router)
api.add_router("/", equipment_router)
api.add_router("/", archives_router)
api.add_router("/", supervision_router)
api.add_router("/", meetings_router)
api.add_router("/", search_router)
api.add_router("/", reports_router)
api.add_router("/", feedback_router)
api.add_router("/", documents_router)

_PYDANTIC_MESSAGES = {
    "missing": "此项必填。",
    "string_too_long": "内容过长。",
    "string_too_short": "内容过短。",
    "string_pattern_mismatch": "格式不正确。",
    "int_parsing": "应为整数。",
    "int_type": "应为整数。",
    "bool_parsing": "应为是或否。",
    "date_from_datetime_parsing": "日期格式应为 YYYY-MM-DD。",
    "date_parsing": "日期格式应为 YYYY-MM-DD。",
    "datetime_parsing": "时间格式应为 ISO 8601。",
    "json_invalid": "请求体不是有效的 JSON。",
    "enum": "取值不在允许的范围内。",
    "literal_error": "取值不在允许的范围内。",
    "greater_than_equal": "数值过小。",
    "less_than_equal": "数值过大。",
    "model_attributes_type": "请求体格式不正确。",
    "model_type": "请求体应为 JSON 对象。",
    "dict_type": "请求体格式不正确。",
    "extra_forbidden": "不认识的字段。",
    "list_type": "应为列表。",
    "string_type": "应为文本。",
    "null_character": "不能包含空字符（NUL）。",
}


@api.exception_handler(GovOAError)
def _govoa_error(request: HttpRequest, exc: GovOAError) -> HttpResponse:
    return api.create_response(request, error_from(exc), status=exc.status)


@api.exception_handler(SuspiciousOperation)
def _unreadable_request(request: HttpRequest, exc: SuspiciousOperation) -> HttpResponse:
    """A body too large to read (413), too many fields or files (400): Django refuses to read
    it while the endpoint parses its input."""
    return _govoa_error(request, request_error(exc))


# Where a value came from, and the names our endpoints give their schema parameters: neither
# is part of the field name a client should see.
_SOURCES = {"body", "form", "query", "path", "file", "header", "cookie"}
_PARAMETERS = {"payload", "data", "body", "filters", "query"}


def _field_name(location: list[object]) -> str:
    parts = [str(part) for part in location]
    if parts and parts[0] in _SOURCES:
        parts = parts[1:]
    if parts and parts[0] in _PARAMETERS:  # alone, it is the whole body: "__all__"
        parts = parts[1:]
    return ".".join(parts) or "__all__"


@api.exception_handler(ValidationError)
def _validation_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    fields: dict[str, list[str]] = {}
    for error in exc.errors:
        message = _PYDANTIC_MESSAGES.get(error.get("type", ""), "格式不正确。")
        fields.setdefault(_field_name(list(error.get("loc", []))), []).append(message)
    payload = error_payload("invalid", "提交的内容有误，请按提示修改。", fields)
    return api.create_response(request, payload, status=422)


@api.exception_handler(AuthenticationError)
def _unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    payload = error_payload("unauthenticated", "请先登录，或提供有效的访问令牌。")
    return api.create_response(request, payload, status=401)


@api.exception_handler(Http404)
def _not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return api.create_response(
        request, error_payload("not_found", "对象不存在或您无权查看。"), status=404
    )


@api.exception_handler(HttpError)
def _http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    messages = {
        400: "请求有误。",
        403: "您无权执行此操作。",
        405: "不支持该请求方法。",
        413: "上传的内容过大。",
        415: "不支持的内容类型。",
        429: "请求过于频繁，请稍后再试。",
    }
    message = messages.get(exc.status_code, "请求无法处理。")
    return api.create_response(
        request, error_payload("http_error", message), status=exc.status_code
    )


@api.exception_handler(MultiPartParserError)
def _malformed_multipart(request: HttpRequest, exc: MultiPartParserError) -> HttpResponse:
    """A multipart body Django cannot parse (no boundary, broken framing): the client's
    mistake, not the server's."""
    payload = error_payload("http_error", "请求有误：multipart 请求体格式不正确。")
    return api.create_response(request, payload, status=400)


@api.exception_handler(Exception)
def _unexpected(request: HttpRequest, exc: Exception) -> HttpResponse:
    logger.exception("API 未处理的异常：%s %s", request.method, request.path)
    payload = error_payload("server_error", "系统处理时出错，已记录。请稍后重试或联系系统管理员。")
    return api.create_response(request, payload, status=500)


def unknown_path(request: HttpRequest, rest: str = "") -> HttpResponse:
    """Any ``/api/`` path no endpoint serves: the API's 404, not the HTML page."""
    payload = error_payload("not_found", "接口不存在，请核对地址（见 /api/v1/openapi.json）。")
    return JsonResponse(payload, status=404, json_dumps_params={"ensure_ascii": False})
