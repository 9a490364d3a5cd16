"""The password policy (等保 level 3), as Django password validators.

≥ 8 characters; at least 3 of upper case, lower case, digits and symbols; not containing the
login name; none of the last 5 passwords (the current one included). Figures come from
settings (``GOVOA_PASSWORD_*``)."""

import datetime
import string

from django.conf import settings
from django.contrib.auth.hashers import check_password
from django.core.exceptions import ValidationError
from django.utils import timezone

from govoa.accounts.models import PasswordHistory
from govoa.org.models import Person


class MinimumLengthValidator:
    def validate(self, password: str, user: Person | None = None) -> None:
        minimum = settings.GOVOA_PASSWORD_MIN_LENGTH
        if len(password) < minimum:
            raise ValidationError(f"密码至少需要 {minimum} 个字符。", code="password_too_short")

    def get_help_text(self) -> str:
        return f"密码至少 {settings.GOVOA_PASSWORD_MIN_LENGTH} 个字符。"


def character_classes(password: str) -> int:
    checks = [
        any(c in string.ascii_uppercase for c in password),
        any(c in string.ascii_lowercase for c in password),
        any(c in string.digits for c in password),
        any(not c.isalnum() for c in password),
    ]
    return sum(checks)


class CharacterClassesValidator:
    def validate(self, password: str, user: Person | None = None) -> None:
        needed = settings.GOVOA_PASSWORD_MIN_CLASSES
        if character_classes(password) < needed:
            raise ValidationError(
                f"密码须包含大写字母、小写字母、数字、符号中的至少 {needed} 类。",
                code="password_too_simple",
            )

    def get_help_text(self) -> str:
        needed = settings.GOVOA_PASSWORD_MIN_CLASSES
        return f"须包含大写字母、小写字母、数字、符号中的至少 {needed} 类。"


class NotContainingUsernameValidator:
    def validate(self, password: str, user: Person | None = None) -> None:
        if user is not None and user.username and user.username.lower() in password.lower():
            raise ValidationError("密码不能包含登录名。", code="password_contains_username")

    def get_help_text(self) -> str:
        return "不能包含登录名。"


class HistoryValidator:
    def validate(self, password: str, user: Person | None = None) -> None:
        if user is None or user.pk is None:
            return
        keep = settings.GOVOA_PASSWORD_HISTORY
        recent = [user.password] if user.password else []
        recent += list(
            PasswordHistory.objects.filter(person=user)
            .order_by("-created_at", "-pk")
            .values_list("password", flat=True)[: max(keep - 1, 0)]
        )
        if any(check_password(password, encoded) for encoded in recent[:keep]):
            raise ValidationError(f"不能使用最近 {keep} 次用过的密码。", code="password_reused")

    def get_help_text(self) -> str:
        return f"不能与最近 {settings.GOVOA_PASSWORD_HISTORY} 次使用的密码相同。"


def password_expired(person: Person, now: datetime.datetime | None = None) -> bool:
    if person.password_changed_at is None:
        return True
    age = (now or timezone.now()) - person.password_changed_at
    return age > datetime.timedelta(days=settings.GOVOA_PASSWORD_MAX_AGE_DAYS)


def must_change_password(person: Person) -> bool:
    """A directory account (``directory_dn``: the directory sync made or took it over) has no
    GovOA password to change: the directory keeps its password rules."""
    if person.directory_dn:
        return False
    return person.must_change_password or password_expired(person)
