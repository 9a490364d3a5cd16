"""Who sees a 发文 and who may edit or act on it. Visibility follows DESIGN §5: clearance
covers the 密级 AND the person drafted it, holds or held an item of its flow, heads or
supervises its drafting or countersigning department, or is on its distribution; the
registrar, office head and principal leader see all of the agency's; the archivists see
those issued (已发出, due for 归档), read-only."""

from django.db.models import Q

from govoa.core.vocabulary import Role
from govoa.flow.policies import participation_sources, sees_all_documents, visible_ids_q
from govoa.org.models import Person
from govoa.org.policies import may_handle_business, supervised_department_ids
from govoa.outgoing.models import Distribution, OutgoingDocument

SUBJECT_TYPE = "outgoing.outgoingdocument"


def outgoing_documents_visible_q(person: Person) -> Q:
    if not may_handle_business(person):  # inactive, or one of the 三员
        return Q(pk__in=[])
    base = Q(agency_id=person.agency_id, classification__lte=person.clearance)
    supervised = supervised_department_ids(person)
    if supervised is None or sees_all_documents(person):
        return base
    documents = OutgoingDocument.objects
    sources = [
        documents.filter(drafter_id=person.pk).values("pk"),
        *participation_sources(person, SUBJECT_TYPE),
    ]
    if person.department_id:
        sources.append(
            Distribution.objects.filter(department_id=person.department_id).values("document_id")
        )
    if supervised:
        sources += [
            documents.filter(drafting_department_id__in=supervised).values("pk"),
            OutgoingDocument.countersign_departments.through.objects.filter(
                department_id__in=supervised
            ).values("outgoingdocument_id"),
        ]
    scope = visible_ids_q(sources)
    if person.has_role(Role.ARCHIVIST):
        scope |= Q(archive_due__isnull=False)
    return base & scope


def can_draft(person: Person) -> bool:
    """Everyone but the 三员 drafts (拟稿人 is every member of staff's role)."""
    return person.is_active and person.department_id is not None and person.has_role(Role.DRAFTER)


def can_manage_numbers(person: Person) -> bool:
    return person.is_active and person.has_role(Role.REGISTRAR)


def can_receive_for(person: Person, distribution: Distribution) -> bool:
    """签收 of an internal copy: the department's head or the agency's registrar."""
    if not person.is_active or distribution.department_id is None:
        return False
    return person.has_role(Role.REGISTRAR) or person.has_role(
        Role.DEPT_HEAD, department_id=distribution.department_id
    )


JOINT_SUBJECT_TYPE = "outgoing.jointcountersign"


def joint_countersigns_visible_q(person: Person) -> Q:
    """A 会签 request of 联合行文, seen in the co-issuing agency: clearance covers its 密级 AND
    the person handles or handled it, or sees all of the agency's documents (registrar,
    office head, principal leader). The lead's people follow it on their own 发文."""
    if not may_handle_business(person):
        return Q(pk__in=[])
    base = Q(agency_id=person.agency_id, classification__lte=person.clearance)
    if sees_all_documents(person):
        return base
    return base & visible_ids_q(participation_sources(person, JOINT_SUBJECT_TYPE))
