"""Reads of 发文, always through ``outgoing_documents_visible_q`` (the register through
``outgoing_register_scopes``: the same rule, one condition per source)."""

import datetime
from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Prefetch, QuerySet

from govoa.core import search
from govoa.core.dates import day_start
from govoa.core.errors import NotFound
from govoa.core.paging import TopOfEach
from govoa.flow.models import FlowInstance
from govoa.org.models import Person
from govoa.outgoing.models import (
    CoIssuer,
    Distribution,
    DocumentCategory,
    OutgoingAttachment,
    OutgoingDocument,
    OutgoingVersion,
)
from govoa.outgoing.policies import (
    SUBJECT_TYPE,
    outgoing_documents_visible_q,
    outgoing_register_scopes,
)


@dataclass(frozen=True)
class RegisterFilters:
    year: int | None = None
    status: str = ""
    category_id: int | None = None
    department_id: int | None = None
    classification: int | None = None
    query: str = ""
    created_from: datetime.date | None = None
    created_to: datetime.date | None = None
    numbered_only: bool = False


REGISTER_ORDER = ("-created_at", "-pk")


def outgoing_list(
    *, person: Person, filters: RegisterFilters | None = None
) -> "QuerySet[OutgoingDocument] | TopOfEach":
    """发文登记簿 (a constant number of queries whatever the rows). For someone who sees only
    part of the agency's documents, each source of their 知悉范围 is read in the register's
    order and the sources merged (``TopOfEach``, ADR 0018)."""
    f = filters or RegisterFilters()
    base, scopes = outgoing_register_scopes(person)
    rows: QuerySet[OutgoingDocument] | TopOfEach = OutgoingDocument.objects.filter(base)
    if scopes is not None:
        rows = TopOfEach.of(
            OutgoingDocument.objects.filter(base), scopes, REGISTER_ORDER, _presented
        )
    if f.year:  # the 发文字号's year, or the year drafted if not numbered (ADR 0019)
        rows = rows.filter(register_year=f.year)
    if f.status:
        rows = rows.filter(status=f.status)
    if f.category_id:
        rows = rows.filter(category_id=f.category_id)
    if f.department_id:
        rows = rows.filter(drafting_department_id=f.department_id)
    if f.classification is not None:
        rows = rows.filter(classification=f.classification)
    if f.query:  # title and 发文字号, through the search index
        rows = search.matching(rows, f.query)
    if f.created_from:
        rows = rows.filter(created_at__gte=day_start(f.created_from))
    if f.created_to:
        rows = rows.filter(created_at__lt=day_start(f.created_to + datetime.timedelta(days=1)))
    if f.numbered_only:
        rows = rows.exclude(number="")
    if isinstance(rows, TopOfEach):
        return rows
    return _presented(rows).order_by(*REGISTER_ORDER)


def _presented(rows: QuerySet[OutgoingDocument]) -> QuerySet[OutgoingDocument]:
    return rows.select_related("category", "drafter", "drafting_department", "signed_by")


def outgoing_get_for_person(*, person: Person, pk: int) -> OutgoingDocument:
    # ``get`` orders nothing: the ORDER BY ``first()`` would add (the model's ordering) is
    # compiled against every selected column of the joins (Django hashes each), which cost
    # more CPU than the query itself.
    try:
        return (
            OutgoingDocument.objects.filter(outgoing_documents_visible_q(person), pk=pk)
            # 联合行文: whether it has co-issuers, so that a single agency's reads ask no more.
            .annotate(is_joint=Exists(CoIssuer.objects.filter(document_id=OuterRef("pk"))))
            .select_related(
                "category",
                "drafter",
                "drafting_department",
                "signed_by",
                "printed_by",
                "print_checked_by",
                "sealed_by",
                "agency",
            )
            .prefetch_related(
                "countersign_departments",
                Prefetch("attachments", OutgoingAttachment.objects.select_related("file")),
            )
            .get()
        )
    except OutgoingDocument.DoesNotExist:
        raise NotFound() from None


def attachment_get_for_person(*, person: Person, document_id: int, pk: int) -> OutgoingAttachment:
    document = outgoing_get_for_person(person=person, pk=document_id)
    attachment = document.attachments.filter(pk=pk).select_related("file").first()
    if attachment is None:
        raise NotFound()
    return attachment


def versions_of(document: OutgoingDocument) -> QuerySet[OutgoingVersion]:
    return document.versions.select_related("saved_by").order_by("number")


def distributions_of(document: OutgoingDocument) -> QuerySet[Distribution]:
    """With each distribution's 份号 (the copies it took), in one more query."""
    return document.distributions.select_related("department", "target_agency").prefetch_related(
        "numbered_copies"
    )


def current_instance(document: OutgoingDocument) -> FlowInstance | None:
    return (
        FlowInstance.objects.filter(subject_type=SUBJECT_TYPE, subject_id=document.pk)
        .select_related("template")
        .order_by("-started_at")
        .first()
    )


def categories_for(*, person: Person) -> QuerySet[DocumentCategory]:
    return DocumentCategory.objects.filter(agency_id=person.agency_id, is_active=True)


def outgoing_check_visible(*, person: Person, pk: int) -> OutgoingDocument:
    """The document if the person may see it (else ``NotFound``), with only its own row: for
    a write that loads it again under its lock."""
    try:
        return OutgoingDocument.objects.filter(outgoing_documents_visible_q(person), pk=pk).get()
    except OutgoingDocument.DoesNotExist:
        raise NotFound() from None
