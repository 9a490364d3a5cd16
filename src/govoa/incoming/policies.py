"""Who sees a 收文 (密级 and 知悉范围, DESIGN §5) and who may do what with it.

A person sees a document when their clearance covers its 密级 AND they are in its scope:
the registrar, the office head and the principal leader see all of the agency's; others see
those they registered, handle, read in circulation, supervise (催办人), took part in through
the flow (or were asked to see to, 超期上报), or that concern a department they head or
supervise; the agency's archivists see those handed over for 归档 (read-only: they hold no
item of them)."""

from django.db.models import Q

from govoa.core.vocabulary import Role
from govoa.flow.policies import participation_sources, sees_all_documents, visible_ids_q
from govoa.incoming.models import IncomingDocument
from govoa.org.models import Person
from govoa.org.policies import may_handle_business, supervised_department_ids

SUBJECT_TYPE = "incoming.incomingdocument"


def incoming_documents_visible_q(person: Person) -> Q:
    if not may_handle_business(person):  # inactive, or one of the 三员
        return Q(pk__in=[])
    base = Q(agency_id=person.agency_id, classification__lte=person.clearance)
    supervised = supervised_department_ids(person)
    if supervised is None or sees_all_documents(person):
        return base
    documents = IncomingDocument.objects
    sources = [
        documents.filter(registered_by_id=person.pk).values("pk"),
        documents.filter(handler_id=person.pk).values("pk"),
        documents.filter(supervisor_id=person.pk).values("pk"),
        IncomingDocument.readers.through.objects.filter(person_id=person.pk).values(
            "incomingdocument_id"
        ),
        *participation_sources(person, SUBJECT_TYPE),
    ]
    if supervised:
        sources += [
            documents.filter(lead_department_id__in=supervised).values("pk"),
            IncomingDocument.co_departments.through.objects.filter(
                department_id__in=supervised
            ).values("incomingdocument_id"),
        ]
    scope = visible_ids_q(sources)
    if person.has_role(Role.ARCHIVIST):
        scope |= Q(archive_ready_at__isnull=False)
    return base & scope


def can_register(person: Person) -> bool:
    return person.is_active and person.has_role(Role.REGISTRAR)


def can_manage(person: Person, document: IncomingDocument) -> bool:
    """Attachments after registration, the 催办人: the registrar's and office head's."""
    return (
        person.is_active
        and person.agency_id == document.agency_id
        and (person.has_role(Role.REGISTRAR) or person.has_role(Role.OFFICE_HEAD))
        and person.clearance >= document.classification
    )


def can_decide_extension(person: Person, document: IncomingDocument) -> bool:
    """The leader who gave the instruction (批办领导) decides on an extension."""
    return person.is_active and document.instructed_by_id == person.pk


def can_start_reply(person: Person, document: IncomingDocument) -> bool:
    """拟复文: the 承办人 or a member of the 主办 (承办) department drafts it; the registrar
    and office head may too when no department was charged (a 函 handled without 批办)."""
    if not (
        person.is_active
        and person.agency_id == document.agency_id
        and person.department_id is not None
        and person.clearance >= document.classification
    ):
        return False
    if document.handler_id == person.pk:
        return True
    if document.lead_department_id is not None:
        return person.department_id == document.lead_department_id
    return can_manage(person, document)
