"""OpenID Connect single sign-on against a real provider (django-oidc-provider, its own
process on loopback): the whole code flow over HTTP as a browser makes it — GovOA's
``/oidc/login/`` → the provider's authorize → its login form → back to GovOA's callback, which
exchanges the code over HTTP and checks the signed ID token → a GovOA session."""

import re

import pytest
import requests
from django.urls import reverse

from govoa.audit.models import AuditEvent
from govoa.org.models import Person
from govoa.testing.factories import PersonFactory
from govoa.testing.oidc import running_provider

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("frozen_clock")]

OP_USERS = [
    {"username": "staff", "password": "Op-staff-2026!", "name": "规划科员", "employee_number": ""},
    {"username": "nobody", "password": "Op-nobody-2026!", "name": "外单位", "employee_number": ""},
    {"username": "sysadmin", "password": "Op-admin-2026!", "name": "管理员", "employee_number": ""},
    {
        "username": "wangwu",
        "password": "Op-wangwu-2026!",
        "name": "王五",
        "employee_number": "E10086",
    },
]
PASSWORDS = {u["username"]: u["password"] for u in OP_USERS}


@pytest.fixture
def provider(live_server, tmp_path, frozen_clock):
    """Started for each test, its clock from the test's frozen now (the ID token's times)."""
    with running_provider(OP_USERS, [f"{live_server.url}/oidc/callback/"], tmp_path / "op") as op:
        yield op


@pytest.fixture
def sso(provider, settings):
    for name, value in provider.settings().items():
        setattr(settings, name, value)
    return provider


def _sign_in(base: str, op_username: str) -> tuple[requests.Session, requests.Response]:
    """A browser: GovOA's SSO button, the provider's login form, back to GovOA. Returns the
    browser and GovOA's answer to the callback (not followed)."""
    browser = requests.Session()
    to_op = browser.get(f"{base}/oidc/login/", allow_redirects=False, timeout=20)
    assert to_op.status_code == 302
    authorize = to_op.headers["Location"]
    assert "code_challenge=" in authorize
    assert "nonce=" in authorize
    form = browser.get(authorize, timeout=20)  # → the provider's login form
    assert form.status_code == 200
    assert "/login/" in form.url
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form.text)
    assert token is not None
    nxt = re.search(r'name="next" value="([^"]+)"', form.text)
    assert nxt is not None
    back = browser.post(
        form.url,
        data={
            "csrfmiddlewaretoken": token.group(1),
            "username": op_username,
            "password": PASSWORDS[op_username],
            "next": nxt.group(1).replace("&amp;", "&"),
        },
        headers={"Referer": form.url},
        allow_redirects=False,
        timeout=20,
    )
    assert back.status_code == 302
    to_govoa = browser.get(
        requests.compat.urljoin(form.url, back.headers["Location"]),
        allow_redirects=False,
        timeout=20,
    )
    assert to_govoa.status_code == 302
    callback = to_govoa.headers["Location"]
    assert callback.startswith(f"{base}/oidc/callback/?code=")
    return browser, browser.get(callback, allow_redirects=False, timeout=30)


def test_code_flow_signs_in_the_existing_person(live_server, people, sso):
    browser, answer = _sign_in(live_server.url, "staff")
    assert answer.status_code == 302
    assert answer.headers["Location"] == "/"
    workbench = browser.get(f"{live_server.url}/", timeout=20)
    assert workbench.status_code == 200
    assert "规划科员" in workbench.text
    assert "工作台" in workbench.text
    event = AuditEvent.objects.get(action="accounts.session.login", outcome="success")
    assert event.actor_id == people.staff.pk
    assert event.details == {"method": "oidc"}
    staff = Person.objects.get(pk=people.staff.pk)
    assert staff.last_login is not None
    assert staff.password == people.staff.password  # nothing of the person changed


def test_employee_number_claim_maps_to_the_login_name(live_server, people, sso, settings):
    settings.GOVOA_OIDC_USERNAME_CLAIM = "employee_number"
    settings.OIDC_RP_SCOPES = "openid profile employee"
    PersonFactory(username="e10086", real_name="王五", department=people.office)
    browser, answer = _sign_in(live_server.url, "wangwu")
    assert answer.status_code == 302
    assert "王五" in browser.get(f"{live_server.url}/", timeout=20).text


def test_unknown_person_is_refused_and_nobody_is_created(live_server, people, sso):
    count = Person.objects.count()
    browser, answer = _sign_in(live_server.url, "nobody")
    assert answer.status_code == 302
    assert answer.headers["Location"] == reverse("accounts:login")
    page = browser.get(f"{live_server.url}{reverse('accounts:login')}", timeout=20)
    assert "本系统中没有与该身份对应的在职人员" in page.text
    assert browser.get(f"{live_server.url}/", allow_redirects=False, timeout=20).status_code == 302
    assert Person.objects.count() == count
    event = AuditEvent.objects.get(action="accounts.session.login", outcome="failure")
    assert event.details["reason"] == "unknown_person"
    assert event.details["claimed"] == "nobody"


def test_security_admin_is_refused(live_server, people, sso):
    browser, answer = _sign_in(live_server.url, "sysadmin")
    assert answer.headers["Location"] == reverse("accounts:login")
    assert browser.get(f"{live_server.url}/", allow_redirects=False, timeout=20).status_code == 302
    event = AuditEvent.objects.get(action="accounts.session.login", outcome="failure")
    assert event.details["reason"] == "security_admin"
    assert event.actor_id == people.sys_admin.pk


def test_forged_callback_is_refused_without_error(live_server, people, sso):
    browser = requests.Session()
    browser.get(f"{live_server.url}/oidc/login/", allow_redirects=False, timeout=20)
    answer = browser.get(
        f"{live_server.url}/oidc/callback/?code=forged&state=forged",
        allow_redirects=False,
        timeout=20,
    )
    assert answer.status_code == 302
    assert answer.headers["Location"] == reverse("accounts:login")
    assert browser.get(f"{live_server.url}/", allow_redirects=False, timeout=20).status_code == 302


def test_login_page_button_only_when_configured(client, people, settings, sso):
    page = client.get(reverse("accounts:login"))
    assert "统一身份认证登录" in page.content.decode()
    settings.OIDC_RP_CLIENT_ID = ""
    page = client.get(reverse("accounts:login"))
    assert "统一身份认证登录" not in page.content.decode()
    assert client.get(reverse("oidc_login")).status_code == 404
    assert client.get(reverse("oidc_callback")).status_code == 404
