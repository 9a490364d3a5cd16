from govoa.flow.workflow import ItemStatus
from govoa.testing.flows import make_memo, memo_cast, open_items, start_memo
from govoa.testing.permissions import Matrix
from govoa.testing.queries import query_count


def test_item_page_matrix(client, people, other_agency_person):
    cast = memo_cast(people)
    instance = start_memo(people, make_memo(people, cast))
    [item] = open_items(instance)
    Matrix(f"/flow/items/{item.pk}/").check(
        client, in_scope=people.dept_head, out_of_scope=cast.energy_head
    )
    Matrix(f"/flow/instances/{instance.pk}/").check(
        client, in_scope=people.staff, out_of_scope=other_agency_person
    )


def test_act_through_the_page(client, people):
    cast = memo_cast(people)
    instance = start_memo(people, make_memo(people, cast, title="页面办理测试"))
    [item] = open_items(instance)
    client.force_login(people.dept_head)
    page = client.get(f"/flow/items/{item.pk}/").content.decode()
    assert "页面办理测试" in page
    assert "同意" in page
    assert "办理过程" in page
    response = client.post(f"/flow/items/{item.pk}/act/", {"action": "approve", "opinion": "好"})
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.status == ItemStatus.DONE
    response = client.post(f"/flow/items/{item.pk}/act/", {"action": "approve"})
    assert response.status_code == 400  # no longer an allowed choice on a done item
    [office] = open_items(instance, "review")
    client.force_login(cast.office_head)
    response = client.post(f"/flow/items/{office.pk}/act/", {"action": "approve"})
    assert response.status_code == 422
    assert "请选择“签发”的办理人" in response.content.decode()
    response = client.post(
        f"/flow/items/{office.pk}/act/", {"action": "approve", "next_assignees": [people.deputy.pk]}
    )
    assert response.status_code == 302


def test_withdraw_and_remind_through_the_page(client, people):
    cast = memo_cast(people)
    instance = start_memo(people, make_memo(people, cast))
    [item] = open_items(instance)
    client.force_login(people.dept_head)
    client.post(f"/flow/items/{item.pk}/act/", {"action": "approve"})
    assert "收回" in client.get(f"/flow/items/{item.pk}/").content.decode()
    assert client.post(f"/flow/items/{item.pk}/withdraw/").status_code == 302
    item.refresh_from_db()
    assert item.status == ItemStatus.OPEN
    client.force_login(people.staff)
    response = client.post(
        f"/flow/items/{item.pk}/remind/",
        {"channel": "system", "note": "请尽快", "back": "https://evil.example/"},
    )
    assert response["Location"] == "/"


def test_workbench_lists_items_with_subject_details(client, people):
    cast = memo_cast(people)
    start_memo(
        people, make_memo(people, cast, title="急件测试", urgent=True, number="测〔2026〕1号")
    )
    client.force_login(people.dept_head)
    page = client.get("/").content.decode()
    assert "急件测试" in page
    assert "测〔2026〕1号" in page
    assert "测试件" in page
    assert "部门负责人审核" in page
    for tab in ("to_read", "done", "mine", "reminders", "bogus"):
        assert client.get(f"/?tab={tab}").status_code == 200


def test_workbench_query_count_does_not_grow(client, people):
    from govoa.flow.services.acts import work_item_act
    from govoa.flow.services.reminders import work_item_remind

    cast = memo_cast(people)

    def add(n: int) -> None:
        """n more memos: every other one approved by the head, each open one reminded."""
        for k in range(n):
            instance = start_memo(people, make_memo(people, cast, title=f"件{k}"))
            [item] = open_items(instance)
            if k % 2:
                work_item_act(actor=people.dept_head, item_id=item.pk, action="approve")
            else:
                work_item_remind(actor=people.staff, item_id=item.pk)

    def counts() -> dict[str, int]:
        result = {}
        for person, tabs in (
            (people.dept_head, ("todo", "done", "reminders")),
            (people.staff, ("mine",)),
        ):
            client.force_login(person)
            client.get("/")
            for tab in tabs:
                result[tab] = query_count(lambda t=tab: client.get(f"/?tab={t}"))
        return result

    add(2)
    before = counts()
    add(12)
    assert counts() == before
