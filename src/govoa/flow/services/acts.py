"""Starting a flow and every act on a work item (DESIGN §4). Each act: lock the instance and
the item, check the state and the actor, run the domain hook, change, write one trail entry
and one audit event; notifications go out after commit."""

from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from govoa.audit.services import audit_record
from govoa.core.errors import (
    AlreadyHandled,
    Conflict,
    GovOAError,
    NotFound,
    TransitionNotAllowed,
    ValidationFailed,
    run_after_rollback,
)
from govoa.core.validation import ids_from
from govoa.flow import registry
from govoa.flow.definition import Node, path_to
from govoa.flow.models import FlowInstance, FlowTemplate, TrailEntry, WorkItem
from govoa.flow.policies import (
    can_act_on_item,
    can_cancel_flow,
    is_companion_of_current,
    withdraw_followers,
    withdraw_refusal,
)
from govoa.flow.services import checklists
from govoa.flow.services.companions import companions_finished
from govoa.flow.services.eligibility import (
    DECIDING,
    actors_from,
    barred_people,
    check_actor,
    check_target,
    note_decided,
)
from govoa.flow.services.routing import (
    Context,
    activation_complete,
    cancel_open,
    enter,
    finish,
    next_node,
    open_items,
)
from govoa.flow.services.templates import template_current
from govoa.flow.workflow import (
    COMPLETING_ACTIONS,
    REASON_REQUIRED,
    Action,
    AssignKind,
    InstanceStatus,
    ItemGroup,
    ItemStatus,
    NodeKind,
    TrailEvent,
)
from govoa.org.models import Person
from govoa.org.selectors import chosen_people, people_cleared


@dataclass(frozen=True)
class Acted:
    """What an act did: the item as it now stands (its instance, assignee and principal
    loaded), the items it opened, whether its actor may still take it back (收回), and the
    subject as the act left it."""

    item: WorkItem
    opened: list[WorkItem]
    can_withdraw: bool
    subject: Any = None


def _trail(
    ctx: Context, item: WorkItem | None, action: str, opinion: str = "", **details: Any
) -> TrailEntry:
    node_key = item.node_key if item else ctx.instance.current_node
    node_name = item.node_name if item else "发起"
    on_behalf_of = None
    if item is not None and item.assignee_id != ctx.actor.pk:
        on_behalf_of = item.assignee
    elif item is not None and item.delegated_from_id:
        on_behalf_of = item.delegated_from
    if ctx.opened:
        details["to"] = [f"{i.node_name}：{i.assignee.real_name}" for i in ctx.opened]
    return TrailEntry.objects.create(
        instance=ctx.instance,
        work_item=item,
        node_key=node_key,
        node_name=node_name,
        actor=ctx.actor,
        on_behalf_of=on_behalf_of,
        action=action,
        opinion=opinion,
        details=details,
    )


def _audit(ctx: Context, action: str, item: WorkItem | None, **details: Any) -> None:
    audit_record(
        action=f"flow.work_item.{action}" if item else f"flow.instance.{action}",
        actor=ctx.actor,
        obj=item or ctx.instance,
        agency_id=ctx.instance.agency_id,
        details={
            "instance": ctx.instance.pk,
            "title": ctx.instance.title,
            "node": item.node_name if item else ctx.instance.current_node,
            **details,
        },
    )


def flow_start(
    *,
    actor: Person,
    code: str,
    subject: Any,
    opinion: str = "",
    payload: dict[str, Any] | None = None,
    locked: bool = False,
) -> FlowInstance:
    """Start the agency's current version of template ``code`` on ``subject`` (``locked``:
    the caller holds ``subject``'s row lock, loaded by the subject's adapter)."""
    return _start(actor, code, subject, opinion, payload, locked=locked)[0]


def flow_start_and_act(
    *,
    actor: Person,
    code: str,
    subject: Any,
    action: str,
    opinion: str = "",
    start_opinion: str = "",
    locked: bool = False,
) -> tuple[FlowInstance, Acted | None]:
    """Start the flow and act at once on the first item when it is the initiator's (送审:
    拟稿 opened and approved in one go) — in the same transaction, on the rows just written,
    without reading them back. No act (None) when the first item went to someone else (the
    initiator's 代理); the caller acts as usual then."""
    opinion = _checked(action, opinion)
    return _start(actor, code, subject, start_opinion, None, locked=locked, then=(action, opinion))


def _start(
    actor: Person,
    code: str,
    subject: Any,
    opinion: str,
    payload: dict[str, Any] | None,
    *,
    locked: bool,
    then: tuple[str, str] | None = None,
) -> tuple[FlowInstance, Acted | None]:
    template = template_current(agency=actor.agency, code=code)
    adapter = registry.subject_adapter(template.subject_type)
    summary = adapter.summary(subject)
    try:
        with transaction.atomic():
            # Inserted when its first node is entered, with that node (routing.save_instance):
            # every way through ``enter`` saves it or raises.
            instance = FlowInstance(
                agency=actor.agency,
                template=template,
                code=code,
                subject_type=template.subject_type,
                subject_id=subject.pk,
                module=adapter.module,
                title=summary.title[:300],
                number=summary.number,
                urgent=summary.urgent,
                classification=summary.classification,
                url=summary.url,
                started_by=actor,
            )
            ctx = Context(
                instance=instance,
                actor=actor,
                payload=payload or {},
                loaded=subject if locked else None,
            )
            ctx.top_activation = 0
            ctx.actors = actors_from(instance, [])
            enter(ctx, ctx.definition.start, created_by=None)
            first = next((i for i in ctx.opened if i.assignee_id == actor.pk), None)
            if then is None or first is None:
                ctx.adapter.flush(ctx.subject)
            _trail(ctx, None, TrailEvent.START, opinion)
            _audit(ctx, "start", None, template=f"{template.code} v{template.version}")
            acted = None
            if then is not None and first is not None:
                ctx.batch = [i for i in ctx.opened if i.activation == first.activation]
                ctx.opened = []
                acted = _perform(ctx, first, *then)
    except IntegrityError as exc:
        raise Conflict("该事项已在办理流程中，不能重复发起。") from exc
    return instance, acted


def _lock_sql() -> tuple[str, str]:
    """The two statements of ``_lock``, written out once: they run on every act, where
    building them as querysets (subqueries, a join, FOR UPDATE OF) cost more CPU than the
    database's answer (docs/performance.md, 办理的 CPU)."""
    instance, item = FlowInstance._meta.db_table, WorkItem._meta.db_table
    template = FlowTemplate._meta.db_table
    quote = connection.ops.quote_name  # e.g. WorkItem's "group"
    instance_columns = ", ".join(
        f"fi.{quote(str(f.column))}" for f in FlowInstance._meta.concrete_fields
    )
    template_columns = ", ".join(
        f"t.{quote(str(f.column))} AS {quote(f't_{f.column}')}"
        for f in FlowTemplate._meta.concrete_fields
    )
    item_columns = ", ".join(f"w.{quote(str(f.column))}" for f in WorkItem._meta.concrete_fields)
    lock_instance = lock_items = ""
    if connection.features.has_select_for_update:  # SQLite: the write transaction serialises
        lock_instance, lock_items = " FOR UPDATE OF fi", " FOR UPDATE"
    deciding = ", ".join(["%s"] * len(DECIDING))
    return (
        f"SELECT {instance_columns}, {template_columns},"  # noqa: S608 — model tables and columns, values as %s
        f" (SELECT a.activation FROM {item} a WHERE a.instance_id = fi.id"
        " ORDER BY a.activation DESC LIMIT 1) AS top_activation"
        f" FROM {instance} fi JOIN {template} t ON t.id = fi.template_id"
        f" WHERE fi.id = (SELECT o.instance_id FROM {item} o WHERE o.id = %s){lock_instance}",
        f"SELECT {item_columns} FROM {item} w WHERE w.instance_id = %s"  # noqa: S608 — model tables and columns, values as %s
        f" AND (w.activation = (SELECT o.activation FROM {item} o WHERE o.id = %s)"
        f" OR (w.acted_by_id IS NOT NULL AND w.action IN ({deciding})))"
        f" ORDER BY w.id{lock_items}",
    )


_LOCK_SQL: dict[str, tuple[str, str]] = {}


def _template_from(row: FlowInstance) -> FlowTemplate:
    """The instance's template from the ``t_`` columns of its row, converted as the ORM
    converts them (JSON, dates on SQLite)."""
    names, values = [], []
    for field in FlowTemplate._meta.concrete_fields:
        value = getattr(row, f"t_{field.column}")
        column = field.get_col("t")
        for convert in [
            *connection.ops.get_db_converters(column),
            *column.get_db_converters(connection),
        ]:
            value = convert(value, column, connection)
        names.append(field.attname)
        values.append(value)
    return FlowTemplate.from_db(connection.alias, names, values)


def _lock(item_id: int, actor: Person) -> tuple[FlowInstance, WorkItem, list[WorkItem]]:
    """Lock the instance, then the item (always in this order, so acts cannot deadlock).

    Two statements: the instance (found through the item, with its template and the highest
    batch number of its items), then the item with the rest of its batch and the items that
    decided a node — what the act needs to know whether the node is complete and who may not
    act on it (separation of duties) without asking again."""
    sql = _LOCK_SQL.get(connection.vendor)
    if sql is None:
        sql = _LOCK_SQL[connection.vendor] = _lock_sql()
    instance = next(iter(FlowInstance.objects.raw(sql[0], [item_id])), None)
    if instance is None:
        raise NotFound()
    instance.template = _template_from(instance)
    rows = list(WorkItem.objects.raw(sql[1], [instance.pk, item_id, *map(str, DECIDING)]))
    item = next((row for row in rows if row.pk == item_id), None)
    if item is None:
        raise NotFound()
    for row in rows:
        row.instance = instance
    if item.assignee_id == actor.pk:
        item.assignee = actor
    return instance, item, rows


def _context(
    instance: FlowInstance,
    item: WorkItem,
    rows: list[WorkItem],
    actor: Person,
    payload: dict[str, Any] | None = None,
) -> Context:
    """The act's context, told what ``_lock`` read: the item's batch, the highest batch
    number, and who decided which node."""
    ctx = Context(instance=instance, actor=actor, payload=payload or {})
    ctx.batch = [row for row in rows if row.activation == item.activation]
    ctx.top_activation = getattr(instance, "top_activation", None) or 0
    ctx.actors = actors_from(instance, rows)
    return ctx


def _require_reason(node: Node, action: str, opinion: str) -> None:
    if action in REASON_REQUIRED and not opinion.strip():
        label = node.label(action)
        raise ValidationFailed(
            f"“{label}”须填写理由。", fields={"opinion": [f"请填写{label}的理由。"]}
        )


def _one_person(ctx: Context, key: str) -> Person:
    ids = ids_from(ctx.payload.get(key), key)
    if len(ids) != 1:
        raise ValidationFailed(fields={key: ["请选择本机关的在职人员。"]})
    return chosen_people(
        agency_id=ctx.instance.agency_id, ids=ids, key=key, clearance=ctx.instance.classification
    )[0]


def _close(item: WorkItem, ctx: Context, *, status: str, action: str, opinion: str) -> None:
    item.status = status
    item.action = action
    item.opinion = opinion.strip()
    item.acted_by = ctx.actor
    item.done_at = timezone.now()
    if item.opened_at is None:
        item.opened_at = item.done_at
    fields = ["status", "action", "opinion", "acted_by", "done_at", "opened_at"]
    if action == Action.READ:
        item.read_at = item.done_at
        fields.append("read_at")
    item.save(update_fields=fields)
    note_decided(ctx, item)


def _complete(
    ctx: Context, item: WorkItem, node: Node, action: str, opinion: str
) -> dict[str, Any]:
    _close(item, ctx, status=ItemStatus.DONE, action=action, opinion=opinion)
    if item.group == ItemGroup.MAIN and (
        node.kind == NodeKind.TASK
        or (node.kind == NodeKind.PARALLEL and ctx.adapter.settled(ctx.subject, node.key))
    ):
        # “Any one of” the candidates (or a parallel node its subject says is decided, e.g.
        # by a majority): the others' items are no longer needed.
        others = [
            i
            for i in ctx.batch or []
            if i.group == ItemGroup.MAIN and i.status == ItemStatus.OPEN and i.pk != item.pk
        ]
        if others:
            now = timezone.now()
            WorkItem.objects.filter(pk__in=[i.pk for i in others]).update(
                status=ItemStatus.CANCELLED, done_at=now
            )
            for other in others:
                other.status, other.done_at = ItemStatus.CANCELLED, now
    if node.alongside or not activation_complete(ctx, item.activation, node):
        return {}  # a companion does not route; an unfinished node waits
    details = companions_finished(ctx, item, node)
    enter(ctx, next_node(ctx, node), created_by=item)
    return details


def _return(ctx: Context, item: WorkItem, node: Node, opinion: str) -> str:
    earlier = path_to(ctx.definition, node.key)[:-1]
    target = str(ctx.payload.get("target_node") or (earlier[-1] if earlier else ""))
    if not earlier:
        raise TransitionNotAllowed("这是第一个环节，没有可以退回的环节。")
    if target not in earlier:
        names = "、".join(ctx.definition.node(k).name for k in earlier)
        raise ValidationFailed(fields={"target_node": [f"只能退回到之前的环节：{names}。"]})
    _close(item, ctx, status=ItemStatus.RETURNED, action=Action.RETURN, opinion=opinion)
    cancel_open(ctx.instance, keep_notices=True)
    enter(ctx, target, created_by=item, back_to_previous=True)
    return ctx.definition.node(target).name


def _hand_on(ctx: Context, item: WorkItem, node: Node, action: str, opinion: str) -> None:
    """转办 (the item passes to another) or 加签 (another joins this step): only to someone
    the node's reach allows and its separation of duties does not bar."""
    person = _one_person(ctx, "to_person")
    if action == Action.FORWARD and person.pk in {ctx.actor.pk, item.assignee_id}:
        raise ValidationFailed(fields={"to_person": ["不能转办给自己。"]})
    check_target(ctx, node, item, person, node.label(action))
    group = item.group
    if action == Action.FORWARD:
        _close(item, ctx, status=ItemStatus.FORWARDED, action=action, opinion=opinion)
    else:
        group = ItemGroup.ADDED
    open_items(
        ctx,
        node,
        [person],
        activation=item.activation,
        group=group,
        created_by=item,
        departments={person.pk: item.department_id} if item.department_id else None,
    )


def _checked(action: str, opinion: str) -> str:
    if action not in Action.values:
        raise ValidationFailed(fields={"action": ["操作无效。"]})
    opinion = (opinion or "").strip()
    if len(opinion) > 2000:
        raise ValidationFailed(fields={"opinion": ["意见不能超过 2000 字。"]})
    return opinion


def _perform(ctx: Context, item: WorkItem, action: str, opinion: str) -> Acted:
    """The act itself, on rows the caller locked (or created) in this transaction."""
    instance, actor = ctx.instance, ctx.actor
    if not can_act_on_item(actor, item, ctx.today):
        raise NotFound()
    # 传阅 may still be read after the flow completed; nothing else may be done then.
    still_readable = action == Action.READ and instance.status == InstanceStatus.COMPLETED
    if item.status != ItemStatus.OPEN or (
        instance.status != InstanceStatus.RUNNING and not still_readable
    ):
        raise AlreadyHandled()
    node = ctx.definition.node(item.node_key)
    if not node.allows(action):
        raise TransitionNotAllowed(f"“{node.name}”环节不能“{node.label(action)}”。")
    _require_reason(node, action, opinion)
    check_actor(ctx, node, item, actor, action)
    checked = checklists.ticked(node, ctx.payload, action)
    note = checklists.note_of(ctx.payload) if checked is not None else ""
    domain = registry.DomainAct(
        instance=instance,
        subject=ctx.subject,
        item=item,
        action=action,
        opinion=opinion,
        payload=ctx.payload,
        actor=actor,
    )
    ctx.adapter.on_act(domain)
    details: dict[str, Any] = {}
    if action in COMPLETING_ACTIONS:
        details = _complete(ctx, item, node, action, opinion)
    elif action == Action.READ:
        _close(item, ctx, status=ItemStatus.DONE, action=action, opinion=opinion)
    elif action == Action.REJECT:
        _close(item, ctx, status=ItemStatus.DONE, action=action, opinion=opinion)
        finish(ctx, InstanceStatus.REJECTED)
    elif action == Action.RETURN:
        details["target"] = _return(ctx, item, node, opinion)
    elif action in (Action.FORWARD, Action.ADD_SIGNER):
        _hand_on(ctx, item, node, action, opinion)
    if checked is not None:
        result = checklists.record(
            node=node,
            instance=instance,
            item=item,
            actor=actor,
            action=action,
            checked=checked,
            note=note,
        )
        details.update(checklists.trail_details(result))
    ctx.adapter.flush(ctx.subject)
    details.update({k: v for k, v in domain.trail.items() if k == "said"})
    _trail(ctx, item, action, opinion, **details)
    _audit(ctx, action, item, opinion=opinion[:200], **details)
    # 收回 takes back what this act opened, and the items it had opened before (加签).
    following = {
        i.pk: i
        for i in [*ctx.opened, *(ctx.batch or [])]
        if i.created_by_item_id == item.pk
        and i.status not in (ItemStatus.CANCELLED, ItemStatus.WITHDRAWN)
    }
    refusal = withdraw_refusal(item, instance=instance, following=list(following.values()))
    return Acted(
        item, list(ctx.opened), item.acted_by_id == actor.pk and refusal is None, ctx.subject
    )


def work_item_act(
    *,
    actor: Person,
    item_id: int,
    action: str,
    opinion: str = "",
    payload: dict[str, Any] | None = None,
) -> Acted:
    """Act on a work item: 同意, 不同意, 否决, 退回, 转办, 加签, 已阅 (收回 is separate)."""
    if action == Action.WITHDRAW:
        item = work_item_withdraw(actor=actor, item_id=item_id)
        return Acted(item, [], False)
    opinion = _checked(action, opinion)
    try:
        with transaction.atomic():
            instance, item, rows = _lock(item_id, actor)
            return _perform(_context(instance, item, rows, actor, payload), item, action, opinion)
    except GovOAError as error:
        run_after_rollback(error)  # e.g. the audit of a refused 用印 step
        raise


def work_item_withdraw(*, actor: Person, item_id: int) -> WorkItem:
    """收回: the sender takes back their act while the next handlers have not opened it."""
    with transaction.atomic():
        instance, item, _rows = _lock(item_id, actor)
        if item.acted_by_id != actor.pk:
            raise NotFound()
        following = list(withdraw_followers(item).select_for_update())
        refusal = withdraw_refusal(item, instance=instance, following=following)
        if refusal is not None:
            raise TransitionNotAllowed(refusal)
        ctx = Context(instance=instance, actor=actor)
        if following:
            WorkItem.objects.filter(pk__in=[i.pk for i in following]).update(
                status=ItemStatus.WITHDRAWN, done_at=timezone.now()
            )
        item.status, item.action, item.done_at, item.acted_by = ItemStatus.OPEN, "", None, None
        item.save(update_fields=["status", "action", "done_at", "acted_by"])
        # The flow is back at the item's step: its node and its batch are current again, so
        # that predicates (has_dissent) and the next 收回 look at this step, not at the
        # withdrawn one. ``enter`` numbers the next batch past every existing one. A
        # companion's item (协办) reopens beside its host, which stays the current step.
        companion = is_companion_of_current(item, instance)
        if not companion and (instance.current_node, instance.activation) != (
            item.node_key,
            item.activation,
        ):
            instance.current_node = item.node_key
            instance.activation = item.activation
            instance.save(update_fields=["current_node", "activation"])
        if not companion:
            ctx.adapter.on_enter(instance, ctx.subject, item.node_key)
        ctx.adapter.flush(ctx.subject)
        _trail(ctx, item, Action.WITHDRAW, withdrawn=[i.assignee.real_name for i in following])
        _audit(ctx, Action.WITHDRAW, item)
    return item


def work_item_mark_opened(*, actor: Person, item: WorkItem) -> None:
    """Note the first time the handler opens the item (收回 is allowed only before)."""
    if (
        item.opened_at is None
        and item.status == ItemStatus.OPEN
        and can_act_on_item(actor, item, timezone.localdate())
    ):
        WorkItem.objects.filter(pk=item.pk, opened_at__isnull=True).update(opened_at=timezone.now())


def flow_cancel(*, actor: Person, instance_id: int, reason: str) -> FlowInstance:
    if not reason.strip():
        raise ValidationFailed(fields={"reason": ["请填写撤销理由。"]})
    with transaction.atomic():
        instance = (
            FlowInstance.objects.select_for_update()
            .select_related("template")
            .filter(pk=instance_id)
            .first()
        )
        if instance is None or not can_cancel_flow(actor, instance):
            raise NotFound()
        if instance.status != InstanceStatus.RUNNING:
            raise AlreadyHandled("流程已经结束。")
        ctx = Context(instance=instance, actor=actor)
        finish(ctx, InstanceStatus.CANCELLED)
        ctx.adapter.flush(ctx.subject)
        _trail(ctx, None, TrailEvent.CANCEL, reason.strip())
        _audit(ctx, "cancel", None, reason=reason.strip()[:200])
    return instance


def flow_subject_refresh(*, instance: FlowInstance) -> None:
    """Copy the subject's title, number, 密级 and urgency into the instance after the owning
    app changed them (e.g. a 发文字号 was assigned)."""
    adapter = registry.subject_adapter(instance.subject_type)
    summary = adapter.summary(adapter.load(instance.subject_id))
    FlowInstance.objects.filter(pk=instance.pk).update(
        title=summary.title[:300],
        number=summary.number,
        classification=summary.classification,
        urgent=summary.urgent,
        url=summary.url,
    )
    # The items carry the 密级 too (the lists filter on it): one UPDATE, only when it moved.
    WorkItem.objects.filter(instance_id=instance.pk).exclude(
        classification=summary.classification
    ).update(classification=summary.classification)


def candidates_for_next(*, item: WorkItem, actor: Person) -> list[Person]:
    """People the actor may choose for a CHOSEN next node (for forms); empty otherwise."""
    ctx = Context(instance=item.instance, actor=actor, lock=False)
    target = ctx.definition.node(item.node_key)
    for _ in range(len(ctx.definition.nodes)):  # look past 知会 nodes, which do not block
        if not target.transitions:
            return []
        target = ctx.definition.node(next_node(ctx, target))
        if target.kind != NodeKind.NOTICE:
            break
    if target.assign is None or target.assign.kind != AssignKind.CHOSEN:
        return []
    people = people_cleared(
        agency_id=item.instance.agency_id, clearance=item.instance.classification
    ).exclude(pk__in=list(barred_people(ctx, target)))
    if target.assign.role:
        people = people.filter(role_assignments__role=target.assign.role)
    return list(people.distinct().order_by("rank_order", "pk"))
