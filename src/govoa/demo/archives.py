"""Demo 档案, made through the real services: 收文 of earlier years handed over and filed
(some of whose ten years are over, so 鉴定 has work), this year's issued 发文 and finished
收文 filed with 档号 and 归档章, two items still in the archivist's queue (one a 简报 the
8号令 leaves out), an approved electronic loan and one under approval."""

import datetime
import io

from django.utils import timezone

from govoa.archives.models import ArchiveRecord
from govoa.archives.policies import LOAN_TYPE
from govoa.archives.selectors import intake_queue
from govoa.archives.services.filing import (
    Classifying,
    archive_record_classify,
    archive_records_file,
)
from govoa.archives.services.intake import archive_intake
from govoa.archives.services.loans import LoanData, archive_loan_request
from govoa.demo.acting import act_on
from govoa.incoming.models import IncomingDocument
from govoa.incoming.services.archive import prepare_archive
from govoa.incoming.services.registration import Registration, incoming_register
from govoa.org.models import Agency, Department, Person

DEMO_PDF = b"%PDF-1.7\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"

# (title, source, number, written_on, 文种, 保管期限)
HISTORY = [
    (
        "关于下达2014年中央预算内投资计划的通知",
        "某省发展和改革委员会",
        "某发改投资〔2014〕112号",
        (2014, 3, 12),
        "notice",
        "Y",
    ),
    (
        "关于商请提供城市总体规划资料的函",
        "市自然资源和规划局",
        "市规划函〔2014〕35号",
        (2014, 6, 20),
        "letter",
        "D10",
    ),
    (
        "关于2014年度价格监测工作的通知",
        "某省发展和改革委员会",
        "某发改价格〔2014〕58号",
        (2014, 9, 3),
        "notice",
        "D10",
    ),
    (
        "关于报送2015年重点项目情况的函",
        "市统计局",
        "市统函〔2015〕12号",
        (2015, 4, 8),
        "letter",
        "D10",
    ),
    (
        "关于印发全市“十四五”规划纲要的通知",
        "市人民政府",
        "市政发〔2021〕9号",
        (2021, 2, 26),
        "notice",
        "Y",
    ),
]


def _finished_incoming(
    agency: Agency, registrar: Person, office: Department, row: tuple
) -> IncomingDocument:
    title, source, number, (year, month, day), doc_type, _retention = row
    written = datetime.date(year, month, day)
    here = timezone.get_current_timezone()
    received = datetime.datetime(year, month, day, 10, tzinfo=here) + datetime.timedelta(days=2)
    document = incoming_register(
        actor=registrar,
        data=Registration(
            source_org=source,
            source_number=number,
            title=title,
            doc_type=doc_type,
            received_at=received,
            written_on=written,
            uploads=[("正文.pdf", io.BytesIO(DEMO_PDF))],
        ),
    )
    # The historical documents were handled before the system: they arrive finished.
    IncomingDocument.objects.filter(pk=document.pk).update(
        status="completed",
        lead_department=office,
        completed_at=received + datetime.timedelta(days=7),
    )
    prepare_archive(document.pk)
    return document


def _days_ago(days: int) -> tuple[int, int, int]:
    day = timezone.localdate() - datetime.timedelta(days=days)
    return day.year, day.month, day.day


def seed_archives(agency: Agency) -> None:
    def person(username: str) -> Person:
        return Person.objects.get(agency=agency, username=username)

    archivist, registrar = person("wuming"), person("zhaolei")
    office = Department.objects.get(agency=agency, code="BGS")
    history = [_finished_incoming(agency, registrar, office, row) for row in HISTORY]
    for document, row in zip(history, HISTORY, strict=True):
        record = archive_intake(
            actor=archivist, source_type="incoming.incomingdocument", source_id=document.pk
        )
        archive_record_classify(
            actor=archivist, record_id=record.pk, data=Classifying(retention=row[5])
        )
        archive_records_file(actor=archivist, record_ids=[record.pk])
    briefing = _finished_incoming(
        agency,
        registrar,
        office,
        (
            "某区发展和改革局工作简报（第12期）",
            "某区发展和改革局",
            "",
            (2026, 10, 9),
            "bulletin",
            "D10",
        ),
    )
    queued = [c for c in intake_queue(person=archivist) if c.source_id != briefing.pk]
    filed = []
    for candidate in queued:
        record = archive_intake(
            actor=archivist, source_type=candidate.source_type, source_id=candidate.source_id
        )
        archive_record_classify(actor=archivist, record_id=record.pk, data=Classifying())
        filed.append(record.pk)
    if filed:
        archive_records_file(actor=archivist, record_ids=filed)
    archive_intake(actor=archivist, source_type="incoming.incomingdocument", source_id=briefing.pk)

    today = timezone.localdate()
    if filed:
        first = ArchiveRecord.objects.get(pk=filed[0])
        approved = archive_loan_request(
            actor=person("guojun"),
            data=LoanData(
                first.pk,
                "electronic",
                "起草年度工作总结，查阅发文依据",
                today + datetime.timedelta(days=14),
            ),
        )
        act_on(LOAN_TYPE, approved.pk, opinion="同意借阅")
        archive_loan_request(
            actor=person("majiayi"),
            data=LoanData(first.pk, "paper", "核对原件", today + datetime.timedelta(days=7)),
        )
