import pytest

from govoa.flow.models import Reminder
from govoa.flow.workflow import ItemStatus
from govoa.testing.flows import make_memo, memo_cast, open_items, start_memo
from govoa.testing.permissions import Matrix
from govoa.testing.queries import query_count


@pytest.fixture
def flow(people):
    cast = memo_cast(people)
    instance = start_memo(people, make_memo(people, cast, title="关于接口测试的请示"))
    return cast, instance, open_items(instance)[0]


def post(client, url, data):
    return client.post(url, data, content_type="application/json")


def test_inbox_and_item(client, people, flow):
    _cast, _instance, item = flow
    client.force_login(people.dept_head)
    body = client.get("/api/v1/work-items").json()
    assert body["count"] == 1
    listed = body["items"][0]
    assert listed["subject"]["title"] == "关于接口测试的请示"
    assert listed["subject"]["module_label"] == "测试件"
    assert listed["subject"]["classification_label"] == "非密"
    assert listed["node_name"] == "部门负责人审核"
    detail = client.get(f"/api/v1/work-items/{item.pk}").json()
    assert detail["allowed_actions"] == ["approve", "reject", "forward", "add_signer"]
    item.refresh_from_db()
    assert item.opened_at is not None


def test_act_then_the_same_act_again_is_409(client, people, flow):
    _cast, instance, item = flow
    client.force_login(people.dept_head)
    response = post(
        client, f"/api/v1/work-items/{item.pk}/act", {"action": "approve", "opinion": "同意"}
    )
    assert response.status_code == 200
    assert response.json()["status"] == ItemStatus.DONE
    again = post(client, f"/api/v1/work-items/{item.pk}/act", {"action": "approve"})
    assert again.status_code == 409
    assert again.json()["error"]["code"] == "already_handled"
    trail = client.get(f"/api/v1/flows/{instance.pk}/trail").json()
    assert [e["text"] for e in trail] == ["规划科员 发起", "规划处长 同意：同意"]


def test_bad_act_input_is_422_and_changes_nothing(client, people, flow):
    _cast, _instance, item = flow
    client.force_login(people.dept_head)
    for body in [
        {"action": "fly"},
        {"action": "approve", "opinion": "x" * 2001},
        {"action": "forward", "to_person": "abc"},
        {"action": "forward", "to_person": 10**20},  # no database id is that large
        {},
    ]:
        response = post(client, f"/api/v1/work-items/{item.pk}/act", body)
        assert response.status_code == 422, body
        assert response.json()["error"]["message"]
    response = post(
        client, f"/api/v1/work-items/{item.pk}/act", {"action": "forward", "opinion": "请代办"}
    )
    assert response.status_code == 422
    assert response.json()["error"]["fields"] == {"to_person": ["请选择本机关的在职人员。"]}
    response = post(client, f"/api/v1/work-items/{item.pk}/act", {"action": "return"})
    assert response.status_code == 409  # the first node allows no 退回
    item.refresh_from_db()
    assert item.status == ItemStatus.OPEN


def test_permission_matrix(client, people, flow, other_agency_person):
    cast, instance, item = flow
    Matrix("/api/v1/work-items", api=True).check(client, in_scope=people.dept_head)
    Matrix(f"/api/v1/work-items/{item.pk}", api=True).check(
        client, in_scope=people.dept_head, out_of_scope=cast.energy_head
    )
    Matrix(f"/api/v1/flows/{instance.pk}/trail", api=True).check(
        client, in_scope=people.staff, out_of_scope=other_agency_person
    )
    Matrix(
        f"/api/v1/work-items/{item.pk}/act", method="post", api=True, data={"action": "approve"}
    ).check(client, in_scope=people.dept_head, out_of_scope=people.principal)


def test_filters(client, people, flow):
    _cast, _instance, _item = flow
    client.force_login(people.dept_head)
    assert client.get("/api/v1/work-items?module=memo").json()["count"] == 1
    assert client.get("/api/v1/work-items?module=incoming").json()["count"] == 0
    assert client.get("/api/v1/work-items?overdue=true").json()["count"] == 0
    assert client.get("/api/v1/work-items?state=done").json()["count"] == 0
    assert client.get("/api/v1/work-items?state=nonsense").status_code == 422
    assert client.get("/api/v1/work-items?page_size=1000").status_code == 422


def test_remind(client, people, flow):
    cast, _instance, item = flow
    client.force_login(people.staff)  # the initiator may remind
    response = post(
        client, f"/api/v1/work-items/{item.pk}/remind", {"channel": "email", "note": "请今天办结"}
    )
    assert response.status_code == 201
    assert response.json()["sent_to"]["name"] == "规划处长"
    reminder = Reminder.objects.get()
    assert (reminder.sent_by, reminder.channel) == (people.staff, "email")
    client.force_login(cast.readers[0])  # not involved, not a registrar
    assert post(client, f"/api/v1/work-items/{item.pk}/remind", {}).status_code == 404
    client.force_login(people.registrar)  # the registrar may remind anyone's item
    assert post(client, f"/api/v1/work-items/{item.pk}/remind", {}).status_code == 201


def test_inbox_query_count_does_not_grow(client, people):
    cast = memo_cast(people)
    start_memo(people, make_memo(people, cast, title="第1件"))
    client.force_login(people.dept_head)
    client.get("/api/v1/work-items")
    few = query_count(lambda: client.get("/api/v1/work-items"))
    for n in range(2, 15):
        start_memo(people, make_memo(people, cast, title=f"第{n}件"))
    assert client.get("/api/v1/work-items").json()["count"] == 14
    assert query_count(lambda: client.get("/api/v1/work-items")) == few


@pytest.mark.parametrize(
    "raw",
    ["[null,null]", "null", '"请办理"', "3", "[]", '{"channel": "system", "junk": 1}'],
)
def test_a_remind_body_that_is_not_the_documented_object_is_422(client, people, flow, raw):
    _cast, _instance, item = flow
    client.force_login(people.registrar)
    response = client.post(
        f"/api/v1/work-items/{item.pk}/remind", raw, content_type="application/json"
    )
    assert response.status_code == 422
    error = response.json()["error"]
    assert (error["code"], error["message"]) == ("invalid", "提交的内容有误，请按提示修改。")
    assert error["fields"]
    assert not Reminder.objects.exists()


@pytest.mark.parametrize("raw", ["[null,null]", '[{"action": "approve"}]', '"approve"'])
def test_an_act_body_that_is_not_an_object_is_422(client, people, flow, raw):
    _cast, _instance, item = flow
    client.force_login(people.dept_head)
    response = client.post(
        f"/api/v1/work-items/{item.pk}/act", raw, content_type="application/json"
    )
    assert response.status_code == 422
    assert response.json()["error"]["code"] == "invalid"
    item.refresh_from_db()
    assert item.status == ItemStatus.OPEN


def _act(client, item_id, body):
    response = post(client, f"/api/v1/work-items/{item_id}/act", body)
    assert response.status_code == 200, response.content
    return response.json()


def _as_read(client, item_id, acted):
    """The act's answer, less ``next_items``, equals what a read of the item answers."""
    read = client.get(f"/api/v1/work-items/{item_id}").json()
    if acted["status"] == "open":  # a read of an open item notes it opened; the act did not
        read["opened_at"] = acted["opened_at"]
    assert {k: v for k, v in acted.items() if k != "next_items"} == read


def test_an_act_names_the_items_it_opened(client, people, flow):
    cast, instance, item = flow
    client.force_login(people.dept_head)
    acted = _act(client, item.pk, {"action": "approve", "opinion": "同意"})
    opened = open_items(instance)
    assert [n["id"] for n in acted["next_items"]] == [i.pk for i in opened]
    first = acted["next_items"][0]
    assert first["node_key"] == "review"
    assert first["node_name"] == "办公室核稿"
    assert first["kind"] == "task"
    assert first["assignee"] == {"id": cast.office_head.pk, "name": "办公室主任"}
    assert first["delegated_from"] is None
    assert first["due_date"] == opened[0].due_date.isoformat()
    assert acted["can_withdraw"] is True  # nobody opened the next item yet
    _as_read(client, item.pk, acted)
    # The next handler acts on the named item, found without the inbox.
    client.force_login(cast.office_head)
    acted = _act(client, first["id"], {"action": "approve", "next_assignees": [people.deputy.pk]})
    # The 传阅 items (read beside the flow) and the 签发 item it moved on to.
    named = [(n["node_key"], n["kind"], n["assignee"]["id"]) for n in acted["next_items"]]
    assert named == [
        *[("circulate", "notice", i.assignee_id) for i in open_items(instance, "circulate")],
        ("sign_off", "task", people.deputy.pk),
    ]
    assert len(named) > 1
    _as_read(client, first["id"], acted)


def test_acts_that_keep_or_return_the_item_answer_as_a_read(client, people, flow):
    cast, _instance, item = flow
    client.force_login(people.dept_head)
    added = _act(client, item.pk, {"action": "add_signer", "to_person": cast.energy_head.pk})
    # 加签: the item stays open with its actions; the added signer's item is named.
    assert added["status"] == "open"
    assert added["allowed_actions"] == ["approve", "reject", "forward", "add_signer"]
    assert [(n["node_key"], n["assignee"]["id"]) for n in added["next_items"]] == [
        ("dept_review", cast.energy_head.pk)
    ]
    _as_read(client, item.pk, added)
    client.force_login(cast.energy_head)
    signer_item = added["next_items"][0]["id"]
    assert _act(client, signer_item, {"action": "approve"})["next_items"] == []  # waits
    client.force_login(people.dept_head)
    approved = _act(client, item.pk, {"action": "approve"})
    # The added signer's done item was opened by this one: 收回 is no longer possible.
    assert approved["can_withdraw"] is False
    _as_read(client, item.pk, approved)
    review = approved["next_items"][0]["id"]
    client.force_login(cast.office_head)
    returned = _act(client, review, {"action": "return", "opinion": "请修改"})
    assert [(n["node_key"], n["assignee"]["id"]) for n in returned["next_items"]] == [
        ("dept_review", people.dept_head.pk)
    ]
    _as_read(client, review, returned)


def test_withdraw_answers_the_reopened_item(client, people, flow):
    _cast, _instance, item = flow
    client.force_login(people.dept_head)
    _act(client, item.pk, {"action": "approve"})
    withdrawn = _act(client, item.pk, {"action": "withdraw"})
    assert withdrawn["status"] == "open"
    assert withdrawn["next_items"] == []
    _as_read(client, item.pk, withdrawn)


def test_next_items_are_documented(client, people):
    client.force_login(people.staff)
    schema = client.get("/api/v1/openapi.json").json()
    act = schema["paths"]["/api/v1/work-items/{item_id}/act"]["post"]
    ref = act["responses"]["200"]["content"]["application/json"]["schema"]["$ref"]
    out = schema["components"]["schemas"][ref.rsplit("/", 1)[1]]
    assert "next_items" in out["required"]
    assert "本次办理开启的事项" in out["properties"]["next_items"]["description"]
