"""复文 between 收文 and 发文, which are siblings and may not import each other.

- ``outgoing`` registers a *drafter*: given a ``ReplyRequest`` it creates the answering 发文
  (a draft of the asked 文种, 主送 the asking agency, the opening citing the question).
- ``incoming`` calls ``reply_start`` from a 收文's page; the link is a ``Reply`` row.
- The exchange (``documents.exchange``) marks the answer sent when it goes to the asking
  agency, links it to the asker's own 请示 there, and its 回执 closes the loop on both sides.
- ``outgoing`` calls ``answer_finished`` when the answering 发文 is issued or abandoned."""

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ObjectDoesNotExist
from django.db import IntegrityError, transaction
from django.utils import timezone

from govoa.audit.services import audit_record
from govoa.core.errors import Conflict
from govoa.documents.models import Exchange, Reply, ReplyState
from govoa.documents.vocabulary import DocType
from govoa.flow import registry

# 来文文种 → the 文种 of its answer (报告 asks for none).
ANSWER_TYPE: dict[str, str] = {DocType.REQUEST: DocType.REPLY, DocType.LETTER: DocType.LETTER}
ANSWERED = {ReplyState.SENT, ReplyState.RECEIVED}


@dataclass(frozen=True)
class ReplyRequest:
    actor: Any  # the drafter (a Person of the 承办 department)
    agency_id: int
    question_type: str
    question_id: int
    question_title: str
    question_number: str  # the 来文文号
    question_exchange_id: int | None
    source_org: str  # the 来文单位: 主送 of the answer
    doc_type: str  # of the answer
    classification: int
    secrecy_period: str
    written_on: datetime.date | None


@dataclass(frozen=True)
class DraftedAnswer:
    answer_type: str
    answer_id: int
    title: str
    url: str


Drafter = Callable[[ReplyRequest], DraftedAnswer]
_drafters: list[Drafter] = []


def register_drafter(drafter: Drafter) -> None:
    if drafter not in _drafters:
        _drafters[:] = [drafter]


def may_draft_replies() -> bool:
    return bool(_drafters)


def answer_title(question_title: str, doc_type: str) -> str:
    """关于……的请示 → 关于……的批复; 关于……的函 → 关于……的复函."""
    word = "批复" if doc_type == DocType.REPLY else "复函"
    core = question_title.strip()
    if core.startswith("关于"):
        core = core[2:]
    for suffix in ("的请示", "的函", "的报告"):
        if core.endswith(suffix):
            core = core[: -len(suffix)]
            break
    return f"关于{core}的{word}"[:300]


def opening(request: ReplyRequest) -> str:
    """你单位《关于……的请示》（某发〔2026〕5号）收悉: title first, then the number."""
    cited = f"《{request.question_title}》"
    if request.question_number:
        cited += f"（{request.question_number}）"
    then = "经研究，现批复如下：" if request.doc_type == DocType.REPLY else "经研究，现函复如下："
    return f"你单位{cited}收悉。{then}"


def reply_start(request: ReplyRequest) -> tuple[Reply, DraftedAnswer]:
    """Create the answering draft and the link, in one transaction; one live answer per
    question (a withdrawn one may be replaced)."""
    if not _drafters:  # pragma: no cover — the outgoing app registers at start
        raise Conflict("复文未启用：没有发文模块。")
    with transaction.atomic():
        if live_reply(request.question_type, request.question_id) is not None:
            raise Conflict("该文已有复文，请到复文中办理。")
        drafted = _drafters[0](request)
        try:
            with transaction.atomic():
                reply = Reply.objects.create(
                    agency_id=request.agency_id,
                    question_type=request.question_type,
                    question_id=request.question_id,
                    answer_type=drafted.answer_type,
                    answer_id=drafted.answer_id,
                    answer_title=drafted.title[:300],
                    question_exchange_id=request.question_exchange_id,
                )
        except IntegrityError as exc:
            raise Conflict("该文已有复文，请到复文中办理。") from exc
        audit_record(
            action="documents.reply.start",
            actor=request.actor,
            obj=reply,
            agency_id=request.agency_id,
            details={"question": request.question_title, "answer": drafted.title},
        )
    return reply, drafted


def live_reply(question_type: str, question_id: int) -> Reply | None:
    return (
        Reply.objects.filter(question_type=question_type, question_id=question_id)
        .exclude(state=ReplyState.WITHDRAWN)
        .first()
    )


def replies_answered_by(answer_type: str, answer_id: int) -> list[Reply]:
    return list(Reply.objects.filter(answer_type=answer_type, answer_id=answer_id))


def answer_finished(*, answer_type: str, answer_id: int, number: str, issued: bool) -> None:
    """The answering document was issued (its answer is out, whichever way it went) or
    abandoned (the question may be answered anew). Called in the finishing act."""
    replies = Reply.objects.filter(answer_type=answer_type, answer_id=answer_id)
    if issued:
        replies.filter(state=ReplyState.DRAFTING).update(
            state=ReplyState.SENT, answer_number=number, sent_at=timezone.now()
        )
    else:
        replies.filter(state=ReplyState.DRAFTING).update(state=ReplyState.WITHDRAWN)


def answer_exchanged(exchange: Exchange) -> None:
    """``exchange`` took a document to another agency (inside ``exchange_send``): if it
    answers a question that came from that agency, the answer is sent, and the asking
    agency's own question (the 发文 it sent) is linked to the 收文 the exchange made."""
    reply = (
        Reply.objects.select_for_update()
        .filter(answer_type=exchange.source_type, answer_id=exchange.source_id)
        .exclude(state=ReplyState.WITHDRAWN)
        .first()
    )
    if reply is None or reply.question_exchange_id is None:
        return
    question = Exchange.objects.filter(pk=reply.question_exchange_id).first()
    if question is None or question.sender_agency_id != exchange.receiver_agency_id:
        return
    now = timezone.now()
    reply.state, reply.exchange_id, reply.sent_at = ReplyState.SENT, exchange.pk, now
    reply.answer_number = exchange.number
    reply.save(update_fields=["state", "exchange_id", "sent_at", "answer_number"])
    if (
        exchange.target_type
        and exchange.target_id
        and live_reply(question.source_type, question.source_id) is None
    ):
        Reply.objects.create(
            agency_id=question.sender_agency_id,
            question_type=question.source_type,
            question_id=question.source_id,
            answer_type=exchange.target_type,
            answer_id=exchange.target_id,
            answer_number=exchange.number,
            answer_title=exchange.title,
            exchange_id=exchange.pk,
            state=ReplyState.SENT,
            sent_at=now,
        )


def answer_acknowledged(exchange: Exchange) -> None:
    """The asking agency signed for the answer (回执): both sides' links are closed."""
    Reply.objects.filter(exchange_id=exchange.pk).exclude(state=ReplyState.WITHDRAWN).update(
        state=ReplyState.RECEIVED,
        received_at=exchange.received_at,
        received_by_name=exchange.received_by_name,
    )


@dataclass(frozen=True)
class LinkedDocument:
    """The other end of a link as a page shows it."""

    label: str
    url: str


def linked(subject_type: str, subject_id: int) -> LinkedDocument | None:
    adapter = registry.find_subject_adapter(subject_type)
    if adapter is None:
        return None
    try:
        subject = adapter.load(subject_id)
    except ObjectDoesNotExist:
        return None
    summary = adapter.summary(subject)
    label = f"{adapter.module_label} {summary.number}《{summary.title}》".replace("  ", " ")
    return LinkedDocument(label=label, url=summary.url)
