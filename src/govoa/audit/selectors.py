import datetime
from dataclasses import dataclass

from django.db.models import QuerySet

from govoa.audit.checkpoints import SignedHead, latest_in_file
from govoa.audit.models import AuditCheckpoint, AuditEvent
from govoa.audit.policies import audit_events_visible_q, can_read_audit
from govoa.core.dates import day_start
from govoa.core.errors import NotFound
from govoa.core.types import RoleHolder


def audit_event_list(
    *,
    person: RoleHolder,
    since: datetime.date | None = None,
    until: datetime.date | None = None,
    actor: str = "",
    action: str = "",
    outcome: str = "",
) -> QuerySet[AuditEvent]:
    qs = AuditEvent.objects.filter(audit_events_visible_q(person))
    if since:
        qs = qs.filter(occurred_at__gte=day_start(since))
    if until:
        qs = qs.filter(occurred_at__lt=day_start(until + datetime.timedelta(days=1)))
    if actor:
        qs = qs.filter(actor_name__contains=actor)
    if action:
        qs = qs.filter(action__startswith=action)
    if outcome:
        qs = qs.filter(outcome=outcome)
    return qs.select_related("link").order_by("-occurred_at", "-pk")


def audit_event_get_for_person(*, person: RoleHolder, pk: int) -> AuditEvent:
    event = audit_event_list(person=person).filter(pk=pk).first()
    if event is None:
        raise NotFound()
    return event


@dataclass(frozen=True)
class CheckpointPage:
    checkpoints: list[AuditCheckpoint]
    older_than: int | None  # the ``before`` of the next page, None on the last one
    latest_in_file: SignedHead | None


def audit_checkpoint_page(
    *, person: RoleHolder, before: int | None = None, size: int = 50
) -> CheckpointPage:
    """Checkpoints latest first, ``size`` at a time, paged by key (``seq < before``); and the
    last line of the checkpoint file, the copy outside the database."""
    if not can_read_audit(person):
        return CheckpointPage([], None, None)
    rows = AuditCheckpoint.objects.order_by("-seq")
    if before is not None:
        rows = rows.filter(seq__lt=before)
    page = list(rows[: size + 1])
    older_than = page[size - 1].seq if len(page) > size else None
    return CheckpointPage(page[:size], older_than, latest_in_file())
