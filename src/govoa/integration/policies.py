"""Who configures the connections to other systems: the agency's system administrator (one of
the 三员). The screens show addresses, events and delivery states — never a document."""

from govoa.core.vocabulary import Role
from govoa.org.models import Person


def can_manage_integration(person: Person) -> bool:
    return person.is_active and person.agency_id is not None and person.has_role(Role.SYS_ADMIN)
