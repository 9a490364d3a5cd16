from govoa.audit.chain import chain_pending
from govoa.audit.checkpoints import checkpoint_create
from govoa.audit.models import AuditEvent
from govoa.audit.services import audit_record
from govoa.audit.tests.tampering import tamper
from govoa.testing.permissions import Matrix
from govoa.testing.queries import query_count


def test_only_the_audit_admin_reads_the_log(client, people):
    event = audit_record(action="test.event.x", actor=people.staff)
    for url in ["/audit/", "/audit/export.xlsx", f"/audit/{event.pk}/", "/audit/checkpoints/"]:
        for other in (people.sys_admin, people.sec_admin, people.staff):
            Matrix(url, out_of_scope_status=403).check(
                client, in_scope=people.audit_admin, out_of_scope=other
            )
    Matrix("/audit/verify/", method="post", out_of_scope_status=403).check(
        client, in_scope=people.audit_admin, out_of_scope=people.sys_admin
    )


def test_other_agencies_events_are_invisible(client, people, other_agency_person):
    mine = audit_record(action="test.mine.x", actor=people.staff)
    theirs = audit_record(action="test.theirs.x", actor=other_agency_person)
    client.force_login(people.audit_admin)
    html = client.get("/audit/").content.decode()
    assert "test.mine.x" in html
    assert "test.theirs.x" not in html
    assert client.get(f"/audit/{theirs.pk}/").status_code == 404
    assert client.get(f"/audit/{mine.pk}/").status_code == 200


def test_filters_and_export_are_audited(client, people):
    audit_record(action="accounts.session.login", actor=people.staff)
    audit_record(action="org.person.update", actor=people.sys_admin)
    client.force_login(people.audit_admin)
    page = client.get("/audit/", {"action": "accounts.session", "actor": "规划"})
    assert [e.action for e in page.context["page_obj"]] == ["accounts.session.login"]
    response = client.get("/audit/export.xlsx", {"action": "org."})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    export = AuditEvent.objects.get(action="audit.event.export")
    assert export.actor_id == people.audit_admin.pk
    assert export.details["rows"] == 1


def test_bad_filter_values_do_not_break_the_page(client, people):
    client.force_login(people.audit_admin)
    response = client.get("/audit/", {"since": "not-a-date", "outcome": "weird", "page": "x"})
    assert response.status_code == 200


def test_verify_screen(client, people):
    audit_record(action="test.thing.x", actor=people.staff)
    chain_pending()
    checkpoint_create()
    audit_record(action="test.thing.y", actor=people.staff)
    client.force_login(people.audit_admin)
    html = client.post("/audit/verify/").content.decode()
    assert "审计链校验通过" in html
    assert "审计链完整，共 1 条" in html
    assert "<dt>待入链</dt><dd>1 条（系统在数秒内自动入链）" in html
    assert "数据库 1 个，检查点文件 1 个" in html
    recorded = AuditEvent.objects.get(action="audit.chain.verify")
    assert recorded.outcome == "success"
    assert recorded.details["result"].startswith("OK：")


def test_verify_screen_names_the_break(client, people):
    event = audit_record(action="test.thing.x", actor=people.staff)
    chain_pending()
    tamper("UPDATE audit_auditevent SET actor_name = %s WHERE id = %s", ["假冒", event.pk])
    client.force_login(people.audit_admin)
    html = client.post("/audit/verify/").content.decode()
    assert "审计链校验未通过" in html
    assert f"审计链在第 1 条（审计事件 #{event.pk}）处断开：内容哈希不符" in html
    assert AuditEvent.objects.get(action="audit.chain.verify").outcome == "failure"


def _checkpoints(n: int) -> list[int]:
    seqs = []
    for i in range(n):
        audit_record(action=f"test.cp.{i}")
        chain_pending()
        seqs.append(checkpoint_create().seq)
    return seqs


def test_checkpoints_page_latest_first_paged_by_key(client, people):
    client.force_login(people.audit_admin)
    empty = client.get("/audit/checkpoints/").content.decode()
    assert "还没有检查点" in empty
    assert "检查点文件尚无记录" in empty
    seqs = _checkpoints(53)
    first = client.get("/audit/checkpoints/")
    shown = [cp.seq for cp in first.context["page"].checkpoints]
    assert shown == seqs[::-1][:50]
    assert first.context["page"].latest_in_file.seq == seqs[-1]
    html = first.content.decode()
    assert f"?before={shown[-1]}" in html
    second = client.get("/audit/checkpoints/", {"before": shown[-1]})
    assert [cp.seq for cp in second.context["page"].checkpoints] == seqs[::-1][50:]
    assert second.context["page"].older_than is None
    assert "更早" not in second.content.decode()


def test_checkpoints_page_ignores_a_bad_cursor_and_costs_constant_queries(client, people):
    client.force_login(people.audit_admin)
    _checkpoints(2)
    for bad in ("x", "-1", "99999999999999999999999", "1.5"):
        assert client.get("/audit/checkpoints/", {"before": bad}).status_code == 200
    few = query_count(lambda: client.get("/audit/checkpoints/"))
    _checkpoints(60)
    assert query_count(lambda: client.get("/audit/checkpoints/")) == few
    assert query_count(lambda: client.get("/audit/checkpoints/", {"before": "30"})) == few


def test_list_query_count_is_constant(client, people):
    client.force_login(people.audit_admin)
    for i in range(5):
        audit_record(action=f"test.few.{i}", actor=people.staff)
    client.get("/audit/")
    few = query_count(lambda: client.get("/audit/"))
    for i in range(40):
        audit_record(action=f"test.many.{i}", actor=people.staff)
    assert query_count(lambda: client.get("/audit/")) == few
