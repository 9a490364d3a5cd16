"""Who sees a 督办 task and who may do what with it.

A person sees a task when their clearance covers its 密级 AND they are its owner (承办人),
its assigner (交办人), its supervising leader (督办领导), the owner of one of its steps, took
part in its flows (or was sent its 超期上报), or heads or supervises its department (责任部门);
the office head (督查督办 is the office's) and the principal leader see all of the agency's.
The 三员 see none. Everyone else gets 404."""

from django.db.models import Q

from govoa.core.vocabulary import Role
from govoa.flow.policies import subjects_taken_part_in
from govoa.org.models import Person
from govoa.org.policies import may_handle_business, supervised_department_ids
from govoa.supervision.models import SupervisionTask, TaskStep
from govoa.supervision.workflow import CLOSED, TaskStatus

SUBJECT_TYPE = "supervision.supervisiontask"
SEES_ALL_TASKS = (Role.OFFICE_HEAD, Role.LEADER_PRINCIPAL)
ASSIGNING_ROLES = (Role.LEADER_PRINCIPAL, Role.LEADER_DEPUTY, Role.OFFICE_HEAD, Role.DEPT_HEAD)
LEADER_ROLES = (Role.LEADER_PRINCIPAL, Role.LEADER_DEPUTY)


def sees_all_tasks(person: Person) -> bool:
    return any(person.has_role(role) for role in SEES_ALL_TASKS)


def tasks_visible_q(person: Person) -> Q:
    if not may_handle_business(person):  # inactive, or one of the 三员
        return Q(pk__in=[])
    base = Q(agency_id=person.agency_id, classification__lte=person.clearance)
    supervised = supervised_department_ids(person)
    if supervised is None or sees_all_tasks(person):
        return base
    steps = TaskStep.objects.filter(owner_id=person.pk).values("task_id")
    scope = (
        Q(owner_id=person.pk)
        | Q(assigner_id=person.pk)
        | Q(leader_id=person.pk)
        | Q(created_by_id=person.pk)
        | Q(pk__in=steps)
        | Q(pk__in=subjects_taken_part_in(person, SUBJECT_TYPE))
    )
    if supervised:
        scope |= Q(department_id__in=supervised)
    return base & scope


def is_leader(person: Person) -> bool:
    return any(person.has_role(role) for role in LEADER_ROLES)


def can_assign(person: Person) -> bool:
    """直接交办: leaders, the office head and department heads."""
    return may_handle_business(person) and any(person.has_role(r) for r in ASSIGNING_ROLES)


def can_assign_to(person: Person, owner: Person) -> bool:
    """Leaders and the office head assign to anyone of the agency; a department head to the
    people of the departments they head."""
    if not can_assign(person) or owner.agency_id != person.agency_id:
        return False
    if is_leader(person) or person.has_role(Role.OFFICE_HEAD):
        return True
    supervised = supervised_department_ids(person)
    return supervised is None or owner.department_id in supervised


def can_report(person: Person, task: SupervisionTask) -> bool:
    """进展汇报: the owner, while the task is under way."""
    return task.owner_id == person.pk and task.status == TaskStatus.IN_PROGRESS


def can_request_extension(person: Person, task: SupervisionTask) -> bool:
    return task.owner_id == person.pk and task.status == TaskStatus.IN_PROGRESS


def can_plan_steps(person: Person, task: SupervisionTask) -> bool:
    """分解 (步骤清单): the owner or the assigner, until the task is closed."""
    return person.pk in (task.owner_id, task.assigner_id) and task.status not in CLOSED


def can_review(person: Person, task: SupervisionTask) -> bool:
    """复盘: the owner or the assigner, once the task is completed."""
    return person.pk in (task.owner_id, task.assigner_id) and task.status == TaskStatus.COMPLETED


def can_export_ledger(person: Person) -> bool:
    return may_handle_business(person)
