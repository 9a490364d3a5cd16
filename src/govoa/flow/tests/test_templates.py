import copy

import pytest

from govoa.audit.models import AuditEvent
from govoa.core.errors import Conflict, PermissionDenied, ValidationFailed
from govoa.flow.models import FlowTemplate
from govoa.flow.services.acts import work_item_act
from govoa.flow.services.templates import (
    template_current,
    template_draft,
    template_draft_discard,
    template_draft_save,
    template_node_delete,
    template_node_save,
    template_publish,
)
from govoa.flow.workflow import TemplateStatus
from govoa.testing.flows import make_memo, memo_cast, open_items, start_memo
from govoa.testing.permissions import Matrix


def _without_review(definition):
    """The same flow with 办公室核稿 removed: department review goes straight to 传阅."""
    data = copy.deepcopy(definition)
    data["nodes"] = [n for n in data["nodes"] if n["key"] != "review"]
    for node in data["nodes"]:
        node["transitions"] = [
            {**t, "to": "circulate" if t["to"] == "review" else t["to"]}
            for t in node["transitions"]
        ]
    return data


def test_running_instance_keeps_its_version_after_a_new_one_is_published(people):
    cast = memo_cast(people)
    old_instance = start_memo(people, make_memo(people, cast, title="旧流程中的件"))
    draft = template_draft(actor=people.sys_admin, code="memo_approval")
    assert draft.version == 2
    template_draft_save(
        actor=people.sys_admin, draft_id=draft.pk, definition=_without_review(draft.definition)
    )
    published = template_publish(actor=people.sys_admin, draft_id=draft.pk)
    assert published.status == TemplateStatus.PUBLISHED
    assert FlowTemplate.objects.get(version=1).status == TemplateStatus.RETIRED
    new_instance = start_memo(people, make_memo(people, cast, title="新流程中的件"))
    assert new_instance.template.version == 2
    old_instance.refresh_from_db()
    assert old_instance.template.version == 1
    # The old instance still goes through 办公室核稿; the new one skips it.
    for instance, expected in [
        (old_instance, {"review"}),
        (new_instance, {"circulate", "sign_off"}),
    ]:
        [first] = open_items(instance)
        work_item_act(
            actor=first.assignee,
            item_id=first.pk,
            action="approve",
            payload={"next_assignees": [people.deputy.pk]},
        )
        assert {i.node_key for i in open_items(instance)} == expected


def test_invalid_draft_cannot_be_published(people):
    draft = template_draft(actor=people.sys_admin, code="memo_approval")
    _saved, problems = template_node_delete(actor=people.sys_admin, draft_id=draft.pk, key="end")
    assert "流程没有结束节点。" in problems
    with pytest.raises(ValidationFailed) as excinfo:
        template_publish(actor=people.sys_admin, draft_id=draft.pk)
    assert "流程没有结束节点。" in excinfo.value.fields["definition"]
    assert template_current(agency=people.agency, code="memo_approval").version == 1


def test_node_editing_and_key_clash(people):
    draft = template_draft(actor=people.sys_admin, code="memo_approval")
    node = next(n for n in draft.definition["nodes"] if n["key"] == "review")
    _saved, problems = template_node_save(
        actor=people.sys_admin,
        draft_id=draft.pk,
        original_key="review",
        node={**node, "name": "综合处核稿", "deadline_days": 3},
    )
    assert problems == []
    draft.refresh_from_db()
    edited = next(n for n in draft.definition["nodes"] if n["key"] == "review")
    assert (edited["name"], edited["deadline_days"]) == ("综合处核稿", 3)
    with pytest.raises(ValidationFailed):
        template_node_save(
            actor=people.sys_admin,
            draft_id=draft.pk,
            original_key="review",
            node={**node, "key": "sign_off"},
        )
    assert AuditEvent.objects.filter(action="flow.template.edit").count() == 1


def test_only_one_draft_and_published_versions_are_frozen(people):
    draft = template_draft(actor=people.sys_admin, code="memo_approval")
    assert template_draft(actor=people.sys_admin, code="memo_approval") == draft
    published = template_current(agency=people.agency, code="memo_approval")
    with pytest.raises(Conflict):
        template_draft_save(
            actor=people.sys_admin, draft_id=published.pk, definition=published.definition
        )
    template_draft_discard(actor=people.sys_admin, draft_id=draft.pk)
    assert not FlowTemplate.objects.filter(status=TemplateStatus.DRAFT).exists()


def test_only_the_sys_admin_edits_templates(people):
    for actor in (people.sec_admin, people.principal, people.staff):
        with pytest.raises(PermissionDenied):
            template_draft(actor=actor, code="memo_approval")
    assert AuditEvent.objects.filter(action="flow.template.draft", outcome="denied").count() == 3


def test_template_screens_matrix(client, people):
    template = template_current(agency=people.agency, code="memo_approval")
    for url in [
        "/flow/templates/",
        f"/flow/templates/{template.pk}/",
        f"/flow/templates/{template.pk}/diagram.svg",
    ]:
        Matrix(url, out_of_scope_status=403).check(
            client, in_scope=people.sys_admin, out_of_scope=people.sec_admin
        )


def test_template_editing_over_http(client, people):
    client.force_login(people.sys_admin)
    template = template_current(agency=people.agency, code="memo_approval")
    page = client.get(f"/flow/templates/{template.pk}/").content.decode()
    assert "<svg" in page
    assert "部门负责人审核" in page
    assert "有会签部门" in page
    response = client.post(f"/flow/templates/code/{template.code}/draft/")
    draft = FlowTemplate.objects.get(status=TemplateStatus.DRAFT)
    assert response["Location"] == f"/flow/templates/{draft.pk}/"
    form = client.get(f"/flow/templates/{draft.pk}/nodes/review/")
    assert form.status_code == 200
    missing = client.get(f"/flow/templates/{draft.pk}/nodes/no-such-node/")
    assert missing.status_code == 404
    assert "该节点不存在" in missing.content.decode()
    data = {
        "key": "review",
        "name": "核稿",
        "kind": "task",
        "assign_kind": "role",
        "role": "office_head",
        "scope": "",
        "field": "",
        "deadline_days": "4",
        "actions": ["approve", "return"],
        "to_1": "circulate",
        "when_1": "",
        # As the form shows them (checked): the shipped rules may not be dropped.
        "differ_from": ["@initiator", "sign_off"],
    }
    assert client.post(f"/flow/templates/{draft.pk}/nodes/review/", data).status_code == 302
    bad = {**data, "key": "Bad Key"}
    response = client.post(f"/flow/templates/{draft.pk}/nodes/review/", bad)
    assert response.status_code == 400
    assert "节点代码应为小写字母开头" in response.content.decode()
    dead = {**data, "to_1": ""}
    client.post(f"/flow/templates/{draft.pk}/nodes/review/", dead, follow=True)
    page = client.get(f"/flow/templates/{draft.pk}/").content.decode()
    assert "死节点" in page
    response = client.post(f"/flow/templates/{draft.pk}/publish/", follow=True)
    assert "不能发布" in response.content.decode()
    client.post(f"/flow/templates/{draft.pk}/nodes/review/", data)
    response = client.post(f"/flow/templates/{draft.pk}/publish/", follow=True)
    assert "已发布为第 2 版" in response.content.decode()
    published = template_current(agency=people.agency, code="memo_approval")
    assert published.version == 2
    assert client.post(f"/flow/templates/{published.pk}/nodes/review/", data).status_code == 403


def test_diagram_is_plain_svg(client, people):
    client.force_login(people.sys_admin)
    template = template_current(agency=people.agency, code="memo_approval")
    response = client.get(f"/flow/templates/{template.pk}/diagram.svg")
    assert response["Content-Type"].startswith("image/svg+xml")
    svg = response.content.decode()
    assert svg.startswith("<svg")
    assert "<script" not in svg
    assert svg.count("<rect") == 6
    assert svg.count("<ellipse") == 1


def test_saving_a_node_keeps_its_labels_and_every_transition(client, people):
    draft = template_draft(actor=people.sys_admin, code="memo_approval")
    definition = copy.deepcopy(draft.definition)
    review = next(n for n in definition["nodes"] if n["key"] == "review")
    targets = ["dept_review", "countersign", "circulate", "sign_off", "confirm"]
    review["transitions"] = [{"to": to, "when": "has_dissent"} for to in targets[:-1]]
    review["transitions"].append({"to": targets[-1], "when": ""})
    review["labels"] = {"approve": "核稿通过"}
    template_draft_save(actor=people.sys_admin, draft_id=draft.pk, definition=definition)
    client.force_login(people.sys_admin)
    page = client.get(f"/flow/templates/{draft.pk}/nodes/review/").content.decode()
    assert 'name="to_5"' in page  # a row for each of the five transitions …
    assert 'name="to_7"' in page  # … and two empty ones to add more
    data = {
        "key": "review",
        "name": "综合处核稿",
        "kind": "task",
        "assign_kind": "role",
        "role": "office_head",
        "deadline_days": "2",
        "actions": ["approve", "return", "forward"],
    }
    for n, transition in enumerate(review["transitions"], start=1):
        data[f"to_{n}"], data[f"when_{n}"] = transition["to"], transition["when"]
    data["to_6"] = "end"
    response = client.post(f"/flow/templates/{draft.pk}/nodes/review/", data)
    assert response.status_code == 302
    draft.refresh_from_db()
    saved = next(n for n in draft.definition["nodes"] if n["key"] == "review")
    assert saved["name"] == "综合处核稿"
    assert saved["labels"] == {"approve": "核稿通过"}
    assert [t["to"] for t in saved["transitions"]] == [*targets, "end"]
    assert saved["transitions"][0]["when"] == "has_dissent"


def test_a_second_draft_request_racing_the_first_gets_the_same_draft(people, monkeypatch):
    """A double click: the second request looked for a draft before the first created it."""
    from govoa.flow.services import templates as services

    draft = template_draft(actor=people.sys_admin, code="memo_approval")
    real = services._existing_draft
    calls = []

    def not_yet_then_real(agency, code):
        calls.append(code)
        return None if len(calls) == 1 else real(agency, code)

    monkeypatch.setattr(services, "_existing_draft", not_yet_then_real)
    again = template_draft(actor=people.sys_admin, code="memo_approval")
    assert again.pk == draft.pk
    assert len(calls) == 2
    assert FlowTemplate.objects.filter(status=TemplateStatus.DRAFT).count() == 1
    assert AuditEvent.objects.filter(action="flow.template.draft").count() == 1


def test_double_clicked_draft_button_creates_one_draft(client, people):
    client.force_login(people.sys_admin)
    template = template_current(agency=people.agency, code="memo_approval")
    first = client.post(f"/flow/templates/code/{template.code}/draft/")
    second = client.post(f"/flow/templates/code/{template.code}/draft/")
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"]
    assert FlowTemplate.objects.filter(status=TemplateStatus.DRAFT).count() == 1
