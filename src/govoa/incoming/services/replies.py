"""复文 from a 收文's page: the answering 发文 is drafted by the outgoing module through
``documents.replies`` (the two modules never import each other)."""

from govoa.audit.services import audit_denied
from govoa.core.errors import Conflict
from govoa.documents.replies import ANSWER_TYPE, DraftedAnswer, ReplyRequest, reply_start
from govoa.incoming.models import IncomingDocument
from govoa.incoming.policies import SUBJECT_TYPE, can_start_reply
from govoa.incoming.workflow import OPEN_STATUSES, Status
from govoa.org.models import Person

# Before 初审 nobody has decided the document is this agency's to answer.
REPLY_STATUSES = frozenset(OPEN_STATUSES) - {Status.RECEIVING, Status.SCREENING}


def proposed_answer_type(document: IncomingDocument) -> str | None:
    """请示 → 批复, 函 → 函 (复函); others marked 需答复 are answered by 函; 报告 asks none."""
    if document.doc_type in ANSWER_TYPE:
        return ANSWER_TYPE[document.doc_type]
    return "letter" if document.reply_required else None


def may_reply(document: IncomingDocument) -> bool:
    return document.status in REPLY_STATUSES and proposed_answer_type(document) is not None


def incoming_reply_start(*, actor: Person, document: IncomingDocument) -> DraftedAnswer:
    if not can_start_reply(actor, document):
        raise audit_denied(
            action="incoming.document.reply",
            actor=actor,
            obj=document,
            reason="只有承办人或主办部门的人员可以拟复文。",
        )
    answer_type = proposed_answer_type(document)
    if answer_type is None:
        raise Conflict("该文不需答复（报告等文种不需复文；如需答复，请在批办时勾选“需答复”）。")
    if document.status not in REPLY_STATUSES:
        raise Conflict(f"该文{document.get_status_display()}，不能拟复文。")
    _reply, drafted = reply_start(
        ReplyRequest(
            actor=actor,
            agency_id=document.agency_id,
            question_type=SUBJECT_TYPE,
            question_id=document.pk,
            question_title=document.title,
            question_number=document.source_number,
            question_exchange_id=document.exchange_id,
            source_org=document.source_org,
            doc_type=answer_type,
            classification=document.classification,
            secrecy_period=document.secrecy_period,
            written_on=document.written_on,
        )
    )
    return drafted
