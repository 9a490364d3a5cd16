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


@dataclass(frozen=True)
class MeetingResolution:
    """A meeting's 议定事项, once its 纪要 is approved: to be tracked as a 督办 task.

    ``resolution_type``/``resolution_id`` name the 议定事项 (one task per 议定事项);
    ``chair`` assigns it to ``owner``, due on ``deadline``."""

    actor: Any  # the Person whose act approved the minutes
    chair: Any
    owner: Any
    resolution_type: str
    resolution_id: int
    meeting_label: str
    url: str
    title: str
    content: str
    deadline: datetime.date
    classification: int


ResolutionReceiver = Callable[[MeetingResolution], Any]
_resolution_receivers: list[ResolutionReceiver] = []


def receive_meeting_resolutions(receiver: ResolutionReceiver) -> None:
    if receiver not in _resolution_receivers:
        _resolution_receivers.append(receiver)


def has_resolution_receivers() -> bool:
    return bool(_resolution_receivers)


def meeting_resolution_made(resolution: MeetingResolution) -> None:
    for receiver in list(_resolution_receivers):
        receiver(resolution)
