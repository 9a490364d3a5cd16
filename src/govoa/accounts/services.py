"""Login, lockout, password changes and API tokens."""

import datetime
import hashlib
import secrets
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import authenticate
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from govoa.accounts import token_cache
from govoa.accounts.models import ApiToken, PasswordHistory
from govoa.accounts.passwords import must_change_password
from govoa.accounts.throttle import throttle_check, throttle_failure
from govoa.audit.models import Outcome
from govoa.audit.services import audit_record
from govoa.core.errors import GovOAError, NotFound, PermissionDenied, ValidationFailed
from govoa.org.models import Person
from govoa.org.services.credentials import credentials_revoke
from govoa.org.services.people import check_password_policy
from govoa.org.stamps import person_stamp_bump, stamps_current


class LoginFailed(GovOAError):
    """The one answer to every refused login — unknown user, wrong password, locked account,
    account no longer 在职 — so that the answer tells nothing about the account."""

    code = "login_failed"
    status = 401

    def __init__(self) -> None:
        super().__init__(
            f"用户名或密码错误，或账户已被锁定。连续 {settings.GOVOA_LOCKOUT_THRESHOLD} 次密码错误"
            f"将锁定账户 {settings.GOVOA_LOCKOUT_MINUTES} 分钟；如需解锁请联系系统管理员。"
        )


def _fail(action_details: dict[str, object], person: Person | None = None) -> None:
    audit_record(
        action="accounts.session.login",
        actor=person,
        obj=person,
        outcome=Outcome.FAILURE,
        details=action_details,
        agency_id=person.agency_id if person else None,
    )


@dataclass(frozen=True)
class LoginResult:
    person: Person
    previous_login: datetime.datetime | None


def count_failed_login(
    person: Person, now: datetime.datetime, *, reason: str = "bad_password"
) -> None:
    """One more failed login of the (row-locked) person: a wrong password or second factor."""
    if person.locked_until and person.locked_until <= now:
        person.failed_logins, person.locked_until = 0, None  # the last lock ran out
    person.failed_logins += 1
    _fail({"reason": reason, "failures": person.failed_logins}, person)
    if person.failed_logins >= settings.GOVOA_LOCKOUT_THRESHOLD:
        person.locked_until = now + datetime.timedelta(minutes=settings.GOVOA_LOCKOUT_MINUTES)
        audit_record(
            action="accounts.person.lock",
            actor=person,
            obj=person,
            outcome=Outcome.SUCCESS,
            details={"failures": person.failed_logins, "until": person.locked_until.isoformat()},
        )
    person.save(update_fields=["failed_logins", "locked_until"])


def login_check(*, username: str, password: str, ip: str) -> LoginResult:
    """The person whose credentials these are, or ``LoginFailed`` — the same answer, after
    one run of the password hasher, whatever the reason — or ``TooManyAttempts`` while the
    client's IP is throttled (``throttle.py``; nothing else is checked then).

    Failures are counted per person under a row lock, so parallel guesses cannot exceed the
    threshold, and per client IP; the counts and the audit rows are committed before the
    error is raised. The audit record keeps the true reason."""
    throttle_check(ip)
    username = username.strip().lower()
    now = timezone.now()
    with transaction.atomic():
        person = Person.objects.select_for_update().filter(username=username).first()
        if person is not None and person.is_active and not _locked(person, now):
            if _password_matches(person, password):
                previous_login = person.last_login
                person.failed_logins, person.locked_until, person.last_login = 0, None, now
                person.save(update_fields=["failed_logins", "locked_until", "last_login"])
                audit_record(action="accounts.session.login", actor=person, obj=person)
                return LoginResult(person, previous_login)
            count_failed_login(person, now)
        else:
            make_password(password)  # spend the time of one check, as above
            if person is None:
                _fail({"username": username[:64], "reason": "unknown_user"})
            elif not person.is_active:
                _fail({"reason": "inactive", "status": person.status}, person)
            else:
                _fail({"reason": "locked"}, person)
        throttle_failure(ip)
    raise LoginFailed()


def _password_matches(person: Person, password: str) -> bool:
    """The local password; for a directory account (``directory_dn``, set by the directory
    sync) the directory's, asked through Django's authentication backends (the LDAP one,
    ``integration.directory_auth``, answers only for such an account, never for 三员)."""
    if not person.directory_dn:
        return person.check_password(password)
    if not password or person.security_admin_role is not None:
        return False
    return authenticate(None, username=person.username, password=password) == person


def _locked(person: Person, now: datetime.datetime) -> bool:
    return person.locked_until is not None and person.locked_until > now


def logout_record(*, person: Person, reason: str = "logout") -> None:
    audit_record(
        action="accounts.session.logout", actor=person, obj=person, details={"reason": reason}
    )


def password_change(*, person: Person, old_password: str, new_password: str) -> Person:
    """The person changes their own password (also the forced change at first login). Their
    API tokens end; their other sessions end too (Django's session hash follows the password),
    the view keeps the current one."""
    with transaction.atomic():
        person = Person.objects.select_for_update().get(pk=person.pk)
        if not person.check_password(old_password):
            raise ValidationFailed(fields={"old_password": ["原密码不正确。"]})
        check_password_policy(new_password, person)
        PasswordHistory.objects.create(person=person, password=person.password)
        person.set_password(new_password)
        person.must_change_password = False
        person.password_changed_at = timezone.now()
        person.save(update_fields=["password", "must_change_password", "password_changed_at"])
        credentials_revoke(person)  # API tokens end with the password they were issued under
        keep = settings.GOVOA_PASSWORD_HISTORY
        stale = PasswordHistory.objects.filter(person=person).order_by("-created_at", "-pk")[keep:]
        PasswordHistory.objects.filter(pk__in=list(stale.values_list("pk", flat=True))).delete()
        audit_record(action="accounts.password.change", actor=person, obj=person)
    return person


TOKEN_PREFIX = "govoa_"  # noqa: S105 — a visible prefix, not a secret


def _digest(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


class TokenIdle(GovOAError):
    code = "token_expired"
    status = 401

    def __init__(self) -> None:
        super().__init__(
            f"访问令牌已超过 {settings.GOVOA_IDLE_TIMEOUT_MINUTES} 分钟未使用，已失效。"
            "请登录网页重新生成令牌。"
        )


# Note a token's use at most once a minute: a token used per request must not write per
# request, and the idle timeout is then exact to the minute.
_NOTE_USE_EVERY = datetime.timedelta(minutes=1)


def token_issue(*, person: Person, name: str) -> tuple[ApiToken, str]:
    """A new token; the raw value is returned once and never stored."""
    if must_change_password(person):
        raise PermissionDenied("请先登录网页修改初始密码或过期密码，再申请访问令牌。")
    name = (name or "").strip()[:100] or "API"
    raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
    with transaction.atomic():
        generation = Person.objects.values_list("token_generation", flat=True).get(pk=person.pk)
        token = ApiToken.objects.create(
            person=person,
            name=name,
            prefix=raw[: len(TOKEN_PREFIX) + 6],
            key_hash=_digest(raw),
            expires_at=timezone.now() + datetime.timedelta(days=settings.GOVOA_API_TOKEN_DAYS),
            generation=generation,
        )
        audit_record(
            action="accounts.token.create",
            actor=person,
            obj=token,
            agency_id=person.agency_id,
            details={"name": name},
        )
    return token, raw


def token_revoke(*, person: Person, token_id: int) -> None:
    with transaction.atomic():
        token = ApiToken.objects.select_for_update().filter(pk=token_id, person=person).first()
        if token is None:
            raise NotFound()
        if token.revoked_at is None:
            token.revoked_at = timezone.now()
            token.save(update_fields=["revoked_at"])
            person_stamp_bump(person.pk)  # its cached lookup is no longer believed
            audit_record(
                action="accounts.token.revoke", actor=person, obj=token, agency_id=person.agency_id
            )


def _token_from_database(digest: str) -> ApiToken | None:
    """The token with its person (agency, department, roles), if it is neither revoked nor
    ended by a change of its person's ``token_generation``."""
    token = (
        ApiToken.objects.select_related("person", "person__agency", "person__department")
        .defer("person__password")  # the entry may be kept in a shared cache: no hash in it
        .filter(
            key_hash=digest,
            revoked_at__isnull=True,
            generation=F("person__token_generation"),
        )
        .first()
    )
    if token is not None and token_cache.enabled():
        token.person.role_scopes()  # loaded now, so that the cached entry carries them
    return token


def _token_lookup(digest: str, now: datetime.datetime) -> token_cache.CachedToken | None:
    """The token's entry: from the cache while its stamps are current, else from the
    database (one query; two the first time, to learn whose stamps to read first)."""
    if not token_cache.enabled():
        token = _token_from_database(digest)
        return None if token is None else _entry(token, ("", ""))
    probe = token_cache.probe(digest)
    if probe.entry is not None:
        return probe.entry
    person_id, stamps = probe.person_id, probe.stamps
    if person_id is None:
        person_id = (
            ApiToken.objects.filter(key_hash=digest).values_list("person_id", flat=True).first()
        )
        if person_id is None:
            return None
        stamps = stamps_current(person_id)  # read before the data they will vouch for
    assert stamps is not None
    token = _token_from_database(digest)
    if token is None:
        token_cache.forget(digest)
        return None
    entry = _entry(token, stamps)
    token_cache.store(digest, entry, now)
    return entry


def _entry(token: ApiToken, stamps: tuple[str, str]) -> token_cache.CachedToken:
    return token_cache.CachedToken(
        token_id=token.pk,
        person=token.person,
        created_at=token.created_at,
        expires_at=token.expires_at,
        last_used_at=token.last_used_at,
        stamps=stamps,
    )


def token_authenticate(raw: str) -> Person | None:
    """The active person a bearer token belongs to, or None; ``TokenIdle`` for a token unused
    for the idle timeout. Kept in the cache for the token's lifetime and believed only while
    nothing it rests on has changed (``token_cache.py``): no query per request then, and a
    revocation still refuses the very next request. Otherwise one indexed query (by the
    token's hash, with its person)."""
    if not raw.startswith(TOKEN_PREFIX):
        return None
    digest = _digest(raw)
    now = timezone.now()
    entry = _token_lookup(digest, now)
    if entry is None or entry.expires_at <= now or not entry.person.is_active:
        return None
    idle = now - entry.idle_since()
    if idle > datetime.timedelta(minutes=settings.GOVOA_IDLE_TIMEOUT_MINUTES):
        raise TokenIdle()
    if must_change_password(entry.person):
        # The same rule as for the browser: an expired password suspends every access.
        raise PermissionDenied("您的密码已过期或须修改，请先登录网页修改密码，再重新生成令牌。")
    if entry.last_used_at is None or idle > _NOTE_USE_EVERY:
        ApiToken.objects.filter(pk=entry.token_id).update(last_used_at=now)
        if token_cache.enabled():
            token_cache.note_use(digest, entry, now)
    return entry.person
