"""API tokens end with the rights they stood for (issue 8.6): a password change or reset,
调离/退休, the loss of a role or of clearance end every token of the person at once; a token
unused for the idle timeout stops working like a session; the check stays one query."""

import datetime

import pytest
from django.utils import timezone

from govoa.accounts.models import ApiToken
from govoa.accounts.services import password_change, token_authenticate, token_issue
from govoa.core.vocabulary import Classification, Role
from govoa.org.models import PersonStatus, RoleScopeKind
from govoa.org.services.people import person_reset_password, person_set_status
from govoa.org.services.roles import clearance_set, role_grant, role_revoke
from govoa.org.services.setup import security_admin_password_reset
from govoa.testing.factories import TEST_PASSWORD
from govoa.testing.queries import query_count

ME = "/api/v1/me"
NEW_PASSWORD = "Neu#Passw0rd2026"


def _bearer(raw):
    return {"Authorization": f"Bearer {raw}"}


def _works(client, raw):
    client.logout()
    return client.get(ME, headers=_bearer(raw)).status_code == 200


def test_a_password_change_ends_the_tokens(client, people):
    _token, raw = token_issue(person=people.staff, name="脚本")
    assert _works(client, raw)
    password_change(person=people.staff, old_password=TEST_PASSWORD, new_password=NEW_PASSWORD)
    assert not _works(client, raw)
    # A token issued after the change works.
    _token, fresh = token_issue(person=people.staff, name="新脚本")
    assert _works(client, fresh)


def test_a_password_change_through_the_page_ends_the_tokens(client, people):
    _token, raw = token_issue(person=people.staff, name="脚本")
    client.force_login(people.staff)
    response = client.post(
        "/accounts/password/",
        {
            "old_password": TEST_PASSWORD,
            "new_password": NEW_PASSWORD,
            "new_password_again": NEW_PASSWORD,
        },
    )
    assert response.status_code == 302
    assert not _works(client, raw)


def test_a_password_reset_by_the_sys_admin_ends_the_tokens(client, people):
    """Not merely suspended until the forced change: the token stays dead after it."""
    _token, raw = token_issue(person=people.staff, name="脚本")
    initial = person_reset_password(actor=people.sys_admin, person=people.staff)
    assert not _works(client, raw)
    password_change(person=people.staff, old_password=initial, new_password=NEW_PASSWORD)
    assert not _works(client, raw)


def test_a_password_reset_from_the_command_line_ends_the_tokens(client, people):
    _token, raw = token_issue(person=people.sec_admin, name="脚本")
    assert _works(client, raw)
    initial = security_admin_password_reset(username="secadmin")
    password_change(person=people.sec_admin, old_password=initial, new_password=NEW_PASSWORD)
    assert not _works(client, raw)


def test_deactivation_ends_the_tokens_for_good(client, people):
    """Before: a token stopped while the person was 调离 and worked again on their return."""
    _token, raw = token_issue(person=people.staff, name="脚本")
    person_set_status(actor=people.sys_admin, person=people.staff, status=PersonStatus.TRANSFERRED)
    assert not _works(client, raw)
    person_set_status(actor=people.sys_admin, person=people.staff, status=PersonStatus.ACTIVE)
    assert not _works(client, raw)


def test_losing_a_role_ends_the_tokens(client, people):
    _token, raw = token_issue(person=people.registrar, name="收文接口")
    role_revoke(actor=people.sec_admin, person=people.registrar, role=Role.REGISTRAR)
    assert not _works(client, raw)


def test_a_narrower_scope_or_a_lower_clearance_ends_the_tokens(client, people):
    _token, raw = token_issue(person=people.deputy, name="脚本")
    role_grant(
        actor=people.sec_admin,
        person=people.deputy,
        role=Role.LEADER_DEPUTY,
        scope=RoleScopeKind.DEPARTMENTS,
        departments=[people.planning],
    )
    assert not _works(client, raw)
    _token, raw = token_issue(person=people.deputy, name="脚本2")
    clearance_set(actor=people.sec_admin, person=people.deputy, clearance=Classification.INTERNAL)
    assert not _works(client, raw)


def test_gaining_rights_keeps_the_tokens(client, people):
    _token, raw = token_issue(person=people.staff, name="脚本")
    role_grant(actor=people.sec_admin, person=people.staff, role=Role.REGISTRAR)
    clearance_set(actor=people.sec_admin, person=people.staff, clearance=Classification.SECRET)
    role_grant(
        actor=people.sec_admin,
        person=people.dept_head,
        role=Role.DEPT_HEAD,
        scope=RoleScopeKind.DEPARTMENTS,
        departments=[people.planning, people.energy],
    )
    assert _works(client, raw)


def test_the_tokens_page_shows_the_ended_tokens(client, people):
    token, _raw = token_issue(person=people.staff, name="脚本")
    person_reset_password(actor=people.sys_admin, person=people.staff)
    people.staff.refresh_from_db()
    people.staff.must_change_password = False
    people.staff.password_changed_at = timezone.now()
    people.staff.save()
    client.force_login(people.staff)
    html = client.get("/accounts/tokens/").content.decode()
    assert token.prefix in html
    assert "已失效" in html


def test_a_token_idle_for_the_timeout_stops_working(client, people, settings, time_machine):
    settings.GOVOA_IDLE_TIMEOUT_MINUTES = 30
    _token, raw = token_issue(person=people.staff, name="脚本")
    start = timezone.now()
    for minutes in (20, 40, 60):  # used every 20 minutes: stays alive
        time_machine.move_to(start + datetime.timedelta(minutes=minutes))
        assert _works(client, raw), minutes
    time_machine.move_to(start + datetime.timedelta(minutes=60 + 31))
    response = client.get(ME, headers=_bearer(raw))
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "token_expired"
    assert "30 分钟" in response.json()["error"]["message"]
    # Using it again does not revive it.
    assert client.get(ME, headers=_bearer(raw)).status_code == 401


def test_an_unused_new_token_also_times_out(client, people, settings, time_machine):
    settings.GOVOA_IDLE_TIMEOUT_MINUTES = 30
    _token, raw = token_issue(person=people.staff, name="脚本")
    time_machine.move_to(timezone.now() + datetime.timedelta(minutes=31))
    assert client.get(ME, headers=_bearer(raw)).status_code == 401


def test_use_is_noted_at_most_once_a_minute(people, time_machine, settings):
    settings.GOVOA_CACHE_SHARED = False  # the database's own cost (the cache: test_token_cache)
    token, raw = token_issue(person=people.staff, name="脚本")
    start = timezone.now()
    assert query_count(lambda: token_authenticate(raw)) == 2  # the check and the first note
    noted = ApiToken.objects.get(pk=token.pk).last_used_at
    assert noted is not None
    time_machine.move_to(start + datetime.timedelta(seconds=30))
    assert query_count(lambda: token_authenticate(raw)) == 1  # one indexed query, no write
    assert ApiToken.objects.get(pk=token.pk).last_used_at == noted
    time_machine.move_to(start + datetime.timedelta(seconds=90))
    assert query_count(lambda: token_authenticate(raw)) == 2
    latest = ApiToken.objects.get(pk=token.pk).last_used_at
    assert latest is not None
    assert latest > noted


@pytest.mark.parametrize("raw", ["", "govoa_", "govoa_nonsense", "Bearer x"])
def test_unknown_tokens_cost_at_most_one_query(people, raw):
    assert query_count(lambda: token_authenticate(raw)) <= 1
    assert token_authenticate(raw) is None
