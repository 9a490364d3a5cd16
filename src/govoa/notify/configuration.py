"""The system administrator's settings of the messaging platforms (钉钉, 企业微信, 短信平台):
every write here, audited. A secret left blank keeps the one stored (the screen never shows
it again)."""

from urllib.parse import urlsplit

from django.db import transaction

from govoa.audit.services import audit_denied, audit_record
from govoa.core.cached import stamp_bump
from govoa.core.errors import ValidationFailed
from govoa.core.vocabulary import Role
from govoa.notify.messaging import MessagingError, messenger
from govoa.notify.models import Channel, ChannelConfig
from govoa.notify.services import PLATFORMS_CACHE
from govoa.org.models import Person

CONFIGURABLE = (Channel.DINGTALK, Channel.WECOM, Channel.SMS)
# What each platform calls the fields (the form's labels).
LABELS = {
    Channel.DINGTALK: {"app_key": "AppKey", "app_secret": "AppSecret", "agent_id": "AgentId"},
    Channel.WECOM: {
        "app_key": "企业ID（corpid）",
        "app_secret": "应用 Secret",
        "agent_id": "AgentId",
    },
    Channel.SMS: {"app_key": "", "app_secret": "令牌（Bearer）", "agent_id": ""},
}
DEFAULT_URLS = {
    Channel.DINGTALK: "https://oapi.dingtalk.com",
    Channel.WECOM: "https://qyapi.weixin.qq.com",
    Channel.SMS: "",
}


def can_configure_channels(person: Person) -> bool:
    return person.is_active and person.agency_id is not None and person.has_role(Role.SYS_ADMIN)


def _channel(channel: str) -> Channel:
    if channel not in {c.value for c in CONFIGURABLE}:
        raise ValidationFailed("没有这个消息渠道。", fields={"channel": ["没有这个消息渠道。"]})
    return Channel(channel)


def channel_configs(*, person: Person) -> dict[str, ChannelConfig | None]:
    found = {c.channel: c for c in ChannelConfig.objects.filter(agency_id=person.agency_id)}
    return {c.value: found.get(c.value) for c in CONFIGURABLE}


def channel_config_save(
    *,
    actor: Person,
    channel: str,
    is_enabled: bool,
    base_url: str,
    app_key: str = "",
    app_secret: str = "",
    agent_id: str = "",
) -> ChannelConfig:
    if not can_configure_channels(actor):
        raise audit_denied(
            action="notify.channel.configure",
            actor=actor,
            reason="只有系统管理员可以配置消息渠道。",
        )
    kind = _channel(channel)
    base_url, app_key, agent_id = base_url.strip(), app_key.strip(), agent_id.strip()
    errors: dict[str, list[str]] = {}
    parts = urlsplit(base_url)
    if parts.scheme not in {"http", "https"} or not parts.hostname or len(base_url) > 300:
        errors["base_url"] = ["接口地址应为 http:// 或 https:// 开头的完整地址。"]
    with transaction.atomic():
        config = (
            ChannelConfig.objects.select_for_update()
            .filter(agency_id=actor.agency_id, channel=kind)
            .first()
        ) or ChannelConfig(agency_id=actor.agency_id, channel=kind)
        secret = app_secret.strip() or config.app_secret
        if is_enabled:
            if kind != Channel.SMS and not app_key:
                errors["app_key"] = [f"启用时请填写{LABELS[kind]['app_key']}。"]
            if kind != Channel.SMS and not agent_id:
                errors["agent_id"] = ["启用时请填写 AgentId。"]
            if kind != Channel.SMS and not secret:
                errors["app_secret"] = [f"启用时请填写{LABELS[kind]['app_secret']}。"]
        if len(app_key) > 100 or len(secret) > 200 or len(agent_id) > 50:
            errors["app_key"] = ["内容过长。"]
        if errors:
            raise ValidationFailed(fields=errors)
        config.is_enabled, config.base_url = is_enabled, base_url
        config.app_key, config.app_secret, config.agent_id = app_key, secret, agent_id
        config.save()
        stamp_bump(PLATFORMS_CACHE)
        audit_record(
            action="notify.channel.configure",
            actor=actor,
            obj=config,
            # Never the secret itself.
            details={
                "channel": kind.value,
                "enabled": is_enabled,
                "base_url": base_url,
                "secret_changed": bool(app_secret.strip()),
            },
        )
    return config


def channel_config_try(*, actor: Person, channel: str, address: str) -> None:
    """Send a test message through the saved settings now (enabled or not), so the
    administrator sees at once whether they work; the platform's refusal is a 422 with its
    reason."""
    if not can_configure_channels(actor):
        raise audit_denied(
            action="notify.channel.try", actor=actor, reason="只有系统管理员可以配置消息渠道。"
        )
    kind = _channel(channel)
    address = address.strip()
    if not address or len(address) > 100:
        raise ValidationFailed(fields={"address": ["请填写接收测试消息的账号或手机号。"]})
    config = ChannelConfig.objects.filter(agency_id=actor.agency_id, channel=kind).first()
    if config is None:
        raise ValidationFailed("请先保存该渠道的设置。")
    try:
        messenger(
            kind,
            base_url=config.base_url,
            app_key=config.app_key,
            app_secret=config.app_secret,
            agent_id=config.agent_id,
        ).send(address, "【GovOA】测试消息：消息渠道设置正确。")
    except MessagingError as exc:
        audit_record(
            action="notify.channel.try",
            actor=actor,
            obj=config,
            outcome="failure",
            details={"error": str(exc)[:300]},
        )
        raise ValidationFailed(f"测试消息未能发出：{exc}") from exc
    audit_record(action="notify.channel.try", actor=actor, obj=config, details={"to": address})
