"""工作台: no title above the person's clearance in any tab; the 代理 notices."""

import datetime

import pytest
from django.utils import timezone

from govoa.core.vocabulary import Classification
from govoa.flow.services.acts import work_item_act
from govoa.flow.services.reminders import work_item_remind
from govoa.org.services.delegations import delegation_create
from govoa.testing.flows import make_memo, memo_cast, open_items, start_memo


@pytest.mark.parametrize(
    ("tab", "viewer"), [("done", "dept_head"), ("mine", "staff"), ("reminders", "staff")]
)
def test_a_lowered_clearance_hides_classified_titles(client, people, tab, viewer):
    cast = memo_cast(people)
    for person in (people.staff, people.dept_head):
        person.clearance = Classification.SECRET
        person.save(update_fields=["clearance"])
    memo = make_memo(people, cast, title="秘密请示", classification=Classification.SECRET)
    instance = start_memo(people, memo)
    [first] = open_items(instance)
    work_item_act(
        actor=people.dept_head, item_id=first.pk, action="approve", opinion="", payload={}
    )
    [second] = open_items(instance, "review")
    work_item_remind(actor=people.staff, item_id=second.pk, channel="system")
    person = getattr(people, viewer)
    client.force_login(person)
    assert "秘密请示" in client.get("/", {"tab": tab}).content.decode()
    person.clearance = Classification.INTERNAL
    person.save(update_fields=["clearance"])
    page = client.get("/", {"tab": tab})
    assert page.status_code == 200
    assert "秘密请示" not in page.content.decode()


def test_the_done_endpoint_is_capped_too(client, people):
    cast = memo_cast(people)
    people.staff.clearance = people.dept_head.clearance = Classification.SECRET
    people.staff.save(update_fields=["clearance"])
    memo = make_memo(people, cast, title="秘密请示", classification=Classification.SECRET)
    [first] = open_items(start_memo(people, memo))
    work_item_act(
        actor=people.dept_head, item_id=first.pk, action="approve", opinion="", payload={}
    )
    client.force_login(people.dept_head)
    assert client.get("/api/v1/work-items", {"state": "done"}).json()["count"] == 1
    people.dept_head.clearance = Classification.INTERNAL
    people.dept_head.save(update_fields=["clearance"])
    body = client.get("/api/v1/work-items", {"state": "done"}).json()
    assert body["count"] == 0
    assert "秘密请示" not in str(body)


def test_workbench_names_only_the_delegations_in_force(client, people):
    today = timezone.localdate()
    for principal, starts_on in (
        (people.dept_head, today),
        (people.registrar, today + datetime.timedelta(days=1)),
    ):
        delegation_create(
            actor=principal,
            principal=principal,
            delegate=people.staff,
            starts_on=starts_on,
            ends_on=starts_on,
            reason="出差",
        )
    client.force_login(people.staff)
    page = client.get("/").content.decode()
    assert "您正在代理 <strong>规划处长</strong>" in page
    assert "收发员" not in page
