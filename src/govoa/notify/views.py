from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_POST

from govoa.core.paging import paginate
from govoa.notify import selectors, services
from govoa.org.models import Person


def _me(request: HttpRequest) -> Person:
    return request.user  # type: ignore[return-value]


def _is_local_path(url: str, request: HttpRequest) -> bool:
    """Only a path on this site: ``/flow/items/1/``; never ``//host`` or ``http://…``."""
    return services.is_local_path(url) and url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}
    )


@require_GET
@login_required
def notification_list(request: HttpRequest) -> HttpResponse:
    me = _me(request)
    unread_only = request.GET.get("unread") == "1"
    page_obj = paginate(request, selectors.notification_list(person=me, unread_only=unread_only))
    return render(
        request,
        "notify/notification_list.html",
        {
            "page_obj": page_obj,
            "unread_only": unread_only,
            "unread": selectors.unread_count(person=me),
            "active_nav": "notifications",
        },
    )


@require_POST
@login_required
def notification_open(request: HttpRequest, pk: int) -> HttpResponse:
    """Mark the message read and go to what it is about (a local page only)."""
    notification = services.notification_mark_read(person=_me(request), notification_id=pk)
    if notification.url and _is_local_path(notification.url, request):
        return redirect(notification.url)
    return redirect("notify:list")


@require_POST
@login_required
def notification_mark_all_read(request: HttpRequest) -> HttpResponse:
    count = services.notification_mark_all_read(person=_me(request))
    if count:
        messages.success(request, f"已将 {count} 条消息标为已读。")
    else:
        messages.info(request, "没有未读消息。")
    return redirect("notify:list")
