"""Who sees and does what in 档案管理. The catalogue (目录) is open to the agency's staff
within their clearance: filed records, and the entries of destroyed ones; the archivists keep
the archive (intake, 整理, 归档, 鉴定, 销毁) and read its files; others read files only
through an approved, unexpired electronic loan. Loans are seen by their requester, the
archivists, the office head and those who took part in their approval. The 三员 see nothing."""

from django.db.models import Q

from govoa.archives.workflow import RecordStatus
from govoa.core.vocabulary import Role
from govoa.flow.policies import participation_sources, visible_ids_q
from govoa.org.models import Person
from govoa.org.policies import may_handle_business

LOAN_TYPE = "archives.archiveloan"
DESTRUCTION_TYPE = "archives.destruction"
APPRAISAL_TYPE = "archives.appraisal"
NOTHING = Q(pk__in=[])
# In the catalogue: filed, and after 鉴定 and 销毁 too (the entry survives its files).
CATALOGUED = [RecordStatus.FILED, RecordStatus.TO_DESTROY, RecordStatus.DESTROYED]


def is_archivist(person: Person) -> bool:
    return may_handle_business(person) and person.has_role(Role.ARCHIVIST)


def sees_all_loans(person: Person) -> bool:
    return may_handle_business(person) and (
        person.has_role(Role.ARCHIVIST) or person.has_role(Role.OFFICE_HEAD)
    )


def records_visible_q(person: Person) -> Q:
    if not may_handle_business(person):
        return NOTHING
    base = Q(agency_id=person.agency_id, classification__lte=person.clearance)
    if person.has_role(Role.ARCHIVIST):
        return base
    return base & Q(status__in=CATALOGUED)


def loans_visible_q(person: Person) -> Q:
    if not may_handle_business(person):
        return NOTHING
    base = Q(agency_id=person.agency_id, record__classification__lte=person.clearance)
    if sees_all_loans(person):
        return base
    return base & (
        Q(requester_id=person.pk) | visible_ids_q(participation_sources(person, LOAN_TYPE))
    )


def destructions_visible_q(person: Person) -> Q:
    if not may_handle_business(person):
        return NOTHING
    base = Q(agency_id=person.agency_id)
    if person.has_role(Role.ARCHIVIST) or person.has_role(Role.LEADER_PRINCIPAL):
        return base
    return base & visible_ids_q(participation_sources(person, DESTRUCTION_TYPE))


def can_request_loan(person: Person) -> bool:
    return may_handle_business(person)
