"""对外接口: the system administrator's screens for webhooks and messaging channels. They show
addresses, events and delivery states — never business data."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from govoa.core.errors import GovOAError, NotFound, PermissionDenied
from govoa.core.forms import apply_errors
from govoa.integration import selectors, services
from govoa.integration.forms import ChannelForm, ChannelTryForm, WebhookForm
from govoa.integration.policies import can_manage_integration
from govoa.notify import configuration
from govoa.notify.configuration import DEFAULT_URLS, LABELS
from govoa.notify.models import Channel, ChannelConfig
from govoa.org.models import Person


def _admin(request: HttpRequest) -> Person:
    me: Person = request.user  # type: ignore[assignment]
    if not can_manage_integration(me):
        raise PermissionDenied("只有系统管理员可以配置对外接口。")
    return me


@login_required
def webhook_list(request: HttpRequest) -> HttpResponse:
    me = _admin(request)
    form = WebhookForm(request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                endpoint = services.webhook_endpoint_create(
                    actor=me,
                    name=form.cleaned_data["name"],
                    url=form.cleaned_data["url"],
                    events=form.cleaned_data["events"],
                )
            except GovOAError as exc:
                apply_errors(form, exc)
                status = exc.status
            else:
                messages.success(
                    request,
                    f"已添加。签名密钥（只显示这一次，请交给接收方）：{endpoint.secret}",
                )
                return redirect("integration:webhook_detail", endpoint.pk)
        else:
            status = 400
    return render(
        request,
        "integration/webhook_list.html",
        {
            "endpoints": selectors.webhook_endpoint_list(person=me),
            "form": form,
            "active_nav": "integration",
        },
        status=status,
    )


@login_required
def webhook_detail(request: HttpRequest, pk: int) -> HttpResponse:
    me = _admin(request)
    endpoint = selectors.webhook_endpoint_get(person=me, pk=pk)
    initial = {
        "name": endpoint.name,
        "url": endpoint.url,
        "events": endpoint.events,
        "is_active": endpoint.is_active,
    }
    form = WebhookForm(request.POST if request.method == "POST" else None, initial=initial)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.webhook_endpoint_update(actor=me, pk=endpoint.pk, **form.cleaned_data)
            except GovOAError as exc:
                apply_errors(form, exc)
                status = exc.status
            else:
                messages.success(request, "已保存。")
                return redirect("integration:webhook_detail", endpoint.pk)
        else:
            status = 400
    return render(
        request,
        "integration/webhook_detail.html",
        {
            "endpoint": endpoint,
            "form": form,
            "deliveries": selectors.recent_deliveries(endpoint=endpoint),
            "active_nav": "integration",
        },
        status=status,
    )


@require_POST
@login_required
def webhook_rotate(request: HttpRequest, pk: int) -> HttpResponse:
    me = _admin(request)
    endpoint = services.webhook_secret_rotate(actor=me, pk=pk)
    messages.success(request, f"已更换签名密钥（只显示这一次）：{endpoint.secret}")
    return redirect("integration:webhook_detail", endpoint.pk)


@require_POST
@login_required
def webhook_ping(request: HttpRequest, pk: int) -> HttpResponse:
    me = _admin(request)
    delivery = services.webhook_ping(actor=me, pk=pk)
    messages.success(request, f"已发送测试推送（{delivery.event_id}），结果见下方推送记录。")
    return redirect("integration:webhook_detail", pk)


def _channel_form(channel: str, config: ChannelConfig | None, data: Any = None) -> ChannelForm:
    kind = Channel(channel)
    initial: dict[str, Any] = {"base_url": DEFAULT_URLS[kind]}
    if config is not None:
        initial = {
            "is_enabled": config.is_enabled,
            "base_url": config.base_url,
            "app_key": config.app_key,
            "agent_id": config.agent_id,
        }
    return ChannelForm(data, initial=initial, labels=LABELS[kind], prefix=channel)


@login_required
def channel_list(request: HttpRequest) -> HttpResponse:
    me = _admin(request)
    configs = configuration.channel_configs(person=me)
    return _channels_page(
        request,
        [(c, configs[c], _channel_form(c, configs[c]), ChannelTryForm(prefix=c)) for c in configs],
    )


def _channels_page(request: HttpRequest, rows: list[Any], status: int = 200) -> HttpResponse:
    return render(
        request,
        "integration/channel_list.html",
        {
            "rows": [
                (Channel(c).label, c, config, form, try_form) for c, config, form, try_form in rows
            ],
            "active_nav": "integration",
        },
        status=status,
    )


def _known_channel(channel: str) -> str:
    if channel not in {c.value for c in configuration.CONFIGURABLE}:
        raise NotFound("没有这个消息渠道。")
    return channel


@require_POST
@login_required
def channel_save(request: HttpRequest, channel: str) -> HttpResponse:
    me = _admin(request)
    channel = _known_channel(channel)
    configs = configuration.channel_configs(person=me)
    form = _channel_form(channel, configs[channel], request.POST)
    status = 400
    if form.is_valid():
        try:
            configuration.channel_config_save(
                actor=me,
                channel=channel,
                is_enabled=form.cleaned_data["is_enabled"],
                base_url=form.cleaned_data["base_url"],
                app_key=form.cleaned_data.get("app_key", ""),
                app_secret=form.cleaned_data.get("app_secret", ""),
                agent_id=form.cleaned_data.get("agent_id", ""),
            )
        except GovOAError as exc:
            apply_errors(form, exc)
            status = exc.status
        else:
            messages.success(request, f"{Channel(channel).label}设置已保存。")
            return redirect("integration:channel_list")
    rows = [
        (
            c,
            configs[c],
            form if c == channel else _channel_form(c, configs[c]),
            ChannelTryForm(prefix=c),
        )
        for c in configs
    ]
    return _channels_page(request, rows, status)


@require_POST
@login_required
def channel_try(request: HttpRequest, channel: str) -> HttpResponse:
    me = _admin(request)
    channel = _known_channel(channel)
    configs = configuration.channel_configs(person=me)
    form = ChannelTryForm(request.POST, prefix=channel)
    status = 400
    if form.is_valid():
        try:
            configuration.channel_config_try(
                actor=me, channel=channel, address=form.cleaned_data["address"]
            )
        except GovOAError as exc:
            apply_errors(form, exc)
            status = exc.status
        else:
            messages.success(request, "测试消息已发出。")
            return redirect("integration:channel_list")
    rows = [
        (
            c,
            configs[c],
            _channel_form(c, configs[c]),
            form if c == channel else ChannelTryForm(prefix=c),
        )
        for c in configs
    ]
    return _channels_page(request, rows, status)
