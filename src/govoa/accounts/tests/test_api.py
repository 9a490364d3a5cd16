import datetime

import pytest
from django.utils import timezone
from openapi_spec_validator import validate

from govoa.accounts.models import ApiToken
from govoa.accounts.services import token_issue
from govoa.audit.models import AuditEvent
from govoa.org.models import PersonStatus
from govoa.testing.factories import TEST_PASSWORD
from govoa.testing.permissions import Matrix

TOKEN = "/api/v1/auth/token"


def _token(client, username, password=TEST_PASSWORD):
    return client.post(
        TOKEN, {"username": username, "password": password}, content_type="application/json"
    )


def test_openapi_document_is_valid(client, db):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    spec = response.json()
    validate(spec)
    assert "/api/v1/me" in spec["paths"]
    assert "/api/v1/auth/token" in spec["paths"]


def test_token_for_a_demo_style_account_works_on_me(client, people):
    response = _token(client, "depthead")
    assert response.status_code == 201
    token = response.json()["token"]
    assert token.startswith("govoa_")
    me = client.get("/api/v1/me", headers={"Authorization": f"Bearer {token}"})
    assert me.status_code == 200
    body = me.json()
    assert body["username"] == "depthead"
    assert body["real_name"] == "规划处长"
    assert body["agency"]["name"] == people.agency.name
    assert body["roles"] == [
        {
            "code": "dept_head",
            "label": "处室负责人",
            "agency_wide": False,
            "department_ids": [people.planning.pk],
        }
    ]
    assert AuditEvent.objects.filter(action="accounts.token.create").count() == 1
    # Only the hash is stored.
    assert not ApiToken.objects.filter(key_hash=token).exists()


def test_bad_credentials_answer_401_in_chinese(client, people):
    response = _token(client, "depthead", "wrong")
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "login_failed"
    assert "用户名或密码错误" in response.json()["error"]["message"]


def test_token_endpoint_counts_towards_lockout(client, people):
    for _ in range(4):
        _token(client, "depthead", "wrong")
    response = _token(client, "depthead", "wrong")
    # Locked now, but answered like any refusal (no account enumeration, issue 8.7).
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "login_failed"
    people.dept_head.refresh_from_db()
    assert people.dept_head.locked_until > timezone.now()
    assert _token(client, "depthead").status_code == 401  # even the right password


def test_missing_fields_answer_422_with_fields(client, db):
    response = client.post(TOKEN, {"username": "x"}, content_type="application/json")
    assert response.status_code == 422
    assert response.json()["error"]["fields"] == {"password": ["此项必填。"]}
    response = client.post(TOKEN, "{not json", content_type="application/json")
    assert response.status_code in (400, 422)
    assert "error" in response.json()


def test_initial_password_gets_no_token(client, people):
    people.staff.must_change_password = True
    people.staff.save()
    response = _token(client, "staff")
    assert response.status_code == 403
    assert "修改初始密码" in response.json()["error"]["message"]


def test_token_stops_working_when_the_person_leaves(client, people):
    _token_obj, raw = token_issue(person=people.staff, name="测试")
    auth = {"Authorization": f"Bearer {raw}"}
    assert client.get("/api/v1/me", headers=auth).status_code == 200
    people.staff.status = PersonStatus.RETIRED
    people.staff.save()
    response = client.get("/api/v1/me", headers=auth)
    assert response.status_code == 401


def test_expired_and_revoked_tokens_are_refused(client, people):
    token, raw = token_issue(person=people.staff, name="测试")
    auth = {"Authorization": f"Bearer {raw}"}
    ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - datetime.timedelta(1))
    assert client.get("/api/v1/me", headers=auth).status_code == 401
    token2, raw2 = token_issue(person=people.staff, name="测试2")
    ApiToken.objects.filter(pk=token2.pk).update(revoked_at=timezone.now())
    assert client.get("/api/v1/me", headers={"Authorization": f"Bearer {raw2}"}).status_code == 401
    assert client.get("/api/v1/me", headers={"Authorization": "Bearer nonsense"}).status_code == 401


def test_me_permission_matrix(client, people):
    Matrix("/api/v1/me", api=True).check(client, in_scope=people.staff)


def test_session_api_calls_need_csrf(people):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    strict.force_login(people.staff)
    response = strict.post(
        TOKEN, {"username": "staff", "password": TEST_PASSWORD}, content_type="application/json"
    )
    # The token endpoint takes credentials, not the session, so it needs no CSRF token.
    assert response.status_code == 201
    assert strict.get("/api/v1/me").status_code == 200


@pytest.mark.parametrize("path", ["/api/v1/nothing-here", "/api/v1/me/"])
def test_unknown_api_paths_answer_json_404(client, people, path):
    client.force_login(people.staff)
    response = client.get(path)
    assert response.status_code == 404
