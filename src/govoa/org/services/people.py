"""Accounts as the system administrator manages them: create, edit, status, password reset.

Roles and clearance are not set here: that is the security administrator's (``roles.py``)."""

import secrets
import string

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction

from govoa.audit.services import audit_denied, audit_record
from govoa.core.errors import ValidationFailed
from govoa.core.validation import full_clean_or_fail, model_update
from govoa.org.models import Agency, Department, Person, PersonStatus
from govoa.org.policies import can_edit_person, can_manage_accounts
from govoa.org.services.credentials import credentials_revoke

PERSON_FIELDS = ["real_name", "department", "title", "rank_order", "phone", "email"]


# Without look-alikes (0/O, 1/l/I) and without characters HTML escapes, since administrators
# read these passwords off the screen and hand them over.
_UNAMBIGUOUS = [
    "".join(c for c in string.ascii_uppercase if c not in "IO"),
    "".join(c for c in string.ascii_lowercase if c not in "l"),
    "23456789",
    "@#%*+-=?",
]


def generate_initial_password(length: int = 12) -> str:
    """A random password meeting the policy: all four character classes present."""
    pools = _UNAMBIGUOUS
    chars = [secrets.choice(pool) for pool in pools]
    alphabet = "".join(pools)
    chars += [secrets.choice(alphabet) for _ in range(length - len(chars))]
    secrets.SystemRandom().shuffle(chars)
    return "".join(chars)


def _check_department(agency: Agency, department: Department | None) -> None:
    if department is not None and department.agency_id != agency.pk:
        raise ValidationFailed(fields={"department": ["部门必须属于本机关。"]})


def build_person(
    *,
    agency: Agency,
    username: str,
    real_name: str,
    department: Department | None,
    title: str = "",
    rank_order: int = 1000,
    phone: str = "",
    email: str = "",
) -> Person:
    """An unsaved, validated person (shared by ``person_create`` and the XLSX import)."""
    person = Person(
        agency=agency,
        username=username.strip().lower(),
        real_name=real_name.strip(),
        department=department,
        title=title.strip(),
        rank_order=rank_order,
        phone=phone.strip(),
        email=email.strip(),
        must_change_password=True,
    )
    _check_department(agency, department)
    full_clean_or_fail(person, exclude=["password"])
    return person


def person_create(
    *,
    actor: Person,
    agency: Agency,
    username: str,
    real_name: str,
    department: Department | None,
    title: str = "",
    rank_order: int = 1000,
    phone: str = "",
    email: str = "",
) -> tuple[Person, str]:
    """Create an account with a random initial password, returned once so the administrator
    can hand it over; the person must change it at first login."""
    if not can_manage_accounts(actor, agency):
        raise audit_denied(
            action="org.person.create",
            actor=actor,
            agency_id=agency.pk,
            reason="只有本机关系统管理员可以创建账户。",
        )
    person = build_person(
        agency=agency,
        username=username,
        real_name=real_name,
        department=department,
        title=title,
        rank_order=rank_order,
        phone=phone,
        email=email,
    )
    password = generate_initial_password()
    person.set_password(password)
    with transaction.atomic():
        person.save()
        audit_record(
            action="org.person.create",
            actor=actor,
            obj=person,
            details={
                "username": person.username,
                "department": str(department) if department else None,
            },
        )
    return person, password


def person_update(*, actor: Person, person: Person, data: dict[str, object]) -> Person:
    if not can_edit_person(actor, person):
        raise audit_denied(
            action="org.person.update",
            actor=actor,
            obj=person,
            reason="只有本机关系统管理员可以修改人员信息，且不能修改自己的账户。",
        )
    with transaction.atomic():
        person = Person.objects.select_for_update().get(pk=person.pk)
        changes = model_update(person, data, fields=PERSON_FIELDS)
        if not changes:
            return person
        _check_department(person.agency, person.department)
        full_clean_or_fail(person, exclude=["password"])
        person.save(update_fields=[*changes, "updated_at"])
        audit_record(action="org.person.update", actor=actor, obj=person, details=changes)
    return person


def person_set_status(*, actor: Person, person: Person, status: str) -> Person:
    """调离/退休 take effect at once: the person's session stops working on its next request,
    because an inactive person cannot authenticate, and their API tokens end for good."""
    if status not in PersonStatus.values:
        raise ValidationFailed(fields={"status": ["状态无效。"]})
    if not can_edit_person(actor, person):
        raise audit_denied(
            action="org.person.status",
            actor=actor,
            obj=person,
            reason="只有本机关系统管理员可以变更人员状态，且不能变更自己的状态。",
        )
    with transaction.atomic():
        person = Person.objects.select_for_update().get(pk=person.pk)
        old = person.status
        if old == status:
            return person
        person.status = status
        person.save(update_fields=["status", "updated_at"])
        if status != PersonStatus.ACTIVE:
            credentials_revoke(person)  # for good: a return to 在职 does not revive them
        audit_record(
            action="org.person.status", actor=actor, obj=person, details={"status": [old, status]}
        )
    return person


def person_reset_password(*, actor: Person, person: Person) -> str:
    """A new random password the person must change at next login; unlocks the account."""
    if not can_edit_person(actor, person):
        raise audit_denied(
            action="org.person.reset_password",
            actor=actor,
            obj=person,
            reason="只有本机关系统管理员可以重置他人密码。",
        )
    with transaction.atomic():
        person = Person.objects.select_for_update().get(pk=person.pk)
        password = _reset_password(person)
        audit_record(action="org.person.reset_password", actor=actor, obj=person)
    return password


def _reset_password(person: Person) -> str:
    """Give the (locked) person a new random password to change at next login, unlock the
    account and end their API tokens (their sessions end with the old password's hash). The
    caller audits it: by the system administrator, or from the command line for one of the
    三员."""
    password = generate_initial_password()
    person.set_password(password)
    person.must_change_password = True
    person.failed_logins = 0
    person.locked_until = None
    person.save(
        update_fields=[
            "password",
            "must_change_password",
            "failed_logins",
            "locked_until",
            "updated_at",
        ]
    )
    credentials_revoke(person)
    return password


def check_password_policy(password: str, person: Person) -> None:
    try:
        validate_password(password, person)
    except ValidationError as exc:
        raise ValidationFailed(fields={"password": list(exc.messages)}) from exc
