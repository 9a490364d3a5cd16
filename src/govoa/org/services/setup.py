"""First setup of an agency: the agency itself and its three security administrators (三员)."""

from dataclasses import dataclass

from django.db import transaction

from govoa.audit.services import audit_record
from govoa.core.errors import NotFound
from govoa.core.validation import full_clean_or_fail
from govoa.core.vocabulary import Role
from govoa.org.models import Agency, Person, RoleAssignment
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
