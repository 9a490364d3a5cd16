"""Who sees and does what with seals. The registry is open to the agency's staff (they ask
for seals from it); the office head keeps it (registers seals, records 交接, asks for
停用/封存/销毁); usage requests are seen by the applicant's department, those who handled
their approval, the seal's custodian, the keepers and the office; only the custodian stamps."""

from django.db.models import Q

from govoa.core.vocabulary import Role
from govoa.flow.policies import participation_sources, visible_ids_q
from govoa.org.models import Person
from govoa.org.policies import may_handle_business, supervised_department_ids

USAGE_TYPE = "seals.sealusage"
CHANGE_TYPE = "seals.sealstatuschange"
NOTHING = Q(pk__in=[])


def can_manage_seals(person: Person) -> bool:
    return may_handle_business(person) and person.has_role(Role.OFFICE_HEAD)


def sees_all_usages(person: Person) -> bool:
    return may_handle_business(person) and (
        person.has_role(Role.OFFICE_HEAD)
        or person.has_role(Role.LEADER_PRINCIPAL)
        or person.has_role(Role.SEAL_KEEPER)
    )


def seals_visible_q(person: Person) -> Q:
    if not may_handle_business(person):
        return NOTHING
    return Q(agency_id=person.agency_id)


def can_request_usage(person: Person) -> bool:
    return (
        may_handle_business(person)
        and person.department_id is not None
        and person.has_role(Role.DRAFTER)
    )


def usages_visible_q(person: Person) -> Q:
    if not may_handle_business(person):
        return NOTHING
    base = Q(agency_id=person.agency_id)
    supervised = supervised_department_ids(person)
    if sees_all_usages(person) or supervised is None:
        return base
    departments = set(supervised)
    if person.department_id:
        departments.add(person.department_id)
    scope = (
        Q(requester_id=person.pk)
        | Q(department_id__in=sorted(departments))
        | Q(seal__custodian_id=person.pk)
        | visible_ids_q(participation_sources(person, USAGE_TYPE))
    )
    return base & scope


def can_see_register(person: Person) -> bool:
    """The 用印登记簿 as a whole (and its exports)."""
    return sees_all_usages(person)
