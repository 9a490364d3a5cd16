"""First setup of an agency and the command-line password reset of the 三员."""

import datetime

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from govoa.audit.models import AuditEvent
from govoa.core.errors import ValidationFailed
from govoa.org.models import Agency, Person
from govoa.org.services.people import person_reset_password
from govoa.org.services.setup import agency_setup, security_admin_password_reset

AGENCY = {
    "name": "某县人民政府办公室",
    "short_name": "县府办",
    "doc_code": "县府办",
    "fonds_code": "J001",
}


def test_agency_setup_validates_whoever_calls_it(db):
    with pytest.raises(ValidationFailed) as excinfo:
        agency_setup(**{**AGENCY, "fonds_code": "bad code!!"})
    assert excinfo.value.fields["fonds_code"] == ["全宗号只能由字母和数字组成"]
    assert not Agency.objects.exists()
    assert not Person.objects.exists()
    assert not AuditEvent.objects.exists()
    agency, accounts = agency_setup(**AGENCY)
    assert len(accounts) == 3
    with pytest.raises(ValidationFailed) as excinfo:
        agency_setup(**AGENCY, username_prefix="two.")
    assert list(excinfo.value.fields) == ["name"]
    assert Agency.objects.get() == agency


def test_setup_command_refuses_a_name_already_taken(db):
    call_command("setup", **AGENCY)
    with pytest.raises(CommandError, match=r"输入有误：.*已存在"):
        call_command("setup", **AGENCY, username_prefix="two.")
    assert Agency.objects.count() == 1


def _stale(person):
    Person.objects.filter(pk=person.pk).update(
        failed_logins=5,
        locked_until=timezone.now() + datetime.timedelta(hours=1),
        updated_at=timezone.now() - datetime.timedelta(days=30),
    )


def _reset_and_check(person, reset):
    _stale(person)
    before = timezone.now()
    password = reset()
    person.refresh_from_db()
    assert person.check_password(password)
    assert (person.must_change_password, person.failed_logins, person.locked_until) == (
        True,
        0,
        None,
    )
    assert person.updated_at >= before


def test_the_command_line_reset_of_an_admin_unlocks_and_stamps_the_account(people):
    _reset_and_check(
        people.audit_admin, lambda: security_admin_password_reset(username="auditadmin")
    )


def test_the_sys_admins_reset_unlocks_and_stamps_the_account(people):
    _reset_and_check(
        people.staff, lambda: person_reset_password(actor=people.sys_admin, person=people.staff)
    )
