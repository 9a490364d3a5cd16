"""Predicates every template may use, whatever its subject type."""

from typing import Any

from govoa.flow.models import FlowInstance, WorkItem
from govoa.flow.registry import Predicate, register_predicate
from govoa.flow.workflow import Action


def has_dissent(instance: FlowInstance, subject: Any) -> bool:
    """Someone said 不同意 in the step just completed (e.g. at 会签): the instance's current
    batch, read from the instance the act has just locked. A 收回 sets the batch back to the
    reopened step's (``work_item_withdraw``), so a second completion reads the right one."""
    return WorkItem.objects.filter(
        instance=instance, activation=instance.activation, action=Action.DISAGREE
    ).exists()


register_predicate(Predicate(name="has_dissent", label="本环节有不同意见", test=has_dissent))
