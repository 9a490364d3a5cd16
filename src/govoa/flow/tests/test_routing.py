"""Entering a node costs the same number of queries however many people it goes to, with
or without 代理: one lookup of all their delegates, one batch of items, one of messages."""

import datetime

from django.utils import timezone

from govoa.flow.models import WorkItem
from govoa.notify.models import Delivery, Notification
from govoa.org.services.delegations import delegation_create
from govoa.testing.factories import PersonFactory
from govoa.testing.flows import make_memo, memo_cast, move_to, start_memo
from govoa.testing.queries import query_count


def test_entering_a_node_costs_the_same_for_one_or_five_people(people, settings):
    settings.GOVOA_EMAIL_ENABLED = True
    cast = memo_cast(people)
    today = timezone.localdate()

    def readers(n):
        """``n`` readers with an e-mail address, each on leave with a delegate."""
        found = []
        for _ in range(n):
            reader = PersonFactory(department=people.energy)
            reader.email = f"{reader.username}@example.gov.cn"
            reader.save(update_fields=["email"])
            delegation_create(
                actor=reader,
                principal=reader,
                delegate=PersonFactory(department=people.energy, email="d@example.gov.cn"),
                starts_on=today,
                ends_on=today + datetime.timedelta(days=3),
                reason="出差",
            )
            found.append(reader)
        return found

    def circulate_to(n):
        memo = make_memo(people, cast, title=f"传阅{n}人")
        instance = start_memo(people, memo)
        memo.circulation.set(readers(n))
        count = query_count(
            lambda: move_to(
                instance,
                "circulate",
                actor=people.staff,
                payload={"next_assignees": [people.deputy.pk]},
            )
        )
        return instance, count

    _one, one_count = circulate_to(1)
    five, five_count = circulate_to(5)
    assert five_count == one_count

    items = WorkItem.objects.filter(instance=five, node_key="circulate").select_related(
        "assignee", "delegated_from"
    )
    assert len(items) == 5
    for item in items:  # each to the reader's delegate, each message to its own item
        assert item.delegated_from is not None
        assert item.assignee != item.delegated_from
        message = Notification.objects.get(recipient=item.assignee, kind="flow.item.notice")
        assert message.url == f"/flow/items/{item.pk}/"
        assert f"您代理{item.delegated_from.real_name}办理" in message.body
        assert Delivery.objects.filter(notification=message).count() == 1
