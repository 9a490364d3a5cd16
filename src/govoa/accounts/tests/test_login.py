import datetime

from django.urls import reverse
from django.utils import timezone

from govoa.accounts.middleware import SESSION_KEY
from govoa.audit.models import AuditEvent
from govoa.org.models import PersonStatus
from govoa.testing.factories import TEST_PASSWORD

LOGIN = "/accounts/login/"


def _login(client, username, password=TEST_PASSWORD, **extra):
    return client.post(LOGIN, {"username": username, "password": password, **extra})


def test_login_page_is_chinese(client, db):
    response = client.get(LOGIN)
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="zh-CN">' in html
    assert "登录名" in html
    assert "密码" in html
    assert "登 录" in html


def test_login_leads_to_the_workbench_and_is_audited(client, people):
    response = _login(client, "staff")
    assert response.status_code == 302
    assert response["Location"] == "/"
    page = client.get("/")
    assert page.status_code == 200
    assert "工作台" in page.content.decode()
    event = AuditEvent.objects.get(action="accounts.session.login", outcome="success")
    assert event.actor_id == people.staff.pk


def test_next_parameter_is_followed_only_within_the_site(client, people):
    assert _login(client, "staff", next="/org/directory/")["Location"] == "/org/directory/"
    client.logout()
    assert _login(client, "staff", next="https://evil.example/")["Location"] == "/"


def test_wrong_password_gives_a_generic_chinese_message(client, people):
    response = _login(client, "staff", password="wrong")
    assert response.status_code == 401
    assert "用户名或密码错误" in response.content.decode()
    people.staff.refresh_from_db()
    assert people.staff.failed_logins == 1
    assert (
        AuditEvent.objects.filter(action="accounts.session.login", outcome="failure").count() == 1
    )


def test_unknown_user_gets_the_same_message_and_is_audited(client, db):
    response = _login(client, "nobody", password="wrong")
    assert response.status_code == 401
    assert "用户名或密码错误" in response.content.decode()
    event = AuditEvent.objects.get(action="accounts.session.login")
    assert event.outcome == "failure"
    assert event.details["username"] == "nobody"


def test_five_wrong_passwords_lock_the_account(client, people):
    for _ in range(4):
        assert _login(client, "staff", password="bad").status_code == 401
    response = _login(client, "staff", password="bad")
    # The answer is the one of every refusal (issue 8.7); it names the rule, not the account.
    assert response.status_code == 401
    html = response.content.decode()
    assert "或账户已被锁定" in html
    assert "连续 5 次密码错误" in html
    people.staff.refresh_from_db()
    assert people.staff.locked_until > timezone.now() + datetime.timedelta(minutes=14)
    lock = AuditEvent.objects.get(action="accounts.person.lock")
    assert lock.object_id == str(people.staff.pk)
    # Even the right password is refused while locked.
    response = _login(client, "staff")
    assert response.status_code == 401
    assert client.get("/").status_code == 302
    assert AuditEvent.objects.filter(details__reason="locked").count() == 1


def test_lock_runs_out_after_fifteen_minutes(client, people):
    people.staff.failed_logins = 5
    people.staff.locked_until = timezone.now() - datetime.timedelta(seconds=1)
    people.staff.save()
    assert _login(client, "staff").status_code == 302
    people.staff.refresh_from_db()
    assert people.staff.failed_logins == 0
    assert people.staff.locked_until is None


def test_lockout_threshold_is_configurable(client, people, settings):
    settings.GOVOA_LOCKOUT_THRESHOLD = 2
    _login(client, "staff", password="bad")
    assert _login(client, "staff", password="bad").status_code == 401
    people.staff.refresh_from_db()
    assert people.staff.locked_until is not None
    assert _login(client, "staff").status_code == 401


def test_a_person_who_leaves_loses_access_at_once(client, people):
    client.force_login(people.staff)
    assert client.get("/").status_code == 200
    people.staff.status = PersonStatus.TRANSFERRED
    people.staff.save()
    response = client.get("/")
    assert response.status_code == 302
    assert LOGIN in response["Location"]
    assert _login(client, "staff").status_code == 401


def test_idle_timeout_logs_out(client, people, settings):
    settings.GOVOA_IDLE_TIMEOUT_MINUTES = 30
    client.force_login(people.staff)
    session = client.session
    session[SESSION_KEY] = timezone.now().timestamp() - 31 * 60
    session.save()
    response = client.get("/")
    assert response.status_code == 302
    assert LOGIN in response["Location"]
    assert client.get("/").status_code == 302  # the session is gone
    assert AuditEvent.objects.filter(
        action="accounts.session.logout", details__reason="idle_timeout"
    ).exists()


def test_activity_within_the_limit_keeps_the_session(client, people):
    client.force_login(people.staff)
    session = client.session
    session[SESSION_KEY] = timezone.now().timestamp() - 29 * 60
    session.save()
    assert client.get("/").status_code == 200


def test_logout_is_a_post_and_is_audited(client, people):
    client.force_login(people.staff)
    assert client.get(reverse("accounts:logout")).status_code == 405
    response = client.post(reverse("accounts:logout"))
    assert response.status_code == 302
    assert AuditEvent.objects.filter(action="accounts.session.logout").exists()
    assert client.get("/").status_code == 302
