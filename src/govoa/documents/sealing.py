"""用印 between 发文 and the seals module, which are siblings and may not import each other.

- ``seals`` registers a *recorder* here (in its ``AppConfig.ready``): 发文's 用印 step calls
  ``record_sealing`` and the recorder checks the custodian and writes the 用印登记簿 entry,
  or refuses (and the whole act is undone).
- ``outgoing`` registers a *finder*: a 用印申请 may name a 发文 of the system, which the
  seals module looks up through ``find_document`` (only one the applicant may see)."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class DocumentRef:
    """A document a seal usage names: enough to show and register it."""

    subject_type: str
    pk: int
    title: str
    number: str
    url: str


@dataclass(frozen=True)
class SealingRequest:
    """发文's 用印 step: who stamps which document, how many copies, approved by whom."""

    agency_id: int
    actor: Any
    document: DocumentRef
    copies: int
    approved_by: Any  # the signer (签发人): the 发文's approval is its 签发
    department_id: int  # the drafting department
    payload: dict[str, Any]


@dataclass(frozen=True)
class SealApplied:
    """What a recorder tells the stamping step: the seal used (for its electronic stamp)."""

    seal_id: int
    seal_name: str
    impression_id: int | None  # the uploaded 印模 (documents.StoredFile), if any


Recorder = Callable[[SealingRequest], SealApplied | None]
Finder = Callable[[Any, int], DocumentRef | None]

_recorders: list[Recorder] = []
_finders: dict[str, Finder] = {}


def register_recorder(recorder: Recorder) -> None:
    if recorder not in _recorders:
        _recorders.append(recorder)


def register_finder(subject_type: str, finder: Finder) -> None:
    _finders[subject_type] = finder


def record_sealing(request: SealingRequest) -> list[SealApplied]:
    """Called inside the 用印 act's transaction; a recorder refuses by raising. Returns the
    seals applied (none when the agency registered no seal: no electronic stamp then)."""
    applied = [recorder(request) for recorder in _recorders]
    return [a for a in applied if a is not None]


def find_document(subject_type: str, person: Any, pk: int) -> DocumentRef | None:
    finder = _finders.get(subject_type)
    return finder(person, pk) if finder else None
