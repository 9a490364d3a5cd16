import threading

import pytest
from django.db import connection

from govoa.core.errors import AlreadyHandled
from govoa.flow.models import TrailEntry
from govoa.flow.services.acts import work_item_act
from govoa.testing.flows import make_memo, memo_cast, open_items, start_memo

pytestmark = [pytest.mark.postgres_only, pytest.mark.django_db(transaction=True)]


def test_twenty_parallel_acts_on_one_item_exactly_one_wins(people):
    cast = memo_cast(people)
    instance = start_memo(people, make_memo(people, cast))
    [item] = open_items(instance)
    outcomes: list[str] = []
    lock = threading.Lock()
    barrier = threading.Barrier(20)

    def attempt() -> None:
        try:
            barrier.wait()
            work_item_act(actor=people.dept_head, item_id=item.pk, action="approve", opinion="同意")
            result = "ok"
        except AlreadyHandled:
            result = "409"
        except Exception as exc:
            result = repr(exc)
        finally:
            connection.close()
        with lock:
            outcomes.append(result)

    threads = [threading.Thread(target=attempt) for _ in range(20)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes) == ["409"] * 19 + ["ok"], outcomes
    assert TrailEntry.objects.filter(instance=instance, action="approve").count() == 1
    assert len(open_items(instance, "review")) == 1


def test_parallel_signers_acting_at_once_complete_the_node_once(people):
    cast = memo_cast(people)
    instance = start_memo(people, make_memo(people, cast, countersign=True))
    [first] = open_items(instance)
    work_item_act(actor=first.assignee, item_id=first.pk, action="approve")
    signers = open_items(instance, "countersign")
    errors: list[BaseException] = []
    barrier = threading.Barrier(len(signers))

    def sign(item) -> None:
        try:
            barrier.wait()
            work_item_act(actor=item.assignee, item_id=item.pk, action="approve")
        except BaseException as exc:
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=sign, args=(s,)) for s in signers]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert len(open_items(instance, "review")) == 1  # entered once, not twice


def test_drafts_requested_at_once_give_one_draft(people):
    from govoa.flow.models import FlowTemplate
    from govoa.flow.services.templates import template_current, template_draft
    from govoa.flow.workflow import TemplateStatus

    template_current(agency=people.agency, code="memo_approval")
    results: list[object] = []
    lock = threading.Lock()
    barrier = threading.Barrier(8)

    def attempt() -> None:
        try:
            barrier.wait()
            result: object = template_draft(actor=people.sys_admin, code="memo_approval").pk
        except Exception as exc:
            result = repr(exc)
        finally:
            connection.close()
        with lock:
            results.append(result)

    threads = [threading.Thread(target=attempt) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    draft = FlowTemplate.objects.get(status=TemplateStatus.DRAFT)
    assert results == [draft.pk] * 8, results
