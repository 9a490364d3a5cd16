from collections.abc import Iterable
from typing import Any, cast

import factory
from django.utils import timezone

from govoa.core.vocabulary import SECURITY_ADMIN_ROLES, Classification, Role
from govoa.org.models import Agency, Department, Person, RoleAssignment, RoleScopeKind

TEST_PASSWORD = "Test#Passw0rd"  # noqa: S105 — the tests' own password


class AgencyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Agency

    name = factory.Sequence(lambda n: f"测试市第{n}局")
    short_name = factory.Sequence(lambda n: f"测{n}局")
    doc_code = factory.Sequence(lambda n: f"测{n}")
    fonds_code = factory.Sequence(lambda n: f"Z{n:03d}")


class DepartmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Department

    agency = factory.SubFactory(AgencyFactory)
    name = factory.Sequence(lambda n: f"第{n}处")
    code = factory.Sequence(lambda n: f"D{n:03d}")


class PersonFactory(factory.django.DjangoModelFactory):
    """An active person who has already set their own password (no forced change)."""

    class Meta:
        model = Person
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    real_name = factory.Sequence(lambda n: f"测试员{n}")
    agency = factory.LazyAttribute(
        lambda o: o.department.agency if o.department else AgencyFactory()
    )
    department = factory.SubFactory(DepartmentFactory)
    title = "科员"
    clearance = Classification.INTERNAL
    must_change_password = False
    password_changed_at = factory.LazyFunction(timezone.now)
    password = factory.django.Password(TEST_PASSWORD)


def make_person(**fields: Any) -> Person:
    """``PersonFactory(**fields)``, typed as the Person it returns."""
    return cast(Person, PersonFactory(**fields))


def grant(
    person: Person, role: Role, departments: Iterable[Department] | None = None
) -> RoleAssignment:
    """Give a role directly (tests of other things need not go through the 三员 service)."""
    department_list = list(departments or [])
    assignment = RoleAssignment.objects.create(
        person=person,
        role=role,
        scope=RoleScopeKind.DEPARTMENTS if department_list else RoleScopeKind.AGENCY,
    )
    if department_list:
        assignment.departments.set(department_list)
    person.forget_roles()
    if role in SECURITY_ADMIN_ROLES:
        enrol_two_factor(person)  # the 三员 cannot work without it (accounts.twofactor)
    return assignment


# The authenticator secret of the test people given two-factor (base32 of RFC 6238's key).
TEST_TOTP_SECRET = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"  # noqa: S105 — RFC 6238 test key


def enrol_two_factor(person: Person) -> None:
    """An authenticator set up and confirmed, as ``accounts.twofactor`` would leave it."""
    from govoa.accounts.models import TwoFactor

    TwoFactor.objects.update_or_create(
        person=person,
        defaults={"secret": TEST_TOTP_SECRET, "confirmed_at": timezone.now(), "last_step": 0},
    )


def person_with_role(
    role: Role,
    *,
    department: Department | None = None,
    covers: Iterable[Department] | None = None,
    **fields: Any,
) -> Person:
    if department is not None:
        fields["department"] = department
    person = cast(Person, PersonFactory(**fields))
    grant(person, role, covers)
    return person
