"""Every list of flow titles is capped by the person's clearance now: someone whose 涉密等级
is lowered no longer sees what is above it in 已办, 我发起的 or 催办记录 either."""

import pytest

from govoa.core.vocabulary import Classification
from govoa.flow import selectors
from govoa.flow.services.acts import work_item_act
from govoa.flow.services.reminders import work_item_remind
from govoa.testing.flows import make_memo, memo_cast, open_items, start_memo

SECRET_TITLE = "秘密请示"
PLAIN_TITLE = "普通请示"


@pytest.fixture
def handled(people):
    """The drafter starts a 秘密 and a 非密 memo and reminds the second step of each; the
    department head has approved the first step of both."""
    cast = memo_cast(people)
    people.staff.clearance = Classification.SECRET
    people.staff.save(update_fields=["clearance"])
    for title, level in ((SECRET_TITLE, Classification.SECRET), (PLAIN_TITLE, Classification.NONE)):
        instance = start_memo(people, make_memo(people, cast, title=title, classification=level))
        [first] = open_items(instance)
        work_item_act(
            actor=people.dept_head, item_id=first.pk, action="approve", opinion="", payload={}
        )
        [second] = open_items(instance, "review")
        work_item_remind(actor=people.staff, item_id=second.pk, channel="system")
    return cast


def lower(person, level=Classification.INTERNAL):
    person.clearance = level
    person.save(update_fields=["clearance"])


def test_done_list_is_capped_by_clearance(people, handled):
    def titles():
        return {i.instance.title for i in selectors.work_items_done(person=people.dept_head)}

    assert titles() == {SECRET_TITLE, PLAIN_TITLE}
    lower(people.dept_head)
    assert titles() == {PLAIN_TITLE}
    done = selectors.work_items_list(person=people.dept_head, state="done")
    assert {i.instance.title for i in done} == {PLAIN_TITLE}


def test_started_list_is_capped_by_clearance(people, handled):
    def titles():
        return {i.title for i in selectors.instances_started(person=people.staff)}

    assert titles() == {SECRET_TITLE, PLAIN_TITLE}
    lower(people.staff)
    assert titles() == {PLAIN_TITLE}


def test_reminder_records_are_capped_by_clearance_for_sender_and_recipient(people, handled):
    def titles(person):
        return {r.work_item.instance.title for r in selectors.reminders_for(person=person)}

    office_head = handled.office_head
    assert titles(people.staff) == titles(office_head) == {SECRET_TITLE, PLAIN_TITLE}
    lower(people.staff)
    lower(office_head)
    assert titles(people.staff) == titles(office_head) == {PLAIN_TITLE}
