"""Concurrent sessions per account (等保: 限制单个账户的多重并发会话).

Every login is noted in ``LoginSession``; a login beyond the person's limit ends their
oldest sessions — deleted from the session store, so no in-flight request can save them
again — and keeps the ended row until its owner's next request has been told why
(``session_ended_message``). Only the person's own few rows are read: the cost of a login
does not depend on how many sessions the system holds."""

import datetime
import re
from importlib import import_module

from django.conf import settings
from django.contrib.sessions.backends.base import SessionBase
from django.contrib.sessions.models import Session
from django.db import transaction
from django.utils import timezone

from govoa.accounts.models import LoginSession
from govoa.audit.services import audit_record
from govoa.org.models import Person

SESSION_LIMIT = "session_limit"
ENDED_MESSAGE = (
    "您的账户已在其他地方登录，本会话已结束。如非本人操作，请立即修改密码并告知安全保密管理员。"
)


def _store(session_key: str | None = None) -> SessionBase:
    engine = import_module(settings.SESSION_ENGINE)
    store: SessionBase = engine.SessionStore(session_key)
    return store


def session_limit(person: Person) -> int:
    """How many sessions the person may hold at once (0: no limit)."""
    if person.security_admin_role is not None:
        return int(settings.GOVOA_MAX_SESSIONS_ADMIN)
    return int(settings.GOVOA_MAX_SESSIONS)


def session_open(*, person: Person, session_key: str) -> int:
    """Note the login's session and end the person's oldest sessions beyond their limit;
    returns how many were ended."""
    now = timezone.now()
    limit = session_limit(person)
    with transaction.atomic():
        # One login of a person at a time decides which sessions stay.
        Person.objects.select_for_update().filter(pk=person.pk).first()
        LoginSession.objects.create(person=person, session_key=session_key, created_at=now)
        if limit <= 0:
            return 0
        live = list(
            LoginSession.objects.filter(person=person, ended_at__isnull=True).order_by(
                "-created_at", "-pk"
            )
        )
        # Rows of sessions that ran out or were cut by a password change are dropped.
        gone = [row.pk for row in live[1:] if not _store().exists(row.session_key)]
        LoginSession.objects.filter(pk__in=gone).delete()
        surplus = [row for row in live if row.pk not in gone][limit:]
        for row in surplus:
            _store(row.session_key).delete()
            audit_record(
                action="accounts.session.logout",
                actor=person,
                obj=person,
                details={"reason": SESSION_LIMIT, "started": row.created_at.isoformat()},
            )
        LoginSession.objects.filter(pk__in=[row.pk for row in surplus]).update(
            ended_at=now, end_reason=SESSION_LIMIT
        )
    return len(surplus)


def session_rekeyed(*, old_key: str | None, new_key: str | None) -> None:
    """The session got a new key (a password change cycles it): follow it."""
    if old_key and new_key and old_key != new_key:
        LoginSession.objects.filter(session_key=old_key).update(session_key=new_key)


def session_close(*, session_key: str | None) -> None:
    """Logout or idle timeout: forget the session."""
    if session_key:
        LoginSession.objects.filter(session_key=session_key).delete()


# What Django's session keys look like; a cookie of anything else names no session of ours
# (and a NUL in it would be a 500 on PostgreSQL).
_SESSION_KEY = re.compile(r"[a-z0-9]{1,40}")


def session_ended_message(*, session_key: str) -> str | None:
    """Why the session of this key is gone, once: the message for an ended session (its row
    is then deleted), else None."""
    if not _SESSION_KEY.fullmatch(session_key):
        return None
    with transaction.atomic():
        deleted, _ = LoginSession.objects.filter(
            session_key=session_key, ended_at__isnull=False
        ).delete()
    return ENDED_MESSAGE if deleted else None


def sessions_forget_expired() -> int:
    """For the hourly clean-up, before expired sessions are deleted: drop the rows of those
    sessions and the ended rows nobody came back for. Reads expired sessions by their index
    and this small table, never the whole session table."""
    now = timezone.now()
    expired = Session.objects.filter(expire_date__lt=now).values("session_key")
    stale = now - datetime.timedelta(seconds=settings.SESSION_COOKIE_AGE)
    gone, _ = LoginSession.objects.filter(session_key__in=expired).delete()
    old, _ = LoginSession.objects.filter(ended_at__lt=stale).delete()
    return gone + old
