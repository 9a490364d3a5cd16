"""Personal planning: one's own 重要/紧急 marks (四象限), and the secret of one's 日程 feed
(rotated at will: the old link stops working at once)."""

import hashlib
import secrets

from django.db import transaction

from govoa.audit.services import audit_record
from govoa.core.errors import NotFound, ValidationFailed
from govoa.flow.models import WorkItem
from govoa.flow.policies import work_items_visible_q
from govoa.org.models import Person
from govoa.org.policies import may_handle_business
from govoa.supervision.models import CalendarFeed, PlanningFlag, SupervisionTask
from govoa.supervision.policies import tasks_visible_q


def _visible(person: Person, target: str, target_id: int) -> bool:
    if target == PlanningFlag.Target.WORK_ITEM:
        return WorkItem.objects.filter(work_items_visible_q(person), pk=target_id).exists()
    return SupervisionTask.objects.filter(tasks_visible_q(person), pk=target_id).exists()


def planning_flag_set(
    *, actor: Person, target: str, target_id: int, important: bool, urgent: bool
) -> PlanningFlag:
    if target not in PlanningFlag.Target.values:
        raise ValidationFailed(fields={"target": ["对象类型无效。"]})
    if not _visible(actor, target, target_id):
        raise NotFound()
    with transaction.atomic():
        flag, _created = PlanningFlag.objects.update_or_create(
            person=actor,
            target=target,
            target_id=target_id,
            defaults={"important": important, "urgent": urgent},
        )
        audit_record(
            action="supervision.flag.set",
            actor=actor,
            obj=flag,
            details={"target": target, "id": target_id, "important": important, "urgent": urgent},
        )
    return flag


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def calendar_feed_rotate(*, actor: Person) -> str:
    """A new secret for the person's ICS feed; returns it (shown once, never stored)."""
    if not may_handle_business(actor):
        raise NotFound()
    token = secrets.token_urlsafe(32)
    with transaction.atomic():
        CalendarFeed.objects.filter(person=actor).delete()
        CalendarFeed.objects.create(person=actor, token_sha256=_digest(token))
        audit_record(action="supervision.calendar.rotate", actor=actor, obj=actor)
    return token


def calendar_feed_person(token: str) -> Person | None:
    """The person whose feed ``token`` opens, if it is current and they may still see work."""
    if not token or len(token) > 100:
        return None
    feed = CalendarFeed.objects.filter(token_sha256=_digest(token)).select_related("person").first()
    if feed is None or not may_handle_business(feed.person):
        return None
    return feed.person
