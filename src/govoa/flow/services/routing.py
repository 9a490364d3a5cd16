"""Routing inside an act: resolving who handles a node, opening its items, deciding when a
node is complete, following transitions, and ending the flow. Called only by ``acts`` within
their transaction, with the instance row locked."""

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Max
from django.utils import timezone

from govoa.core.errors import TransitionNotAllowed, ValidationFailed
from govoa.core.validation import ids_from
from govoa.core.vocabulary import Classification, Role
from govoa.flow import registry
from govoa.flow.deadlines import due_after, due_before
from govoa.flow.definition import Definition, Node, parse
from govoa.flow.duties import Actors
from govoa.flow.models import FlowInstance, WorkItem
from govoa.flow.services.eligibility import barred_people, eligible_delegates, without_barred
from govoa.flow.workflow import AssignKind, InstanceStatus, ItemGroup, ItemStatus, NodeKind
from govoa.notify.services import Message, notify_each
from govoa.org.models import Department, Person, PersonStatus
from govoa.org.selectors import chosen_people, delegates_for, role_holders

# Guards against a template whose notice nodes loop back on themselves.
_MAX_AUTOMATIC_STEPS = 50
LIVE = (ItemStatus.OPEN, ItemStatus.DONE)


@dataclass
class Context:
    """Everything one act needs, loaded once."""

    instance: FlowInstance
    actor: Person
    payload: dict[str, Any] = field(default_factory=dict)
    today: datetime.date = field(default_factory=timezone.localdate)
    # Acts lock the subject; a read (e.g. which people a form may offer) does not.
    lock: bool = True
    # The subject, when the caller already loaded and locked it through the adapter.
    loaded: Any = None

    def __post_init__(self) -> None:
        self.definition: Definition = parse(self.instance.template.definition)
        self.adapter = registry.subject_adapter(self.instance.subject_type)
        self.subject = (
            self.loaded
            if self.loaded is not None
            else self.adapter.load(self.instance.subject_id, lock=self.lock)
        )
        self.opened: list[WorkItem] = []  # items opened by this act, for the trail
        self.actors: Actors | None = None  # who decided which node so far (loaded once)
        # The acted item's batch (its activation's items, locked with it), when an act
        # loaded it: whether the node is complete is then known without another query.
        self.batch: list[WorkItem] | None = None
        # The highest batch number of the instance's items, when known (see next_activation).
        self.top_activation: int | None = None


@dataclass
class Resolved:
    """Who handles a node, and for a rule scoped by department, which department each one
    handles it for (会签, 协办: one item per department)."""

    people: list[Person]
    departments: dict[int, int] = field(default_factory=dict)


def _person_names(people: list[Person]) -> str:
    return "、".join(p.real_name for p in people)


def _active(ids: list[int], agency_id: int) -> list[Person]:
    found = {
        p.pk: p
        for p in Person.objects.filter(pk__in=ids, agency_id=agency_id, status=PersonStatus.ACTIVE)
    }
    return [found[i] for i in dict.fromkeys(ids) if i in found]


def _by_role(ctx: Context, node: Node, *, allow_empty: bool = False) -> Resolved:
    """The holders of the node's role (over each department of its scope), each marked
    whether someone acts for them today: one statement (``role_holders``)."""
    rule = node.assign
    assert rule is not None
    agency_id = ctx.instance.agency_id
    role = Role(rule.role)
    if not rule.scope:
        holders = role_holders(agency_id=agency_id, role=role, on=ctx.today)
        return Resolved(holders.get(None, []))
    department_ids = ctx.adapter.departments(ctx.subject, rule.scope)
    if not department_ids and allow_empty:  # e.g. no 协办 department: nobody to open for
        return Resolved([])
    if not department_ids:
        label = ctx.adapter.scopes.get(rule.scope, rule.scope)
        raise ValidationFailed(
            f"环节“{node.name}”需要先确定{label}。", fields={"scope": [f"请先确定{label}。"]}
        )
    by_department = role_holders(
        agency_id=agency_id, role=role, department_ids=department_ids, on=ctx.today
    )
    resolved = Resolved([])
    missing = []
    for department_id in department_ids:
        found = by_department.get(department_id, [])
        if not found:
            missing.append(department_id)
        for person in found:
            resolved.departments.setdefault(person.pk, department_id)
        resolved.people.extend(found)
    if missing and node.kind == NodeKind.PARALLEL:
        names = "、".join(Department.objects.filter(pk__in=missing).values_list("name", flat=True))
        raise ValidationFailed(
            f"环节“{node.name}”无法分配：{names}没有{role.label}。请联系安全保密管理员授予角色。"
        )
    return resolved


def _chosen(ctx: Context, node: Node) -> list[Person]:
    rule = node.assign
    assert rule is not None
    ids = ids_from(ctx.payload.get("next_assignees"), "next_assignees")
    if not ids:
        raise ValidationFailed(
            f"请选择“{node.name}”的办理人。",
            fields={"next_assignees": [f"请选择“{node.name}”的办理人。"]},
        )
    # Clearance is checked for every rule in resolve_assignees.
    people = chosen_people(agency_id=ctx.instance.agency_id, ids=ids, key="next_assignees")
    if rule.role:
        lacking = [p for p in people if not p.has_role(rule.role)]
        if lacking:
            label = Role(rule.role).label
            raise ValidationFailed(
                fields={
                    "next_assignees": [
                        f"{_person_names(lacking)}不是{label}，不能办理“{node.name}”。"
                    ]
                }
            )
    return people


def resolve_assignees(ctx: Context, node: Node, *, allow_empty: bool = False) -> Resolved:
    """Who handles ``node`` for this subject; never under-cleared, never against the node's
    separation of duties, and never empty unless ``allow_empty`` (a 传阅 with nobody on the
    list is simply passed by)."""
    rule = node.assign
    if rule is None:
        raise ValidationFailed(f"环节“{node.name}”没有设置办理人规则。")
    resolved = Resolved([])
    if rule.kind == AssignKind.ROLE:
        resolved = _by_role(ctx, node, allow_empty=allow_empty)
    elif rule.kind == AssignKind.CHOSEN:
        resolved.people = _chosen(ctx, node)
    elif rule.kind == AssignKind.FIELD:
        resolved.people = _active(
            ctx.adapter.people(ctx.subject, rule.field), ctx.instance.agency_id
        )
    else:
        resolved.people = [ctx.instance.started_by]
    people = list({p.pk: p for p in resolved.people}.values())
    level = ctx.instance.classification
    cleared = [p for p in people if p.clearance >= level]
    if len(cleared) < len(people) and rule.kind in {AssignKind.CHOSEN, AssignKind.FIELD}:
        lacking = [p for p in people if p.clearance < level]
        raise ValidationFailed(
            f"{_person_names(lacking)}的涉密等级不足，不能办理{Classification(level).label}文件。",
            fields={"next_assignees": ["涉密等级不足。"]},
        )
    if not cleared and allow_empty and not people:
        return Resolved([])
    if not cleared:
        raise ValidationFailed(
            f"环节“{node.name}”找不到合适的办理人（没有人符合角色、范围和涉密等级要求）。"
            "请联系系统管理员检查角色设置。"
        )
    # Candidates of a role are left out when barred; a person chosen or named is refused.
    kept = without_barred(ctx, node, cleared, drop=rule.kind == AssignKind.ROLE)
    return Resolved(kept, resolved.departments)


def _due(ctx: Context, node: Node) -> tuple[datetime.date | None, bool]:
    if node.alongside and node.due_before_host is not None:
        host_due, estimate = _due(ctx, ctx.definition.node(node.alongside))
        if host_due is not None:
            earlier, guessed = due_before(host_due, node.due_before_host)
            return max(earlier, min(ctx.today, host_due)), estimate or guessed
    fixed = ctx.adapter.due_date(ctx.subject, node.key)
    if fixed is not None:
        return fixed, False
    if node.deadline_days is None:
        return None, False
    return due_after(ctx.today, node.deadline_days)


def open_items(
    ctx: Context,
    node: Node,
    people: list[Person],
    *,
    activation: int,
    group: str = ItemGroup.MAIN,
    created_by: WorkItem | None = None,
    departments: dict[int, int] | None = None,
) -> list[WorkItem]:
    """Create one item per person; a person on leave is replaced by their delegate, unless
    the delegate is not cleared for the flow's 密级, outside the node's reach or barred by
    its separation of duties (then the item stays with the person). A constant number of
    queries however many people: one for their delegates (and one to test those against the
    reach), one to create the items, one batch of messages."""
    due, estimate = _due(ctx, node)
    level = ctx.instance.classification
    departments = departments or {}
    delegates = eligible_delegates(
        ctx,
        node,
        {
            pk: delegate
            for pk, delegate in delegates_for(people, ctx.today).items()
            if delegate.clearance >= level
        },
    )
    items = []
    for person in people:
        delegate = delegates.get(person.pk)
        items.append(
            WorkItem(
                instance=ctx.instance,
                node_key=node.key,
                node_name=node.name,
                kind=node.kind,
                activation=activation,
                group=group,
                assignee=delegate or person,
                delegated_from=person if delegate else None,
                classification=level,
                subject_type=ctx.instance.subject_type,
                subject_id=ctx.instance.subject_id,
                department_id=departments.get(person.pk),
                created_by_item=created_by,
                due_date=due,
                due_is_estimate=estimate,
            )
        )
    WorkItem.objects.bulk_create(items)
    verb = "待阅" if node.kind == NodeKind.NOTICE else "待办"
    messages = []
    for item in items:
        body = f"{ctx.instance.title}（{node.name}）"
        if item.delegated_from_id:
            body += f"，您代理{item.delegated_from.real_name}办理"  # type: ignore[union-attr]
        if due:
            body += f"，请于 {due:%Y-%m-%d} 前办理"
        # Each message links to its own item, so they are sent as one batch of distinct
        # messages rather than one message to many recipients.
        messages.append(
            Message(
                recipient=item.assignee,
                title=f"{verb}：{ctx.instance.title}",
                body=body,
                url=f"/flow/items/{item.pk}/",
            )
        )
    notify_each(
        messages=messages,
        kind=f"flow.item.{'notice' if verb == '待阅' else 'assigned'}",
        classification=level,
        agency_id=ctx.instance.agency_id,
    )
    ctx.opened.extend(items)
    if ctx.batch is not None and ctx.batch and ctx.batch[0].activation == activation:
        ctx.batch.extend(items)
    return items


def _previous_handlers(ctx: Context, node: Node) -> Resolved:
    """Who handled ``node`` last time (a 退回 goes back to them, not to the rule), less any
    its separation of duties now bars."""
    last = (
        WorkItem.objects.filter(
            instance=ctx.instance, node_key=node.key, group=ItemGroup.MAIN, status=ItemStatus.DONE
        )
        .order_by("-activation")
        .values_list("activation", flat=True)
        .first()
    )
    if last is None:
        return Resolved([])
    rows = WorkItem.objects.filter(
        instance=ctx.instance, activation=last, group=ItemGroup.MAIN, status=ItemStatus.DONE
    ).values_list("delegated_from_id", "assignee_id", "department_id")
    # The principal, not whoever acted for them: delegation is applied afresh on reopening.
    principals = {principal or assignee: department for principal, assignee, department in rows}
    people = _active(list(principals), ctx.instance.agency_id)
    departments = {pk: d for pk, d in principals.items() if d}
    bars = barred_people(ctx, node) if people else {}
    return Resolved([p for p in people if p.pk not in bars], departments)


def _open_companions(ctx: Context, host: Node, created_by: WorkItem | None) -> None:
    """The nodes opened together with ``host`` (协办 beside 承办), each as its own batch; the
    flow stays at the host. A companion nobody is assigned to (no 协办 department) is
    passed by. Their items are not “entered”: the subject's status follows the host."""
    for companion in ctx.definition.companions(host.key):
        resolved = resolve_assignees(ctx, companion, allow_empty=True)
        if resolved.people:
            open_items(
                ctx,
                companion,
                resolved.people,
                activation=next_activation(ctx),
                created_by=created_by,
                departments=resolved.departments,
            )


def next_activation(ctx: Context) -> int:
    """A new batch number. After a 收回 the instance's batch is the reopened step's, lower
    than the withdrawn batch's, whose number is not reused. The highest number so far is
    read once per act (an act that locked the instance read it then)."""
    if ctx.top_activation is None:
        highest = WorkItem.objects.filter(instance=ctx.instance).aggregate(Max("activation"))
        ctx.top_activation = highest["activation__max"] or 0
    ctx.top_activation = max(ctx.instance.activation, ctx.top_activation) + 1
    return ctx.top_activation


def enter(
    ctx: Context, key: str, *, created_by: WorkItem | None, back_to_previous: bool = False
) -> None:
    """Enter node ``key``: open its items, or finish at an end node. Notice nodes open their
    read items and the flow moves straight on."""
    for _ in range(_MAX_AUTOMATIC_STEPS):
        node = ctx.definition.node(key)
        if node.kind == NodeKind.END:
            finish(ctx, InstanceStatus.COMPLETED)
            return
        resolved = _previous_handlers(ctx, node) if back_to_previous else Resolved([])
        if not resolved.people:
            resolved = resolve_assignees(ctx, node, allow_empty=node.kind == NodeKind.NOTICE)
        if not resolved.people:  # an empty 传阅 list: move straight on
            key = next_node(ctx, node)
            back_to_previous = False
            continue
        instance = ctx.instance
        instance.activation = next_activation(ctx)
        if node.kind != NodeKind.NOTICE:
            instance.current_node = node.key
        save_instance(instance, ["activation", "current_node"])
        open_items(
            ctx,
            node,
            resolved.people,
            activation=instance.activation,
            created_by=created_by,
            departments=resolved.departments,
        )
        if not back_to_previous:
            _open_companions(ctx, node, created_by)
        ctx.adapter.on_enter(instance, ctx.subject, node.key)
        if node.kind != NodeKind.NOTICE:
            return
        key = next_node(ctx, node)
        back_to_previous = False
    raise TransitionNotAllowed("流程定义中的知会节点形成了循环，请联系系统管理员修改流程。")


def save_instance(instance: FlowInstance, fields: list[str]) -> None:
    """Save the changed ``fields``; a flow being started is inserted only now, with its first
    node and batch already set (one statement, not an INSERT and an UPDATE)."""
    if instance.pk is None:
        instance.save(force_insert=True)
    else:
        instance.save(update_fields=fields)


def next_node(ctx: Context, node: Node) -> str:
    for transition in node.transitions:
        if not transition.when or registry.predicate(transition.when).test(
            ctx.instance, ctx.subject
        ):
            return transition.to
    raise TransitionNotAllowed(f"环节“{node.name}”之后没有满足条件的流转，请联系系统管理员。")


def activation_complete(ctx: Context, activation: int, node: Node) -> bool:
    if ctx.batch is not None and all(i.activation == activation for i in ctx.batch):
        items = [(i.group, i.status) for i in ctx.batch if i.status in LIVE]
    else:
        items = list(
            WorkItem.objects.filter(
                instance=ctx.instance, activation=activation, status__in=LIVE
            ).values_list("group", "status")
        )
    main = [status for group, status in items if group == ItemGroup.MAIN]
    added = [status for group, status in items if group == ItemGroup.ADDED]
    if node.kind == NodeKind.PARALLEL:
        main_done = bool(main) and all(s == ItemStatus.DONE for s in main)
    else:
        main_done = any(s == ItemStatus.DONE for s in main)
    return main_done and all(s == ItemStatus.DONE for s in added)


def cancel_open(instance: FlowInstance, *, keep_notices: bool = False) -> int:
    """Cancel the instance's open items (but its unread 传阅 with ``keep_notices``)."""
    items = WorkItem.objects.filter(instance=instance, status=ItemStatus.OPEN)
    if keep_notices:
        items = items.exclude(kind=NodeKind.NOTICE)
    return items.update(status=ItemStatus.CANCELLED, done_at=timezone.now())


def finish(ctx: Context, status: str) -> None:
    """End the flow. Unread 传阅 items stay open when it completes normally."""
    instance = ctx.instance
    instance.status = status
    instance.finished_at = timezone.now()
    instance.current_node = ""
    save_instance(instance, ["status", "finished_at", "current_node"])
    cancel_open(instance, keep_notices=status == InstanceStatus.COMPLETED)
    ctx.adapter.on_finish(instance, ctx.subject, status)
