"""Two-factor login (GB/T 22239 8.1.4.1 d: two kinds of authentication, one of them
cryptographic): a TOTP authenticator (RFC 6238, ``totp.py``) after the password, compulsory
for the 三员 and optional for everyone else, and one-time recovery codes for a lost phone.

A wrong code counts as a failed login (the account locks after the same number of
failures as for a password), a code is accepted once (``last_step``), and every act is
audited."""

import secrets
import time

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from govoa.accounts import totp
from govoa.accounts.models import RecoveryCode, TwoFactor
from govoa.audit.chain import sm3_hex
from govoa.audit.models import Outcome
from govoa.audit.services import audit_record
from govoa.core.errors import GovOAError, PermissionDenied, ValidationFailed
from govoa.org.models import Person

_RECOVERY_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"


class SecondFactorFailed(GovOAError):
    code = "second_factor_failed"
    status = 401

    def __init__(self) -> None:
        super().__init__(
            "动态验证码或恢复码不正确，或已使用过。请输入验证器上当前显示的 6 位数字。"
        )


def required_for(person: Person) -> bool:
    return person.security_admin_role is not None


def enabled_for(person: Person) -> bool:
    return TwoFactor.objects.filter(person=person, confirmed_at__isnull=False).exists()


def _recovery_digest(person_id: int, code: str) -> str:
    cleaned = code.strip().lower().replace("-", "").replace(" ", "")
    return sm3_hex(f"{person_id}:{cleaned}".encode())


def _new_recovery_codes(person: Person) -> list[str]:
    RecoveryCode.objects.filter(person=person).delete()
    codes = []
    for _ in range(settings.GOVOA_RECOVERY_CODES):
        raw = "".join(secrets.choice(_RECOVERY_ALPHABET) for _ in range(10))
        codes.append(f"{raw[:5]}-{raw[5:]}")
    RecoveryCode.objects.bulk_create(
        RecoveryCode(person=person, code_hash=_recovery_digest(person.pk, c)) for c in codes
    )
    return codes


def enrolment_begin(*, person: Person) -> TwoFactor:
    """A new secret to be confirmed (replacing one never confirmed)."""
    with transaction.atomic():
        current = TwoFactor.objects.select_for_update().filter(person=person).first()
        if current is not None and current.confirmed_at is not None:
            raise PermissionDenied("两步验证已启用。如需更换验证器，请先停用。")
        if current is not None:
            current.secret = totp.secret_new()
            current.save(update_fields=["secret"])
            return current
        return TwoFactor.objects.create(person=person, secret=totp.secret_new())


def enrolment_confirm(*, person: Person, code: str, now: float | None = None) -> list[str]:
    """Turns two-factor on once the first code is right; returns the recovery codes, shown
    once."""
    now = time.time() if now is None else now
    with transaction.atomic():
        factor = TwoFactor.objects.select_for_update().filter(person=person).first()
        if factor is None or factor.confirmed_at is not None:
            raise ValidationFailed(fields={"code": ["请先生成新的验证器密钥。"]})
        step = totp.matching_step(factor.secret, code, now)
        if step is None:
            raise ValidationFailed(fields={"code": ["验证码不正确，请核对手机时间后重试。"]})
        factor.confirmed_at, factor.last_step = timezone.now(), step
        factor.save(update_fields=["confirmed_at", "last_step"])
        codes = _new_recovery_codes(person)
        audit_record(action="accounts.two_factor.enable", actor=person, obj=person)
    return codes


def verify(*, person: Person, code: str, now: float | None = None) -> str:
    """Checks the second factor at login: a TOTP code or an unused recovery code. Returns
    ``totp`` or ``recovery``; raises ``SecondFactorFailed`` (counted as a failed login)."""
    now = time.time() if now is None else now
    with transaction.atomic():
        factor = TwoFactor.objects.select_for_update().filter(person=person).first()
        if factor is not None and factor.confirmed_at is not None:
            step = totp.matching_step(factor.secret, code, now)
            if step is not None and step > factor.last_step:
                factor.last_step = step
                factor.save(update_fields=["last_step"])
                audit_record(
                    action="accounts.two_factor.verify",
                    actor=person,
                    obj=person,
                    details={"method": "totp"},
                )
                return "totp"
            used = RecoveryCode.objects.filter(
                person=person, code_hash=_recovery_digest(person.pk, code), used_at__isnull=True
            ).update(used_at=timezone.now())
            if used:
                left = RecoveryCode.objects.filter(person=person, used_at__isnull=True).count()
                audit_record(
                    action="accounts.two_factor.verify",
                    actor=person,
                    obj=person,
                    details={"method": "recovery", "left": left},
                )
                return "recovery"
        _count_failure(person)
    raise SecondFactorFailed()


def _count_failure(person: Person) -> None:
    from govoa.accounts.services import count_failed_login  # services import this module

    locked = Person.objects.select_for_update().get(pk=person.pk)
    audit_record(
        action="accounts.two_factor.verify",
        actor=person,
        obj=person,
        outcome=Outcome.FAILURE,
        details={"reason": "bad_code"},
    )
    count_failed_login(locked, timezone.now(), reason="bad_second_factor")


def disable(*, person: Person, code: str) -> None:
    """Turns two-factor off with a current code; the 三员 may not."""
    if required_for(person):
        raise PermissionDenied("三员账户必须使用两步验证，不能停用。")
    verify(person=person, code=code)
    with transaction.atomic():
        TwoFactor.objects.filter(person=person).delete()
        RecoveryCode.objects.filter(person=person).delete()
        audit_record(action="accounts.two_factor.disable", actor=person, obj=person)


def recovery_codes_renew(*, person: Person, code: str) -> list[str]:
    verify(person=person, code=code)
    with transaction.atomic():
        codes = _new_recovery_codes(person)
        audit_record(action="accounts.two_factor.recovery_renew", actor=person, obj=person)
    return codes


def recovery_codes_left(person: Person) -> int:
    return RecoveryCode.objects.filter(person=person, used_at__isnull=True).count()
