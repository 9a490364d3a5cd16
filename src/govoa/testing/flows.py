"""Building flows on the test memo subject (``govoa.flow.tests.subject``)."""

from dataclasses import dataclass
from typing import Any

from django.db import transaction

from govoa.core.vocabulary import Classification, Role
from govoa.flow.models import FlowInstance, WorkItem
from govoa.flow.services.acts import flow_start
from govoa.flow.services.routing import Context, cancel_open, enter
from govoa.flow.workflow import ItemStatus
from govoa.org.models import Person
from govoa.testing.factories import grant, make_person


@dataclass
class MemoCast:
    """The people a memo's flow meets, on top of the ``people`` fixture."""

    office_head: Person
    energy_head: Person
    readers: list[Person]


def memo_cast(people: Any) -> MemoCast:
    office_head = make_person(
        department=people.office,
        real_name="办公室主任",
        username="officehead",
        clearance=Classification.HIGHLY_SECRET,
    )
    grant(office_head, Role.OFFICE_HEAD)
    grant(office_head, Role.DEPT_HEAD, [people.office])
    energy_head = make_person(
        department=people.energy,
        real_name="能源处长",
        username="energyhead",
        clearance=Classification.SECRET,
    )
    grant(energy_head, Role.DEPT_HEAD, [people.energy])
    readers = [
        make_person(department=people.energy, real_name=f"传阅人{n}", username=f"reader{n}")
        for n in range(1, 4)
    ]
    return MemoCast(office_head, energy_head, readers)


def make_memo(
    people: Any, cast: MemoCast | None = None, *, countersign: bool = False, **fields: Any
) -> Any:
    from govoa.flow.tests.subject.models import Memo

    memo = Memo.objects.create(
        agency=people.agency,
        title=fields.pop("title", "关于测试的请示"),
        drafter=people.staff,
        drafting_department=people.planning,
        **fields,
    )
    if countersign:
        memo.countersign_departments.set([people.energy, people.office])
    if cast is not None:
        memo.circulation.set(cast.readers)
    return memo


def start_memo(people: Any, memo: Any, **kwargs: Any) -> FlowInstance:
    return flow_start(actor=people.staff, code="memo_approval", subject=memo, **kwargs)


def open_items(instance: FlowInstance, node_key: str | None = None) -> list[WorkItem]:
    items = (
        WorkItem.objects.filter(instance=instance, status=ItemStatus.OPEN)
        .select_related("assignee")
        .order_by("pk")
    )
    if node_key:
        items = items.filter(node_key=node_key)
    return list(items)


def move_to(
    instance: FlowInstance, node_key: str, *, actor: Person, payload: dict[str, Any] | None = None
) -> None:
    """Put a running instance at ``node_key`` directly (to test one node's acts)."""
    with transaction.atomic():
        instance = FlowInstance.objects.select_for_update().get(pk=instance.pk)
        cancel_open(instance)
        enter(
            Context(instance=instance, actor=actor, payload=payload or {}),
            node_key,
            created_by=None,
        )
