"""What the OpenAPI document promises about an operation, for tests of the API contract."""

from functools import lru_cache
from typing import Any


@lru_cache(maxsize=1)
def _document() -> dict[str, Any]:
    from config.api import api

    return api.get_openapi_schema()


def documented_statuses(method: str, path: str) -> set[int]:
    """The statuses the document lists for ``method path`` (``path`` as in the document,
    e.g. ``/api/v1/work-items/{item_id}``)."""
    operation = _document()["paths"][path][method.lower()]
    return {int(code) for code in operation["responses"]}


def assert_documented(response: Any, method: str, path: str) -> None:
    documented = documented_statuses(method, path)
    assert response.status_code in documented, (
        f"{method} {path} answered {response.status_code}, documented: {sorted(documented)}"
    )


def documented_content_types(method: str, path: str, status: int = 200) -> set[str]:
    operation = _document()["paths"][path][method.lower()]
    return set(operation["responses"][status].get("content", {}))
