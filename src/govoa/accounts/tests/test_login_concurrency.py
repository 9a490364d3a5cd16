"""Parallel failed logins from one client are each counted once, in one row shared by every
process (real row locks: PostgreSQL only)."""

import threading

import pytest
from django.db import connection

from govoa.accounts.models import LoginThrottle
from govoa.accounts.services import LoginFailed, login_check
from govoa.accounts.throttle import TooManyAttempts
from govoa.core.errors import GovOAError

pytestmark = [pytest.mark.postgres_only, pytest.mark.django_db(transaction=True)]


def test_parallel_failures_from_one_ip_are_all_counted(people, settings):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL")
    settings.GOVOA_LOGIN_IP_MAX_FAILURES = 100  # count, do not block, in this test
    outcomes: list[str] = []
    lock = threading.Lock()
    barrier = threading.Barrier(12)

    def attempt(n: int) -> None:
        try:
            barrier.wait()
            login_check(username=f"nobody{n}", password="x", ip="192.0.2.7")
            result = "ok"
        except LoginFailed:
            result = "401"
        except GovOAError as exc:
            result = repr(exc)
        finally:
            connection.close()
        with lock:
            outcomes.append(result)

    threads = [threading.Thread(target=attempt, args=(n,)) for n in range(12)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert outcomes == ["401"] * 12
    row = LoginThrottle.objects.get()
    assert row.failures == 12
    assert row.blocked_until is None


def test_parallel_guesses_at_one_account_lock_it_and_block_the_ip(people, settings):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL")
    outcomes: list[str] = []
    lock = threading.Lock()
    barrier = threading.Barrier(15)

    def attempt() -> None:
        try:
            barrier.wait()
            login_check(username="staff", password="Wrong#1", ip="192.0.2.8")
            result = "ok"
        except LoginFailed:
            result = "401"
        except TooManyAttempts:
            result = "429"
        finally:
            connection.close()
        with lock:
            outcomes.append(result)

    threads = [threading.Thread(target=attempt) for _ in range(15)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert "ok" not in outcomes
    row = LoginThrottle.objects.get(ip="192.0.2.8")
    assert row.failures == outcomes.count("401")
    assert row.failures >= 10
    assert row.blocked_until is not None
    people.staff.refresh_from_db()
    assert people.staff.locked_until is not None
