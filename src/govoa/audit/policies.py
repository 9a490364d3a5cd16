"""Only the 安全审计员 reads the audit log, and only their own agency's events."""

from django.db.models import Q

from govoa.core.types import RoleHolder
from govoa.core.vocabulary import Role


def can_read_audit(person: RoleHolder) -> bool:
    return bool(getattr(person, "is_active", False)) and person.has_role(Role.AUDIT_ADMIN)


def audit_events_visible_q(person: RoleHolder) -> Q:
    """The agency's events, and the platform's (no agency: e.g. a failed login with an
    unknown name), which concern every agency's auditor."""
    if not can_read_audit(person):
        return Q(pk__in=[])
    return Q(agency_id=person.agency_id) | Q(agency_id__isnull=True)
