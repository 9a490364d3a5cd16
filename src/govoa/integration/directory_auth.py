"""Login of directory accounts: django-auth-ldap binds as the person to check the password.

Who logs in this way: a GovOA directory account (``Person.directory_dn``, made or taken over
by the directory sync, ``directory.py``; its local password is unusable).
``accounts.services.login_check`` keeps everything else — lockout, throttle, audit, the one
answer to every refusal — and asks Django's ``authenticate`` only for such a person; this
backend answers there.

What it never does: create a person (``NO_NEW_USERS``), change one (``ALWAYS_UPDATE_USER`` off:
the sync does that, with a diff first), or map directory groups to roles or flags (roles and
clearance are the security administrator's alone). It refuses the 三员 outright: their accounts
are local, whatever the directory says about a person of that name."""

from typing import Any

import ldap
from django.conf import settings
from django.http import HttpRequest
from django_auth_ldap.backend import LDAPBackend, LDAPSettings
from django_auth_ldap.config import LDAPSearch

from govoa.org.models import Person


def backend_settings() -> dict[str, Any]:
    """django-auth-ldap's settings from GovOA's ``GOVOA_LDAP_*`` (an ``AUTH_LDAP_*`` setting
    in a deployment's own settings module still wins)."""
    user_filter = settings.GOVOA_LDAP_USER_FILTER
    return {
        "SERVER_URI": settings.GOVOA_LDAP_URI,
        "START_TLS": settings.GOVOA_LDAP_START_TLS,
        "BIND_DN": settings.GOVOA_LDAP_BIND_DN,
        "BIND_PASSWORD": settings.GOVOA_LDAP_BIND_PASSWORD,
        "USER_SEARCH": LDAPSearch(
            settings.GOVOA_LDAP_USER_BASE, ldap.SCOPE_SUBTREE, f"(&{user_filter}(uid=%(user)s))"
        ),
        "CONNECTION_OPTIONS": {
            ldap.OPT_NETWORK_TIMEOUT: settings.GOVOA_LDAP_TIMEOUT_SECONDS,
            ldap.OPT_TIMEOUT: settings.GOVOA_LDAP_TIMEOUT_SECONDS,
            ldap.OPT_REFERRALS: 0,
        },
        "NO_NEW_USERS": True,
        "ALWAYS_UPDATE_USER": False,
        "FIND_GROUP_PERMS": False,
        "MIRROR_GROUPS": None,
        "PERMIT_EMPTY_PASSWORD": False,
        "CACHE_TIMEOUT": 0,
    }


def ldap_enabled() -> bool:
    return bool(settings.GOVOA_LDAP_URI and settings.GOVOA_LDAP_USER_BASE)


class DirectoryBackend(LDAPBackend):
    """Checks a directory account's password; never restores sessions (``PersonBackend``)."""

    _settings: LDAPSettings | None = None

    @property
    def settings(self) -> LDAPSettings:
        if self._settings is None:
            self._settings = LDAPSettings(self.settings_prefix, backend_settings())
        return self._settings

    @settings.setter
    def settings(self, value: LDAPSettings) -> None:
        self._settings = value

    def authenticate(
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        **kwargs: Any,
    ) -> Person | None:
        if not ldap_enabled() or not username or not password:
            return None
        person = super().authenticate(request, username=username, password=password)
        return person if isinstance(person, Person) else None

    def get_or_build_user(self, username: str, ldap_user: Any) -> tuple[Person, bool]:
        person = (
            Person.objects.select_related("agency", "department")
            .filter(username=username.strip().lower())
            .first()
        )
        if person is None:
            # An unsaved person: NO_NEW_USERS then refuses the login (nothing is created).
            return Person(username=username.strip().lower()), True
        if person.security_admin_role is not None:
            raise ldap_user.AuthenticationFailed("三员账户不经目录登录")
        if not person.is_active or not person.directory_dn:
            raise ldap_user.AuthenticationFailed("不是在职的目录账户")
        return person, False

    def get_user(self, user_id: int) -> None:
        return None

    def get_group_permissions(self, user: Any, obj: Any = None) -> set[str]:
        return set()
