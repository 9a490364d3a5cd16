"""The domain part of each flow act on a 收文 (called by the flow engine's ``on_act`` hook,
inside the act's transaction): what 拟办, 批办, 分办, 承办 and 办结 record on the document."""

import datetime
from typing import Any

from django.conf import settings
from django.utils import timezone

from govoa.core.errors import ValidationFailed
from govoa.core.handoffs import LeaderInstruction, leader_instruction_given
from govoa.core.validation import ids_from
from govoa.core.vocabulary import Role
from govoa.documents.replies import ANSWERED, live_reply
from govoa.flow.deadlines import due_after
from govoa.flow.registry import stage
from govoa.flow.workflow import Action
from govoa.incoming.models import IncomingDocument
from govoa.incoming.policies import SUBJECT_TYPE
from govoa.incoming.workflow import ASKING_TYPES, ProposalKind, ReplyMethod
from govoa.org.models import Department, Person
from govoa.org.selectors import chosen_departments, chosen_people

SCREENING_CHECKS = {
    "ours": "是否应由本机关办理",
    "rules": "是否符合行文规则",
    "format": "文种、格式是否符合要求",
    "consulted": "涉及其他地区或部门职权的事项是否已协商、会签",
    "drafting": "是否符合公文起草的其他要求",
}


def _ids(payload: dict[str, Any], key: str) -> list[int]:
    return ids_from(payload.get(key), key)


def _one_id(payload: dict[str, Any], key: str) -> int | None:
    ids = _ids(payload, key)
    return ids[0] if ids else None


def _departments(document: IncomingDocument, ids: list[int], key: str) -> list[Department]:
    return chosen_departments(agency_id=document.agency_id, ids=ids, key=key)


def _people(document: IncomingDocument, ids: list[int], key: str) -> list[Person]:
    return chosen_people(
        agency_id=document.agency_id, ids=ids, key=key, clearance=document.classification
    )


def _date(payload: dict[str, Any], key: str) -> datetime.date | None:
    raw = payload.get(key)
    if raw in (None, ""):
        return None
    if isinstance(raw, datetime.date):
        return raw
    try:
        return datetime.date.fromisoformat(str(raw))
    except ValueError as exc:
        raise ValidationFailed(fields={key: ["日期格式应为 YYYY-MM-DD。"]}) from exc


def default_deadline(document: IncomingDocument, today: datetime.date) -> datetime.date:
    """批办's default: 急件 2 working days, 普通件 5 (configurable), or the sender's own
    限办日期 if that is sooner."""
    days = settings.GOVOA_INCOMING_DEADLINE_DAYS.get(document.urgency, 5)
    deadline, _estimate = due_after(today, days)
    if document.due_date and document.due_date < deadline:
        return document.due_date
    return deadline


def apply_screen(
    document: IncomingDocument, action: str, opinion: str, payload: dict[str, Any]
) -> None:
    checks = payload.get("checks") or {}
    if not isinstance(checks, dict):
        raise ValidationFailed(fields={"checks": ["初审要点格式无效。"]})
    document.screening_checks = {k: bool(v) for k, v in checks.items() if k in SCREENING_CHECKS}
    if action == Action.REJECT:
        document.return_reason = opinion
    stage(document, "screening_checks", "return_reason")


def apply_propose(document: IncomingDocument, opinion: str, payload: dict[str, Any]) -> None:
    kind = payload.get("proposal_kind")
    if kind not in ProposalKind.values:
        raise ValidationFailed(
            "请选择拟办方式：阅知或批办。", fields={"proposal_kind": ["请选择阅知或批办。"]}
        )
    if not opinion:
        raise ValidationFailed(fields={"opinion": ["请填写拟办意见。"]})
    document.proposal_kind = kind
    document.proposal = opinion
    lead = _one_id(payload, "proposed_lead")
    document.proposed_lead = _departments(document, [lead], "proposed_lead")[0] if lead else None
    if kind == ProposalKind.INSTRUCT:
        leaders = _people(document, _ids(payload, "next_assignees"), "next_assignees")
        if len(leaders) != 1 or not (
            leaders[0].has_role(Role.LEADER_DEPUTY) or leaders[0].has_role(Role.LEADER_PRINCIPAL)
        ):
            raise ValidationFailed(
                "请选择一位呈批的领导。", fields={"next_assignees": ["请选择一位机关领导。"]}
            )
    else:
        readers = _people(document, _ids(payload, "readers"), "readers")
        if not readers:
            raise ValidationFailed(fields={"readers": ["阅知件请选择传阅人员。"]})
        document.readers.set(readers)
    stage(document, "proposal_kind", "proposal", "proposed_lead")


def apply_instruct(
    document: IncomingDocument, actor: Person, opinion: str, payload: dict[str, Any]
) -> None:
    if not opinion:
        raise ValidationFailed(fields={"opinion": ["请填写批示意见。"]})
    lead_id = _one_id(payload, "lead_department")
    co_ids = [i for i in _ids(payload, "co_departments") if i != lead_id]
    readers = _people(document, _ids(payload, "readers"), "readers")
    if not lead_id and not readers:
        raise ValidationFailed(
            "请确定主办部门，或指定传阅人员（阅知件）。",
            fields={"lead_department": ["请选择主办部门。"]},
        )
    if co_ids and not lead_id:
        raise ValidationFailed(fields={"lead_department": ["有协办部门时须确定主办部门。"]})
    today = timezone.localdate()
    deadline = _date(payload, "deadline")
    if deadline is not None and deadline < today:
        raise ValidationFailed(fields={"deadline": ["办理时限不能早于今天。"]})
    document.instruction = opinion
    document.instructed_by = actor
    document.lead_department = (
        _departments(document, [lead_id], "lead_department")[0] if lead_id else None
    )
    document.co_departments.set(_departments(document, co_ids, "co_departments"))
    document.readers.set(readers)
    document.deadline = (deadline or default_deadline(document, today)) if lead_id else None
    if "reply_required" in payload:
        document.reply_required = (
            payload["reply_required"] is True or document.doc_type in ASKING_TYPES
        )
    stage(document, "instruction", "instructed_by", "lead_department", "deadline", "reply_required")
    if payload.get("supervise") is True and document.lead_department and document.deadline:
        # 列入督办: whichever module takes 批示 up (督办) creates its task in this act.
        leader_instruction_given(
            LeaderInstruction(
                leader=actor,
                subject_type="incoming.incomingdocument",
                subject_id=document.pk,
                label=f"收文 {document.number}《{document.title}》",
                url=f"/incoming/{document.pk}/",
                title=document.title,
                instruction=opinion,
                department_id=document.lead_department.pk,
                deadline=document.deadline,
                classification=document.classification,
            )
        )


def apply_assign(document: IncomingDocument, payload: dict[str, Any]) -> None:
    handlers = _people(document, _ids(payload, "next_assignees"), "next_assignees")
    if len(handlers) != 1:
        raise ValidationFailed(fields={"next_assignees": ["请选择一位承办人。"]})
    handler = handlers[0]
    lead = document.lead_department
    if lead is not None and handler.department_id != lead.pk:
        raise ValidationFailed(fields={"next_assignees": [f"承办人应为{lead.name}的人员。"]})
    document.handler = handler
    stage(document, "handler")


def apply_handle(document: IncomingDocument, opinion: str) -> None:
    if not opinion:
        raise ValidationFailed(fields={"opinion": ["请填写办理结果。"]})
    document.result = opinion
    stage(document, "result")


def apply_complete(document: IncomingDocument, payload: dict[str, Any]) -> None:
    """办结: a 收文 that asks for an answer closes only with it — the 复文 sent (发文), or
    another 答复方式 with what was said (电话、当面) or why none is needed."""
    reply = str(payload.get("reply") or "").strip()
    if len(reply) > 2000:
        raise ValidationFailed(fields={"reply": ["答复不能超过 2000 字。"]})
    method = str(payload.get("reply_method") or "")
    if method and method not in ReplyMethod.values:
        raise ValidationFailed(fields={"reply_method": ["答复方式无效。"]})
    answer = live_reply(SUBJECT_TYPE, document.pk)
    answered = answer is not None and answer.state in ANSWERED
    if not method and answered:
        method = ReplyMethod.DOCUMENT
    if document.reply_required:
        if not method:
            raise ValidationFailed(
                "该文需答复：复文发出后才能办结，或选择其他答复方式（电话、当面、无需答复）"
                "并写明答复内容或理由。",
                fields={"reply_method": ["请选择答复方式。"]},
            )
        if method == ReplyMethod.DOCUMENT and not answered:
            raise ValidationFailed(
                "复文尚未发出：请待复文分发后再办结，或选择其他答复方式。",
                fields={"reply_method": ["复文尚未发出。"]},
            )
        if method in (ReplyMethod.PHONE, ReplyMethod.IN_PERSON) and not reply:
            raise ValidationFailed(fields={"reply": ["请写明答复内容。"]})
        if method == ReplyMethod.NONE and not reply:
            raise ValidationFailed(fields={"reply": ["请写明无需答复的理由。"]})
    if method == ReplyMethod.DOCUMENT and answer is not None and not reply:
        reply = f"以{answer.answer_number or '复文'}《{answer.answer_title}》答复"
    document.reply_method = method
    if reply:
        document.reply = reply
        document.replied_at = timezone.now()
    document.save(update_fields=["reply", "replied_at", "reply_method"])
