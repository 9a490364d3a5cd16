"""``notify_each``: distinct messages in one batch, under the rules of ``notify``."""

import pytest

from govoa.core.vocabulary import Classification
from govoa.notify.models import Delivery, Notification
from govoa.notify.services import Message, enabled_platforms, notify_each
from govoa.org.models import PersonStatus
from govoa.testing.queries import query_count


def test_each_message_goes_to_its_recipient_in_constant_queries(people, settings):
    settings.GOVOA_EMAIL_ENABLED = True
    for person in (people.staff, people.dept_head, people.registrar):
        person.email = f"{person.username}@example.gov.cn"
        person.save(update_fields=["email"])
    people.registrar.status = PersonStatus.RETIRED

    def send(recipients):
        messages = [Message(p, f"待办：第{n}件", url=f"/flow/items/{n}/") for n, p in recipients]
        return query_count(lambda: notify_each(messages=messages, kind="flow.item.assigned"))

    enabled_platforms()  # the messaging platforms are loaded once into the cache, not per batch
    one = send([(1, people.staff)])
    many = send([(2, people.staff), (3, people.dept_head), (4, people.dept_head)])
    assert one == many
    rows = Notification.objects.order_by("url")
    assert [(n.recipient, n.url) for n in rows] == [
        (people.staff, "/flow/items/1/"),
        (people.staff, "/flow/items/2/"),
        (people.dept_head, "/flow/items/3/"),
        (people.dept_head, "/flow/items/4/"),
    ]
    assert Delivery.objects.count() == 4
    assert notify_each(messages=[Message(people.registrar, "待办")], kind="k") == []


def test_nothing_classified_leaves_and_bad_messages_raise(people, settings):
    settings.GOVOA_EMAIL_ENABLED = True
    people.staff.email = "staff@example.gov.cn"
    notify_each(
        messages=[Message(people.staff, "待办：秘密件")],
        kind="flow.item.assigned",
        classification=Classification.SECRET,
    )
    assert Notification.objects.count() == 1
    assert not Delivery.objects.exists()
    with pytest.raises(ValueError, match="local path"):
        notify_each(messages=[Message(people.staff, "待办", url="//evil/")], kind="k")
    with pytest.raises(ValueError, match="title"):
        notify_each(messages=[Message(people.staff, "  ")], kind="k")
