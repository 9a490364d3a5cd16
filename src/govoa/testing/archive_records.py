"""Building 档案 for tests: the archive's people, finished 收文 and 发文 to take in, and
records taken in, classified and filed."""

import datetime
from dataclasses import dataclass
from typing import Any

from django.utils import timezone

from govoa.archives.models import ArchiveRecord, ArchiveSettings
from govoa.archives.services.filing import (
    Classifying,
    archive_record_classify,
    archive_records_file,
)
from govoa.archives.services.intake import archive_intake
from govoa.core.vocabulary import Classification, Role
from govoa.org.models import Person
from govoa.testing.factories import grant, make_person

INCOMING = "incoming.incomingdocument"
OUTGOING = "outgoing.outgoingdocument"


@dataclass
class ArchivesCast:
    archivist: Person
    office_head: Person
    committee: list[Person]


def archives_cast(people: Any, *, fonds: str = "Z109") -> ArchivesCast:
    archivist = make_person(
        department=people.office,
        username="dagly",
        real_name="档案员",
        clearance=Classification.SECRET,
    )
    grant(archivist, Role.ARCHIVIST)
    office_head = make_person(
        department=people.office,
        username="bgszr",
        real_name="办公室主任",
        clearance=Classification.SECRET,
    )
    grant(office_head, Role.OFFICE_HEAD)
    ArchiveSettings.objects.update_or_create(agency=people.agency, defaults={"fonds_code": fonds})
    return ArchivesCast(archivist, office_head, [archivist, office_head, people.dept_head])


def finished_incoming(people: Any, **fields: Any) -> Any:
    """A 收文 办结 and handed over for 归档 (with its 收文处理单)."""
    from govoa.incoming.models import IncomingDocument
    from govoa.incoming.services.archive import prepare_archive
    from govoa.testing.incoming import register

    document = register(people, **fields)
    IncomingDocument.objects.filter(pk=document.pk).update(
        status="completed", lead_department=people.office, completed_at=timezone.now()
    )
    prepare_archive(document.pk)
    return IncomingDocument.objects.get(pk=document.pk)


def issued_outgoing(people: Any, *, serial: int = 1, **fields: Any) -> Any:
    """A 发文 signed, numbered and issued."""
    from govoa.outgoing.models import OutgoingDocument
    from govoa.testing.outgoing import draft

    document = draft(people, **fields)
    year = timezone.localdate().year
    OutgoingDocument.objects.filter(pk=document.pk).update(
        status="issued",
        number=f"{document.category.word}〔{year}〕{serial}号",
        year=year,
        serial=serial,
        signed_by=people.principal,
        signed_at=timezone.now() - datetime.timedelta(days=2),
        issued_on=timezone.localdate() - datetime.timedelta(days=1),
    )
    return OutgoingDocument.objects.get(pk=document.pk)


def filed_record(
    cast: ArchivesCast, source_type: str, source_id: int, **classifying: Any
) -> ArchiveRecord:
    record = archive_intake(actor=cast.archivist, source_type=source_type, source_id=source_id)
    archive_record_classify(
        actor=cast.archivist, record_id=record.pk, data=Classifying(**classifying)
    )
    return archive_records_file(actor=cast.archivist, record_ids=[record.pk])[0]
