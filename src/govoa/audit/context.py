"""Who and where of the current request, so services need not pass the request around."""

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass


@dataclass(frozen=True)
class RequestContext:
    ip: str = ""
    user_agent: str = ""


_NO_REQUEST = RequestContext()
_current: ContextVar[RequestContext] = ContextVar("audit_request_context", default=_NO_REQUEST)


def current_context() -> RequestContext:
    return _current.get()


@contextmanager
def request_context(ip: str, user_agent: str = "") -> Iterator[None]:
    token = _current.set(RequestContext(ip=ip, user_agent=user_agent[:200]))
    try:
        yield
    finally:
        _current.reset(token)
