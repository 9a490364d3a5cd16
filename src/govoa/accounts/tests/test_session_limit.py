"""Concurrent sessions per account (issue 8.6): a login beyond GOVOA_MAX_SESSIONS (the 三员:
GOVOA_MAX_SESSIONS_ADMIN, 1 by default) ends the oldest session; its owner is told so in
Chinese at their next request; the end is audited; the table of sessions stays small."""

import datetime

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.test import Client
from django.utils import timezone

from govoa.accounts.models import LoginSession
from govoa.accounts.tasks import clear_expired_sessions
from govoa.audit.models import AuditEvent
from govoa.testing.factories import TEST_PASSWORD
from govoa.testing.queries import query_count
from govoa.testing.twofactor import second_step

ENDED = "您的账户已在其他地方登录"


def _logged_in(username, password=TEST_PASSWORD):
    browser = Client()
    response = browser.post("/accounts/login/", {"username": username, "password": password})
    response = second_step(browser, response)  # the 三员 have two-factor on
    assert response.status_code == 302, response.content.decode()[:500]
    return browser


def _alive(browser):
    return browser.get("/").status_code == 200


def test_a_second_login_of_a_security_admin_ends_the_first(people):
    first = _logged_in("sysadmin")
    assert _alive(first)
    second = _logged_in("sysadmin")
    assert _alive(second)
    response = first.get("/org/system/", follow=True)
    assert response.redirect_chain[-1][0].startswith("/accounts/login/")
    assert ENDED in response.content.decode()
    assert _alive(second)
    event = AuditEvent.objects.get(action="accounts.session.logout")
    assert event.actor_id == people.sys_admin.pk
    assert event.details["reason"] == "session_limit"


def test_ordinary_accounts_keep_up_to_the_configured_number(people, settings):
    settings.GOVOA_MAX_SESSIONS = 2
    first, second = _logged_in("staff"), _logged_in("staff")
    assert _alive(first)
    assert _alive(second)
    third = _logged_in("staff")
    assert not _alive(first)
    assert _alive(second)
    assert _alive(third)
    assert LoginSession.objects.filter(person=people.staff, ended_at__isnull=True).count() == 2


def test_zero_means_no_limit(people, settings):
    settings.GOVOA_MAX_SESSIONS = 0
    browsers = [_logged_in("staff") for _ in range(5)]
    assert all(_alive(b) for b in browsers)
    assert not AuditEvent.objects.filter(action="accounts.session.logout").exists()


def test_the_admin_limit_is_configurable(people, settings):
    settings.GOVOA_MAX_SESSIONS_ADMIN = 2
    first, second = _logged_in("secadmin"), _logged_in("secadmin")
    assert _alive(first)
    assert _alive(second)


def test_the_api_answers_an_ended_session_in_chinese(people):
    first = _logged_in("auditadmin")
    _logged_in("auditadmin")
    response = first.get("/api/v1/me")
    assert response.status_code == 401
    body = response.json()["error"]
    assert body["code"] == "session_ended"
    assert ENDED in body["message"]


def test_the_message_is_shown_once(people):
    first = _logged_in("sysadmin")
    _logged_in("sysadmin")
    assert ENDED in first.get("/", follow=True).content.decode()
    assert ENDED not in first.get("/", follow=True).content.decode()


def test_logout_and_expiry_clean_the_table(people, time_machine, settings):
    browser = _logged_in("staff")
    assert LoginSession.objects.filter(person=people.staff).count() == 1
    browser.post("/accounts/logout/")
    assert not LoginSession.objects.filter(person=people.staff).exists()
    _logged_in("staff")
    ended_admin = _logged_in("sysadmin")
    _logged_in("sysadmin")
    assert ended_admin  # its row stays, marked ended, until its owner comes back or it is old
    assert LoginSession.objects.count() == 3
    later = datetime.timedelta(seconds=settings.SESSION_COOKIE_AGE + 60)
    time_machine.move_to(timezone.now() + later)
    clear_expired_sessions.call()
    assert not LoginSession.objects.exists()
    assert not Session.objects.exists()


def test_a_password_change_keeps_the_current_session_counted(people):
    browser = _logged_in("sysadmin")
    new = "Neu#Passw0rd2026"
    response = browser.post(
        "/accounts/password/",
        {"old_password": TEST_PASSWORD, "new_password": new, "new_password_again": new},
    )
    assert response.status_code == 302
    key = browser.session.session_key
    assert LoginSession.objects.filter(person=people.sys_admin, session_key=key).exists()
    _logged_in("sysadmin", new)
    assert not _alive(browser)


def test_a_login_costs_the_same_whatever_the_sessions_of_others(people):
    """The limit reads only the person's own rows: other people's sessions do not matter."""

    def login_cost():
        browser = Client()
        cost = query_count(
            lambda: browser.post(
                "/accounts/login/", {"username": "staff", "password": TEST_PASSWORD}
            )
        )
        browser.post("/accounts/logout/")
        return cost

    _logged_in("depthead")
    few = login_cost()
    for _ in range(3):
        _logged_in("registrar")
        _logged_in("principal")
    assert login_cost() == few


@pytest.mark.parametrize("cookie", ["abc\x00def", "../../etc", "A" * 41, "caf\u00e9"])
def test_a_session_cookie_that_names_no_session_is_ignored(client, people, cookie):
    """A hostile cookie reached the ended-session lookup: a NUL was a 500 on PostgreSQL
    (found by the API contract run)."""
    client.cookies[settings.SESSION_COOKIE_NAME] = cookie
    response = client.post("/api/v1/notifications/read-all")
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "unauthenticated"
    assert client.get("/").status_code == 302
