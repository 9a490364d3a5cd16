"""Reads of 收文, always through ``incoming_documents_visible_q`` (the register through
``incoming_register_scopes``: the same rule, one condition per source)."""

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.utils import timezone

from govoa.core import search
from govoa.core.dates import day_start
from govoa.core.errors import NotFound
from govoa.core.paging import TopOfEach
from govoa.documents.models import Reply, ReplyState
from govoa.flow import selectors as flow_selectors
from govoa.flow.models import FlowInstance, WorkItem
from govoa.flow.workflow import ItemStatus
from govoa.incoming.models import ExtensionRequest, IncomingAttachment, IncomingDocument
from govoa.incoming.policies import (
    SUBJECT_TYPE,
    incoming_documents_visible_q,
    incoming_register_scopes,
)
from govoa.incoming.workflow import OPEN_STATUSES
from govoa.org.models import Department, Person


@dataclass(frozen=True)
class RegisterFilters:
    year: int | None = None
    status: str = ""
    source: str = ""
    department_id: int | None = None
    classification: int | None = None
    overdue: bool = False
    received_from: datetime.date | None = None
    received_to: datetime.date | None = None
    query: str = ""


REGISTER_ORDER = ("-year", "-serial")


def incoming_list(
    *, person: Person, filters: RegisterFilters | None = None
) -> "QuerySet[IncomingDocument] | TopOfEach":
    """收文登记簿, newest first (a constant number of queries whatever the rows). For someone
    who sees only part of the agency's documents, the rows of each source of their 知悉范围
    are read in the register's order and merged (``TopOfEach``, ADR 0018): a page reads
    about a page of each source, whatever the department's history."""
    f = filters or RegisterFilters()
    base, scopes = incoming_register_scopes(person)
    rows: QuerySet[IncomingDocument] | TopOfEach = IncomingDocument.objects.filter(base)
    if scopes is not None:
        rows = TopOfEach.of(
            IncomingDocument.objects.filter(base), scopes, REGISTER_ORDER, _presented
        )
    if f.year:
        rows = rows.filter(year=f.year)
    if f.status:
        rows = rows.filter(status=f.status)
    if f.source:
        rows = rows.filter(source_org__contains=f.source)
    if f.department_id:
        # A subquery, not a join: no DISTINCT over every column of every matching row.
        co = IncomingDocument.co_departments.through.objects.filter(
            department_id=f.department_id
        ).values("incomingdocument_id")
        rows = rows.filter(Q(lead_department_id=f.department_id) | Q(pk__in=co))
    if f.classification is not None:
        rows = rows.filter(classification=f.classification)
    if f.overdue:
        rows = rows.filter(deadline__lt=timezone.localdate(), status__in=OPEN_STATUSES)
    if f.received_from:
        rows = rows.filter(received_at__gte=day_start(f.received_from))
    if f.received_to:
        rows = rows.filter(received_at__lt=day_start(f.received_to + datetime.timedelta(days=1)))
    if f.query:  # title, number, 来文单位 and 文号, through the search index
        rows = search.matching(rows, f.query)
    if isinstance(rows, TopOfEach):
        return rows
    return _presented(rows).order_by(*REGISTER_ORDER)


def _presented(rows: QuerySet[IncomingDocument]) -> QuerySet[IncomingDocument]:
    """What a register row shows besides the document's own columns."""
    return rows.select_related("lead_department", "registered_by", "handler").annotate(
        answer_state=_answer_state()
    )


def _answer_state() -> Subquery:
    """The 复文's state, one correlated lookup by the link's index (``documents.Reply``)."""
    return Subquery(
        Reply.objects.filter(question_type=SUBJECT_TYPE, question_id=OuterRef("pk"))
        .exclude(state=ReplyState.WITHDRAWN)
        .values("state")[:1]
    )


def incoming_get_for_person(*, person: Person, pk: int) -> IncomingDocument:
    # ``get`` orders nothing: the ORDER BY ``first()`` would add (the model's ordering) is
    # compiled against every selected column of the joins (Django hashes each), which cost
    # more CPU than the query itself.
    try:
        return (
            IncomingDocument.objects.filter(incoming_documents_visible_q(person), pk=pk)
            .select_related(
                "lead_department",
                "registered_by",
                "received_by",
                "handler",
                "instructed_by",
                "supervisor",
                "duplicate_of",
                "proposed_lead",
                "processing_sheet",
            )
            .prefetch_related(
                "co_departments",
                "readers",
                Prefetch("attachments", IncomingAttachment.objects.select_related("file")),
            )
            .get()
        )
    except IncomingDocument.DoesNotExist:
        raise NotFound() from None


def attachment_get_for_person(*, person: Person, document_id: int, pk: int) -> IncomingAttachment:
    document = incoming_get_for_person(person=person, pk=document_id)
    attachment = (
        IncomingAttachment.objects.select_related("file").filter(document=document, pk=pk).first()
    )
    if attachment is None:
        raise NotFound()
    return attachment


def flow_instances_of(document: IncomingDocument) -> QuerySet[FlowInstance]:
    return FlowInstance.objects.filter(subject_type=SUBJECT_TYPE, subject_id=document.pk).order_by(
        "started_at"
    )


def current_instance(document: IncomingDocument) -> FlowInstance | None:
    return flow_instances_of(document).select_related("template").order_by("-started_at").first()


def open_item_for(
    *, document: IncomingDocument, person: Person, item_id: int | None = None
) -> WorkItem | None:
    """The person's open item on this document (or the one named), if any."""
    return flow_selectors.open_item_for(
        person=person, subject_type=SUBJECT_TYPE, subject_id=document.pk, item_id=item_id
    )


def extensions_of(document: IncomingDocument) -> QuerySet[ExtensionRequest]:
    return document.extensions.select_related("requested_by", "decided_by")


SOURCES_SAMPLE = 2000


def known_sources(*, person: Person, limit: int = 200) -> list[str]:
    """来文单位 of the documents the person may see, most frequent first: the registration
    form's suggestions (a name on a document outside one's 知悉范围 is not shown)."""
    # Among the latest registrations only, so that the form costs the same in year ten as
    # in year one.
    recent = (
        IncomingDocument.objects.filter(incoming_documents_visible_q(person))
        .order_by("-received_at")
        .values("pk")[:SOURCES_SAMPLE]
    )
    rows = (
        IncomingDocument.objects.filter(pk__in=recent)
        .values("source_org")
        .annotate(n=Count("pk"))
        .order_by("-n", "source_org")[:limit]
    )
    return [row["source_org"] for row in rows]


CO_STATUS_LABELS = {
    "waiting": "待分办",
    "pending": "待答复",
    "answered": "已答复",
    "unanswered": "未答复",
}


@dataclass
class CoAnswer:
    """One 协办 department's part, as the 主办 and the 办结 see it."""

    department: Department
    status: str  # waiting (not yet sent) · pending · answered · unanswered (closed without it)
    item: WorkItem | None = None
    materials: list[IncomingAttachment] = field(default_factory=list)

    @property
    def status_label(self) -> str:
        return CO_STATUS_LABELS[self.status]


def co_handling_of(document: IncomingDocument, instance: FlowInstance | None) -> list[CoAnswer]:
    """Each 协办 department with its latest 协办 item and its material (one query for the
    items; the departments and attachments come prefetched with the document)."""
    departments = list(document.co_departments.all())
    if not departments:
        return []
    latest: dict[int, WorkItem] = {}
    if instance is not None:
        items = (
            WorkItem.objects.filter(instance=instance, node_key="co_handle")
            .exclude(status__in=[ItemStatus.FORWARDED, ItemStatus.WITHDRAWN])
            .select_related("assignee", "acted_by", "delegated_from")
            .order_by("pk")
        )
        for found in items:
            if found.department_id:
                latest[found.department_id] = found
    answers = []
    for department in departments:
        item = latest.get(department.pk)
        status = "waiting"
        if item is not None:
            status = {
                ItemStatus.OPEN: "pending",
                ItemStatus.DONE: "answered",
            }.get(ItemStatus(item.status), "unanswered")
        materials = [a for a in document.attachments.all() if a.co_department_id == department.pk]
        answers.append(CoAnswer(department, status, item, materials))
    return answers
