"""Who sees a 收文 (密级 and 知悉范围, DESIGN §5) and who may do what with it.

A person sees a document when their clearance covers its 密级 AND they are in its scope:
the registrar, the office head and the principal leader see all of the agency's; others see
those they registered, handle, read in circulation, supervise (催办人), took part in through
the flow (or were asked to see to, 超期上报), or that concern a department they head or
supervise; the agency's archivists see those handed over for 归档 (read-only: they hold no
item of them)."""

from typing import Any

from django.db.models import Q, QuerySet

from govoa.core.paging import Source
from govoa.core.vocabulary import Role
from govoa.flow.policies import (
    document_scopes,
    documents_visible_q,
    participation_sources,
    sees_all_documents,
)
from govoa.incoming.models import IncomingDocument
from govoa.org.models import Person
from govoa.org.policies import supervised_department_ids

SUBJECT_TYPE = "incoming.incomingdocument"


def incoming_documents_visible_q(person: Person) -> Q:
    return documents_visible_q(*incoming_register_scopes(person))


def incoming_register_scopes(person: Person) -> tuple[Q, list[Source] | None]:
    """The same 知悉范围 as ``incoming_documents_visible_q``, for the register
    (``flow.policies.document_scopes``)."""
    return document_scopes(person, _scope, Q(archive_ready_at__isnull=False))


def _scope(person: Person) -> list[Source] | None:
    """Each source of the person's 知悉范围 twice: as a subquery of document ids (for one
    document's check, a semi-join over their UNION) and as a condition on the document
    (for the register). ``None`` when the person sees all of the agency's."""
    supervised = supervised_department_ids(person)
    if supervised is None or sees_all_documents(person):
        return None
    documents = IncomingDocument.objects

    def own(**column: Any) -> Source:  # a column of the document, indexed in order
        return Source(Q(**column), documents.filter(**column).values("pk"), ordered=True)

    def linked(ids: QuerySet) -> Source:  # rows of another table
        return Source(Q(pk__in=ids), ids)

    parts = [
        own(registered_by_id=person.pk),
        own(handler_id=person.pk),
        own(supervisor_id=person.pk),
        linked(
            IncomingDocument.readers.through.objects.filter(person_id=person.pk).values(
                "incomingdocument_id"
            )
        ),
        *(linked(ids) for ids in participation_sources(person, SUBJECT_TYPE)),
    ]
    # One source per department, each read from (lead_department, year, serial).
    parts += [own(lead_department_id=department) for department in sorted(supervised)]
    if supervised:
        parts.append(
            linked(
                IncomingDocument.co_departments.through.objects.filter(
                    department_id__in=supervised
                ).values("incomingdocument_id")
            )
        )
    return parts


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
