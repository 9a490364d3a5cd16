"""入库 and 领用 (issue), each one movement of the ledger; an issue that takes an item
below its safety stock tells the keepers (低库存提醒)."""

from django.db import transaction
from django.db.models import F

from govoa.audit.services import audit_denied
from govoa.core.errors import NotFound, ValidationFailed
from govoa.core.vocabulary import Role
from govoa.flow.services.notes import flow_trail_note
from govoa.notify.services import notify
from govoa.org.models import Department, Person, RoleAssignment
from govoa.org.selectors import business_people
from govoa.supplies.models import RequisitionLine, StockMovement, SupplyItem
from govoa.supplies.policies import REQUISITION_TYPE, can_issue
from govoa.supplies.services.ledger import MovementLinks, movement_append
from govoa.supplies.workflow import MovementKind, RequisitionStatus

MAX_QUANTITY = 100_000


def _quantity(quantity: int) -> None:
    if not 1 <= quantity <= MAX_QUANTITY:
        raise ValidationFailed(fields={"quantity": [f"数量应为 1 至 {MAX_QUANTITY} 之间的整数。"]})


def item_for_keeper(actor: Person, item_id: int) -> SupplyItem:
    item = SupplyItem.objects.filter(pk=item_id, agency_id=actor.agency_id).first()
    if item is None:
        raise NotFound("没有找到该物品。")
    return item


def _refuse_unless_keeper(actor: Person, action: str) -> None:
    if not can_issue(actor):
        raise audit_denied(action=action, actor=actor, reason="只有物品管理员可以办理入库和领用。")


def stock_in(*, actor: Person, item_id: int, quantity: int, note: str = "") -> StockMovement:
    """入库 outside a purchase (期初结存, 调入, 捐赠): the note says where it came from."""
    _refuse_unless_keeper(actor, "supplies.stock.stock_in")
    _quantity(quantity)
    if not note.strip():
        raise ValidationFailed(fields={"note": ["请写明入库来源（如期初结存、调入）。"]})
    item = item_for_keeper(actor, item_id)
    links = MovementLinks(note=note.strip()[:200])
    return movement_append(
        actor=actor, item=item, kind=MovementKind.STOCK_IN, delta=quantity, links=links
    )


def _department(actor: Person, department_id: int) -> Department:
    department = Department.objects.filter(pk=department_id, agency_id=actor.agency_id).first()
    if department is None:
        raise ValidationFailed(fields={"department_id": ["领用部门不存在。"]})
    return department


def _receiver(actor: Person, receiver_id: int) -> Person:
    """One of the agency's business people (in post, never one of the 三员): ``org``'s rule,
    the same the picker offers."""
    receiver = business_people(agency_id=actor.agency_id).filter(pk=receiver_id).first()
    if receiver is None:
        raise ValidationFailed(fields={"receiver_id": ["领用人不存在、不在职或不能办理业务。"]})
    return receiver


def _draw_on_line(
    actor: Person, line_id: int, item: SupplyItem, department: Department, quantity: int
) -> RequisitionLine:
    """Count the issue against an approved plan's line (locked: two issues against one line
    cannot both take its last approved units)."""
    line = (
        RequisitionLine.objects.select_for_update()
        .select_related("requisition")
        .filter(pk=line_id, requisition__agency_id=actor.agency_id)
        .first()
    )
    if line is None:
        raise ValidationFailed(fields={"requisition_line_id": ["申领明细不存在。"]})
    requisition = line.requisition
    if requisition.status != RequisitionStatus.APPROVED:
        raise ValidationFailed(
            fields={"requisition_line_id": ["该申领计划尚未批准，不能凭它领用。"]}
        )
    if line.item_id != item.pk or requisition.department_id != department.pk:
        raise ValidationFailed(
            fields={"requisition_line_id": ["申领明细的物品或部门与本次领用不一致。"]}
        )
    if line.issued + quantity > line.quantity:
        raise ValidationFailed(
            fields={
                "quantity": [
                    f"超出批准数量：批准 {line.quantity}{item.unit}，"
                    f"已领 {line.issued}{item.unit}。"
                ]
            }
        )
    RequisitionLine.objects.filter(pk=line.pk).update(issued=F("issued") + quantity)
    return line


def stock_issue(
    *,
    actor: Person,
    item_id: int,
    quantity: int,
    department_id: int,
    receiver_id: int,
    requisition_line_id: int | None = None,
    note: str = "",
) -> StockMovement:
    """领用: against an approved plan's line, or ad hoc (the note says why); the receiver is
    recorded. Refused (409, nothing changes) when the stock is short."""
    _refuse_unless_keeper(actor, "supplies.stock.issue")
    _quantity(quantity)
    item = item_for_keeper(actor, item_id)
    department = _department(actor, department_id)
    receiver = _receiver(actor, receiver_id)
    if requisition_line_id is None and not note.strip():
        raise ValidationFailed(fields={"note": ["临时领用请写明用途。"]})
    with transaction.atomic():
        line = None
        if requisition_line_id is not None:
            line = _draw_on_line(actor, requisition_line_id, item, department, quantity)
        links = MovementLinks(
            department=department,
            receiver=receiver,
            requisition_line=line,
            note=note.strip()[:200],
        )
        movement = movement_append(
            actor=actor, item=item, kind=MovementKind.ISSUE, delta=-quantity, links=links
        )
        if line is not None:
            flow_trail_note(
                actor=actor,
                subject_type=REQUISITION_TYPE,
                subject_id=line.requisition_id,
                verb="领用",
                text=f"{item.name} {quantity}{item.unit}，领用人 {receiver.real_name}",
                details={"movement_id": movement.pk},
            )
        if movement.balance_after < item.safety_stock <= movement.balance_after + quantity:
            transaction.on_commit(
                lambda: low_stock_alert(item=item, balance=movement.balance_after)
            )
    return movement


def low_stock_alert(*, item: SupplyItem, balance: int) -> None:
    """低库存提醒 to the agency's keepers, once, when an issue crosses the safety stock."""
    keepers = Person.objects.filter(
        agency_id=item.agency_id,
        pk__in=RoleAssignment.objects.filter(role=Role.SUPPLIES_KEEPER).values("person_id"),
    )
    notify(
        recipients=keepers,
        kind="supplies.low_stock",
        title=f"低库存提醒：{item}仅剩 {balance}{item.unit}（安全库存 {item.safety_stock}）",
        url=f"/supplies/items/{item.pk}/",
        agency_id=item.agency_id,
    )
