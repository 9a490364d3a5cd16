"""Hand-offs between sibling modules that may not import each other (DESIGN §2): the module
where something happens announces it here; the module that acts on it subscribes in its
``AppConfig.ready()``. Receivers run in the announcer's transaction, so a receiver that
raises (a ``ValidationFailed`` with a Chinese message) undoes the announcing act as well."""

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class LeaderInstruction:
    """A leader's 批示 that asks for 督办: on a 收文's 批办 today, on others later.

    ``subject_type``/``subject_id`` name the object it was given on (a generic reference,
    as the flow engine keeps its subjects); ``label`` and ``url`` say how to show and reach
    it; ``department_id`` is the department charged with it (主办部门)."""

    leader: Any  # the Person who gave it
    subject_type: str
    subject_id: int
    label: str
    url: str
    title: str
    instruction: str
    department_id: int
    deadline: datetime.date
    classification: int


InstructionReceiver = Callable[[LeaderInstruction], None]
_instruction_receivers: list[InstructionReceiver] = []


def receive_leader_instructions(receiver: InstructionReceiver) -> None:
    if receiver not in _instruction_receivers:
        _instruction_receivers.append(receiver)


def has_instruction_receivers() -> bool:
    """Whether any module takes instructions up (the 批办 form offers 列入督办 only then)."""
    return bool(_instruction_receivers)


def leader_instruction_given(instruction: LeaderInstruction) -> None:
    for receiver in list(_instruction_receivers):
        receiver(instruction)
