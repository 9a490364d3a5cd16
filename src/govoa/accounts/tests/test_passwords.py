import datetime
import itertools

import pytest
from django.contrib.auth.hashers import check_password, identify_hasher, make_password
from django.utils import timezone

from govoa.accounts.services import password_change
from govoa.audit.models import AuditEvent
from govoa.core.errors import ValidationFailed
from govoa.testing.factories import TEST_PASSWORD

CHANGE = "/accounts/password/"


def _change(client, old, new, again=None):
    return client.post(
        CHANGE, {"old_password": old, "new_password": new, "new_password_again": again or new}
    )


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("Ab1#xyz", "至少需要 8 个字符"),
        ("abcdefgh1", "至少 3 类"),
        ("ABCDEFGH#", "至少 3 类"),
        ("Staff#2026x", "不能包含登录名"),
    ],
)
def test_policy_rules_are_explained_in_chinese(people, password, message):
    with pytest.raises(ValidationFailed) as excinfo:
        password_change(person=people.staff, old_password=TEST_PASSWORD, new_password=password)
    assert any(message in m for m in excinfo.value.fields["password"])


def test_a_good_password_is_accepted_and_audited(people):
    password_change(person=people.staff, old_password=TEST_PASSWORD, new_password="Qw#12345abc")
    people.staff.refresh_from_db()
    assert people.staff.check_password("Qw#12345abc")
    assert not people.staff.must_change_password
    assert AuditEvent.objects.filter(action="accounts.password.change").count() == 1


def test_wrong_old_password_is_refused(people):
    with pytest.raises(ValidationFailed) as excinfo:
        password_change(person=people.staff, old_password="nope", new_password="Qw#12345abc")
    assert excinfo.value.fields["old_password"] == ["原密码不正确。"]


def test_none_of_the_last_five_may_be_reused(people):
    passwords = [
        TEST_PASSWORD,
        "Aa#000001x",
        "Aa#000002x",
        "Aa#000003x",
        "Aa#000004x",
        "Aa#000005x",
    ]
    for old, new in itertools.pairwise(passwords):
        password_change(person=people.staff, old_password=old, new_password=new)
    # Current is Aa#000005x; the last five are 000005, 000004, 000003, 000002, 000001.
    for reused in passwords[1:]:
        with pytest.raises(ValidationFailed) as excinfo:
            password_change(person=people.staff, old_password="Aa#000005x", new_password=reused)
        assert any("最近 5 次" in m for m in excinfo.value.fields["password"])
    # The sixth one back may be used again.
    password_change(person=people.staff, old_password="Aa#000005x", new_password=TEST_PASSWORD)


def test_first_login_forces_a_change(client, people):
    people.staff.must_change_password = True
    people.staff.save()
    client.force_login(people.staff)
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"] == CHANGE
    page = client.get(CHANGE)
    assert "初始密码" in page.content.decode()
    api = client.get("/api/v1/me")
    assert api.status_code == 403
    assert api.json()["error"]["code"] == "password_change_required"
    assert _change(client, TEST_PASSWORD, "Nw#98765xyz").status_code == 302
    assert client.get("/").status_code == 200


def test_password_older_than_ninety_days_must_be_changed(client, people):
    people.staff.password_changed_at = timezone.now() - datetime.timedelta(days=91)
    people.staff.save()
    client.force_login(people.staff)
    assert client.get("/")["Location"] == CHANGE


def test_change_form_reports_mismatch_and_policy(client, people):
    client.force_login(people.staff)
    response = _change(client, TEST_PASSWORD, "Nw#98765xyz", "different")
    assert response.status_code == 400
    assert "两次输入的新密码不一致" in response.content.decode()
    response = _change(client, TEST_PASSWORD, "short")
    assert response.status_code == 422
    assert "至少需要 8 个字符" in response.content.decode()
    people.staff.refresh_from_db()
    assert people.staff.check_password(TEST_PASSWORD)


def test_sm3_hasher_round_trip(settings):
    settings.GOVOA_PASSWORD_HASH_ITERATIONS = 1_234
    encoded = make_password("Qw#12345abc", hasher="pbkdf2_sm3")
    assert encoded.startswith("pbkdf2_sm3$1234$")
    assert identify_hasher(encoded).algorithm == "pbkdf2_sm3"
    assert check_password("Qw#12345abc", encoded)
    assert not check_password("Qw#12345abd", encoded)


def test_sm3_iterations_follow_the_setting_and_old_hashes_upgrade_at_login(
    client, people, settings
):
    settings.PASSWORD_HASHERS = ["govoa.accounts.hashers.PBKDF2SM3PasswordHasher"]
    settings.GOVOA_PASSWORD_HASH_ITERATIONS = 3_000
    people.staff.set_password(TEST_PASSWORD)
    people.staff.save()
    assert people.staff.password.startswith("pbkdf2_sm3$3000$")
    settings.GOVOA_PASSWORD_HASH_ITERATIONS = 2_000
    assert identify_hasher(people.staff.password).must_update(people.staff.password)
    response = client.post("/accounts/login/", {"username": "staff", "password": TEST_PASSWORD})
    assert response.status_code == 302
    people.staff.refresh_from_db()
    assert people.staff.password.startswith("pbkdf2_sm3$2000$")
    assert people.staff.check_password(TEST_PASSWORD)
