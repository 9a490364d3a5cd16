"""First setup of an agency: the agency itself and its three security administrators (三员)."""

from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from govoa.audit.services import audit_record
from govoa.core.errors import NotFound, ValidationFailed
from govoa.core.validation import full_clean_or_fail
from govoa.core.vocabulary import SECURITY_ADMIN_ROLES, Role
from govoa.org.models import Agency, Delegation, Person, RoleAssignment
from govoa.org.services.credentials import credentials_revoke
from govoa.org.services.people import _reset_password, generate_initial_password

ADMIN_ACCOUNTS = [
    (Role.SYS_ADMIN, "sysadmin", "系统管理员"),
    (Role.SEC_ADMIN, "secadmin", "安全保密管理员"),
    (Role.AUDIT_ADMIN, "auditadmin", "安全审计员"),
]


@dataclass(frozen=True)
class InitialAccount:
    username: str
    role: Role
    password: str


def agency_setup(
    *,
    name: str,
    short_name: str,
    doc_code: str,
    fonds_code: str,
    username_prefix: str = "",
    passwords: dict[str, str] | None = None,
) -> tuple[Agency, list[InitialAccount]]:
    """Create the agency and one account for each of the 三员, each with a password that must
    be changed at first login. Run by the platform operator (``govoa setup``, the demo), not
    from a screen, so there is no actor yet. Input the Agency model refuses raises
    ``ValidationFailed`` (in Chinese) before anything is created."""
    _agency_validate(name=name, short_name=short_name, doc_code=doc_code, fonds_code=fonds_code)
    accounts = []
    with transaction.atomic():
        agency = Agency.objects.create(
            name=name, short_name=short_name, doc_code=doc_code, fonds_code=fonds_code
        )
        audit_record(
            action="org.agency.setup", obj=agency, agency_id=agency.pk, details={"name": name}
        )
        for role, username, real_name in ADMIN_ACCOUNTS:
            login = f"{username_prefix}{username}"
            password = (passwords or {}).get(login) or generate_initial_password()
            person = Person.objects.create_user(
                login,
                password,
                real_name=real_name,
                agency=agency,
                title=real_name,
                must_change_password=True,
            )
            RoleAssignment.objects.create(person=person, role=role)
            audit_record(
                action="org.role.grant",
                obj=person,
                agency_id=agency.pk,
                details={"role": role, "scope": "agency", "initial_setup": True},
            )
            accounts.append(InitialAccount(login, role, password))
    return agency, accounts


def _agency_validate(*, name: str, short_name: str, doc_code: str, fonds_code: str) -> None:
    """The checks of the Agency model (a name already taken included), in Chinese."""
    full_clean_or_fail(
        Agency(name=name, short_name=short_name, doc_code=doc_code, fonds_code=fonds_code)
    )


def security_admin_password_reset(*, username: str) -> str:
    """Reset the password of one of the 三员 from the command line (the platform operator's
    act: no screen may do it, or one administrator could take over another's account)."""
    with transaction.atomic():
        person = Person.objects.select_for_update().filter(username=username.lower()).first()
        if person is None or person.security_admin_role is None:
            raise NotFound(f"“{username}”不是系统管理员、安全保密管理员或安全审计员的账户。")
        password = _reset_password(person)
        audit_record(
            action="org.person.reset_password",
            obj=person,
            agency_id=person.agency_id,
            details={"via": "command line", "role": person.security_admin_role},
        )
    return password


SECURITY_ADMIN_CONFLICT = (
    "“三员”互斥：{name}已担任{held}，不能再担任{role}。"
    "系统管理员、安全保密管理员、安全审计员须由不同人员担任。"
)


def _admin_account(username: str) -> Person:
    """The person of ``username``, locked, or ``NotFound``."""
    person = Person.objects.select_for_update().filter(username=username.strip().lower()).first()
    if person is None:
        raise NotFound(f"没有登录名为“{username}”的账户。")
    return person


def _refuse_business_standing(person: Person) -> None:
    """A 三员 takes no part in the business: no business role, no 代理 not yet ended."""
    business = sorted(
        set(person.role_assignments.values_list("role", flat=True)) - SECURITY_ADMIN_ROLES
    )
    if business:
        labels = "、".join(str(Role(r).label) for r in business)
        raise ValidationFailed(
            f"{person.real_name}担任业务角色（{labels}），“三员”不能兼任业务角色："
            "请先由安全保密管理员收回这些角色。"
        )
    delegations = Delegation.objects.filter(
        Q(principal=person) | Q(delegate=person),
        revoked_at__isnull=True,
        ends_on__gte=timezone.localdate(),
    )
    if delegations.exists():
        raise ValidationFailed(
            f"{person.real_name}有尚未结束的代理，“三员”不能代理他人或由他人代理：请先撤销。"
        )


def security_admin_role_set(*, username: str, role: str) -> Person:
    """Make an existing, 在职 account one of the 三员 — the platform operator's act from the
    command line (``govoa admin-role``): no screen may do it, or one 三员 could make a second
    of themselves. Refused while the person holds another 三员 role, a business role or a
    代理 not yet ended. Setting the role held already changes nothing."""
    if role not in SECURITY_ADMIN_ROLES:
        raise ValidationFailed(
            fields={"role": ["只能设置系统管理员、安全保密管理员或安全审计员。"]}
        )
    with transaction.atomic():
        person = _admin_account(username)
        held = person.security_admin_role
        if held == role:
            return person
        if held is not None:
            raise ValidationFailed(
                SECURITY_ADMIN_CONFLICT.format(
                    name=person.real_name, held=Role(held).label, role=Role(role).label
                )
            )
        if not person.is_active:
            raise ValidationFailed(f"{person.real_name}不是在职人员。")
        _refuse_business_standing(person)
        try:
            with transaction.atomic():
                RoleAssignment.objects.create(person=person, role=role)
        except IntegrityError as exc:  # the database's own guard on 三员
            raise ValidationFailed("“三员”互斥：该人员已担任另一个管理员角色。") from exc
        person.forget_roles()
        audit_record(
            action="org.role.grant",
            obj=person,
            agency_id=person.agency_id,
            details={"role": role, "scope": "agency", "via": "command line"},
        )
    return person


def security_admin_role_remove(*, username: str) -> Person:
    """Take the 三员 role away from an account (command line only, like setting it). Its
    sessions' rights and API tokens end with it."""
    with transaction.atomic():
        person = _admin_account(username)
        held = person.security_admin_role
        if held is None:
            raise NotFound(f"“{username}”不是系统管理员、安全保密管理员或安全审计员的账户。")
        RoleAssignment.objects.filter(person=person, role=held).delete()
        person.forget_roles()
        credentials_revoke(person)
        audit_record(
            action="org.role.revoke",
            obj=person,
            agency_id=person.agency_id,
            details={"role": held, "via": "command line"},
        )
    return person
