"""Reads of 档案管理, always through the policies' ``*_visible_q``; lists page by keyset and
never count history."""

import dataclasses

from django.db.models import Count, Exists, OuterRef, QuerySet

from govoa.archives import policies
from govoa.archives.models import Appraisal, ArchiveLoan, ArchiveRecord, Destruction
from govoa.archives.sources import SOURCES, Candidate
from govoa.archives.workflow import AppraisalStatus, RecordStatus
from govoa.core import search
from govoa.core.errors import NotFound
from govoa.org.models import Person
from govoa.org.policies import may_handle_business


@dataclasses.dataclass(frozen=True)
class RecordFilters:
    reference_code: str = ""
    year: int | None = None
    class_code: str = ""
    title: str = ""
    responsible: str = ""
    status: str = ""


def record_list(
    *, person: Person, filters: RecordFilters = RecordFilters(), after: int | None = None
) -> QuerySet[ArchiveRecord]:
    records = ArchiveRecord.objects.filter(policies.records_visible_q(person))
    if filters.reference_code:
        records = records.filter(reference_code__startswith=filters.reference_code.strip())
    if filters.year:
        records = records.filter(year=filters.year)
    if filters.class_code:
        records = records.filter(class_code=filters.class_code)
    if filters.title:  # the words of 题名, 文号 and 档号, through the index (ADR 0019)
        records = search.matching(records, filters.title)
    if filters.responsible:
        records = records.filter(responsible__icontains=filters.responsible.strip())
    if filters.status:
        records = records.filter(status=filters.status)
    if after:
        records = records.filter(pk__lt=after)
    return records.select_related("department").order_by("-pk")


def record_get_for_person(*, person: Person, pk: int) -> ArchiveRecord:
    record = ArchiveRecord.objects.filter(policies.records_visible_q(person), pk=pk).first()
    if record is None:
        raise NotFound()
    return record


def catalogue(*, person: Person, year: int, class_code: str = "") -> QuerySet[ArchiveRecord]:
    """归档文件目录 of a year (or one class): filed and destroyed records in 档号 order."""
    records = ArchiveRecord.objects.filter(
        policies.records_visible_q(person),
        year=year,
        item_number__isnull=False,
    )
    if class_code:
        records = records.filter(class_code=class_code)
    return records.order_by("class_code", "item_number")


def intake_queue(*, person: Person, limit: int = 50) -> list[Candidate]:
    """Finished items not yet taken into the archive, newest first, per source."""
    if not policies.is_archivist(person):
        return []
    found: list[Candidate] = []
    for subject_type, source in SOURCES.items():
        taken = ArchiveRecord.objects.filter(
            agency_id=person.agency_id, source_type=subject_type, source_id=OuterRef("pk")
        )
        items = (
            source.finished(person.agency_id)
            .filter(classification__lte=person.clearance)
            .filter(~Exists(taken))
            .order_by(source.order_field, "-pk")[:limit]
        )
        found += [source.candidate(item) for item in items]
    return found


def records_to_arrange(*, person: Person) -> QuerySet[ArchiveRecord]:
    """Taken in, not yet filed (待整理、已分类), oldest first (capped by the caller)."""
    return (
        record_list(person=person)
        .filter(status__in=[RecordStatus.RECEIVED, RecordStatus.CLASSIFIED])
        .order_by("pk")
    )


def expired_records(*, person: Person, year: int) -> QuerySet[ArchiveRecord]:
    """Filed records whose 保管期限 ended before ``year`` (鉴定 is due)."""
    return (
        ArchiveRecord.objects.filter(policies.records_visible_q(person))
        .filter(status=RecordStatus.FILED, keep_until__lt=year)
        .order_by("keep_until", "class_code", "item_number")
    )


def records_to_destroy(*, person: Person) -> QuerySet[ArchiveRecord]:
    return (
        ArchiveRecord.objects.filter(policies.records_visible_q(person))
        .filter(status=RecordStatus.TO_DESTROY)
        .order_by("class_code", "item_number")
    )


def loan_list(
    *, person: Person, after: int | None = None, status: str = ""
) -> QuerySet[ArchiveLoan]:
    loans = ArchiveLoan.objects.filter(policies.loans_visible_q(person))
    if status:
        loans = loans.filter(status=status)
    if after:
        loans = loans.filter(pk__lt=after)
    return loans.select_related("record", "requester", "approved_by").order_by("-pk")


def loan_get_for_person(*, person: Person, pk: int) -> ArchiveLoan:
    loan = loan_list(person=person).filter(pk=pk).first()
    if loan is None:
        raise NotFound()
    return loan


def destruction_list(*, person: Person) -> QuerySet[Destruction]:
    return Destruction.objects.filter(policies.destructions_visible_q(person)).order_by("-pk")


def destruction_get_for_person(*, person: Person, pk: int) -> Destruction:
    found = destruction_list(person=person).filter(pk=pk).first()
    if found is None:
        raise NotFound()
    return found


def appraisals_open(*, person: Person) -> QuerySet[Appraisal]:
    """鉴定 still being voted on, in the caller's 密级, oldest first (the archivist's page)."""
    return (
        Appraisal.objects.filter(
            agency_id=person.agency_id,
            status=AppraisalStatus.VOTING,
            record__classification__lte=person.clearance,
        )
        .select_related("record")
        .annotate(
            vote_count=Count("votes", distinct=True),
            member_count=Count("committee", distinct=True),
        )
        .order_by("pk")
    )


def appraisal_get_for_person(*, person: Person, pk: int) -> Appraisal:
    """A 鉴定 for its committee's members and the archivist, in their 密级; else 404 (the
    三员 never)."""
    if not may_handle_business(person):
        raise NotFound()
    found = (
        Appraisal.objects.filter(
            pk=pk, agency_id=person.agency_id, record__classification__lte=person.clearance
        )
        .select_related("record", "recorded_by")
        .first()
    )
    if found is None:
        raise NotFound()
    if not policies.is_archivist(person) and not found.committee.filter(pk=person.pk).exists():
        raise NotFound()
    return found
