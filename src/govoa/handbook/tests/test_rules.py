"""制度文件库 over HTTP: the permission matrix, a rule from the form through the principal
leader's approval to publication, revision history, 废止, the requester who may not approve,
the global search, and a flow step that shows the clause it follows."""

import pytest

from govoa.audit.models import AuditEvent
from govoa.core.errors import ValidationFailed
from govoa.core.vocabulary import Role
from govoa.flow.definition import Vocabulary, parse, validate
from govoa.flow.models import FlowTemplate, WorkItem
from govoa.flow.workflow import ItemStatus
from govoa.handbook.models import Rule, RuleVersion
from govoa.search.indexing import search_reindex
from govoa.search.selectors import SearchFilters, search_entries
from govoa.testing.clock import FROZEN_TODAY
from govoa.testing.factories import grant
from govoa.testing.handbook import approve, office_head, propose_rule, published_rule
from govoa.testing.permissions import Matrix

# Effective dates are built from the frozen today: the clock is named.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_clock")]


def _item(version: RuleVersion) -> WorkItem:
    return WorkItem.objects.get(
        instance__subject_type="handbook.ruleversion",
        instance__subject_id=version.pk,
        status=ItemStatus.OPEN,
    )


def test_permission_matrix(client, people, other_agency_person):
    rule = published_rule(people)
    head = office_head(people)
    for url in [f"/handbook/rules/{rule.pk}/", f"/api/v1/rules/{rule.pk}"]:
        Matrix(url, api=url.startswith("/api/")).check(
            client, in_scope=people.staff, out_of_scope=other_agency_person
        )
    for url in ["/handbook/", "/handbook/posts/", "/handbook/learning/", "/handbook/training/"]:
        Matrix(url).check(client, in_scope=people.staff)
    Matrix("/handbook/rules/new/", out_of_scope_status=403).check(
        client, in_scope=head, out_of_scope=people.staff
    )
    for url in [f"/handbook/rules/{rule.pk}/revise/", f"/handbook/rules/{rule.pk}/repeal/"]:
        Matrix(url, method="post", in_scope_status=400).check(
            client, in_scope=head, out_of_scope=other_agency_person
        )
    client.force_login(people.audit_admin)
    assert client.get("/handbook/").status_code == 403
    assert client.get(f"/handbook/rules/{rule.pk}/").status_code == 403


def test_a_rule_from_the_form_to_publication(client, people):
    head = office_head(people)
    client.force_login(head)
    form = {
        "code": "huiyi",
        "title": "会议管理规定",
        "category": "meetings",
        "version": "2026 年版",
        "effective_on": FROZEN_TODAY.isoformat(),
        "body": "会议实行年度计划管理。\n临时会议须说明理由。",
        "change_note": "首次制定",
    }
    assert client.post("/handbook/rules/new/", {**form, "code": "会议"}).status_code == 400
    assert not Rule.objects.exists()
    created = client.post("/handbook/rules/new/", form)
    assert created.status_code == 302
    rule = Rule.objects.get(code="huiyi")
    assert rule.status == "draft"
    duplicate = client.post("/handbook/rules/new/", form)
    assert duplicate.status_code == 422
    assert "制度代码已被使用" in duplicate.content.decode()
    version = rule.versions.get()
    item = _item(version)
    assert item.assignee == people.principal
    # The one who asked never approves: the item is not theirs (404), nothing changes.
    assert client.post(f"/flow/items/{item.pk}/act/", {"action": "approve"}).status_code == 404
    version.refresh_from_db()
    assert version.status == "reviewing"
    client.force_login(people.principal)
    client.post(f"/flow/items/{item.pk}/act/", {"action": "approve", "opinion": "同意"})
    rule.refresh_from_db()
    version.refresh_from_db()
    assert (rule.status, rule.current_id, version.status) == ("current", version.pk, "published")
    assert version.approved_by == people.principal
    client.force_login(people.staff)
    page = client.get(f"/handbook/rules/{rule.pk}/").content.decode()
    assert 'id="clause-2"' in page
    assert "临时会议须说明理由" in page
    assert "主任" in page  # 批准人 in the history
    assert AuditEvent.objects.filter(
        action="handbook.rule.publish", object_id=str(rule.pk)
    ).exists()


def test_the_principal_as_keeper_cannot_approve_their_own_rule(people):
    """Separation of duties is template data: the only principal leader asked, so nobody may
    approve — the proposal is refused whole, with the rule named, and nothing is written."""
    grant(people.principal, Role.OFFICE_HEAD)
    people.principal.forget_roles()
    with pytest.raises(ValidationFailed, match="提请人"):
        propose_rule(people, code="shouce", title="办公室工作手册")
    assert not Rule.objects.exists()
    assert not RuleVersion.objects.exists()


def test_revision_history_and_repeal(client, people):
    rule = published_rule(people)
    first = rule.current
    head = office_head(people)
    client.force_login(head)
    revision = {
        "version": "2027 年版",
        "effective_on": FROZEN_TODAY.replace(year=FROZEN_TODAY.year + 1, month=1, day=1),
        "body": "收文应当逐件登记。\n办结后及时归档。",
        "change_note": "年度修订",
    }
    assert client.post(f"/handbook/rules/{rule.pk}/revise/", revision).status_code == 302
    again = client.post(f"/handbook/rules/{rule.pk}/revise/", revision)
    assert again.status_code == 409  # one revision under approval at a time
    approve(people, rule.versions.get(status="reviewing"))
    rule.refresh_from_db()
    first.refresh_from_db()
    assert rule.current.version == "2027 年版"
    assert first.status == "superseded"
    history = client.get(f"/api/v1/rules/{rule.pk}").json()
    assert [v["version"] for v in history["versions"]] == ["2027 年版", "2026 年版"]
    assert history["clauses"] == ["收文应当逐件登记。", "办结后及时归档。"]
    repeal = {"effective_on": FROZEN_TODAY.isoformat(), "change_note": "并入办公室工作手册"}
    assert client.post(f"/handbook/rules/{rule.pk}/repeal/", repeal).status_code == 302
    approve(people, rule.versions.get(status="reviewing"))
    rule.refresh_from_db()
    assert rule.status == "repealed"
    refused = client.post(f"/handbook/rules/{rule.pk}/revise/", revision)
    assert refused.status_code == 409


def test_staff_cannot_propose_and_the_refusal_is_audited(client, people):
    client.force_login(people.staff)
    body = {
        "code": "baomi",
        "title": "保密管理规定",
        "category": "other",
        "version": "1",
        "effective_on": FROZEN_TODAY.isoformat(),
        "body": "第一条",
        "change_note": "制定",
    }
    response = client.post("/api/v1/rules", body, content_type="application/json")
    assert response.status_code == 403
    assert not Rule.objects.exists()
    assert AuditEvent.objects.filter(action="handbook.rule.propose", outcome="denied").exists()
    client.force_login(office_head(people))
    bad = client.post("/api/v1/rules", {**body, "category": "x"}, content_type="application/json")
    assert bad.status_code == 422
    made = client.post("/api/v1/rules", body, content_type="application/json")
    assert made.status_code == 201
    assert made.json()["status"] == "draft"


def test_published_rules_are_found_by_the_global_search(people, other_agency_person):
    published_rule(people)
    search_reindex()
    found = search_entries(person=people.staff, filters=SearchFilters(query="登记"))
    assert [(e.source, e.title) for e in found] == [("handbook", "公文处理办法")]
    assert not list(search_entries(person=other_agency_person, filters=SearchFilters(query="登记")))
    assert not list(search_entries(person=people.sys_admin, filters=SearchFilters(query="登记")))


def test_a_flow_step_shows_the_clause_it_follows(client, people):
    rule = published_rule(people)
    template = FlowTemplate.objects.get(code="rule_revision", agency=people.agency)
    definition = template.definition
    definition["nodes"][0]["clause"] = "gongwen#3"
    FlowTemplate.objects.filter(pk=template.pk).update(definition=definition)
    version = propose_rule(people, code="huiyi", title="会议管理规定")
    client.force_login(people.principal)
    page = client.get(f"/flow/items/{_item(version).pk}/").content.decode()
    assert "《公文处理办法》第三条" in page
    assert "收文应当逐件登记，一文一号。" in page
    assert f"/handbook/rules/{rule.pk}/#clause-3" in page


def test_a_clause_reference_is_checked_with_the_template():
    definition = parse(
        {
            "start": "a",
            "nodes": [
                {
                    "key": "a",
                    "name": "审批",
                    "kind": "task",
                    "assign": {"kind": "initiator"},
                    "actions": ["approve"],
                    "transitions": [{"to": "end"}],
                    "clause": "第三条",
                },
                {"key": "end", "name": "结束", "kind": "end"},
            ],
        }
    )
    problems = validate(definition, Vocabulary(predicates=[], scopes=[], people_fields=[]))
    assert any("依据条款" in p for p in problems)
