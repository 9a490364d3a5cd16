"""The directory sync's two writes, both by the agency's system administrator and audited:
compare (a dry run, kept as a ``DirectorySyncRun``) and apply what was confirmed.

Applying re-reads the directory and refuses (409) if the comparison no longer gives the same
digest: what is applied is exactly what the administrator saw. Departments and people are added
and changed through the ``org`` services (each row audited there); nothing is deleted, and a
person or department the directory no longer has is deactivated only when the administrator
ticked it (调离 for a person). The 三员 are never touched, roles and clearance never set."""

from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.utils import timezone

from govoa.audit.services import audit_denied, audit_record
from govoa.core.errors import Conflict, NotFound, ValidationFailed
from govoa.integration.directory import Plan, plan, read_directory
from govoa.integration.models import DirectorySyncRun, DirectorySyncStatus
from govoa.org.models import Agency, Department, Person, PersonStatus
from govoa.org.policies import can_manage_accounts
from govoa.org.services.credentials import credentials_revoke
from govoa.org.services.people import build_person, person_set_status, person_update
from govoa.org.services.structure import department_create, department_update


def _require(actor: Person | None, agency: Agency, action: str) -> None:
    if actor is not None and not can_manage_accounts(actor, agency):
        raise audit_denied(
            action=action,
            actor=actor,
            agency_id=agency.pk,
            reason="只有本机关系统管理员可以同步目录。",
        )


def directory_plan(*, actor: Person | None, agency: Agency) -> DirectorySyncRun:
    """Read the directory and record the comparison (changes nothing else). ``actor`` None:
    the scheduled run. Earlier unconfirmed comparisons become stale."""
    _require(actor, agency, "integration.directory.plan")
    result = plan(agency, read_directory())
    with transaction.atomic():
        DirectorySyncRun.objects.filter(agency=agency, status=DirectorySyncStatus.PLANNED).update(
            status=DirectorySyncStatus.STALE
        )
        run = DirectorySyncRun.objects.create(
            agency=agency, digest=result.digest, diff=result.diff, created_by=actor
        )
        audit_record(
            action="integration.directory.plan",
            actor=actor,
            obj=run,
            agency_id=agency.pk,
            details=run.counts(),
        )
    return run


def _check_choice(chosen: Iterable[str], offered: list[dict[str, Any]], key: str) -> list[str]:
    chosen = sorted({c.strip() for c in chosen if c and c.strip()})
    allowed = {item[key] for item in offered}
    unknown = [c for c in chosen if c not in allowed]
    if unknown:
        raise ValidationFailed(
            fields={key: [f"只能停用比对结果中“目录中已没有”的项目：{'、'.join(unknown)}"]}
        )
    return chosen


def directory_apply(
    *,
    actor: Person,
    run_id: int,
    deactivate_people: Iterable[str] = (),
    deactivate_departments: Iterable[str] = (),
) -> DirectorySyncRun:
    """Apply the confirmed comparison ``run_id``: additions and changes, and the deactivation
    of exactly the people (login names) and departments (codes) ticked among the missing."""
    run = DirectorySyncRun.objects.select_related("agency").filter(pk=run_id).first()
    if run is None or run.agency_id != actor.agency_id:
        raise NotFound("目录比对记录不存在。")
    agency = run.agency
    _require(actor, agency, "integration.directory.apply")
    if run.status != DirectorySyncStatus.PLANNED:
        raise Conflict("这次比对已应用或已过时，请重新比对。")
    people_off = _check_choice(deactivate_people, run.diff["people"]["missing"], "username")
    depts_off = _check_choice(deactivate_departments, run.diff["departments"]["missing"], "code")
    fresh = plan(agency, read_directory())
    with transaction.atomic():
        run = DirectorySyncRun.objects.select_for_update().get(pk=run.pk)
        if run.status != DirectorySyncStatus.PLANNED:
            raise Conflict("这次比对已应用或已过时，请重新比对。")
        if fresh.digest != run.digest:
            raise Conflict("比对之后目录或本系统的人员、部门已有变化，请重新比对后再确认。")
        _apply(actor, agency, fresh, people_off, depts_off)
        run.status = DirectorySyncStatus.APPLIED
        run.applied_by, run.applied_at = actor, timezone.now()
        run.deactivated = {"people": people_off, "departments": depts_off}
        run.save(update_fields=["status", "applied_by", "applied_at", "deactivated"])
        audit_record(
            action="integration.directory.apply",
            actor=actor,
            obj=run,
            agency_id=agency.pk,
            details={**run.counts(), "deactivated": run.deactivated},
        )
    return run


def _apply(
    actor: Person, agency: Agency, result: Plan, people_off: list[str], depts_off: list[str]
) -> None:
    diff, hidden = result.diff, result.full["hidden"]
    departments = {d.code: d for d in Department.objects.filter(agency=agency)}
    # Departments first, parents before children (the directory lists them that way).
    pending_parents: list[tuple[Department, str]] = []
    for item in diff["departments"]["added"]:
        parent = departments.get(item["parent"]) if item["parent"] else None
        department = department_create(
            actor=actor, agency=agency, name=item["name"], code=item["code"], parent=parent
        )
        departments[department.code] = department
        if item["parent"] and parent is None:
            pending_parents.append((department, item["parent"]))
    for department, parent_code in pending_parents:
        department_update(
            actor=actor, department=department, data={"parent": departments[parent_code]}
        )
    for item in diff["departments"]["changed"]:
        data: dict[str, Any] = {}
        changes = item["changes"]
        if "name" in changes:
            data["name"] = changes["name"][1]
        if "parent" in changes:
            code = changes["parent"][1]
            data["parent"] = departments[code] if code else None
        if "is_active" in changes:
            data["is_active"] = True
        department_update(actor=actor, department=departments[item["code"]], data=data)
    for item in diff["people"]["added"]:
        contact = hidden.get(item["username"], {})
        _person_create(actor, agency, item, departments, contact)
    for item in diff["people"]["changed"]:
        _person_change(actor, item, departments, hidden.get(item["username"], {}))
    for username in people_off:
        person = Person.objects.get(agency=agency, username=username)
        person_set_status(actor=actor, person=person, status=PersonStatus.TRANSFERRED)
    for code in depts_off:
        department_update(actor=actor, department=departments[code], data={"is_active": False})


def _person_create(
    actor: Person,
    agency: Agency,
    item: dict[str, Any],
    departments: dict[str, Department],
    contact: dict[str, str],
) -> Person:
    person = build_person(
        agency=agency,
        username=item["username"],
        real_name=item["real_name"],
        department=departments.get(item["department"]) if item["department"] else None,
        title=item["title"],
        phone=contact.get("phone", ""),
        email=contact.get("email", ""),
    )
    person.set_unusable_password()  # the directory checks the password (directory_auth.py)
    person.must_change_password = False
    person.directory_dn = item["dn"]
    person.save()
    audit_record(
        action="org.person.create",
        actor=actor,
        obj=person,
        details={"username": person.username, "source": "ldap", "department": item["department"]},
    )
    return person


def _person_change(
    actor: Person, item: dict[str, Any], departments: dict[str, Department], contact: dict[str, str]
) -> None:
    person = Person.objects.get(username=item["username"])
    changes = item["changes"]
    data: dict[str, Any] = {}
    for name in ("real_name", "title"):
        if name in changes:
            data[name] = changes[name][1]
    if "department" in changes:
        code = changes["department"][1]
        data["department"] = departments[code] if code else None
    for name in ("phone", "email"):
        if name in changes:
            data[name] = contact.get(name, "")
    if data:
        person = person_update(actor=actor, person=person, data=data)
    if "directory_dn" in changes:
        _take_over(actor, person, changes["directory_dn"][1])


def _take_over(actor: Person, person: Person, dn: str) -> None:
    """The person becomes (or stays) a directory account: their password is the directory's
    from now on; their local password and API tokens end."""
    person = Person.objects.select_for_update().get(pk=person.pk)
    was_local = not person.directory_dn
    person.directory_dn = dn
    person.must_change_password = False
    fields = ["directory_dn", "must_change_password", "updated_at"]
    if person.has_usable_password():
        person.set_unusable_password()
        fields.append("password")
    person.save(update_fields=fields)
    if was_local:
        credentials_revoke(person)
    audit_record(
        action="org.person.directory",
        actor=actor,
        obj=person,
        details={"directory_dn": dn, "was_local": was_local},
    )
