"""Two-factor login (TOTP, RFC 6238), recovery codes, the 三员's compulsory setup and the
offline login captcha."""

import base64

import pytest
from django.db import connection
from django.utils import timezone

from govoa.accounts import captcha, totp, twofactor
from govoa.accounts.models import RecoveryCode, TwoFactor
from govoa.org.models import Person
from govoa.testing.factories import TEST_PASSWORD, TEST_TOTP_SECRET

LOGIN = "/accounts/login/"
VERIFY = "/accounts/login/verify/"

# RFC 6238 Appendix B: the SHA-1 key "12345678901234567890", 8 digits.
RFC_KEY = b"12345678901234567890"
RFC_VECTORS = [
    (59, "94287082"),
    (1111111109, "07081804"),
    (1111111111, "14050471"),
    (1234567890, "89005924"),
    (2000000000, "69279037"),
    (20000000000, "65353130"),
]


@pytest.mark.parametrize(("unix_time", "expected"), RFC_VECTORS)
def test_rfc_6238_test_vectors(unix_time, expected):
    assert totp.hotp(RFC_KEY, totp.step_at(unix_time), digits=8) == expected


def test_six_digit_codes_match_within_one_step_of_drift():
    assert base64.b32decode(TEST_TOTP_SECRET) == b"12345678901234567890"
    code = totp.code_at(TEST_TOTP_SECRET, 1111111109)
    assert code == "081804"
    step = totp.step_at(1111111109)
    assert totp.matching_step(TEST_TOTP_SECRET, code, 1111111109 + 30) == step
    assert totp.matching_step(TEST_TOTP_SECRET, code, 1111111109 + 90) is None
    assert totp.matching_step(TEST_TOTP_SECRET, "12345x", 1111111109) is None


def _now_code() -> str:
    return totp.code_at(TEST_TOTP_SECRET, timezone.now().timestamp())


def test_a_login_with_two_factor_needs_the_code(client, people):
    client.post(LOGIN, {"username": "sysadmin", "password": TEST_PASSWORD})
    Person.objects.filter(pk=people.sys_admin.pk).update(must_change_password=False)
    response = client.post(LOGIN, {"username": "sysadmin", "password": TEST_PASSWORD})
    assert response["Location"] == VERIFY
    assert "_auth_user_id" not in client.session  # not logged in yet
    assert client.get("/org/system/").status_code == 302
    wrong = client.post(VERIFY, {"code": "000000"})
    assert wrong.status_code == 401
    assert "动态验证码" in wrong.content.decode()
    response = client.post(VERIFY, {"code": _now_code()})
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(people.sys_admin.pk)


def test_a_code_is_accepted_once(people):
    code = _now_code()
    assert twofactor.verify(person=people.sys_admin, code=code) == "totp"
    with pytest.raises(twofactor.SecondFactorFailed):
        twofactor.verify(person=people.sys_admin, code=code)


def test_wrong_codes_lock_the_account(people, settings):
    for _ in range(settings.GOVOA_LOCKOUT_THRESHOLD):
        with pytest.raises(twofactor.SecondFactorFailed):
            twofactor.verify(person=people.sys_admin, code="000000")
    people.sys_admin.refresh_from_db()
    assert people.sys_admin.locked_until > timezone.now()


def test_enrolment_recovery_codes_and_disabling(client, people):
    client.force_login(people.staff)
    assert client.get("/accounts/two-factor/").status_code == 200
    client.post("/accounts/two-factor/", {"action": "begin"})
    factor = TwoFactor.objects.get(person=people.staff)
    assert factor.confirmed_at is None
    with connection.cursor() as cursor:
        cursor.execute("SELECT secret FROM accounts_twofactor WHERE id = %s", [factor.pk])
        assert cursor.fetchone()[0].startswith("sm4g:")  # the secret is stored encrypted
    code = totp.code_at(factor.secret, timezone.now().timestamp())
    page = client.post("/accounts/two-factor/", {"action": "confirm", "code": code})
    codes = page.context["codes"]
    assert len(codes) == 10
    assert twofactor.enabled_for(people.staff)
    hashes = set(
        RecoveryCode.objects.filter(person=people.staff).values_list("code_hash", flat=True)
    )
    assert not any(c.replace("-", "") in h for c in codes for h in hashes)  # digests only
    assert twofactor.verify(person=people.staff, code=codes[0]) == "recovery"
    with pytest.raises(twofactor.SecondFactorFailed):
        twofactor.verify(person=people.staff, code=codes[0])  # used once
    assert twofactor.recovery_codes_left(people.staff) == 9
    client.post("/accounts/two-factor/", {"action": "disable", "code": codes[1]})
    assert not twofactor.enabled_for(people.staff)


def test_the_three_admins_must_set_it_up_and_cannot_turn_it_off(client, people):
    TwoFactor.objects.filter(person=people.audit_admin).delete()
    client.force_login(people.audit_admin)
    assert client.get("/audit/")["Location"] == "/accounts/two-factor/"
    assert client.get("/api/v1/me").status_code in (401, 403)
    assert client.get("/accounts/two-factor/").status_code == 200
    with pytest.raises(Exception, match="不能停用"):
        twofactor.disable(person=people.sys_admin, code=_now_code())


def test_token_for_an_account_with_two_factor_needs_the_code(client, people):
    Person.objects.filter(pk=people.sys_admin.pk).update(
        must_change_password=False, password_changed_at=timezone.now()
    )
    body = {"username": "sysadmin", "password": TEST_PASSWORD}
    assert client.post("/api/v1/auth/token", body, "application/json").status_code == 401
    body["otp"] = _now_code()
    assert client.post("/api/v1/auth/token", body, "application/json").status_code == 201


def test_a_captcha_is_asked_after_repeated_failures(client, people, settings, monkeypatch):
    settings.GOVOA_LOGIN_CAPTCHA_AFTER = 2
    for _ in range(2):
        client.post(LOGIN, {"username": "staff", "password": "wrong"})
    page = client.get(LOGIN)
    assert 'src="/accounts/captcha.png"' in page.content.decode()
    # The right password without the captcha is refused, and not even checked.
    response = client.post(LOGIN, {"username": "staff", "password": TEST_PASSWORD})
    assert response.status_code == 400
    assert "_auth_user_id" not in client.session
    monkeypatch.setattr(captcha, "_random_answer", lambda: "ACDEF")
    image = client.get("/accounts/captcha.png")
    assert image["Content-Type"] == "image/png"
    assert image.content.startswith(b"\x89PNG")
    wrong = client.post(LOGIN, {"username": "staff", "password": TEST_PASSWORD, "captcha": "XXXXX"})
    assert wrong.status_code == 400
    client.get("/accounts/captcha.png")
    response = client.post(
        LOGIN, {"username": "staff", "password": TEST_PASSWORD, "captcha": "acdef"}
    )
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(people.staff.pk)


def test_logout_clears_the_session_data(client, people):
    from django.contrib.sessions.models import Session

    from govoa.accounts.models import LoginSession

    client.post(LOGIN, {"username": "staff", "password": TEST_PASSWORD})
    key = client.session.session_key
    assert Session.objects.filter(session_key=key).exists()
    assert LoginSession.objects.filter(session_key=key).exists()
    client.post("/accounts/logout/")
    assert not Session.objects.filter(session_key=key).exists()  # the row is deleted
    assert not LoginSession.objects.filter(session_key=key).exists()
    assert client.session.session_key != key
    assert "_auth_user_id" not in client.session


def test_the_api_is_rate_limited_in_its_own_format(client, people, settings):
    settings.GOVOA_API_RATE_PER_MINUTE = 3
    client.force_login(people.staff)
    answers = [client.get("/api/v1/me").status_code for _ in range(4)]
    assert answers == [200, 200, 200, 429]
    refused = client.get("/api/v1/me")
    assert refused.json()["error"]["code"] == "rate_limited"
    assert "Retry-After" in refused


def test_pages_carry_a_csp_nonce_on_their_scripts(client, people):
    client.force_login(people.staff)
    page = client.get("/")
    header = page["Content-Security-Policy"]
    nonce = header.split("'nonce-", 1)[1].split("'", 1)[0]
    assert f'nonce="{nonce}"' in page.content.decode()
    assert client.get("/")["Content-Security-Policy"] != header  # a new nonce per response
