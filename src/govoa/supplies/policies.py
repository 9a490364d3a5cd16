"""Who sees and does what with 办公用品. The catalogue and balances are open to the agency's
staff (they request from it); the ledger, purchases and stocktakes are the 物品管理员's
and the office's; a requisition is seen by its department (its members and the heads who
supervise it), by those who handled its review, and by the keeper and the office."""

from django.db.models import Q

from govoa.core.vocabulary import Role
from govoa.flow.policies import participation_sources, visible_ids_q
from govoa.org.models import Person
from govoa.org.policies import may_handle_business, supervised_department_ids

REQUISITION_TYPE = "supplies.requisition"
STOCKTAKE_TYPE = "supplies.stocktake"
NOTHING = Q(pk__in=[])


def is_keeper(person: Person) -> bool:
    return may_handle_business(person) and person.has_role(Role.SUPPLIES_KEEPER)


def sees_all_supplies(person: Person) -> bool:
    """The keeper, the office head and the principal leader see every plan and movement."""
    return may_handle_business(person) and (
        person.has_role(Role.SUPPLIES_KEEPER)
        or person.has_role(Role.OFFICE_HEAD)
        or person.has_role(Role.LEADER_PRINCIPAL)
    )


def supply_items_visible_q(person: Person) -> Q:
    if not may_handle_business(person):
        return NOTHING
    return Q(agency_id=person.agency_id)


def can_manage_catalogue(person: Person) -> bool:
    return is_keeper(person)


def can_issue(person: Person) -> bool:
    """领用, 入库, 采购, 验收 and 盘点 are the keeper's."""
    return is_keeper(person)


def can_request(person: Person) -> bool:
    """Any member of staff with a department draws up its plan (拟稿人 is everyone's role)."""
    return (
        may_handle_business(person)
        and person.department_id is not None
        and person.has_role(Role.DRAFTER)
    )


def can_see_reports(person: Person) -> bool:
    return sees_all_supplies(person)


def _department_scope(person: Person, field: str) -> Q:
    supervised = supervised_department_ids(person)
    departments = set(supervised or ())
    if person.department_id:
        departments.add(person.department_id)
    return Q(**{f"{field}__in": sorted(departments)})


def requisitions_visible_q(person: Person) -> Q:
    if not may_handle_business(person):
        return NOTHING
    base = Q(agency_id=person.agency_id)
    if sees_all_supplies(person) or supervised_department_ids(person) is None:
        return base
    taken_part = visible_ids_q(participation_sources(person, REQUISITION_TYPE))
    return base & (_department_scope(person, "department_id") | taken_part)


def movements_visible_q(person: Person) -> Q:
    """The whole ledger for the keeper and the office; a department's own 领用 for its
    people and heads."""
    if not may_handle_business(person):
        return NOTHING
    base = Q(agency_id=person.agency_id)
    if sees_all_supplies(person) or supervised_department_ids(person) is None:
        return base
    return base & (_department_scope(person, "department_id") | Q(receiver_id=person.pk))


def stocktakes_visible_q(person: Person) -> Q:
    if not may_handle_business(person):
        return NOTHING
    base = Q(agency_id=person.agency_id)
    if sees_all_supplies(person):
        return base
    return base & visible_ids_q(participation_sources(person, STOCKTAKE_TYPE))


def can_submit_requisition(person: Person, requisition: object) -> bool:
    return getattr(requisition, "requester_id", None) == person.pk and may_handle_business(person)
