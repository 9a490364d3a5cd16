"""``/api/v1/work-items``: one inbox and one act endpoint for every module's items."""

import datetime
from typing import Any, Literal

from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Query, Router, Schema, Status

from govoa.core.api import BodyIn, ObjectId, PageQuery, errors, paged
from govoa.core.errors import ValidationFailed
from govoa.core.validation import MAX_ID
from govoa.flow import registry, selectors
from govoa.flow.models import WorkItem
from govoa.flow.presenters import (
    ActChoices,
    act_choices,
    choices_after_act,
    item_payload,
    trail_line,
)
from govoa.flow.services.acts import work_item_act, work_item_mark_opened
from govoa.flow.services.reminders import work_item_remind
from govoa.flow.workflow import Action, Channel
from govoa.org.models import Person

router = Router(tags=["工作流"])


class PersonRef(Schema):
    id: int
    name: str


class SubjectOut(Schema):
    module: str
    module_label: str
    title: str
    number: str
    classification: int
    classification_label: str
    urgent: bool
    url: str


class WorkItemOut(Schema):
    id: int
    instance_id: int
    node_key: str
    node_name: str
    kind: str
    status: str
    status_label: str
    assignee: PersonRef
    delegated_from: PersonRef | None
    created_at: datetime.datetime
    opened_at: datetime.datetime | None
    due_date: datetime.date | None
    due_is_estimate: bool
    overdue: bool
    done_at: datetime.datetime | None
    action: str
    opinion: str
    subject: SubjectOut


class ChecklistOut(Schema):
    name: str = Field(description="清单名称，如“办文三性”")
    items: list[str] = Field(description="检查项；办理时在 checklist 中列出已勾选的项")
    required: bool = Field(description="为真时“同意”须勾选全部检查项，否则答 422")


class WorkItemDetailOut(WorkItemOut):
    allowed_actions: list[str]
    return_targets: list[str]
    can_withdraw: bool
    checklist: ChecklistOut | None = Field(
        None, description="本环节的质量检查清单（三查）；本人现在不能办理或本环节无清单时为空"
    )


def checklist_out(choices: ActChoices) -> dict[str, Any] | None:
    checklist = choices.checklist
    if checklist is None or not choices.actions:
        return None
    return {"name": checklist.name, "items": list(checklist.items), "required": checklist.required}


class WorkItemPage(Schema):
    items: list[WorkItemOut]
    count: int
    count_capped: bool = Field(False, description="为真时实际条数超过 count（只计数到 1000 条）")
    page: int
    page_size: int


class ItemFilters(PageQuery):
    state: Literal["open", "unread", "done"] = "open"
    module: str = ""
    overdue: bool | None = None
    subject: str = Field(
        "",
        max_length=60,
        description="只列出某一公文的事项，写作“模块:编号”，如 incoming:123、outgoing:45",
    )


@router.get(
    "/work-items",
    response={200: WorkItemPage, **errors(401, 403, 422)},
    summary="我的待办/待阅/已办",
)
def list_work_items(request: HttpRequest, filters: Query[ItemFilters]) -> dict[str, Any]:
    person: Person = request.auth  # type: ignore[attr-defined]
    qs = selectors.work_items_list(
        person=person,
        state=filters.state,
        module=filters.module,
        overdue=filters.overdue,
        subject=_subject(filters.subject),
    )
    today = timezone.localdate()
    return paged(qs, filters, lambda item: item_payload(item, today))


def _subject(raw: str) -> tuple[str, int] | None:
    """``incoming:123`` → (subject type, id); a bad value is a 422 in Chinese."""
    if not raw:
        return None
    module, _, number = raw.partition(":")
    subject_type = registry.subject_type_of_module(module)
    if subject_type is None or not number.isdigit() or not 0 < int(number) <= MAX_ID:
        raise ValidationFailed(
            "subject 应写作“模块:编号”，如 incoming:123。",
            fields={"subject": ["格式应为“模块:编号”，模块为 incoming 或 outgoing 等。"]},
        )
    return subject_type, int(number)


def _detail(item_id: int, person: Person) -> dict[str, Any]:
    item = selectors.work_item_get_for_person(person=person, pk=item_id)
    choices = act_choices(item, person)
    return {
        **item_payload(item),
        "allowed_actions": [a for a, _label in choices.actions],
        "return_targets": [k for k, _name in choices.return_targets],
        "can_withdraw": choices.can_withdraw,
        "checklist": checklist_out(choices),
    }


@router.get(
    "/work-items/{item_id}",
    response={200: WorkItemDetailOut, **errors(401, 403, 404, 422)},
    summary="一个事项（首次查看即记为已打开）",
)
def get_work_item(request: HttpRequest, item_id: int) -> dict[str, Any]:
    person: Person = request.auth  # type: ignore[attr-defined]
    item = selectors.work_item_get_for_person(person=person, pk=item_id)
    work_item_mark_opened(actor=person, item=item)
    return _detail(item_id, person)


class NextItemOut(Schema):
    id: int
    node_key: str
    node_name: str
    kind: str
    assignee: PersonRef
    delegated_from: PersonRef | None
    due_date: datetime.date | None
    due_is_estimate: bool


class ActOut(WorkItemDetailOut):
    next_items: list[NextItemOut] = Field(
        description="本次办理开启的事项（下一环节的待办、待阅，加签、转办、退回所开的事项）："
        "无需再查待办列表即可得知它们的编号和办理人。流程结束或本环节尚未办完时为空。"
    )


def next_items(opened: list[WorkItem]) -> list[dict[str, Any]]:
    """The items an act or a submit opened, as ``next_items`` names them."""
    return [
        {
            "id": i.pk,
            "node_key": i.node_key,
            "node_name": i.node_name,
            "kind": i.kind,
            "assignee": {"id": i.assignee_id, "name": i.assignee.real_name},
            "delegated_from": (
                {"id": i.delegated_from_id, "name": i.delegated_from.real_name}
                if i.delegated_from
                else None
            ),
            "due_date": i.due_date,
            "due_is_estimate": i.due_is_estimate,
        }
        for i in opened
    ]


class ActIn(BodyIn):
    action: Literal[
        "approve", "disagree", "reject", "return", "forward", "add_signer", "read", "withdraw"
    ]
    opinion: str = Field("", max_length=2000)
    target_node: str = ""
    to_person: ObjectId | None = None
    next_assignees: list[ObjectId] = []
    checklist: list[str] | None = Field(
        None,
        max_length=12,
        description="本环节质量检查清单（三查）中已勾选的项（见 GET 的 checklist）；"
        "清单要求时，“同意”须列出全部检查项，否则答 422",
    )
    checklist_note: str = Field("", max_length=500, description="检查说明（选填）")
    payload: dict[str, Any] = {}


@router.post(
    "/work-items/{item_id}/act",
    response={200: ActOut, **errors(400, 401, 403, 404, 409, 413, 422, 503)},
    summary="办理：同意、不同意、否决、退回、转办、加签、已阅、收回",
    description="答复办理后的事项（与 GET 相同的字段）及 next_items：本次办理开启的事项。"
    "重复提交同一办理答复 409。",
)
def act(request: HttpRequest, item_id: int, body: ActIn) -> dict[str, Any]:
    person: Person = request.auth  # type: ignore[attr-defined]
    payload = {
        **body.payload,
        "target_node": body.target_node,
        "to_person": body.to_person,
        "next_assignees": body.next_assignees,
    }
    if body.checklist is not None:
        payload["checklist"] = body.checklist
    if body.checklist_note:
        payload["checklist_note"] = body.checklist_note
    acted = work_item_act(
        actor=person,
        item_id=item_id,
        action=Action(body.action),
        opinion=body.opinion,
        payload=payload,
    )
    if body.action == Action.WITHDRAW:  # the item is open again: read it as GET does
        return {**_detail(item_id, person), "next_items": []}
    # Built from what the act computed, not read again.
    choices = choices_after_act(acted.item, acted.can_withdraw)
    return {
        **item_payload(acted.item),
        "allowed_actions": [a for a, _label in choices.actions],
        "return_targets": [k for k, _name in choices.return_targets],
        "can_withdraw": choices.can_withdraw,
        "checklist": checklist_out(choices),
        "next_items": next_items(acted.opened),
    }


class RemindIn(BodyIn):
    channel: Literal["system", "email", "sms", "phone"] = "system"
    note: str = Field("", max_length=300)


class ReminderOut(Schema):
    id: int
    work_item_id: int
    sent_to: PersonRef
    channel: str
    note: str
    created_at: datetime.datetime


@router.post(
    "/work-items/{item_id}/remind",
    response={201: ReminderOut, **errors(400, 401, 403, 404, 409, 413, 422)},
    summary="催办",
)
def remind(request: HttpRequest, item_id: int, body: RemindIn) -> Status[dict[str, Any]]:
    person: Person = request.auth  # type: ignore[attr-defined]
    reminder = work_item_remind(
        actor=person, item_id=item_id, channel=Channel(body.channel), note=body.note
    )
    return Status(
        201,
        {
            "id": reminder.pk,
            "work_item_id": reminder.work_item_id,
            "sent_to": {"id": reminder.sent_to_id, "name": reminder.sent_to.real_name},
            "channel": reminder.channel,
            "note": reminder.note,
            "created_at": reminder.created_at,
        },
    )


class TrailEntryOut(Schema):
    id: int
    node_key: str
    node_name: str
    action: str
    actor: PersonRef | None
    on_behalf_of: PersonRef | None
    opinion: str
    text: str
    created_at: datetime.datetime


@router.get(
    "/flows/{instance_id}/trail",
    response={200: list[TrailEntryOut], **errors(401, 403, 404, 422)},
    summary="办理过程",
)
def trail(request: HttpRequest, instance_id: int) -> list[dict[str, Any]]:
    person: Person = request.auth  # type: ignore[attr-defined]
    instance = selectors.instance_get_for_person(person=person, pk=instance_id)
    return [
        {
            "id": e.pk,
            "node_key": e.node_key,
            "node_name": e.node_name,
            "action": e.action,
            "actor": {"id": e.actor_id, "name": e.actor.real_name} if e.actor else None,
            "on_behalf_of": (
                {"id": e.on_behalf_of_id, "name": e.on_behalf_of.real_name}
                if e.on_behalf_of
                else None
            ),
            "opinion": e.opinion,
            "text": trail_line(e),
            "created_at": e.created_at,
        }
        for e in selectors.trail_for(instance=instance)
    ]
