"""What domain apps plug into the engine: their subject types (with the small “subject”
interface the workbench and the rules use), named predicates for conditional transitions,
and the default templates shipped in code. Apps register in ``AppConfig.ready()``."""

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.db import models

if TYPE_CHECKING:
    from govoa.flow.models import FlowInstance, WorkItem


@dataclass(frozen=True)
class SubjectSummary:
    """What the workbench shows of a subject: title, number, module, 密级, link."""

    title: str
    number: str
    classification: int
    url: str
    urgent: bool = False


class SubjectAdapter:
    """The interface between the engine and a module's subject (a document, a meeting, …).

    Subclass it in the domain app; every hook runs inside the act's transaction, so raising
    ``ValidationFailed`` or ``TransitionNotAllowed`` from a hook undoes the whole act."""

    subject_type: str = ""  # "<app_label>.<model>"
    module: str = ""  # the app, e.g. "incoming"
    module_label: str = ""  # e.g. "收文"
    scopes: dict[str, str] = {}  # department scopes the rules may use → label
    people_fields: dict[str, str] = {}  # people fields the rules may use → label
    # People an act names in its payload, which separation-of-duties rules may refer to as
    # "<node>.<party>" (e.g. 印制's checked_by → 核对人).
    act_parties: dict[str, str] = {}
    initiator_label: str = "发起人"  # how the rules name the one who started the flow
    # The module's own page hosts the act form (with its domain fields): the generic item
    # page sends people there.
    act_on_subject_page: bool = False

    def load(self, subject_id: int, *, lock: bool = False) -> models.Model:
        raise NotImplementedError

    def summary(self, subject: Any) -> SubjectSummary:
        raise NotImplementedError

    def departments(self, subject: Any, scope: str) -> list[int]:
        """Department ids a ROLE rule with this scope resolves against."""
        raise NotImplementedError(scope)

    def people(self, subject: Any, field_name: str) -> list[int]:
        """Person ids of a FIELD rule."""
        raise NotImplementedError(field_name)

    def due_date(self, subject: Any, node_key: str) -> datetime.date | None:
        """A deadline the subject sets for a node (e.g. 批办's 限办日期), or None."""
        return None

    def escalate_to(self, subject: Any, item: "WorkItem") -> list[int]:
        """Person ids an overdue item of this subject escalates to (超期上报), e.g. a 督办
        task's supervising leader; empty for the engine's rule (the handler's department
        head, then the leader supervising the department, then the office head)."""
        return []

    def may_remind(self, subject: Any, person: Any) -> bool:
        """Someone the subject names for 催办 (e.g. a document's 催办人)."""
        return False

    def on_act(self, act: "DomainAct") -> None:
        """Validate and apply the domain part of an act (e.g. 批办's lead department)."""

    def settled(self, subject: Any, node_key: str) -> bool:
        """Whether a parallel node is decided before all its items are done (e.g. a
        committee's majority, ``archives``): asked after each completing act on the node's
        main items; when true, the node's other open main items are cancelled and the flow
        routes on. Default: a parallel node waits for everyone."""
        return False

    def on_enter(self, instance: "FlowInstance", subject: Any, node_key: str) -> None:
        """The flow entered ``node_key``: set the subject's status."""

    def on_finish(self, instance: "FlowInstance", subject: Any, status: str) -> None:
        """The flow ended (completed, rejected or cancelled)."""

    def flush(self, subject: Any) -> None:
        """The act's hooks are done: save what they staged (``stage``), so that an act that
        changes the subject in several hooks updates its row once."""
        save_staged(subject)


def stage(subject: Any, *fields: str) -> None:
    """A hook changed ``fields`` of the subject: saved with the act's one UPDATE of it at the
    end of the act (``SubjectAdapter.flush``). Only for fields nothing reads back from the
    database before then."""
    subject.__dict__.setdefault("_staged_fields", set()).update(fields)


def save_staged(subject: Any) -> None:
    staged: set[str] | None = subject.__dict__.pop("_staged_fields", None)
    if staged:
        subject.save(update_fields=sorted(staged))


@dataclass(frozen=True)
class DomainAct:
    """What a domain app is told of an act, before the engine routes it."""

    instance: "FlowInstance"
    subject: Any
    item: "WorkItem"
    action: str
    opinion: str
    payload: dict[str, Any]
    actor: Any
    # What the hook adds to the act's trail entry: ``{"said": "表决：销毁"}`` is shown after
    # the opinion in the 办理过程 (e.g. a committee member's vote).
    trail: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Predicate:
    name: str
    label: str
    test: Callable[["FlowInstance", Any], bool]
    subject_types: frozenset[str] = field(default_factory=frozenset)  # empty: every type


@dataclass(frozen=True)
class DefaultTemplate:
    code: str
    name: str
    subject_type: str
    definition: dict[str, Any]


# A subject type's own rules about its templates (e.g. 发文: no path to 签发 may skip 核稿).
TemplateCheck = Callable[[Any], list[str]]

_subjects: dict[str, SubjectAdapter] = {}
_template_checks: dict[str, list[TemplateCheck]] = {}
_predicates: dict[str, Predicate] = {}
_templates: dict[str, DefaultTemplate] = {}


def register_subject(adapter: SubjectAdapter) -> None:
    _subjects[adapter.subject_type] = adapter


def register_predicate(predicate: Predicate) -> None:
    _predicates[predicate.name] = predicate


def register_default_template(template: DefaultTemplate) -> None:
    _templates[template.code] = template


def register_template_check(subject_type: str, check: TemplateCheck) -> None:
    _template_checks.setdefault(subject_type, []).append(check)


def template_checks(subject_type: str) -> list[TemplateCheck]:
    return list(_template_checks.get(subject_type, []))


def subject_adapter(subject_type: str) -> SubjectAdapter:
    return _subjects[subject_type]


def find_subject_adapter(subject_type: str) -> SubjectAdapter | None:
    return _subjects.get(subject_type)


def subject_type_of_module(module: str) -> str | None:
    """The subject type whose flows a module (``incoming``, ``outgoing``, …) runs."""
    return next((a.subject_type for a in _subjects.values() if a.module == module), None)


def predicate(name: str) -> Predicate:
    return _predicates[name]


def predicates_for(subject_type: str) -> dict[str, Predicate]:
    return {
        name: p
        for name, p in _predicates.items()
        if not p.subject_types or subject_type in p.subject_types
    }


def default_templates() -> dict[str, DefaultTemplate]:
    return dict(_templates)
