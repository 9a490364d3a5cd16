"""Companion nodes (``alongside``): 协办 opened together with 承办. The host completes only
when every companion item opened with it is done — or, with a reason the trail records,
leaving the rest cancelled (000 一(一)4: 主办 and 协办 are named, and 协办 answers in time)."""

from typing import Any

from django.utils import timezone

from govoa.core.errors import ValidationFailed
from govoa.flow.definition import Node
from govoa.flow.models import WorkItem
from govoa.flow.services.routing import Context
from govoa.flow.workflow import ItemStatus


def companions_finished(ctx: Context, item: WorkItem, node: Node) -> dict[str, Any]:
    """The host of companion nodes (承办 with its 协办) completes only when every companion
    item opened with it is done — or, with a reason in ``companion_reason``, leaving the
    rest cancelled. Returns what the trail records: who answered, who did not and why."""
    companions = ctx.definition.companions(node.key)
    keys = [c.key for c in companions]
    if not keys:
        return {}
    items = list(
        WorkItem.objects.filter(
            instance=ctx.instance, node_key__in=keys, activation__gt=item.activation
        )
        .exclude(status__in=[ItemStatus.CANCELLED, ItemStatus.WITHDRAWN, ItemStatus.FORWARDED])
        .select_related("department", "assignee")
        .order_by("pk")
    )

    if not items:
        return {}

    def who(i: WorkItem) -> str:
        return i.department.name if i.department else i.assignee.real_name

    answered = [who(i) for i in items if i.status == ItemStatus.DONE]
    pending = [i for i in items if i.status == ItemStatus.OPEN]
    details: dict[str, Any] = {
        "companion_node": "、".join(c.name for c in companions),
        "companions_answered": list(dict.fromkeys(answered)),
    }
    if not pending:
        return details
    reason = str(ctx.payload.get("companion_reason") or "").strip()[:500]
    names = "、".join(dict.fromkeys(who(i) for i in pending))
    label = ctx.definition.node(pending[0].node_key).name
    if not reason:
        message = f"“{label}”尚未答复：{names}。请等待其意见，或写明不再等待的理由后再办理。"
        raise ValidationFailed(message, fields={"companion_reason": [message]})
    WorkItem.objects.filter(pk__in=[i.pk for i in pending]).update(
        status=ItemStatus.CANCELLED, done_at=timezone.now()
    )
    return {
        **details,
        "companions_pending": list(dict.fromkeys(who(i) for i in pending)),
        "companion_reason": reason,
    }
