"""``/api/v1/supervision-tasks``: create, list (keyset), get, progress, steps, extension; the
flow's acts through ``/api/v1/work-items/{id}/act``; bad input is a Chinese 422 that changes
nothing."""

import datetime

from govoa.supervision.models import SupervisionTask
from govoa.supervision.workflow import TaskStatus
from govoa.testing.clock import FROZEN_TODAY
from govoa.testing.openapi import assert_documented
from govoa.testing.supervision import assign

API = "/api/v1/supervision-tasks"


def _body(people, **extra):
    return {
        "title": "编制2027年重点项目清单",
        "goal": "形成清单初稿",
        "deadline": (FROZEN_TODAY + datetime.timedelta(days=30)).isoformat(),
        "deliverables": "清单及说明",
        "owner": people.dept_head.pk,
        **extra,
    }


def _post(client, url, body):
    return client.post(url, body, content_type="application/json")


def _act(client, item, action, **extra):
    response = _post(client, f"/api/v1/work-items/{item['id']}/act", {"action": action, **extra})
    assert response.status_code == 200, response.json()
    return response


def test_the_routine_through_the_api(client, people):
    client.force_login(people.deputy)
    created = _post(client, API, _body(people))
    assert created.status_code == 201, created.json()
    assert_documented(created, "post", API)
    task = created.json()
    assert task["glance_label"] == "未开始"
    assert task["owner"]["name"] == "规划处长"
    url = f"{API}/{task['id']}"

    client.force_login(people.dept_head)
    (confirm,) = client.get(url).json()["work_items"]
    assert confirm["node_key"] == "confirm"
    _act(client, confirm, "approve", opinion="无异议")
    client.force_login(people.deputy)
    (sign,) = client.get(url).json()["work_items"]
    _act(client, sign, "approve")

    client.force_login(people.dept_head)
    step = _post(
        client,
        f"{url}/steps",
        {
            "title": "梳理项目库",
            "owner": people.staff.pk,
            "starts_on": FROZEN_TODAY.isoformat(),
            "milestone": (FROZEN_TODAY + datetime.timedelta(days=7)).isoformat(),
        },
    )
    assert step.status_code == 201
    report = _post(client, f"{url}/progress-reports", {"progress": "已完成三成", "percent": 30})
    assert report.status_code == 201
    assert report.json()["reports"][0]["percent"] == 30
    later = (FROZEN_TODAY + datetime.timedelta(days=40)).isoformat()
    asked = _post(client, f"{url}/extensions", {"requested_deadline": later, "reason": "等数据"})
    assert asked.status_code == 201
    again = _post(client, f"{url}/extensions", {"requested_deadline": later, "reason": "再次"})
    assert again.status_code == 409
    assert_documented(again, "post", f"{API}/{{task_id}}/extensions")

    client.force_login(people.deputy)
    (decide,) = client.get(url).json()["work_items"]
    assert decide["node_key"] == "decide"
    _act(client, decide, "approve", opinion="同意")
    assert client.get(url).json()["deadline"] == later

    client.force_login(people.dept_head)
    (execute,) = client.get(url).json()["work_items"]
    refused = _post(
        client, f"/api/v1/work-items/{execute['id']}/act", {"action": "approve", "opinion": "完成"}
    )
    assert refused.status_code == 422
    assert set(refused.json()["error"]["fields"]) == {"conclusion", "data", "suggestions"}
    _act(
        client,
        execute,
        "approve",
        opinion="完成",
        payload={"conclusion": "已完成", "data": "52 个项目", "suggestions": "提交审定"},
    )
    client.force_login(people.deputy)
    (accept,) = client.get(url).json()["work_items"]
    # 验收 answers its 办事三实 list (shown by the item's GET).
    shown = client.get(f"/api/v1/work-items/{accept['id']}").json()["checklist"]
    assert shown["name"] == "办事三实"
    _act(client, accept, "approve", checklist=shown["items"])
    assert SupervisionTask.objects.get().status == TaskStatus.COMPLETED


def test_list_pages_by_keyset_without_a_count(client, people):
    made = [assign(people, title=f"任务{n}") for n in range(5)]
    client.force_login(people.dept_head)
    first = client.get(API, {"page_size": 2}).json()
    assert [t["id"] for t in first["items"]] == [made[4].pk, made[3].pk]
    assert "count" not in first
    second = client.get(API, {"page_size": 2, "before": first["next_before"]}).json()
    assert [t["id"] for t in second["items"]] == [made[2].pk, made[1].pk]
    last = client.get(API, {"page_size": 2, "before": second["next_before"]}).json()
    assert [t["id"] for t in last["items"]] == [made[0].pk]
    assert last["next_before"] is None
    overdue = client.get(API, {"status": "overdue"}).json()
    assert overdue["items"] == []
    assert client.get(API, {"status": "nonsense"}).status_code == 422


def test_bad_input_is_422_and_changes_nothing(client, people):
    client.force_login(people.deputy)
    for body in [
        _body(people, title=""),
        _body(people, deadline="2020-01-01"),
        _body(people, owner=999999),
        _body(people, owner=people.deputy.pk),
        _body(people, unknown="x"),
        [None, None],
    ]:
        response = _post(client, API, body)
        assert response.status_code == 422, (body, response.status_code)
        assert response.json()["error"]["message"]
    client.force_login(people.staff)
    assert _post(client, API, _body(people)).status_code == 403
    assert not SupervisionTask.objects.exists()


def test_outsiders_get_404_and_only_the_owner_reports(client, people, other_agency_person):
    task = assign(people)
    url = f"{API}/{task.pk}"
    for outsider in [other_agency_person, people.registrar, people.sys_admin]:
        client.force_login(outsider)
        assert client.get(url).status_code == 404
        assert _post(client, f"{url}/progress-reports", {"progress": "x"}).status_code == 404
        assert task.pk not in [t["id"] for t in client.get(API).json()["items"]]
    client.force_login(people.deputy)  # sees it, but is not the owner
    assert _post(client, f"{url}/progress-reports", {"progress": "x"}).status_code == 403
    client.force_login(people.dept_head)  # the owner, before the task is under way
    assert _post(client, f"{url}/progress-reports", {"progress": "x"}).status_code == 409
