"""Who sees and does what with the equipment register. The office head keeps it (registers,
assigns, records checks and data wipes, asks for 送修/报废); the principal leader sees it
whole (and approves, as the template says); everyone else sees the devices they hold. The
三员 see none of it. Clearance: a device goes only to a person cleared for its 密级."""

from django.db.models import Q

from govoa.core.vocabulary import Role
from govoa.org.models import Person
from govoa.org.policies import may_handle_business

DISPOSAL_TYPE = "equipment.disposalrequest"
NOTHING = Q(pk__in=[])


def can_manage_equipment(person: Person) -> bool:
    return may_handle_business(person) and person.has_role(Role.OFFICE_HEAD)


def sees_all_equipment(person: Person) -> bool:
    return may_handle_business(person) and (
        person.has_role(Role.OFFICE_HEAD) or person.has_role(Role.LEADER_PRINCIPAL)
    )


def devices_visible_q(person: Person) -> Q:
    if not may_handle_business(person):
        return NOTHING
    base = Q(agency_id=person.agency_id)
    if sees_all_equipment(person):
        return base
    return base & Q(holder_id=person.pk)


def cleared_for(person: Person, classification: int) -> bool:
    """专人专用 with clearance: the holder's 涉密等级 covers what the device may hold."""
    return person.clearance >= classification
