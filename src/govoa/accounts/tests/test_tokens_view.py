from govoa.accounts.models import ApiToken
from govoa.audit.models import AuditEvent
from govoa.testing.permissions import Matrix


def test_tokens_page_matrix(client, people):
    Matrix("/accounts/tokens/").check(client, in_scope=people.staff)


def test_create_shows_the_token_once_and_revoke(client, people):
    client.force_login(people.staff)
    response = client.post("/accounts/tokens/", {"name": "统计脚本"})
    assert response.status_code == 200
    token = ApiToken.objects.get(person=people.staff)
    assert response.context["new_token"].startswith(token.prefix)
    assert response.context["new_token"] in response.content.decode()
    assert token.prefix in client.get("/accounts/tokens/").content.decode()
    assert response.context["new_token"] not in client.get("/accounts/tokens/").content.decode()
    response = client.post(f"/accounts/tokens/{token.pk}/revoke/")
    assert response.status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert AuditEvent.objects.filter(action="accounts.token.revoke").count() == 1


def test_someone_elses_token_cannot_be_revoked(client, people):
    client.force_login(people.staff)
    client.post("/accounts/tokens/", {"name": "x"})
    token = ApiToken.objects.get(person=people.staff)
    client.force_login(people.dept_head)
    assert client.post(f"/accounts/tokens/{token.pk}/revoke/").status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None


def test_empty_name_is_refused(client, people):
    client.force_login(people.staff)
    response = client.post("/accounts/tokens/", {"name": ""})
    assert response.status_code == 400
    assert not ApiToken.objects.exists()
