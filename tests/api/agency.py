"""A small realistic agency for the API contract test: the people of the root ``people``
fixture, the casts of 收文 and 发文, a few documents at different stages, API tokens for two
roles, and the ids an API client could know, so that generated requests reach real objects."""

from dataclasses import dataclass, field
from typing import Any

from govoa.accounts.services import token_issue
from govoa.archives.models import Appraisal
from govoa.core.vocabulary import Classification
from govoa.flow.models import FlowInstance, WorkItem
from govoa.incoming.models import IncomingAttachment
from govoa.notify.models import Notification
from govoa.outgoing.services.drafting import outgoing_submit
from govoa.testing import outgoing
from govoa.testing.archive_records import archives_cast, archives_ledger
from govoa.testing.incoming import incoming_cast, register
from govoa.testing.outgoing import outgoing_cast
from govoa.testing.seals import seals_cast, seals_ledger
from govoa.testing.supplies import supplies_cast, supplies_ledger


@dataclass
class Agency:
    people: Any
    tokens: dict[str, str]
    # Real ids by path parameter, e.g. {"item_id": [3, 4]}; pairs for nested paths.
    ids: dict[str, list[int]] = field(default_factory=dict)
    incoming_attachments: list[tuple[int, int]] = field(default_factory=list)


def _supervision_tasks(people: Any) -> list[Any]:
    """督办: one the drafter (规划科员) owns and is carrying out (so they may report and ask
    for more time), and one of the department head's with a step of the drafter's."""
    import datetime

    from govoa.supervision.services.progress import StepData, task_step_add
    from govoa.supervision.services.tasks import supervision_task_create, task_confirm, task_sign
    from govoa.testing.clock import FROZEN_TODAY
    from govoa.testing.supervision import assign, task_data

    own = supervision_task_create(
        actor=people.dept_head,
        data=task_data(people, owner_id=people.staff.pk, title="整理项目调度台账"),
    )
    task_confirm(actor=people.staff, task=own)
    own = task_sign(actor=people.dept_head, task=own)
    head = assign(people)
    task_step_add(
        actor=people.dept_head,
        task=head,
        data=StepData(
            "梳理项目库", people.staff.pk, FROZEN_TODAY, FROZEN_TODAY + datetime.timedelta(days=7)
        ),
    )
    return [own, head]


def _meetings(people: Any) -> list[Any]:
    """会议: an approved one the drafter (规划科员) and the registrar are invited to, in a
    room, and a draft request of the department head's."""
    from govoa.testing.meetings import approved, at, request, room

    hall = room(people)
    held = approved(people, room_id=hall.pk, place="")
    draft = request(people, title="项目调度会", starts_at=at(24), ends_at=at(26))
    return [held, draft]


def _devices(people: Any) -> list[int]:
    """A computer the drafter holds and a 涉密 U盘 of the registrar's (设备与存储介质)."""
    from govoa.testing.equipment import equipment_keeper, make_device

    keeper = equipment_keeper(people)
    computer = make_device(keeper, people.staff, asset_number="ZC-0001")
    drive = make_device(
        keeper, people.registrar, kind="usb_drive", asset_number="U-0001", is_classified=True
    )
    return [computer.pk, drive.pk]


def build_agency(cast_class: Any) -> Agency:
    people = cast_class()
    incoming_cast(people)
    outgoing_cast(people)
    incoming = [
        register(people),
        register(
            people,
            classification=Classification.INTERNAL,
            source_number="某发改〔2026〕90号",
            title="关于报送年度统计资料的通知",
        ),
        register(
            people,
            classification=Classification.SECRET,
            secrecy_period="1年",
            source_number="某发改〔2026〕91号",
            title="关于重点项目保密事项的通知",
            urgency="urgent",
        ),
    ]
    drafts = [
        outgoing.draft(people),
        outgoing.draft(people, title="测试市发展和改革委员会关于召开项目调度会的通知"),
        outgoing.draft(
            people,
            drafter=people.dept_head,
            classification=Classification.INTERNAL,
            title="测试市发展和改革委员会关于内部事项的通知",
        ),
    ]
    outgoing_submit(actor=people.staff, document=drafts[1])
    ledger = supplies_ledger(people, supplies_cast(people))
    seals = seals_ledger(people, seals_cast(people))
    tasks = _supervision_tasks(people)
    meetings = _meetings(people)
    archives = archives_ledger(people, archives_cast(people))
    devices = _devices(people)
    tokens = {
        "registrar": token_issue(person=people.registrar, name="契约测试")[1],
        "drafter": token_issue(person=people.staff, name="契约测试")[1],
    }
    agency = Agency(people=people, tokens=tokens)
    agency.ids = {
        "item_id": list(WorkItem.objects.order_by("pk").values_list("pk", flat=True)),
        "instance_id": list(FlowInstance.objects.order_by("pk").values_list("pk", flat=True)),
        "notification_id": list(Notification.objects.order_by("pk").values_list("pk", flat=True)),
        "incoming_document_id": [d.pk for d in incoming],
        "outgoing_document_id": [d.pk for d in drafts],
        "supply_item_id": ledger.item_ids,
        "requisition_id": ledger.requisition_ids,
        "seal_id": seals.seal_ids,
        "usage_id": seals.usage_ids,
        "task_id": [t.pk for t in tasks],
        "meeting_id": [m.pk for m in meetings],
        "invitee_id": [i.pk for m in meetings for i in m.invitees.all()],
        "record_id": archives.record_ids,
        "loan_id": archives.loan_ids,
        "appraisal_id": list(Appraisal.objects.order_by("pk").values_list("pk", flat=True)),
        "device_id": devices,
    }
    agency.incoming_attachments = list(
        IncomingAttachment.objects.order_by("pk").values_list("document_id", "pk")
    )
    return agency
