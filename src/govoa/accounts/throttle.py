"""Per-IP throttle of failed logins, so that one client cannot lock every account.

Failures of one client IP are counted in a window of GOVOA_LOGIN_IP_WINDOW_MINUTES, in the
database so that every server process shares them (one row per IP, by its unique index).
At GOVOA_LOGIN_IP_MAX_FAILURES the IP is refused for a window's length, before any password
is checked: with the defaults (10 failures; 5 lock an account) one client locks at most two
accounts per window. Successes neither count nor reset the count (else a client with one
valid account could reset it at will). The block is audited once; the refused attempts
themselves are not, so that a flood of them cannot flood the audit log. A limit of 0 turns
the throttle off (for a site where one address stands for a whole office behind NAT and no
trusted proxy names the client)."""

import datetime

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from govoa.accounts.models import LoginThrottle
from govoa.audit.services import audit_record
from govoa.core.errors import GovOAError


class TooManyAttempts(GovOAError):
    code = "too_many_attempts"
    status = 429

    def __init__(self, until: datetime.datetime):
        super().__init__(
            f"本机登录失败次数过多，已暂停登录。请于 {timezone.localtime(until):%H:%M} 以后再试，"
            "如有疑问请联系系统管理员。"
        )


def _key(ip: str) -> str:
    return (ip or "unknown")[:64]


def _window() -> datetime.timedelta:
    return datetime.timedelta(minutes=settings.GOVOA_LOGIN_IP_WINDOW_MINUTES)


def _enabled() -> bool:
    return int(settings.GOVOA_LOGIN_IP_MAX_FAILURES) > 0


def throttle_check(ip: str) -> None:
    """Raise ``TooManyAttempts`` while the IP is refused (one indexed read)."""
    if not _enabled():
        return
    until = (
        LoginThrottle.objects.filter(ip=_key(ip), blocked_until__gt=timezone.now())
        .values_list("blocked_until", flat=True)
        .first()
    )
    if until is not None:
        raise TooManyAttempts(until)


def _locked_row(ip: str, now: datetime.datetime) -> LoginThrottle:
    row = LoginThrottle.objects.select_for_update().filter(ip=ip).first()
    if row is not None:
        return row
    try:
        with transaction.atomic():
            return LoginThrottle.objects.create(ip=ip, window_start=now)
    except IntegrityError:  # another process created it meanwhile
        return LoginThrottle.objects.select_for_update().get(ip=ip)


def throttle_failure(ip: str) -> None:
    """Count one failed login of the IP; call it inside the login's transaction."""
    if not _enabled():
        return
    now = timezone.now()
    row = _locked_row(_key(ip), now)
    if row.window_start + _window() <= now:
        row.window_start, row.failures, row.blocked_until = now, 0, None
    row.failures += 1
    if row.failures >= settings.GOVOA_LOGIN_IP_MAX_FAILURES and row.blocked_until is None:
        row.blocked_until = now + _window()
        audit_record(
            action="accounts.login.throttle",
            details={
                "ip": row.ip,
                "failures": row.failures,
                "until": row.blocked_until.isoformat(),
            },
        )
    row.save(update_fields=["window_start", "failures", "blocked_until"])


def throttles_forget_expired() -> int:
    """For the hourly clean-up: rows whose window and block are over."""
    now = timezone.now()
    deleted, _ = (
        LoginThrottle.objects.filter(window_start__lt=now - _window())
        .filter(Q(blocked_until__isnull=True) | Q(blocked_until__lt=now))
        .delete()
    )
    return deleted
