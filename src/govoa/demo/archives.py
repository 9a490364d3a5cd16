"""Demo 档案, made through the real services: 收文 of earlier years handed over and filed
(some of whose ten years are over, so 鉴定 has work: one of them already before the
committee, whose archivist has voted and whose two other members find the vote on their
workbench), this year's issued 发文 and finished 收文 filed with 档号 and 归档章, two items
still in the archivist's queue (one a 简报 the 8号令 leaves out), an approved electronic loan
and one under approval."""

import datetime
import io

from django.utils import timezone

from govoa.archives.models import ArchiveRecord
from govoa.archives.policies import LOAN_TYPE
from govoa.archives.selectors import intake_queue
from govoa.archives.services.appraisal import (
    AppraisalData,
    archive_appraisal_vote,
    archive_appraise,
)
from govoa.archives.services.filing import (
    Classifying,
    archive_record_classify,
    archive_records_file,
)
from govoa.archives.services.intake import archive_intake, archive_record_join
from govoa.archives.services.loans import LoanData, archive_loan_request
from govoa.archives.workflow import JoinKind, RecordStatus
from govoa.demo.acting import act_on
from govoa.demo.incoming import DEMO_PDF
from govoa.documents.models import Reply
from govoa.incoming.models import IncomingDocument
from govoa.incoming.policies import SUBJECT_TYPE as INCOMING
from govoa.incoming.services.archive import prepare_archive
from govoa.incoming.services.registration import Registration, incoming_register
from govoa.incoming.workflow import ReplyMethod
from govoa.org.models import Agency, Department, Person

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
    """A 收文 of an earlier year, entered in the system (补录) and taken through the real
    flow to 办结 by the office, so that nobody's 待办 keeps an item on a finished document."""
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
            remarks="历史文件补录",
            uploads=[("正文.pdf", io.BytesIO(DEMO_PDF))],
        ),
    )

    def act(node: str, opinion: str, **payload: object) -> None:
        act_on(INCOMING, document.pk, node=node, opinion=opinion, payload=payload)

    handler = Person.objects.get(agency=agency, username="yangjing")
    act("screen", "历史文件补录")
    act(
        "propose",
        "拟请李主任批示",
        proposal_kind="instruct",
        proposed_lead=office.pk,
        next_assignees=[Person.objects.get(agency=agency, username="lihaiyan").pk],
    )
    act("instruct", "请办公室办理", lead_department=office.pk)
    act("assign", "请杨静同志办理", next_assignees=[handler.pk])
    act("handle", "已按要求办理")
    document.refresh_from_db()
    if document.reply_required:  # a 函 of those years, answered before the system
        act("complete", "办结", reply_method=ReplyMethod.PHONE, reply="当年已电话答复来文单位")
    else:
        act("complete", "办结")
    prepare_archive(document.pk)  # what the worker does after the commit (safe to repeat)
    return document


def seed_archives(agency: Agency) -> None:
    def person(username: str) -> Person:
        return Person.objects.get(agency=agency, username=username)

    archivist, registrar = person("wuming"), person("zhaolei")
    office = Department.objects.get(agency=agency, code="BGS")
    history = [_finished_incoming(agency, registrar, office, row) for row in HISTORY]
    history_records = []
    for document, row in zip(history, HISTORY, strict=True):
        record = archive_intake(actor=archivist, source_type=INCOMING, source_id=document.pk)
        archive_record_classify(
            actor=archivist, record_id=record.pk, data=Classifying(retention=row[5])
        )
        history_records.append(archive_records_file(actor=archivist, record_ids=[record.pk])[0])
    # The 2015 letter's ten years are over: put to the committee, the archivist has voted.
    (appraisal,) = archive_appraise(
        actor=archivist,
        data=AppraisalData(
            record_ids=[history_records[2].pk],
            decision="destroy",
            committee_ids=[archivist.pk, person("yangjing").pk, person("chenxiuying").pk],
            opinion="一般性事务往来函件，保管期限已满，已无查考利用价值",
        ),
    )
    archive_appraisal_vote(
        actor=archivist,
        appraisal_id=appraisal.pk,
        decision="destroy",
        reason="统计资料已另行汇编，原函无保存价值",
    )
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
    # What the worker does once the seed commits: the 收文 finished above are handed over.
    for finished in IncomingDocument.objects.filter(
        agency=agency, status="completed", archive_ready_at__isnull=True
    ):
        prepare_archive(finished.pk)
    queued = [
        c
        for c in intake_queue(person=archivist)
        if (c.source_type, c.source_id) != (INCOMING, briefing.pk)
    ]
    taken = {
        (c.source_type, c.source_id): archive_intake(
            actor=archivist, source_type=c.source_type, source_id=c.source_id
        )
        for c in queued
    }
    # 复文与来文 form one 件 (DA/T 22-2015 5.1.1): the 批复 first, the 请示 it answers after.
    for reply in Reply.objects.filter(agency_id=agency.pk, question_type=INCOMING):
        answer = taken.get((reply.answer_type, reply.answer_id))
        question = taken.get((reply.question_type, reply.question_id))
        if answer is not None and question is not None:
            archive_record_join(
                actor=archivist, record_id=answer.pk, other_id=question.pk, kind=JoinKind.REPLY
            )
    filed = []
    for record in taken.values():
        record.refresh_from_db()
        if record.status != RecordStatus.RECEIVED:
            continue  # joined into its 复文
        if record.non_archive_reason:
            continue  # e.g. a 阅知件: left in the queue for the archivist to decide
        archive_record_classify(actor=archivist, record_id=record.pk, data=Classifying())
        filed.append(record.pk)
    if filed:
        archive_records_file(actor=archivist, record_ids=filed)
    archive_intake(actor=archivist, source_type=INCOMING, source_id=briefing.pk)

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
