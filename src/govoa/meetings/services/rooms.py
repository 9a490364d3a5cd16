"""会议室登记: the office (办会 is the office's) registers its rooms — capacity, equipment, the
rostrum and the hall rows the 座次表 follows — and changes or retires them. A room is not
shrunk below, nor retired from under, an approved meeting still to come: the message names
that meeting."""

from dataclasses import dataclass

from django.db import transaction
from django.db.models import Count
from django.utils import timezone

from govoa.audit.services import audit_denied, audit_record
from govoa.core.errors import NotFound, ValidationFailed
from govoa.meetings.models import Meeting, MeetingRoom
from govoa.meetings.policies import can_manage_rooms
from govoa.meetings.workflow import MeetingStatus
from govoa.org.models import Person

MAX_CAPACITY = 10000
MAX_ROSTRUM = 50
MAX_ROW = 200


@dataclass(frozen=True)
class RoomData:
    name: str
    capacity: int
    location: str = ""
    equipment: str = ""
    rostrum_seats: int = 7
    hall_row_seats: int = 10
    active: bool = True


def _checked(data: RoomData) -> RoomData:
    errors: dict[str, list[str]] = {}
    name = (data.name or "").strip()
    if not name:
        errors["name"] = ["请填写会议室名称。"]
    for key, limit in (("name", 100), ("location", 200), ("equipment", 300)):
        if len((getattr(data, key) or "").strip()) > limit:
            errors[key] = [f"不能超过 {limit} 字。"]
    if not 1 <= data.capacity <= MAX_CAPACITY:
        errors["capacity"] = [f"容纳人数应为 1 至 {MAX_CAPACITY} 人。"]
    if not 0 <= data.rostrum_seats <= MAX_ROSTRUM:
        errors["rostrum_seats"] = [f"主席台座位应为 0 至 {MAX_ROSTRUM} 个。"]
    elif data.rostrum_seats > data.capacity:
        errors["rostrum_seats"] = ["主席台座位不能多于容纳人数。"]
    if not 1 <= data.hall_row_seats <= MAX_ROW:
        errors["hall_row_seats"] = [f"台下每排座位应为 1 至 {MAX_ROW} 个。"]
    if errors:
        raise ValidationFailed(fields=errors)
    return RoomData(
        name=name,
        capacity=data.capacity,
        location=(data.location or "").strip(),
        equipment=(data.equipment or "").strip(),
        rostrum_seats=data.rostrum_seats,
        hall_row_seats=data.hall_row_seats,
        active=data.active,
    )


def _still_needed(room: MeetingRoom, data: RoomData) -> None:
    """An approved meeting still to come keeps its room open and large enough."""
    coming = (
        Meeting.objects.filter(room=room, status=MeetingStatus.APPROVED, ends_at__gt=timezone.now())
        .annotate(people=Count("invitees"))
        .order_by("starts_at", "pk")
    )
    if not data.active:
        first = coming.first()
        if first is not None:
            when = f"{timezone.localtime(first.starts_at):%Y-%m-%d %H:%M}"
            message = f"该会议室还有已批准的会议《{first.title}》（{when}），请先调整会议地点。"
            raise ValidationFailed(fields={"active": [message]})
    larger = coming.filter(people__gt=data.capacity).first()
    if larger is not None:
        message = f"已批准的会议《{larger.title}》有 {larger.people} 人参加，容纳人数不能少于此数。"
        raise ValidationFailed(fields={"capacity": [message]})


def room_save(*, actor: Person, data: RoomData, room_id: int | None = None) -> MeetingRoom:
    """登记 (``room_id`` None) or 修改 a room of the actor's agency."""
    action = "meetings.room.update" if room_id else "meetings.room.create"
    if not can_manage_rooms(actor):
        raise audit_denied(action=action, actor=actor, reason="只有办公室主任可以登记会议室。")
    data = _checked(data)
    with transaction.atomic():
        room = None
        if room_id is not None:
            room = (
                MeetingRoom.objects.select_for_update()
                .filter(pk=room_id, agency_id=actor.agency_id)
                .first()
            )
            if room is None:
                raise NotFound("会议室不存在。")
            _still_needed(room, data)
        same = MeetingRoom.objects.filter(agency_id=actor.agency_id, name=data.name)
        if same.exclude(pk=room_id or 0).exists():
            raise ValidationFailed(fields={"name": [f"已有名为“{data.name}”的会议室。"]})
        values = {
            "name": data.name,
            "location": data.location,
            "capacity": data.capacity,
            "equipment": data.equipment,
            "rostrum_seats": data.rostrum_seats,
            "hall_row_seats": data.hall_row_seats,
            "active": data.active,
        }
        if room is None:
            room = MeetingRoom.objects.create(agency_id=actor.agency_id, **values)
            changed = list(values)
        else:
            changed = [key for key, value in values.items() if getattr(room, key) != value]
            for key in changed:
                setattr(room, key, values[key])
            if changed:
                room.save(update_fields=changed)
        audit_record(
            action=action,
            actor=actor,
            obj=room,
            details={key: values[key] for key in changed},
        )
    return room
