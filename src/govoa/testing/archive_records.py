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
        username="dabgszr",
        real_name="办公室主任（档案）",
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


@dataclass
class ArchivesLedger:
    record_ids: list[int]  # filed: 非密, 秘密, and a 2011 letter due for appraisal
    loan_ids: list[int]  # one approved electronic loan of the staff member's
    destruction_ids: list[int]  # one under approval


def archives_ledger(people: Any, cast: ArchivesCast) -> ArchivesLedger:
    from govoa.archives.services.appraisal import (
        AppraisalData,
        archive_appraise,
        archive_destruction_request,
    )
    from govoa.archives.services.loans import LoanData, archive_loan_request
    from govoa.flow.models import WorkItem
    from govoa.flow.services.acts import work_item_act
    from govoa.testing.clock import FROZEN_TODAY

    documents = [
        finished_incoming(
            people, source_number="某发〔2026〕301号", title="关于报送年度计划的通知"
        ),
        finished_incoming(
            people,
            classification=Classification.SECRET,
            secrecy_period="1年",
            source_number="某发〔2026〕302号",
            title="关于重点项目保密事项的通知",
        ),
        finished_incoming(
            people,
            doc_type="letter",
            source_number="某函〔2011〕7号",
            title="关于商请提供规划资料的函",
            written_on=datetime.date(2011, 6, 3),
        ),
    ]
    records = [filed_record(cast, INCOMING, d.pk, retention="D10") for d in documents]
    loan = archive_loan_request(
        actor=people.staff,
        data=LoanData(
            record_id=records[0].pk,
            kind="electronic",
            purpose="起草年度总结查阅",
            due_date=FROZEN_TODAY + datetime.timedelta(days=7),
        ),
    )
    item = WorkItem.objects.filter(  # one per office head: any of them approves
        instance__subject_type="archives.archiveloan", instance__subject_id=loan.pk
    ).order_by("pk")[0]
    work_item_act(actor=item.assignee, item_id=item.pk, action="approve", opinion="同意")
    archive_appraise(
        actor=cast.archivist,
        data=AppraisalData(
            record_ids=[records[2].pk],
            decision="destroy",
            committee_ids=[p.pk for p in cast.committee],
            opinion="已无查考价值",
        ),
    )
    committee_decides(cast, records[2].pk)
    destruction = archive_destruction_request(
        actor=cast.archivist, record_ids=[records[2].pk], reason="保管期限已满"
    )
    return ArchivesLedger([r.pk for r in records], [loan.pk], [destruction.pk])


def committee_decides(cast: ArchivesCast, record_id: int, decision: str = "destroy") -> None:
    """A majority of the record's open 鉴定's committee votes ``decision``, with a reason."""
    from govoa.archives.models import Appraisal
    from govoa.archives.services.appraisal import archive_appraisal_vote

    appraisal = Appraisal.objects.get(record_id=record_id, status="voting")
    members = list(appraisal.committee.order_by("pk"))
    for member in members[: len(members) // 2 + 1]:  # a majority decides
        archive_appraisal_vote(
            actor=member, appraisal_id=appraisal.pk, decision=decision, reason="已无查考价值"
        )
