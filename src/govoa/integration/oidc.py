"""OpenID Connect single sign-on (mozilla-django-oidc): the authorization code flow with PKCE
and a nonce, the ID token checked against the provider's keys, the person found by a claim.

Policy (docs/security.md, ADR 0013):
- SSO signs in a person GovOA already has — found by the claim ``GOVOA_OIDC_USERNAME_CLAIM``
  (``preferred_username`` unless set; an employee number used as the login name works the
  same way). It never creates a person and never changes one: no roles, no clearance, no flag
  comes from the provider.
- The 三员 are refused: their accounts are local, with their compulsory second factor, so that
  whoever runs the identity provider cannot take over a 三员 account.
- Not 在职, or locked: refused, as at the login form. A person who turned on two-factor login
  still gives their code after the provider (the same second step as the login form).
Every outcome is in the audit log (``accounts.session.login`` with ``method: oidc``)."""

from typing import Any

import jwt
import requests
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import SuspiciousOperation
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect
from django.utils import timezone
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.views import OIDCAuthenticationCallbackView, OIDCAuthenticationRequestView

from govoa.accounts import twofactor
from govoa.accounts.views import PENDING_KEY, _complete_login
from govoa.audit.models import Outcome
from govoa.audit.services import audit_record
from govoa.org.models import Person

CLAIM_ATTR = "_govoa_oidc_claim"
CLOCK_SKEW_SECONDS = 60
REFUSED = "统一身份认证登录未成功：{reason}请改用登录名和密码登录，或联系系统管理员。"


def oidc_enabled() -> bool:
    return bool(
        settings.OIDC_RP_CLIENT_ID
        and settings.OIDC_OP_AUTHORIZATION_ENDPOINT
        and settings.OIDC_OP_TOKEN_ENDPOINT
    )


def claimed_username(claims: dict[str, Any]) -> str:
    value = claims.get(settings.GOVOA_OIDC_USERNAME_CLAIM)
    return str(value).strip().lower()[:64] if isinstance(value, str | int) else ""


class PersonOIDCBackend(OIDCAuthenticationBackend):
    """Answers the SSO callback only (it is asked with the flow's nonce); restores no session."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        if oidc_enabled():
            super().__init__(*args, **kwargs)
        self.UserModel = Person

    def authenticate(self, request: HttpRequest | None, **kwargs: Any) -> Person | None:
        if not oidc_enabled() or request is None or "nonce" not in kwargs:
            return None
        person = super().authenticate(request, **kwargs)
        return person if isinstance(person, Person) else None

    def _verify_jws(self, payload: str, key: Any) -> dict[str, Any]:
        """The ID token's signature with the configured algorithm only, and — beyond what
        mozilla-django-oidc checks — its audience (this client) and times."""
        try:
            header = jwt.get_unverified_header(payload)
            if header.get("alg") != self.OIDC_RP_SIGN_ALGO:
                raise SuspiciousOperation("unexpected ID token algorithm")
            claims: dict[str, Any] = jwt.decode(
                payload,
                key,
                algorithms=[self.OIDC_RP_SIGN_ALGO],
                audience=self.OIDC_RP_CLIENT_ID,
                leeway=CLOCK_SKEW_SECONDS,
                options={"require": ["exp", "iat", "aud"]},
            )
        except jwt.PyJWTError as exc:
            raise SuspiciousOperation(f"ID token refused: {exc}") from exc
        return claims

    def verify_claims(self, claims: dict[str, Any]) -> bool:
        return bool(claimed_username(claims))

    def filter_users_by_claims(self, claims: dict[str, Any]) -> Any:
        username = claimed_username(claims)
        setattr(self.request, CLAIM_ATTR, username)
        return Person.objects.select_related("agency", "department").filter(username=username)

    def create_user(self, claims: dict[str, Any]) -> None:
        return None  # OIDC_CREATE_USER is off; and should it be turned on, still nobody

    def update_user(self, user: Person, claims: dict[str, Any]) -> Person:
        return user  # nothing of the person comes from the provider

    def get_user(self, user_id: int) -> None:
        return None


def _refuse(
    request: HttpRequest, reason: str, detail: str, person: Person | None = None
) -> HttpResponse:
    audit_record(
        action="accounts.session.login",
        actor=person,
        obj=person,
        outcome=Outcome.FAILURE,
        agency_id=person.agency_id if person else None,
        details={
            "method": "oidc",
            "reason": reason,
            "claimed": getattr(request, CLAIM_ATTR, "")[:64],
        },
    )
    messages.error(request, REFUSED.format(reason=detail))
    return redirect("accounts:login")


class LoginView(OIDCAuthenticationRequestView):
    """``/oidc/login/``: off to the provider (state, nonce and PKCE kept in the session)."""

    def get(self, request: HttpRequest) -> HttpResponse:
        if not oidc_enabled():
            raise Http404("未配置统一身份认证。")
        response: HttpResponse = super().get(request)
        return response


class CallbackView(OIDCAuthenticationCallbackView):
    """``/oidc/callback/``: the provider sends the browser back here with the code."""

    def get(self, request: HttpRequest) -> HttpResponse:
        if not oidc_enabled():
            raise Http404("未配置统一身份认证。")
        try:
            response: HttpResponse = super().get(request)
        except SuspiciousOperation:
            return _refuse(request, "invalid_response", "认证结果无效或已过期。")
        except (requests.RequestException, ValueError, KeyError):
            return _refuse(request, "provider_error", "无法与统一身份认证服务完成验证。")
        return response

    def login_failure(self) -> HttpResponse:
        request = self.request
        if request.GET.get("error"):
            return _refuse(request, "provider_refused", "统一身份认证服务未通过认证。")
        if getattr(request, CLAIM_ATTR, ""):
            return _refuse(request, "unknown_person", "本系统中没有与该身份对应的在职人员。")
        return _refuse(request, "invalid_response", "认证结果无效或已过期。")

    def login_success(self) -> HttpResponse:
        request = self.request
        person: Person = self.user
        if person.security_admin_role is not None:
            return _refuse(
                request, "security_admin", "三员账户不能经统一身份认证登录。", person=person
            )
        if not person.is_active:
            return _refuse(request, "inactive", "该账户已停用。", person=person)
        now = timezone.now()
        if person.locked_until and person.locked_until > now:
            return _refuse(request, "locked", "该账户已被锁定。", person=person)
        previous_login = person.last_login
        Person.objects.filter(pk=person.pk).update(last_login=now)
        audit_record(
            action="accounts.session.login",
            actor=person,
            obj=person,
            details={"method": "oidc"},
        )
        next_url = request.session.pop("oidc_login_next", None) or ""
        if twofactor.enabled_for(person):
            request.session.cycle_key()
            request.session[PENDING_KEY] = {
                "person": person.pk,
                "at": now.timestamp(),
                "next": next_url,
                "previous": previous_login.isoformat() if previous_login else "",
            }
            return redirect("accounts:login_verify")
        _complete_login(request, person, previous_login)
        return HttpResponseRedirect(next_url or "/")
