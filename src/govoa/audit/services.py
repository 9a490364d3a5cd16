"""The one way to write an audit event."""

from collections.abc import Iterable
from typing import Any

from django.db import models
from django.utils import timezone

from govoa.audit.chain import event_digest, json_normalised
from govoa.audit.context import current_context
from govoa.audit.models import AuditEvent, AuditPending, Outcome
from govoa.core.errors import PermissionDenied
from govoa.core.xlsx import workbook_bytes


def audit_record(
    *,
    action: str,
    actor: Any = None,
    obj: models.Model | None = None,
    outcome: str = Outcome.SUCCESS,
    details: dict[str, Any] | None = None,
    agency_id: int | None = None,
    object_type: str = "",
    object_id: str = "",
    object_repr: str = "",
) -> AuditEvent:
    """Record ``action`` (``"<app>.<entity>.<verb>"``) by ``actor`` on ``obj``.

    Call it inside the transaction of the act it records, so that both commit or neither.
    Two INSERTs and no lock: the event, and its digest in the chainer's queue (the scheduler
    chains it within seconds, see ADR 0009)."""
    context = current_context()
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or str(obj.pk)
        object_repr = object_repr or str(obj)[:300]
    if agency_id is None:
        agency_id = getattr(obj, "agency_id", None) or getattr(actor, "agency_id", None)
    event = AuditEvent.objects.create(
        agency_id=agency_id,
        actor_id=getattr(actor, "pk", None),
        actor_name=(getattr(actor, "real_name", "") or str(actor or ""))[:100],
        ip=context.ip,
        action=action,
        object_type=object_type,
        object_id=object_id,
        object_repr=object_repr,
        outcome=outcome,
        # Stored as it reads back, so that the digest taken now is the one verify recomputes.
        details=json_normalised(details or {}),
    )
    AuditPending.objects.create(event=event, digest=event_digest(event))
    return event


def audit_denied(
    *,
    action: str,
    actor: Any,
    reason: str,
    obj: models.Model | None = None,
    agency_id: int | None = None,
) -> PermissionDenied:
    """Record a refused attempt and return the error to raise: ``raise audit_denied(...)``.

    Call it before entering the act's transaction, or the record is rolled back with it."""
    audit_record(
        action=action,
        actor=actor,
        obj=obj,
        outcome=Outcome.DENIED,
        details={"reason": reason},
        agency_id=agency_id,
    )
    return PermissionDenied(reason)


EXPORT_HEADERS = [
    "编号",
    "链序号",
    "时间",
    "操作人",
    "来源地址",
    "事件类型",
    "对象",
    "结果",
    "详情",
]


def audit_events_export_xlsx(*, actor: Any, events: Iterable[AuditEvent], query: str = "") -> bytes:
    """The audit log as XLSX; exporting it is itself recorded."""
    rows = [
        [
            e.pk,
            e.link.seq if hasattr(e, "link") else "",
            timezone.localtime(e.occurred_at).strftime("%Y-%m-%d %H:%M:%S"),
            e.actor_name,
            e.ip,
            e.action,
            e.object_repr,
            e.get_outcome_display(),
            str(e.details),
        ]
        for e in events
    ]
    audit_record(
        action="audit.event.export", actor=actor, details={"rows": len(rows), "query": query[:300]}
    )
    return workbook_bytes([("审计日志", EXPORT_HEADERS, rows)])
