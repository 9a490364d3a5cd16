"""What every app's API shares: authentication, the error format of DESIGN §6, paging."""

from collections.abc import Callable, Sequence
from typing import Annotated, Any

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Field, Schema
from pydantic import BaseModel, ConfigDict
from ninja.security import HttpBearer
from ninja.security.base import AuthBase
from ninja.utils import check_csrf

from govoa.core.errors import GovOAError, PermissionDenied
from govoa.core.validation import MAX_ID

# An object's id in a query or body: a number no database column could hold is refused as
# bad input (422) instead of overflowing in the query.
ObjectId = Annotated[int, Field(ge=1, le=MAX_ID)]


class BodyIn(BaseModel):
    """A JSON request body: an object with only the documented fields.

    Not a ninja ``Schema``: that one reads its fields as attributes of whatever it is given,
    so a list, ``null`` or a number sent for a schema whose fields all have defaults was
    taken as "all defaults" (``[null,null]`` to 催办 made a reminder). A plain pydantic model
    accepts only an object, and ``extra="forbid"`` refuses an unknown (say, misspelt) field
    instead of dropping it silently. Every JSON body schema derives from this one."""

    model_config = ConfigDict(extra="forbid")


class ErrorBody(Schema):
    code: str
    message: str
    fields: dict[str, list[str]] = {}


class ErrorOut(Schema):
    error: ErrorBody


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


class PageQuery(Schema):
    """``?page=&page_size=`` of every list endpoint (filters extend it)."""

    page: int = Field(1, ge=1, le=100_000)
    page_size: int = Field(20, ge=1, le=100)


def paged(
    rows: QuerySet | Sequence, query: PageQuery, present: Callable[[Any], Any]
) -> dict[str, Any]:
    """One page of ``rows`` as ``{items, count, page, page_size}``."""
    start = (query.page - 1) * query.page_size
    return {
        "items": [present(row) for row in rows[start : start + query.page_size]],
        "count": rows.count() if isinstance(rows, QuerySet) else len(rows),
        "page": query.page,
        "page_size": query.page_size,
    }
