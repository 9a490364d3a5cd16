"""Login answers give nothing away and one client cannot lock every account (issue 8.7).

Unknown user, wrong password, locked account and account no longer 在职 get the identical
answer (status, message, one run of the password hasher); the lockout still happens and is
audited. Failures are counted per client IP: past GOVOA_LOGIN_IP_MAX_FAILURES in the window
the IP is refused with 429, on the login page and at POST /api/v1/auth/token alike."""

import datetime

import pytest
from django.contrib.auth.hashers import MD5PasswordHasher
from django.test import Client
from django.utils import timezone

from govoa.accounts.models import LoginThrottle
from govoa.audit.models import AuditEvent
from govoa.org.models import Person, PersonStatus
from govoa.testing.factories import TEST_PASSWORD

LOGIN = "/accounts/login/"
TOKEN = "/api/v1/auth/token"


class CountingHasher(MD5PasswordHasher):
    """The test settings' MD5 hasher, counting how often it hashes."""

    runs = 0

    def encode(self, password: str, salt: str) -> str:
        CountingHasher.runs += 1
        return super().encode(password, salt)


@pytest.fixture
def counted(settings):
    settings.PASSWORD_HASHERS = ["govoa.accounts.tests.test_login_answers.CountingHasher"]
    CountingHasher.runs = 0
    return CountingHasher


@pytest.fixture
def refused_cases(people):
    """(username, password) for each way to be refused, the right password where there is one."""
    Person.objects.filter(pk=people.staff.pk).update(
        failed_logins=5, locked_until=timezone.now() + datetime.timedelta(minutes=10)
    )
    Person.objects.filter(pk=people.registrar.pk).update(status=PersonStatus.RETIRED)
    return {
        "unknown user": ("nobody", TEST_PASSWORD),
        "wrong password": ("depthead", "Wrong#Passw0rd"),
        "locked, right password": ("staff", TEST_PASSWORD),
        "locked, wrong password": ("staff", "Wrong#Passw0rd"),
        "retired, right password": ("registrar", TEST_PASSWORD),
    }


def _page(username, password, ip="10.0.0.1"):
    return Client(REMOTE_ADDR=ip).post(LOGIN, {"username": username, "password": password})


def _api(username, password, ip="10.0.0.1"):
    return Client(REMOTE_ADDR=ip).post(
        TOKEN, {"username": username, "password": password}, content_type="application/json"
    )


def test_every_refusal_looks_the_same_on_the_page(refused_cases, counted):
    answers = {}
    for case, (username, password) in refused_cases.items():
        before = counted.runs
        response = _page(username, password)
        answers[case] = (response.status_code, response.context["form"].non_field_errors())
        assert counted.runs - before == 1, f"{case}: the hasher must run exactly once"
    assert len(set(map(repr, answers.values()))) == 1, answers
    status, errors = answers["unknown user"]
    assert status == 401
    assert "用户名或密码错误" in errors[0]


def test_every_refusal_looks_the_same_in_the_api(refused_cases, counted):
    answers = {}
    for case, (username, password) in refused_cases.items():
        before = counted.runs
        response = _api(username, password)
        answers[case] = (response.status_code, response.json())
        assert counted.runs - before == 1, case
    assert len(set(map(repr, answers.values()))) == 1, answers
    assert answers["unknown user"][0] == 401
    assert answers["unknown user"][1]["error"]["code"] == "login_failed"


def test_the_lockout_still_happens_and_is_audited(people):
    for _ in range(5):
        response = _page("staff", "Wrong#Passw0rd")
    assert response.status_code == 401
    people.staff.refresh_from_db()
    assert people.staff.locked_until > timezone.now()
    assert AuditEvent.objects.filter(action="accounts.person.lock").count() == 1
    reasons = list(
        AuditEvent.objects.filter(action="accounts.session.login")
        .order_by("pk")
        .values_list("details__reason", flat=True)
    )
    assert reasons == ["bad_password"] * 5
    _page("staff", TEST_PASSWORD)  # the right password while locked: refused, audited as such
    assert AuditEvent.objects.filter(details__reason="locked").count() == 1
    assert _page("staff", TEST_PASSWORD).status_code == 401


def test_one_ip_is_throttled_after_too_many_failures(people, counted):
    for n in range(10):
        assert _page(f"nobody{n}", "x").status_code == 401
    before = counted.runs
    response = _page("depthead", TEST_PASSWORD)  # even the right password
    assert response.status_code == 429
    assert "登录失败次数过多" in response.content.decode()
    assert counted.runs == before  # refused before any password is checked
    response = _api("depthead", TEST_PASSWORD)
    assert response.status_code == 429
    assert response.json()["error"]["code"] == "too_many_attempts"
    assert "登录失败次数过多" in response.json()["error"]["message"]
    # Another client is not affected.
    assert _page("depthead", TEST_PASSWORD, ip="10.0.0.2").status_code == 302
    block = AuditEvent.objects.get(action="accounts.login.throttle")
    assert block.details["ip"] == "10.0.0.1"
    assert block.details["failures"] == 10


def test_one_ip_cannot_lock_more_than_a_couple_of_accounts(people):
    targets = ["staff", "depthead", "deputy", "principal", "registrar"]
    for username in targets:
        for _ in range(5):
            _page(username, "Wrong#Passw0rd")
    locked = Person.objects.filter(locked_until__gt=timezone.now()).count()
    assert locked <= 2


def test_the_throttle_runs_out_with_its_window(people, time_machine):
    for n in range(10):
        _api(f"nobody{n}", "x")
    assert _api("depthead", TEST_PASSWORD).status_code == 429
    time_machine.move_to(timezone.now() + datetime.timedelta(minutes=16))
    assert _api("depthead", TEST_PASSWORD).status_code == 201


def test_the_throttle_is_configurable(people, settings):
    settings.GOVOA_LOGIN_IP_MAX_FAILURES = 2
    _page("nobody", "x")
    _page("nobody", "x")
    assert _page("depthead", TEST_PASSWORD).status_code == 429


def test_zero_turns_the_throttle_off(people, settings):
    settings.GOVOA_LOGIN_IP_MAX_FAILURES = 0
    for n in range(12):
        _page(f"nobody{n}", "x")
    assert _page("depthead", TEST_PASSWORD).status_code == 302
    assert not LoginThrottle.objects.exists()


def test_successes_do_not_count_and_do_not_reset_the_count(people):
    for n in range(9):
        _page(f"nobody{n}", "x")
    for _ in range(3):
        assert _page("depthead", TEST_PASSWORD).status_code == 302
    _page("nobody", "x")  # the 10th failure
    assert _page("depthead", TEST_PASSWORD).status_code == 429


def test_the_throttle_keeps_one_row_per_client(people):
    for n in range(12):
        _page(f"nobody{n}", "x")
    assert LoginThrottle.objects.count() == 1
