"""``/api/v1/notifications``: the authenticated person's own messages."""

import datetime

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema

from govoa.core.api import PageQuery, errors, paged
from govoa.notify import selectors, services
from govoa.notify.models import Notification
from govoa.org.models import Person

router = Router(tags=["消息"])


class NotificationOut(Schema):
    id: int
    kind: str
    title: str
    body: str
    url: str
    created_at: datetime.datetime
    read_at: datetime.datetime | None
    read: bool


class NotificationPage(Schema):
    items: list[NotificationOut]
    count: int
    count_capped: bool = Field(False, description="为真时实际条数超过 count（只计数到 1000 条）")
    page: int
    page_size: int
    unread: int


class NotificationFilters(PageQuery):
    unread_only: bool = False


class ReadAllOut(Schema):
    updated: int
    unread: int


def _out(notification: Notification) -> NotificationOut:
    return NotificationOut(
        id=notification.pk,
        kind=notification.kind,
        title=notification.title,
        body=notification.body,
        url=notification.url,
        created_at=notification.created_at,
        read_at=notification.read_at,
        read=notification.read_at is not None,
    )


@router.get(
    "/notifications",
    response={200: NotificationPage, **errors(401, 403, 422)},
    summary="我的消息（最新在前）",
)
def list_notifications(
    request: HttpRequest, filters: Query[NotificationFilters]
) -> NotificationPage:
    person: Person = request.auth  # type: ignore[attr-defined]
    qs = selectors.notification_list(person=person, unread_only=filters.unread_only)
    return NotificationPage(
        **paged(qs, filters, _out), unread=selectors.unread_count(person=person)
    )


@router.post(
    "/notifications/read-all",
    response={200: ReadAllOut, **errors(401, 403)},
    summary="全部标为已读",
)
def read_all(request: HttpRequest) -> ReadAllOut:
    person: Person = request.auth  # type: ignore[attr-defined]
    updated = services.notification_mark_all_read(person=person)
    return ReadAllOut(updated=updated, unread=selectors.unread_count(person=person))


@router.post(
    "/notifications/{notification_id}/read",
    response={200: NotificationOut, **errors(401, 403, 404, 422)},
    summary="把一条消息标为已读",
)
def read_one(request: HttpRequest, notification_id: int) -> NotificationOut:
    person: Person = request.auth  # type: ignore[attr-defined]
    notification = services.notification_mark_read(person=person, notification_id=notification_id)
    return _out(notification)
