import datetime

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from govoa.core.fields import EncryptedCharField


class PasswordHistory(models.Model):
    """Hashes of a person's earlier passwords, to refuse their reuse."""

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("人员"),
    )
    password = models.CharField(_("密码哈希"), max_length=128)
    created_at = models.DateTimeField(_("停用时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("历史密码")
        verbose_name_plural = _("历史密码")
        indexes = [models.Index(fields=["person", "-created_at"], name="pwhistory_person_time")]

    def __str__(self) -> str:
        return f"{self.person_id} {self.created_at:%Y-%m-%d}"


class ApiToken(models.Model):
    """A personal API token. Only its SHA-256 is stored; the token is shown once."""

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="api_tokens",
        verbose_name=_("人员"),
    )
    name = models.CharField(_("用途"), max_length=100)
    prefix = models.CharField(_("前缀"), max_length=16)
    key_hash = models.CharField(_("令牌哈希"), max_length=64, unique=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    expires_at = models.DateTimeField(_("到期时间"))
    last_used_at = models.DateTimeField(_("最近使用"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("吊销时间"), null=True, blank=True)
    # The person's ``token_generation`` when issued: valid only while the two are equal.
    generation = models.PositiveIntegerField(_("令牌代次"), default=0)

    class Meta:
        verbose_name = _("访问令牌")
        verbose_name_plural = _("访问令牌")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    def idle_since(self) -> datetime.datetime:
        return self.last_used_at or self.created_at

    def state(self, *, generation: int, now: datetime.datetime) -> str:
        """``revoked`` (by its owner), ``ended`` (by a password change, a reset, 调离, the loss
        of a role or clearance), ``expired``, ``idle`` (unused for the idle timeout) or
        ``valid``."""
        if self.revoked_at is not None:
            return "revoked"
        if self.generation != generation:
            return "ended"
        if self.expires_at <= now:
            return "expired"
        idle = datetime.timedelta(minutes=settings.GOVOA_IDLE_TIMEOUT_MINUTES)
        if now - self.idle_since() > idle:
            return "idle"
        return "valid"


class LoginSession(models.Model):
    """A session opened by a login, per person, to limit concurrent sessions without reading
    the session table. Written at login, deleted at logout, idle timeout and expiry; a
    session ended by a newer login keeps its row (``ended_at``) until its owner has been
    told at their next request."""

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("人员"),
    )
    session_key = models.CharField(_("会话标识"), max_length=40, unique=True)
    created_at = models.DateTimeField(_("登录时间"))
    ended_at = models.DateTimeField(_("结束时间"), null=True, blank=True)
    end_reason = models.CharField(_("结束原因"), max_length=20, blank=True)

    class Meta:
        verbose_name = _("登录会话")
        verbose_name_plural = _("登录会话")
        indexes = [
            models.Index(fields=["person", "created_at"], name="loginsession_person_time"),
            models.Index(fields=["ended_at"], name="loginsession_ended"),
        ]

    def __str__(self) -> str:
        return f"{self.person_id} {self.created_at:%Y-%m-%d %H:%M}"


class LoginThrottle(models.Model):
    """Failed logins of one client IP in the current window, shared by every server process
    (one row per IP, found by its unique index: constant cost whatever the history)."""

    ip = models.CharField(_("来源地址"), max_length=64, unique=True)
    window_start = models.DateTimeField(_("窗口开始"))
    failures = models.PositiveIntegerField(_("失败次数"), default=0)
    blocked_until = models.DateTimeField(_("限制至"), null=True, blank=True)

    class Meta:
        verbose_name = _("登录限流")
        verbose_name_plural = _("登录限流")
        indexes = [models.Index(fields=["window_start"], name="loginthrottle_window")]

    def __str__(self) -> str:
        return f"{self.ip} {self.failures}"


class TwoFactor(models.Model):
    """A person's TOTP authenticator (RFC 6238). The secret is stored SM4-encrypted; it is
    confirmed by a first valid code. ``last_step`` refuses a code used twice."""

    person = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="two_factor",
        verbose_name=_("人员"),
    )
    secret = EncryptedCharField(_("密钥"), max_length=64)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    confirmed_at = models.DateTimeField(_("启用时间"), null=True, blank=True)
    last_step = models.BigIntegerField(_("最近使用的时间步"), default=0)

    class Meta:
        verbose_name = _("两步验证")
        verbose_name_plural = _("两步验证")

    def __str__(self) -> str:
        return f"{self.person_id}"


class RecoveryCode(models.Model):
    """A one-time recovery code, for a lost phone. Only its SM3 digest is stored."""

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("人员"),
    )
    code_hash = models.CharField(_("恢复码摘要"), max_length=64)
    used_at = models.DateTimeField(_("使用时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("恢复码")
        verbose_name_plural = _("恢复码")
        indexes = [models.Index(fields=["person", "code_hash"], name="recoverycode_person_hash")]

    def __str__(self) -> str:
        return f"{self.person_id}"
