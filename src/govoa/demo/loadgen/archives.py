"""档案 in the generated agency: the finished 收文 and issued 发文 of past years filed as
件 (inserted in bulk, numbered per class in date order, the 档号 from the agency's pattern),
so that the catalogue, its search and the API are measured on years of records.

Simplification: the generated records carry no files (their documents' files are the
prototypes' own); the catalogue, the search and the API read the record rows only."""

import datetime
from collections.abc import Iterator
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from govoa.archives.models import ArchiveRecord, ArchiveSettings
from govoa.archives.numbering import class_code, reference_code
from govoa.archives.services.filing import keep_until
from govoa.archives.workflow import DEFAULT_RETENTION, FALLBACK_RETENTION, RecordStatus
from govoa.core.vocabulary import Role
from govoa.demo.loadgen.agency import Org
from govoa.incoming.models import IncomingDocument
from govoa.org.models import Department, RoleAssignment
from govoa.outgoing.models import OutgoingDocument

BATCH = 2_000


def _year_rows(org: Org, year: int) -> list[dict[str, Any]]:
    """Both modules' finished documents of ``year`` (by 成文/签发日期), in date order."""
    incoming = IncomingDocument.objects.filter(agency=org.agency, status="completed").filter(
        Q(written_on__year=year) | Q(written_on__isnull=True, received_at__year=year)
    )
    rows = [
        {
            "source_type": "incoming.incomingdocument",
            "source_label": "收文",
            "pk": row["pk"],
            "title": row["title"],
            "doc_number": row["source_number"],
            "responsible": row["source_org"],
            "doc_type": row["doc_type"],
            "date": row["written_on"] or timezone.localdate(row["received_at"]),
            "classification": row["classification"],
            "department_id": row["lead_department_id"] or org.office,
        }
        for row in incoming.values(
            "pk",
            "title",
            "source_number",
            "source_org",
            "doc_type",
            "written_on",
            "received_at",
            "classification",
            "lead_department_id",
        ).iterator(chunk_size=BATCH)
    ]
    outgoing = OutgoingDocument.objects.filter(
        agency=org.agency, status="issued", signed_at__year=year
    ).values(
        "pk", "title", "number", "doc_type", "signed_at", "classification", "drafting_department_id"
    )
    rows += [
        {
            "source_type": "outgoing.outgoingdocument",
            "source_label": "发文",
            "pk": row["pk"],
            "title": row["title"],
            "doc_number": row["number"],
            "responsible": org.agency.name,
            "doc_type": row["doc_type"],
            "date": timezone.localdate(row["signed_at"]),
            "classification": row["classification"],
            "department_id": row["drafting_department_id"],
        }
        for row in outgoing.iterator(chunk_size=BATCH)
    ]
    return sorted(rows, key=lambda r: (r["date"], r["title"], r["pk"]))


def _rows(org: Org, before: int) -> Iterator[dict[str, Any]]:
    """The finished documents of the years before ``before``, year by year."""
    first = IncomingDocument.objects.filter(agency=org.agency).order_by("received_at").first()
    start = first.received_at.year - 1 if first else before
    for year in range(start, before):
        yield from _year_rows(org, year)


def grow_archives(org: Org) -> dict[str, int]:
    """Every finished document of the past years filed (this year's wait in the queue)."""
    settings, _ = ArchiveSettings.objects.get_or_create(
        agency=org.agency, defaults={"fonds_code": org.agency.fonds_code or "Z001"}
    )
    codes = dict(Department.objects.filter(agency=org.agency).values_list("pk", "code"))
    archivist = (
        RoleAssignment.objects.filter(person__agency=org.agency, role=Role.ARCHIVIST)
        .values_list("person_id", flat=True)
        .first()
    ) or org.office_head
    now = timezone.now()
    numbers: dict[str, int] = {}
    batch: list[ArchiveRecord] = []
    made = 0
    for row in _rows(org, timezone.localdate().year):
        retention = DEFAULT_RETENTION.get(row["doc_type"], FALLBACK_RETENTION)
        year, org_code = row["date"].year, codes.get(row["department_id"], "") or "BGS"
        klass = class_code(settings.scheme, year=year, retention=retention, org_code=org_code)
        numbers[klass] = numbers.get(klass, 0) + 1
        code = reference_code(
            settings.pattern,
            fonds=settings.fonds_code,
            category=settings.category_code,
            year=year,
            retention=retention,
            org_code=org_code,
            item=numbers[klass],
        )
        filed = timezone.make_aware(
            datetime.datetime.combine(datetime.date(year + 1, 3, 1), datetime.time(10))
        )
        record = ArchiveRecord(
            agency_id=org.agency.pk,
            source_type=row["source_type"],
            source_id=row["pk"],
            source_label=row["source_label"],
            title=row["title"][:300],
            doc_number=row["doc_number"][:100],
            responsible=row["responsible"][:200],
            doc_type=row["doc_type"],
            date=row["date"],
            classification=row["classification"],
            department_id=row["department_id"],
            status=RecordStatus.FILED,
            year=year,
            retention=retention,
            org_code=org_code,
            class_code=klass,
            keep_until=keep_until(year, retention),
            item_number=numbers[klass],
            reference_code=code,
            pages=2,
            received_by_id=archivist,
            received_at=min(filed, now),
            filed_by_id=archivist,
            filed_at=min(filed, now),
        )
        record.search_text = record.words()  # bulk_create does not call ``save``
        batch.append(record)
        if len(batch) >= BATCH:
            made += _save(batch)
            batch = []
    made += _save(batch)
    return {"archives.ArchiveRecord": made}


def _save(batch: list[ArchiveRecord]) -> int:
    with transaction.atomic():
        ArchiveRecord.objects.bulk_create(batch)
    return len(batch)
