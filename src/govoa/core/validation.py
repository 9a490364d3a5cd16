"""Validation and update helpers shared by every service."""

from typing import Any

from django.core.exceptions import ValidationError
from django.db import models

from govoa.core.errors import ValidationFailed

MAX_ID = 2**63 - 1  # the largest primary key (BigAutoField)


def errors_of(exc: ValidationError) -> dict[str, list[str]]:
    if hasattr(exc, "error_dict"):
        return {field: [str(m) for m in messages] for field, messages in exc.message_dict.items()}
    return {"__all__": [str(m) for m in exc.messages]}


def full_clean_or_fail(instance: models.Model, *, exclude: list[str] | None = None) -> None:
    """``full_clean`` that raises ``ValidationFailed`` with the per-field Chinese messages."""
    try:
        instance.full_clean(exclude=exclude)
    except ValidationError as exc:
        raise ValidationFailed(fields=errors_of(exc)) from exc


def model_update(
    instance: models.Model, data: dict[str, Any], *, fields: list[str]
) -> dict[str, list[Any]]:
    """Set the allowed ``fields`` from ``data``; return ``{field: [old, new]}`` of what changed.

    The caller validates and saves (with ``update_fields=list(changes)``) and records the
    changes in the audit log."""
    changes: dict[str, list[Any]] = {}
    for field in fields:
        if field not in data:
            continue
        old, new = getattr(instance, field), data[field]
        if old != new:
            setattr(instance, field, new)
            changes[field] = [_plain(old), _plain(new)]
    return changes


def _plain(value: Any) -> Any:
    if isinstance(value, models.Model):
        return str(value)
    if value is None or isinstance(value, str | int | float | bool):
        return value
    return str(value)


def ids_from(raw: Any, key: str) -> list[int]:
    """Object ids picked in a form or an act's payload (one id, or a list of them), distinct
    and in the order given; anything that is not an id is refused on ``key``."""
    if raw is None or raw == "":
        return []
    values = raw if isinstance(raw, list | tuple) else [raw]
    try:
        ids = [int(str(value).strip()) for value in values if str(value).strip()]
    except ValueError as exc:
        raise ValidationFailed(fields={key: ["选择无效。"]}) from exc
    if any(not 1 <= i <= MAX_ID for i in ids):
        raise ValidationFailed(fields={key: ["选择无效。"]})
    return list(dict.fromkeys(ids))
