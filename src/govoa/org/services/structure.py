"""Agency details and the department tree."""

from django.db import transaction

from govoa.audit.services import audit_denied, audit_record
from govoa.core.errors import ValidationFailed
from govoa.core.validation import full_clean_or_fail, model_update
from govoa.org.models import Agency, Department, Person
from govoa.org.policies import can_manage_structure

AGENCY_FIELDS = ["name", "short_name", "doc_code", "fonds_code", "file_name_pattern"]
DEPARTMENT_FIELDS = ["name", "code", "parent", "order", "is_active"]


def agency_update(*, actor: Person, agency: Agency, data: dict[str, object]) -> Agency:
    if not can_manage_structure(actor, agency):
        raise audit_denied(
            action="org.agency.update",
            actor=actor,
            obj=agency,
            reason="只有本机关系统管理员可以修改机关信息。",
        )
    with transaction.atomic():
        agency = Agency.objects.select_for_update().get(pk=agency.pk)
        changes = model_update(agency, data, fields=AGENCY_FIELDS)
        if not changes:
            return agency
        full_clean_or_fail(agency)
        agency.save(update_fields=[*changes, "updated_at"])
        audit_record(action="org.agency.update", actor=actor, obj=agency, details=changes)
    return agency


def _check_parent(department: Department, parent: Department | None) -> None:
    if parent is None:
        return
    if parent.agency_id != department.agency_id:
        raise ValidationFailed(fields={"parent": ["上级部门必须属于同一机关。"]})
    ancestor: Department | None = parent
    while ancestor is not None:
        if department.pk is not None and ancestor.pk == department.pk:
            raise ValidationFailed(fields={"parent": ["不能把部门移到它自己或它的下级部门之下。"]})
        ancestor = ancestor.parent


def department_create(
    *,
    actor: Person,
    agency: Agency,
    name: str,
    code: str,
    parent: Department | None = None,
    order: int = 100,
) -> Department:
    if not can_manage_structure(actor, agency):
        raise audit_denied(
            action="org.department.create",
            actor=actor,
            agency_id=agency.pk,
            reason="只有本机关系统管理员可以管理部门。",
        )
    department = Department(
        agency=agency, name=name.strip(), code=code.strip().upper(), parent=parent, order=order
    )
    _check_parent(department, parent)
    full_clean_or_fail(department)
    with transaction.atomic():
        department.save()
        audit_record(
            action="org.department.create",
            actor=actor,
            obj=department,
            details={
                "name": department.name,
                "code": department.code,
                "parent": str(parent) if parent else None,
            },
        )
    return department


def department_update(
    *, actor: Person, department: Department, data: dict[str, object]
) -> Department:
    if not can_manage_structure(actor, department.agency):
        raise audit_denied(
            action="org.department.update",
            actor=actor,
            obj=department,
            reason="只有本机关系统管理员可以管理部门。",
        )
    with transaction.atomic():
        department = Department.objects.select_for_update().get(pk=department.pk)
        if isinstance(data.get("code"), str):
            data = {**data, "code": str(data["code"]).strip().upper()}
        changes = model_update(department, data, fields=DEPARTMENT_FIELDS)
        if not changes:
            return department
        _check_parent(department, department.parent)
        if "is_active" in changes and not department.is_active:
            if department.children.filter(is_active=True).exists():
                raise ValidationFailed(fields={"is_active": ["请先停用或移走它的下级部门。"]})
            if department.people.filter(status="active").exists():
                raise ValidationFailed(fields={"is_active": ["部门中仍有在职人员，不能停用。"]})
        full_clean_or_fail(department)
        department.save(update_fields=[*changes, "updated_at"])
        audit_record(action="org.department.update", actor=actor, obj=department, details=changes)
    return department
