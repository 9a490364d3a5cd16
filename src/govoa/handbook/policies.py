"""Who sees and does what in 制度与学习. The rules and the post duties are the agency's own
regulations: every business user of the agency reads the published ones; the office head
keeps them (drafts revisions, publishes duties, organises training); revisions under way
and refused ones are seen by the office head and the principal leader (who approves them).
Study and training records: one's own; a department head's department; the office head
and the principal leader the whole agency. The 三员 see none of it."""

from django.db.models import Q

from govoa.core.vocabulary import Role
from govoa.handbook.workflow import VersionStatus
from govoa.org.models import Person
from govoa.org.policies import may_handle_business, supervised_department_ids

VERSION_TYPE = "handbook.ruleversion"
DUTY_TYPE = "handbook.postdutyversion"
NOTHING = Q(pk__in=[])


def can_manage_rules(person: Person) -> bool:
    return may_handle_business(person) and person.has_role(Role.OFFICE_HEAD)


def sees_all_records(person: Person) -> bool:
    return may_handle_business(person) and (
        person.has_role(Role.OFFICE_HEAD) or person.has_role(Role.LEADER_PRINCIPAL)
    )


def rules_visible_q(person: Person) -> Q:
    if not may_handle_business(person):
        return NOTHING
    return Q(agency_id=person.agency_id)


def versions_visible_q(person: Person) -> Q:
    """Published and superseded versions for all; the others for the keepers and approvers."""
    if not may_handle_business(person):
        return NOTHING
    base = Q(rule__agency_id=person.agency_id)
    if sees_all_records(person):
        return base
    public = Q(status__in=[VersionStatus.PUBLISHED, VersionStatus.SUPERSEDED])
    return base & (public | Q(requester_id=person.pk))


def posts_visible_q(person: Person) -> Q:
    return rules_visible_q(person)


def duty_versions_visible_q(person: Person) -> Q:
    """Like the rules' versions: the published lists for all, the others for the keepers and
    approvers and the one who drafted them."""
    if not may_handle_business(person):
        return NOTHING
    base = Q(post__agency_id=person.agency_id)
    if sees_all_records(person):
        return base
    public = Q(status__in=[VersionStatus.PUBLISHED, VersionStatus.SUPERSEDED])
    return base & (public | Q(recorded_by_id=person.pk))


def records_department_ids(person: Person) -> frozenset[int] | None:
    """The departments whose learning records ``person`` reads (None: the whole agency)."""
    if sees_all_records(person):
        return None
    return supervised_department_ids(person)


def records_visible_q(person: Person, *, agency_field: str = "agency_id") -> Q:
    """Study entries and attendance rows: one's own, a supervised department's, or all."""
    if not may_handle_business(person):
        return NOTHING
    base = Q(**{agency_field: person.agency_id})
    departments = records_department_ids(person)
    if departments is None:
        return base
    return base & (Q(person_id=person.pk) | Q(department_id__in=sorted(departments)))


def can_see_department(person: Person, department_id: int) -> bool:
    if not may_handle_business(person):
        return False
    departments = records_department_ids(person)
    return departments is None or department_id in departments


def can_record_study(person: Person) -> bool:
    return may_handle_business(person)


def can_manage_training(person: Person) -> bool:
    return can_manage_rules(person)


def sessions_visible_q(person: Person) -> Q:
    return rules_visible_q(person)
