from govoa.audit.models import AuditEvent
from govoa.core.vocabulary import Classification
from govoa.flow.forms import RemindForm
from govoa.flow.models import Reminder, TrailEntry, WorkItem
from govoa.flow.services.acts import work_item_act
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
    assert response.status_code == 409  # a second submission (see the test below)
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


def test_a_double_submitted_act_answers_409_with_a_message_and_changes_nothing(client, people):
    cast = memo_cast(people)
    instance = start_memo(people, make_memo(people, cast))
    [item] = open_items(instance)
    client.force_login(people.dept_head)
    form = {"action": "approve", "opinion": "同意"}
    assert client.post(f"/flow/items/{item.pk}/act/", form).status_code == 302
    item.refresh_from_db()
    counts = (TrailEntry.objects.count(), AuditEvent.objects.count(), WorkItem.objects.count())
    response = client.post(f"/flow/items/{item.pk}/act/", form)
    assert response.status_code == 409
    assert "该待办已办理，无需重复提交。" in response.content.decode()
    assert (
        TrailEntry.objects.count(),
        AuditEvent.objects.count(),
        WorkItem.objects.count(),
    ) == counts
    done_at = item.done_at
    item.refresh_from_db()
    assert (item.status, item.done_at) == (ItemStatus.DONE, done_at)
    assert len(open_items(instance, "review")) == 1


def test_a_refused_withdraw_shows_why_on_the_item_page(client, people):
    cast = memo_cast(people)
    instance = start_memo(people, make_memo(people, cast, title="收回测试件"))
    [item] = open_items(instance)
    client.force_login(people.dept_head)
    client.post(f"/flow/items/{item.pk}/act/", {"action": "approve"})
    [office] = open_items(instance, "review")
    client.force_login(cast.office_head)
    client.get(f"/flow/items/{office.pk}/")  # the next handler has opened it
    client.force_login(people.dept_head)
    response = client.post(f"/flow/items/{item.pk}/withdraw/")
    assert response.status_code == 409
    page = response.content.decode()
    assert "下一环节的办理人已经查看或办理，不能收回。" in page
    assert "收回测试件" in page
    assert "办理过程" in page
    item.refresh_from_db()
    assert item.status == ItemStatus.DONE


def test_a_refused_reminder_shows_why_with_its_status(client, people):
    cast = memo_cast(people)
    instance = start_memo(people, make_memo(people, cast))
    [item] = open_items(instance)
    work_item_act(actor=people.dept_head, item_id=item.pk, action="approve")
    client.force_login(people.staff)
    back = f"/flow/instances/{instance.pk}/"
    response = client.post(
        f"/flow/items/{item.pk}/remind/", {"channel": "system", "note": "", "back": back}
    )
    assert response.status_code == 409
    page = response.content.decode()
    assert "该事项已经办理，无需催办。" in page
    assert f'href="{back}"' in page
    assert not Reminder.objects.exists()


def test_classified_items_are_not_reminded_by_email_through_the_page(client, people):
    cast = memo_cast(people)
    people.dept_head.clearance = Classification.SECRET
    people.dept_head.save()
    pages = {}
    for level in (Classification.NONE, Classification.SECRET):
        instance = start_memo(people, make_memo(people, cast, classification=level))
        [first] = open_items(instance)
        work_item_act(actor=people.dept_head, item_id=first.pk, action="approve")
        [office] = open_items(instance, "review")
        client.force_login(cast.office_head)  # the office head may remind (here: themself)
        pages[level] = (office, client.get(f"/flow/items/{office.pk}/").content.decode())
    assert 'value="email"' in pages[Classification.NONE][1]
    secret_item, secret_page = pages[Classification.SECRET]
    assert "催办" in secret_page
    assert 'value="phone"' in secret_page
    assert 'value="email"' not in secret_page
    assert 'value="sms"' not in secret_page
    response = client.post(f"/flow/items/{secret_item.pk}/remind/", {"channel": "email"})
    assert response.status_code == 422
    assert "涉密文件不能通过邮件或短信催办" in response.content.decode()
    assert not Reminder.objects.exists()


def test_remind_form_offers_only_the_channels_allowed_for_the_level():
    secret = RemindForm({"channel": "email"}, classification=Classification.SECRET)
    assert [v for v, _ in secret.fields["channel"].choices] == ["system", "phone"]
    assert not secret.is_valid()
    assert RemindForm({"channel": "email"}, classification=Classification.INTERNAL).is_valid()
