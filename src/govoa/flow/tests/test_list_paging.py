"""Lists that do not grow with history (issue 9): capped counts on pages and in the API, the
work-item list filtered by subject, and the 密级 the items carry following their flow."""

import datetime

import pytest

from govoa.core import paging
from govoa.core.vocabulary import Classification
from govoa.flow.models import FlowInstance, WorkItem
from govoa.flow.services.acts import flow_subject_refresh
from govoa.flow.workflow import ItemStatus, NodeKind
from govoa.testing.flows import make_memo, memo_cast, open_items, start_memo


def _done_history(person, instance, n):
    """``n`` items the person handled, newest first by a minute each."""
    at = instance.started_at
    WorkItem.objects.bulk_create(
        WorkItem(
            instance=instance,
            node_key="review",
            node_name="审核",
            kind=NodeKind.TASK,
            activation=1,
            assignee=person,
            acted_by=person,
            status=ItemStatus.DONE,
            action="approve",
            created_at=at - datetime.timedelta(minutes=i + 1),
            done_at=at - datetime.timedelta(minutes=i),
            classification=instance.classification,
        )
        for i in range(n)
    )


@pytest.fixture
def history(people):
    instance = start_memo(people, make_memo(people, memo_cast(people), title="历史事项"))
    _done_history(people.dept_head, instance, 7)
    return instance


def test_a_page_counts_only_up_to_the_cap(client, people, history, monkeypatch):
    monkeypatch.setattr(paging, "COUNT_CAP", 5)
    client.force_login(people.dept_head)
    page = client.get("/?tab=done")
    paginator = page.context["page_obj"].paginator
    assert paginator.count == 6  # 5 + 1: "more than 5", the other rows never counted
    assert paginator.capped
    assert "超过 5 条" in page.content.decode()
    monkeypatch.setattr(paging, "COUNT_CAP", 1000)
    page = client.get("/?tab=done")
    assert page.context["page_obj"].paginator.count == 7
    assert "共 7 条" in page.content.decode()


def test_the_api_says_when_its_count_is_capped(client, people, history, monkeypatch):
    client.force_login(people.dept_head)
    body = client.get("/api/v1/work-items?state=done").json()
    assert (body["count"], body["count_capped"]) == (7, False)
    monkeypatch.setattr(paging, "COUNT_CAP", 3)
    body = client.get("/api/v1/work-items?state=done&page_size=2").json()
    assert (body["count"], body["count_capped"], len(body["items"])) == (3, True, 2)
    # Pages past the first 10,000 rows are refused: an OFFSET that deep reads every row.
    response = client.get("/api/v1/work-items?state=done&page=101&page_size=100")
    assert response.status_code == 422
    assert "筛选条件" in response.json()["error"]["message"]


def test_work_items_filter_by_subject(client, people):
    cast = memo_cast(people)
    first = start_memo(people, make_memo(people, cast, title="第一件"))
    second = start_memo(people, make_memo(people, cast, title="第二件"))
    client.force_login(people.dept_head)
    assert client.get("/api/v1/work-items").json()["count"] == 2
    body = client.get(f"/api/v1/work-items?subject=memo:{second.subject_id}").json()
    assert [i["id"] for i in body["items"]] == [i.pk for i in open_items(second)]
    assert body["items"][0]["id"] not in [i.pk for i in open_items(first)]
    nothing = client.get(f"/api/v1/work-items?subject=memo:{second.subject_id + 1000}").json()
    assert nothing["count"] == 0
    for raw in ("memo", "memo:x", "nosuch:1", "memo:-1", ":1", "memo:99999999999999999999"):
        response = client.get("/api/v1/work-items", {"subject": raw})
        assert response.status_code == 422, raw
        assert "模块:编号" in response.json()["error"]["message"]


def test_items_carry_the_flows_classification(people):
    cast = memo_cast(people)
    memo = make_memo(people, cast, title="密级随流程", classification=Classification.INTERNAL)
    instance = start_memo(people, memo)
    assert {i.classification for i in open_items(instance)} == {Classification.INTERNAL}
    memo.classification = Classification.SECRET
    memo.save()
    flow_subject_refresh(instance=instance)
    instance = FlowInstance.objects.get(pk=instance.pk)
    assert instance.classification == Classification.SECRET
    assert set(instance.items.values_list("classification", flat=True)) == {Classification.SECRET}
