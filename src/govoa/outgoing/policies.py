"""Who sees a 发文 and who may edit or act on it. Visibility follows DESIGN §5: clearance
covers the 密级 AND the person drafted it, holds or held an item of its flow, heads or
supervises its drafting or countersigning department, or is on its distribution; the
registrar, office head and principal leader see all of the agency's; the archivists see
those issued (已发出, due for 归档), read-only."""

from typing import Any

from django.db.models import Q, QuerySet

from govoa.core.paging import Source
from govoa.core.vocabulary import Role
from govoa.flow.policies import (
    document_scopes,
    documents_visible_q,
    participation_sources,
    sees_all_documents,
    visible_ids_q,
)
from govoa.org.models import Person
from govoa.org.policies import may_handle_business, supervised_department_ids
from govoa.outgoing.models import Distribution, OutgoingDocument

SUBJECT_TYPE = "outgoing.outgoingdocument"


def outgoing_documents_visible_q(person: Person) -> Q:
    return documents_visible_q(*outgoing_register_scopes(person))


def outgoing_register_scopes(person: Person) -> tuple[Q, list[Source] | None]:
    """The same 知悉范围 as ``outgoing_documents_visible_q``, for the register
    (``flow.policies.document_scopes``)."""
    return document_scopes(person, _scope, Q(archive_due__isnull=False))


def _scope(person: Person) -> list[Source] | None:
    """Each source of the person's 知悉范围 as a subquery of document ids and as a condition
    on the document (see ``incoming.policies._scope``); ``None``: sees all."""
    supervised = supervised_department_ids(person)
    if supervised is None or sees_all_documents(person):
        return None
    documents = OutgoingDocument.objects

    def own(**column: Any) -> Source:  # a column of the document, indexed in order
        return Source(Q(**column), documents.filter(**column).values("pk"), ordered=True)

    def linked(ids: QuerySet) -> Source:  # rows of another table
        return Source(Q(pk__in=ids), ids)

    parts = [
        own(drafter_id=person.pk),
        *(linked(ids) for ids in participation_sources(person, SUBJECT_TYPE)),
    ]
    if person.department_id:
        # Read from the distribution's own index in the register's order (its copy of the
        # document's created_at, then the document's id): a page of the department's
        # distributions, however many years of them (ADR 0019).
        department = person.department_id
        parts.append(
            Source(
                Q(distributions__department_id=department),
                Distribution.objects.filter(department_id=department).values("document_id"),
                ordered=True,
                order=("-distributions__document_created_at", "-distributions__document_id"),
            )
        )
    # One source per department, each read from (drafting_department, created_at, id).
    parts += [own(drafting_department_id=department) for department in sorted(supervised)]
    if supervised:
        parts.append(
            linked(
                OutgoingDocument.countersign_departments.through.objects.filter(
                    department_id__in=supervised
                ).values("outgoingdocument_id")
            )
        )
    return parts


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
