"""What every app's API shares: authentication, the error format of DESIGN §6, paging."""

import datetime
import re
from collections.abc import Callable, Iterable, Sequence
from functools import cache
from typing import Annotated, Any, get_args

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Field, Schema
from ninja.params import HeaderEx, P
from ninja.security import HttpBearer
from ninja.security.base import AuthBase
from ninja.utils import check_csrf
from pydantic import BaseModel, ConfigDict, ValidationInfo, field_validator
from pydantic_core import PydanticCustomError

from govoa.core import paging
from govoa.core.errors import GovOAError, PermissionDenied, ValidationFailed
from govoa.core.validation import MAX_ID

# The ``Idempotency-Key`` header of a creating request (DESIGN §5): a retried request with
# the same key returns the first record. A short token of visible ASCII, so that it can be
# stored and compared as sent (not cut short, which would let two keys collide).
IdempotencyKey = HeaderEx[
    str,
    P(
        alias="Idempotency-Key",
        max_length=100,
        pattern=r"^[\x21-\x7e]*$",
        description="可选。同一键的重复请求只建立一条记录，返回第一次的结果"
        "（最多 100 个可见 ASCII 字符）。",
    ),
]

# An object's id in a query or body: a number no database column could hold is refused as
# bad input (422) instead of overflowing in the query.
ObjectId = Annotated[int, Field(ge=1, le=MAX_ID)]


def _contains_nul(value: Any) -> bool:
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any(_contains_nul(k) or _contains_nul(v) for k, v in value.items())
    if isinstance(value, list | tuple):
        return any(_contains_nul(v) for v in value)
    return False


def refuse_nul(value: Any) -> Any:
    """No text a client sends may hold a NUL character: PostgreSQL can neither store nor
    compare one (a 500), and no legitimate text contains it."""
    if _contains_nul(value):
        raise PydanticCustomError("null_character", "text must not contain NUL")
    return value


@cache
def _date_kind(model: type[BaseModel], field: str) -> str:
    """ "datetime", "date" or "" for a field of ``model``, from its annotation."""
    annotation = model.model_fields[field].annotation
    kinds = get_args(annotation) or (annotation,)
    if datetime.datetime in kinds:
        return "datetime"
    return "date" if datetime.date in kinds else ""


_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


def refuse_numeric_date(model: type[BaseModel], info: ValidationInfo, value: Any) -> Any:
    """A date is written YYYY-MM-DD (a time in ISO 8601, starting so). Pydantic would
    otherwise read a number, or text of digits, as seconds since 1970: ``?received_to=0``
    meant 1970-01-01."""
    kind = _date_kind(model, info.field_name) if info.field_name else ""
    if not kind or value is None or isinstance(value, datetime.date):
        return value
    if not isinstance(value, str) or not _ISO_DAY.match(value):
        raise PydanticCustomError(f"{kind}_parsing", f"a {kind} is written YYYY-MM-DD…")
    if kind == "date" and not _ISO_DAY.fullmatch(value):
        raise PydanticCustomError("date_parsing", "a date is written YYYY-MM-DD")
    return value


class ParamsIn(Schema):
    """Query parameters or form fields of an endpoint (``Query[...]``, ``Form[...]``)."""

    @field_validator("*", mode="before")
    @classmethod
    def _no_nul(cls, value: Any, info: ValidationInfo) -> Any:
        return refuse_numeric_date(cls, info, refuse_nul(value))


class BodyIn(BaseModel):
    """A JSON request body: an object with only the documented fields.

    Not a ninja ``Schema``: that one reads its fields as attributes of whatever it is given,
    so a list, ``null`` or a number sent for a schema whose fields all have defaults was
    taken as "all defaults" (``[null,null]`` to 催办 made a reminder). A plain pydantic model
    accepts only an object, and ``extra="forbid"`` refuses an unknown (say, misspelt) field
    instead of dropping it silently. Every JSON body schema derives from this one."""

    model_config = ConfigDict(extra="forbid")

    @field_validator("*", mode="before")
    @classmethod
    def _no_nul(cls, value: Any, info: ValidationInfo) -> Any:
        return refuse_numeric_date(cls, info, refuse_nul(value))


class ErrorBody(Schema):
    code: str
    message: str
    fields: dict[str, list[str]] = {}


class ErrorOut(Schema):
    error: ErrorBody


def errors(*statuses: int) -> dict[int, type[ErrorOut]]:
    """``{status: ErrorOut}`` for each error an endpoint can answer, so that its OpenAPI
    entry lists every response it gives (the contract test checks it). The usual reasons:
    400 unparseable JSON; 401 no valid session or token; 403 refused — CSRF, a password to
    change first, the person's role; 404 missing or not visible; 409 the state forbids it;
    413/415 upload too large or of a refused type; 422 invalid input; 503 fonts missing."""
    return dict.fromkeys(statuses, ErrorOut)


def file_answer(description: str, content_types: Iterable[str]) -> dict[str, Any]:
    """``openapi_extra`` of an endpoint that answers with a file: its 200 names the types
    the file can have (the contract test checks each answer's type against them)."""
    binary = {"schema": {"type": "string", "format": "binary"}}
    content = dict.fromkeys(sorted(content_types), binary)
    return {"responses": {200: {"description": description, "content": content}}}


def error_payload(
    code: str, message: str, fields: dict[str, list[str]] | None = None
) -> dict[str, Any]:
    return {"error": {"code": code, "message": message, "fields": fields or {}}}


def error_from(exc: GovOAError) -> dict[str, Any]:
    return error_payload(exc.code, exc.message, exc.fields)


class SessionAuth(AuthBase):
    """The browser's session. CSRF is checked only once a session is known, so a client
    without cookies gets 401, not 403."""

    openapi_type = "apiKey"
    openapi_in = "cookie"
    openapi_name = "sessionid"

    def __call__(self, request: HttpRequest) -> Any:
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return None
        if check_csrf(request) is not None:
            raise PermissionDenied("CSRF 校验失败，请刷新页面后重试。")
        return user


class BearerAuth(HttpBearer):
    """``Authorization: Bearer <token>`` with a personal API token."""

    def __init__(self, authenticate_token: Any):
        self._authenticate_token = authenticate_token
        super().__init__()

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        return self._authenticate_token(token)


class PageQuery(ParamsIn):
    """``?page=&page_size=`` of every list endpoint (filters extend it)."""

    page: int = Field(1, ge=1, le=100_000)
    page_size: int = Field(20, ge=1, le=100)


# How deep a list's pages go: an OFFSET reads every row it skips, so deeper pages would cost
# more with every year of history. Narrow the list with its filters instead (issue 9).
MAX_OFFSET = 10_000


def paged(
    rows: "QuerySet | paging.TopOfEach | Sequence",
    query: PageQuery,
    present: Callable[[Any], Any],
) -> dict[str, Any]:
    """One page of ``rows`` as ``{items, count, count_capped, page, page_size}``. ``count``
    counts at most ``COUNT_CAP`` rows (``count_capped`` says there are more), so the cost
    of a page does not grow with the history behind it."""
    start = (query.page - 1) * query.page_size
    if start >= MAX_OFFSET:
        raise ValidationFailed(
            f"只能翻阅前 {MAX_OFFSET} 条，请用筛选条件缩小范围。", fields={"page": ["页码过大。"]}
        )
    counted = paging.capped_count(rows)
    return {
        "items": [present(row) for row in rows[start : start + query.page_size]],
        "count": min(counted, paging.COUNT_CAP),
        "count_capped": counted > paging.COUNT_CAP,
        "page": query.page,
        "page_size": query.page_size,
    }
