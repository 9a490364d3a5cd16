"""Reads of organisation data, always scoped by ``policies``."""

import datetime
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field

from django.db import connection
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from govoa.core.errors import NotFound, ValidationFailed
from govoa.core.vocabulary import SECURITY_ADMIN_ROLES, Role
from govoa.org.models import (
    Agency,
    Delegation,
    DelegationQuerySet,
    Department,
    Person,
    PersonStatus,
    RoleAssignment,
    RoleScopeKind,
)
from govoa.org.policies import (
    departments_visible_q,
    may_handle_business,
    people_visible_q,
    security_admins_q,
)


def person_list(
    *, person: Person, search: str = "", department_id: int | None = None, status: str = ""
) -> QuerySet[Person]:
    qs = Person.objects.filter(people_visible_q(person)).select_related("department")
    if search:
        qs = qs.filter(Q(real_name__contains=search) | Q(username__contains=search.lower()))
    if department_id:
        qs = qs.filter(department_id=department_id)
    if status:
        qs = qs.filter(status=status)
    return qs.order_by("department__order", "rank_order", "pk")


def person_get_for_person(*, person: Person, pk: int) -> Person:
    found = (
        Person.objects.filter(people_visible_q(person))
        .select_related("department", "agency")
        .filter(pk=pk)
        .first()
    )
    if found is None:
        raise NotFound()
    return found


def department_list(*, person: Person) -> QuerySet[Department]:
    return Department.objects.filter(departments_visible_q(person)).select_related("parent")


def department_get_for_person(*, person: Person, pk: int) -> Department:
    found = department_list(person=person).filter(pk=pk).first()
    if found is None:
        raise NotFound()
    return found


@dataclass
class DepartmentNode:
    department: Department
    depth: int
    children: list["DepartmentNode"] = field(default_factory=list)


def department_tree(*, agency: Agency, include_inactive: bool = True) -> list[DepartmentNode]:
    """The agency's departments as a tree, flattened in display order (one query)."""
    departments = Department.objects.filter(agency=agency)
    if not include_inactive:
        departments = departments.filter(is_active=True)
    by_parent: dict[int | None, list[Department]] = {}
    for dept in departments.order_by("order", "pk"):
        by_parent.setdefault(dept.parent_id, []).append(dept)
    flat: list[DepartmentNode] = []

    def walk(parent_id: int | None, depth: int) -> None:
        for dept in by_parent.get(parent_id, []):
            flat.append(DepartmentNode(dept, depth))
            walk(dept.pk, depth + 1)

    walk(None, 0)
    return flat


def role_assignment_list(*, person: Person, role: str = "") -> QuerySet[RoleAssignment]:
    qs = (
        RoleAssignment.objects.filter(person__agency_id=person.agency_id)
        .select_related("person", "person__department", "granted_by")
        .prefetch_related("departments")
    )
    if role:
        qs = qs.filter(role=role)
    return qs.order_by("role", "person__rank_order", "pk")


def business_people(*, agency_id: int) -> QuerySet[Person]:
    """Active people of the agency who take part in the business — everyone but the 三员.
    Every pick list, assignee rule and delegation starts from here."""
    return Person.objects.filter(agency_id=agency_id, status=PersonStatus.ACTIVE).exclude(
        security_admins_q()
    )


def people_with_role(
    *, agency_id: int, role: Role, department_id: int | None = None
) -> QuerySet[Person]:
    """Active people holding ``role`` in the agency — over ``department_id`` if given (for
    routing work; never one of the 三员, whatever roles were written for them)."""
    # One filter() call, so that the role and its scope are tested on the same assignment.
    holds = Q(role_assignments__role=role)
    if department_id is not None:
        holds &= Q(role_assignments__scope="agency") | Q(
            role_assignments__departments__id=department_id
        )
    return (
        business_people(agency_id=agency_id).filter(holds).distinct().order_by("rank_order", "pk")
    )


def _role_holders_sql(departments: int) -> str:
    """The statement of ``role_holders`` (built once per number of departments)."""
    person = Person._meta.db_table
    assignment = RoleAssignment._meta.db_table
    through = RoleAssignment.departments.through._meta.db_table
    delegation = Delegation._meta.db_table
    quote = connection.ops.quote_name
    columns = ", ".join(f"p.{quote(str(f.column))}" for f in Person._meta.concrete_fields)
    marks = ", ".join(["%s"] * len(SECURITY_ADMIN_ROLES))
    # 代理 in force on the day, to an active delegate who is not one of the 三员 (what
    # ``_delegations_on`` reads): only a flag here; ``delegates_for`` reads who, when set.
    on_leave = (
        f"EXISTS (SELECT 1 FROM {delegation} dl JOIN {person} dp ON dp.id = dl.delegate_id"  # noqa: S608 — model tables and columns, values as %s
        " WHERE dl.principal_id = p.id AND dl.revoked_at IS NULL"
        " AND dl.starts_on <= %s AND dl.ends_on >= %s AND dp.status = %s"
        f" AND NOT EXISTS (SELECT 1 FROM {assignment} da WHERE da.person_id = dl.delegate_id"
        f" AND da.role IN ({marks})))"
    )
    scoped, where = "NULL", ""
    if departments:
        scoped = "rd.department_id"
        where = (
            f" LEFT JOIN {through} rd ON rd.roleassignment_id = ra.id"
            f" AND rd.department_id IN ({', '.join(['%s'] * departments)})"
        )
    sql = (
        f"SELECT {columns}, ra.scope AS held_scope, {scoped} AS held_for, {on_leave} AS on_leave"  # noqa: S608 — model tables and columns, values as %s
        f" FROM {person} p JOIN {assignment} ra ON ra.person_id = p.id{where}"
        " WHERE ra.role = %s AND p.agency_id = %s AND p.status = %s"
        f" AND NOT EXISTS (SELECT 1 FROM {assignment} sa WHERE sa.person_id = p.id"
        f" AND sa.role IN ({marks}))"
    )
    if departments:
        sql += " AND (ra.scope = %s OR rd.department_id IS NOT NULL)"
    return sql + " ORDER BY p.rank_order, p.id"


_ROLE_HOLDERS_SQL: dict[int, str] = {}


def role_holders(
    *,
    agency_id: int,
    role: Role,
    department_ids: list[int] | None = None,
    on: datetime.date | None = None,
) -> dict[int | None, list[Person]]:
    """What ``with_leave(people_with_role(...))`` gives, for each of ``department_ids`` (or
    under the key None for the whole agency), in ONE statement written out once: routing
    asks it on every act, where building the equivalent querysets (a DISTINCT join, the
    三员 and 代理 subqueries, once per department) cost more CPU than the database's answer
    (docs/performance.md, 办理的 CPU). Each list is ordered as ``people_with_role`` orders
    it; a person holding the role over several of the departments is one object in each."""
    day = connection.ops.adapt_datefield_value(on or timezone.localdate())
    admins = sorted(map(str, SECURITY_ADMIN_ROLES))  # plain values, not enum members
    departments = list(dict.fromkeys(department_ids or []))
    sql = _ROLE_HOLDERS_SQL.get(len(departments))
    if sql is None:
        sql = _ROLE_HOLDERS_SQL[len(departments)] = _role_holders_sql(len(departments))
    active = str(PersonStatus.ACTIVE)
    params: list[object] = [day, day, active, *admins, *departments]
    params += [str(role), agency_id, active, *admins]
    if departments:
        params.append(str(RoleScopeKind.AGENCY))
    found: dict[int | None, list[Person]] = {d: [] for d in departments} if departments else {}
    people: dict[int, Person] = {}
    for row in Person.objects.raw(sql, params):
        seen = row.pk in people
        person = people.setdefault(row.pk, row)
        person.on_leave = bool(row.on_leave)  # type: ignore[attr-defined]  # extra columns
        if not departments:
            found.setdefault(None, []).append(person)
        elif row.held_scope == str(RoleScopeKind.AGENCY):  # type: ignore[attr-defined]
            if not seen:  # over every department, whatever departments the row also names
                for department_id in departments:
                    found[department_id].append(person)
        else:
            found[row.held_for].append(person)  # type: ignore[attr-defined]
    return found


def people_cleared(*, agency_id: int, clearance: int) -> QuerySet[Person]:
    """Active people of the agency cleared for ``clearance``, as pick lists show them (by
    department, then rank); the 三员 are never on a pick list."""
    return (
        business_people(agency_id=agency_id)
        .filter(clearance__gte=clearance)
        .select_related("department")
        .order_by("department__order", "rank_order", "pk")
    )


def chosen_people(*, agency_id: int, ids: list[int], key: str, clearance: int = 0) -> list[Person]:
    """The people picked for a task (ids from ``core.validation.ids_from``), in that order:
    each active in the agency, not one of the 三员, and cleared for ``clearance``, or the pick
    is refused on ``key``."""
    found = {p.pk: p for p in business_people(agency_id=agency_id).filter(pk__in=ids)}
    if len(found) != len(ids):
        raise ValidationFailed(fields={key: ["请选择本机关的在职人员。"]})
    people = [found[i] for i in ids]
    lacking = [p.real_name for p in people if p.clearance < clearance]
    if lacking:
        raise ValidationFailed(fields={key: [f"{'、'.join(lacking)}的涉密等级不足。"]})
    return people


def chosen_departments(*, agency_id: int, ids: list[int], key: str) -> list[Department]:
    """The departments picked (ids from ``core.validation.ids_from``), in that order: each
    active in the agency, or the pick is refused on ``key``."""
    found = {
        d.pk: d for d in Department.objects.filter(pk__in=ids, agency_id=agency_id, is_active=True)
    }
    if len(found) != len(ids):
        raise ValidationFailed(fields={key: ["请选择本机关的部门。"]})
    return [found[i] for i in ids]


def delegation_list(*, person: Person, principal: Person | None = None) -> DelegationQuerySet:
    qs = Delegation.objects.filter(principal__agency_id=person.agency_id).select_related(
        "principal", "delegate", "created_by"
    )
    if principal is not None:
        qs = qs.filter(principal=principal)
    return qs


def delegation_get_for_person(*, person: Person, pk: int) -> Delegation:
    """One's own delegation (as principal or delegate); any of the agency's for the system
    administrator. Others' are “not found”, like missing ones."""
    qs = delegation_list(person=person).filter(pk=pk)
    if not person.has_role(Role.SYS_ADMIN):
        qs = qs.filter(Q(principal=person) | Q(delegate=person))
    delegation = qs.first()
    if delegation is None:
        raise NotFound()
    return delegation


def _delegations_on(on: datetime.date | None) -> QuerySet[Delegation]:
    return (
        Delegation.objects.active_on(on)
        .filter(delegate__status=PersonStatus.ACTIVE)
        .exclude(security_admins_q("delegate_id"))
    )


def with_leave(people: QuerySet[Person], on: datetime.date | None = None) -> QuerySet[Person]:
    """``people``, each marked ``on_leave``: whether someone acts for them on the date (代理).
    Whoever routes work to them then asks ``delegates_for`` only about those on leave —
    usually nobody, and no query."""
    return people.annotate(on_leave=Exists(_delegations_on(on).filter(principal_id=OuterRef("pk"))))


def delegates_for(
    principals: Iterable[Person], on: datetime.date | None = None
) -> dict[int, Person]:
    """Who acts for each of ``principals`` on a date (代理), by principal id; those nobody
    acts for are left out. One query however many principals; none for people marked
    ``on_leave`` False (``with_leave``)."""
    chosen: dict[int, Person] = {}
    ids = [p.pk for p in principals if getattr(p, "on_leave", True)]
    if not ids:
        return chosen
    delegations = (
        _delegations_on(on)
        .filter(principal__in=ids)
        .select_related("delegate")
        .order_by("principal_id", "-starts_on", "-pk")
    )
    for delegation in delegations:  # the latest-starting one wins
        chosen.setdefault(delegation.principal_id, delegation.delegate)
    return chosen


def delegate_for(principal: Person, on: datetime.date | None = None) -> Person | None:
    """Who acts for ``principal`` on a date (代理), or None."""
    return delegates_for([principal], on).get(principal.pk)


_delegators_memo: ContextVar[dict[tuple[int, datetime.date | None], list[int]] | None] = ContextVar(
    "delegators_memo", default=None
)


@contextmanager
def delegators_read_once() -> Iterator[None]:
    """Within the block, ``delegators_of`` reads each person's 代理 once: a read that asks
    several modules' rules at once (the global search asks four) makes one round trip, not
    one per rule. Nothing is kept after the block."""
    token = _delegators_memo.set({})
    try:
        yield
    finally:
        _delegators_memo.reset(token)


def delegators_of(person: Person, on: datetime.date | None = None) -> list[int]:
    """Ids of the people ``person`` acts for on a date (their 代理 names ``person``); none
    for one of the 三员."""
    if not may_handle_business(person):
        return []
    memo = _delegators_memo.get()
    if memo is not None and (person.pk, on) in memo:
        return list(memo[(person.pk, on)])
    found = list(
        Delegation.objects.active_on(on)
        .filter(delegate=person, principal__status=PersonStatus.ACTIVE)
        .values_list("principal_id", flat=True)
    )
    if memo is not None:
        memo[(person.pk, on)] = found
    return list(found)


def agency_file_name_pattern(agency_id: int) -> str | None:
    """The agency's 电子文件命名规则 (read by ``core.filenames`` for every download)."""
    return Agency.objects.filter(pk=agency_id).values_list("file_name_pattern", flat=True).first()
