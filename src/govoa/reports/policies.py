"""Who sees the statistics and of which departments. The principal leader, the office head
(督查督办 and 办文 are the office's) and anyone whose head/分管 role is agency-wide see the
whole agency; a department head or deputy leader sees the departments they head or
supervise; everyone else — and the 三员 — none (404). Every figure counts only records the
person's clearance covers, and names (the overdue lists) only records they may open."""

from django.db.models import Q

from govoa.core.vocabulary import Role
from govoa.org.models import Person
from govoa.org.policies import may_handle_business, supervised_department_ids

SEES_AGENCY = (Role.LEADER_PRINCIPAL, Role.OFFICE_HEAD)


def report_departments(person: Person) -> frozenset[int] | None:
    """``None``: every department of the agency; a set: those; empty: no statistics."""
    if not may_handle_business(person):
        return frozenset()
    if any(person.has_role(role) for role in SEES_AGENCY):
        return None
    return supervised_department_ids(person)


def can_view_reports(person: Person) -> bool:
    scope = report_departments(person)
    return scope is None or bool(scope)


def can_issue_bulletin(person: Person) -> bool:
    """督查通报 is drawn up by the office."""
    return may_handle_business(person) and (
        person.has_role(Role.OFFICE_HEAD) or person.has_role(Role.LEADER_PRINCIPAL)
    )


def department_q(person: Person, field: str) -> Q:
    scope = report_departments(person)
    return Q() if scope is None else Q(**{f"{field}__in": scope})


def can_read_bulletins(person: Person) -> bool:
    """The office that issues them and the leaders they are sent to."""
    return may_handle_business(person) and any(
        person.has_role(role)
        for role in (Role.OFFICE_HEAD, Role.LEADER_PRINCIPAL, Role.LEADER_DEPUTY)
    )


def can_triage_feedback(person: Person) -> bool:
    """意见反馈 is triaged by the office (its head)."""
    return may_handle_business(person) and person.has_role(Role.OFFICE_HEAD)


def feedback_visible_q(person: Person) -> Q:
    """One's own feedback; the office head sees the agency's."""
    if not may_handle_business(person):
        return Q(pk__in=[])
    if can_triage_feedback(person):
        return Q(agency_id=person.agency_id)
    return Q(agency_id=person.agency_id, submitted_by_id=person.pk)
