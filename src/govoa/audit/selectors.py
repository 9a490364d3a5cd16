import datetime

from django.db.models import QuerySet

from govoa.audit.models import AuditEvent
from govoa.audit.policies import audit_events_visible_q
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
