"""The LDAP directory as GovOA reads it, and its comparison with an agency's departments and
people (the dry run of the directory sync; ``services.directory_apply`` applies it).

Mapping (docs/apps/integration.md#ldap):
- a department is an ``organizationalUnit`` under ``GOVOA_LDAP_DEPARTMENT_BASE``: ``ou`` the
  name, ``businessCategory`` the 机构代码 (the key), the parent its DN's parent when that is a
  department too;
- a person is an entry matching ``GOVOA_LDAP_USER_FILTER`` under ``GOVOA_LDAP_USER_BASE``:
  ``uid`` the login name (the key), ``displayName`` or ``cn`` the name, ``departmentNumber``
  the department's 机构代码, ``title``, ``telephoneNumber``, ``mail``.
Roles, clearance and the 三员 never come from the directory."""

import hashlib
import json
import re
from dataclasses import dataclass, field
from typing import Any

import ldap
from django.conf import settings
from ldap.controls import SimplePagedResultsControl

from govoa.core.errors import GovOAError
from govoa.core.vocabulary import SECURITY_ADMIN_ROLES
from govoa.org.models import Agency, Department, Person, PersonStatus, RoleAssignment

PAGE_SIZE = 500
# Entries read at most: a directory bigger than this is refused rather than half read.
MAX_ENTRIES = 50_000
CODE_RE = re.compile(r"^[A-Z0-9]{2,16}$")
USERNAME_RE = re.compile(r"^[a-z0-9_.-]{2,64}$")
PERSON_ATTRS = ["uid", "cn", "displayName", "departmentNumber", "title", "telephoneNumber", "mail"]
DEPARTMENT_ATTRS = ["ou", "businessCategory"]
# Shown in the diff as "changed", without their values (SM4-encrypted on the person).
HIDDEN_FIELDS = ("phone", "email")
LABELS = {
    "name": "名称",
    "parent": "上级部门",
    "is_active": "启用",
    "real_name": "姓名",
    "department": "部门",
    "title": "职务",
    "phone": "电话",
    "email": "电子邮箱",
    "directory_dn": "目录条目",
}


def summary(changes: dict[str, list[Any]]) -> str:
    """The changes as the page and the command show them, in Chinese."""
    parts = []
    for name, (old, new) in changes.items():
        label = LABELS.get(name, name)
        if name in HIDDEN_FIELDS:
            parts.append(f"{label}已变更")
        elif name == "directory_dn" and not old:
            parts.append("改由目录验证密码")
        elif name == "is_active":
            parts.append("重新启用")
        else:
            parts.append(f"{label}：{old or '（空）'} → {new or '（空）'}")
    return "；".join(parts)


class DirectoryUnavailable(GovOAError):
    code = "directory_unavailable"
    status = 502

    def __init__(self, reason: str = "") -> None:
        super().__init__(
            "无法读取 LDAP 目录"
            + (f"：{reason}" if reason else "")
            + "。请检查目录地址和读取账户的配置。"
        )


class DirectoryNotConfigured(GovOAError):
    code = "directory_not_configured"
    status = 409

    def __init__(self) -> None:
        super().__init__(
            "尚未配置 LDAP 目录（GOVOA_LDAP_URI、GOVOA_LDAP_USER_BASE、"
            "GOVOA_LDAP_DEPARTMENT_BASE）。"
        )


def configured() -> bool:
    return bool(
        settings.GOVOA_LDAP_URI
        and settings.GOVOA_LDAP_USER_BASE
        and settings.GOVOA_LDAP_DEPARTMENT_BASE
    )


@dataclass(frozen=True)
class DirDepartment:
    dn: str
    name: str
    code: str
    parent_code: str | None


@dataclass(frozen=True)
class DirPerson:
    dn: str
    username: str
    real_name: str
    department_code: str
    title: str
    phone: str
    email: str


@dataclass
class Snapshot:
    departments: list[DirDepartment] = field(default_factory=list)
    people: list[DirPerson] = field(default_factory=list)
    problems: list[dict[str, str]] = field(default_factory=list)


def _first(attrs: dict[str, list[bytes]], name: str) -> str:
    for key, values in attrs.items():
        if key.lower() == name.lower() and values:
            return values[0].decode("utf-8", errors="replace").strip()
    return ""


def _search(conn: Any, base: str, filterstr: str, attrs: list[str]) -> list[tuple[str, Any]]:
    """Every entry under ``base``, read in pages (RFC 2696) so that no server size limit cuts
    a large directory short."""
    control = SimplePagedResultsControl(True, size=PAGE_SIZE, cookie="")
    found: list[tuple[str, Any]] = []
    while True:
        msgid = conn.search_ext(base, ldap.SCOPE_SUBTREE, filterstr, attrs, serverctrls=[control])
        _type, data, _msgid, controls = conn.result3(msgid)
        found += [(dn, entry) for dn, entry in data if dn]
        if len(found) > MAX_ENTRIES:
            raise DirectoryUnavailable(f"条目超过 {MAX_ENTRIES} 个")
        cookie = next(
            (c.cookie for c in controls if c.controlType == SimplePagedResultsControl.controlType),
            b"",
        )
        if not cookie:
            return found
        control.cookie = cookie


def _parent_dn(dn: str) -> str:
    parts = ldap.dn.explode_dn(dn)
    return ",".join(parts[1:])


def _norm_dn(dn: str) -> str:
    return ldap.dn.dn2str(ldap.dn.str2dn(dn)).lower()


def read_directory() -> Snapshot:
    """Departments and people as the directory has them (read with the configured account)."""
    if not configured():
        raise DirectoryNotConfigured()
    timeout = settings.GOVOA_LDAP_TIMEOUT_SECONDS
    try:
        conn = ldap.initialize(settings.GOVOA_LDAP_URI)
        conn.set_option(ldap.OPT_NETWORK_TIMEOUT, timeout)
        conn.set_option(ldap.OPT_TIMEOUT, timeout)
        conn.set_option(ldap.OPT_REFERRALS, 0)
        conn.protocol_version = ldap.VERSION3
        if settings.GOVOA_LDAP_START_TLS:
            conn.start_tls_s()
        conn.simple_bind_s(settings.GOVOA_LDAP_BIND_DN, settings.GOVOA_LDAP_BIND_PASSWORD)
        try:
            dept_base = settings.GOVOA_LDAP_DEPARTMENT_BASE
            dept_entries = _search(
                conn, dept_base, settings.GOVOA_LDAP_DEPARTMENT_FILTER, DEPARTMENT_ATTRS
            )
            people_entries = _search(
                conn, settings.GOVOA_LDAP_USER_BASE, settings.GOVOA_LDAP_USER_FILTER, PERSON_ATTRS
            )
        finally:
            conn.unbind_s()
    except ldap.LDAPError as exc:
        info = exc.args[0] if exc.args and isinstance(exc.args[0], dict) else {}
        raise DirectoryUnavailable(str(info.get("desc", "")) or type(exc).__name__) from exc
    return _snapshot(dept_entries, people_entries, dept_base)


def _snapshot(
    dept_entries: list[tuple[str, Any]], people_entries: list[tuple[str, Any]], dept_base: str
) -> Snapshot:
    snapshot = Snapshot()
    base = _norm_dn(dept_base)
    code_of_dn: dict[str, str] = {}
    raw: list[tuple[str, str, str]] = []
    seen_codes: set[str] = set()
    for dn, attrs in sorted(dept_entries, key=lambda e: (len(ldap.dn.explode_dn(e[0])), e[0])):
        if _norm_dn(dn) == base:
            continue
        name = _first(attrs, "ou")[:100]
        code = _first(attrs, "businessCategory").upper()
        if not CODE_RE.match(code):
            snapshot.problems.append(
                {"entry": dn, "reason": "缺少或不合规的机构代码（businessCategory）"}
            )
            continue
        if code in seen_codes:
            snapshot.problems.append({"entry": dn, "reason": f"机构代码 {code} 重复"})
            continue
        if not name:
            snapshot.problems.append({"entry": dn, "reason": "缺少部门名称（ou）"})
            continue
        seen_codes.add(code)
        code_of_dn[_norm_dn(dn)] = code
        raw.append((dn, name, code))
    for dn, name, code in raw:
        parent = code_of_dn.get(_norm_dn(_parent_dn(dn)))
        snapshot.departments.append(DirDepartment(dn=dn, name=name, code=code, parent_code=parent))
    seen_users: set[str] = set()
    for dn, attrs in sorted(people_entries, key=lambda e: e[0]):
        username = _first(attrs, "uid").lower()
        if not USERNAME_RE.match(username):
            snapshot.problems.append({"entry": dn, "reason": "缺少或不合规的登录名（uid）"})
            continue
        if username in seen_users:
            snapshot.problems.append({"entry": dn, "reason": f"登录名 {username} 重复"})
            continue
        real_name = (_first(attrs, "displayName") or _first(attrs, "cn"))[:50]
        if not real_name:
            snapshot.problems.append({"entry": dn, "reason": "缺少姓名（cn）"})
            continue
        seen_users.add(username)
        snapshot.people.append(
            DirPerson(
                dn=dn[:255],
                username=username,
                real_name=real_name,
                department_code=_first(attrs, "departmentNumber").upper(),
                title=_first(attrs, "title")[:50],
                phone=_first(attrs, "telephoneNumber")[:30],
                email=_first(attrs, "mail")[:254],
            )
        )
    return snapshot


@dataclass
class Plan:
    """The comparison: ``diff`` for people to read, ``digest`` over everything it rests on."""

    diff: dict[str, Any]
    digest: str
    full: dict[str, Any]


def plan(agency: Agency, snapshot: Snapshot) -> Plan:
    """Compare ``snapshot`` with the agency: what to add, what to change, what GovOA has that
    the directory no longer has (shown; deactivated only when confirmed one by one)."""
    problems = list(snapshot.problems)
    departments = {d.code: d for d in Department.objects.filter(agency=agency)}
    dir_codes = {d.code for d in snapshot.departments}
    parent_by_pk = {dep.pk: dep.code for dep in departments.values()}
    dept_added: list[dict[str, Any]] = []
    dept_changed: list[dict[str, Any]] = []
    for d in snapshot.departments:
        dept = departments.get(d.code)
        if dept is None:
            dept_added.append({"code": d.code, "name": d.name, "parent": d.parent_code})
            continue
        changes: dict[str, list[Any]] = {}
        if dept.name != d.name:
            changes["name"] = [dept.name, d.name]
        parent_code = parent_by_pk.get(dept.parent_id) if dept.parent_id else None
        if parent_code != d.parent_code:
            changes["parent"] = [parent_code, d.parent_code]
        if not dept.is_active:
            changes["is_active"] = [False, True]
        if changes:
            dept_changed.append(
                {"code": d.code, "name": d.name, "changes": changes, "summary": summary(changes)}
            )
    dept_missing = [
        {"code": dep.code, "name": dep.name}
        for dep in sorted(departments.values(), key=lambda x: x.code)
        if dep.is_active and dep.code not in dir_codes
    ]
    admins = set(
        RoleAssignment.objects.filter(role__in=sorted(SECURITY_ADMIN_ROLES)).values_list(
            "person__username", flat=True
        )
    )
    usernames = [p.username for p in snapshot.people]
    existing = {
        p.username: p
        for p in Person.objects.select_related("department").filter(username__in=usernames)
    }
    known_codes = dir_codes | set(departments)
    people_added: list[dict[str, Any]] = []
    people_changed: list[dict[str, Any]] = []
    hidden: dict[str, Any] = {}
    for p in snapshot.people:
        department = p.department_code if p.department_code in known_codes else None
        if p.department_code and department is None:
            problems.append({"entry": p.dn, "reason": f"部门代码 {p.department_code} 不在目录中"})
        if p.username in admins:
            problems.append({"entry": p.dn, "reason": "三员账户不由目录同步，也不能经目录登录"})
            continue
        current = existing.get(p.username)
        if current is None:
            people_added.append(
                {
                    "username": p.username,
                    "real_name": p.real_name,
                    "department": department,
                    "title": p.title,
                    "dn": p.dn,
                }
            )
            hidden[p.username] = {"phone": p.phone, "email": p.email}
            continue
        if current.agency_id != agency.pk:
            problems.append({"entry": p.dn, "reason": "该登录名已被其他机关的账户使用"})
            continue
        if not current.is_active:
            problems.append(
                {
                    "entry": p.dn,
                    "reason": f"该人员在本系统中为“{current.get_status_display()}”，不自动恢复",
                }
            )
            continue
        changes = {}
        if current.real_name != p.real_name:
            changes["real_name"] = [current.real_name, p.real_name]
        current_code = current.department.code if current.department else None
        if current_code != department:
            changes["department"] = [current_code, department]
        if current.title != p.title:
            changes["title"] = [current.title, p.title]
        for name in HIDDEN_FIELDS:
            if getattr(current, name) != getattr(p, name):
                changes[name] = ["", ""]
                hidden.setdefault(p.username, {})[name] = getattr(p, name)
        if current.directory_dn != p.dn:
            changes["directory_dn"] = [current.directory_dn, p.dn]
        if changes:
            people_changed.append(
                {
                    "username": p.username,
                    "real_name": p.real_name,
                    "changes": changes,
                    "summary": summary(changes),
                }
            )
    in_directory = set(usernames)
    missing_people = (
        Person.objects.filter(agency=agency, status=PersonStatus.ACTIVE)
        .exclude(username__in=admins)
        .select_related("department")
        .order_by("username")
    )
    people_missing = [
        {
            "username": p.username,
            "real_name": p.real_name,
            "department": p.department.code if p.department else None,
            "directory_account": bool(p.directory_dn),
        }
        for p in missing_people.iterator()
        if p.username not in in_directory
    ]
    diff = {
        "departments": {"added": dept_added, "changed": dept_changed, "missing": dept_missing},
        "people": {"added": people_added, "changed": people_changed, "missing": people_missing},
        "problems": problems,
    }
    full = {"diff": diff, "hidden": hidden}
    digest = hashlib.sha256(
        json.dumps(full, sort_keys=True, ensure_ascii=False).encode("utf-8")
    ).hexdigest()
    return Plan(diff=diff, digest=digest, full=full)
