from govoa.audit.chain import chain_pending
from govoa.audit.models import AuditEvent
from govoa.audit.services import audit_record
from govoa.testing.permissions import Matrix


def test_only_the_audit_admin_reads_the_log(client, people):
    event = audit_record(action="test.event.x", actor=people.staff)
    for url in ["/audit/", "/audit/export.xlsx", f"/audit/{event.pk}/"]:
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
    client.force_login(people.audit_admin)
    response = client.post("/audit/verify/")
    assert response.status_code == 200
    assert "审计链完整" in response.content.decode()


def test_list_query_count_is_constant(client, people):
    from govoa.testing.queries import query_count

    client.force_login(people.audit_admin)
    for i in range(5):
        audit_record(action=f"test.few.{i}", actor=people.staff)
    client.get("/audit/")
    few = query_count(lambda: client.get("/audit/"))
    for i in range(40):
        audit_record(action=f"test.many.{i}", actor=people.staff)
    assert query_count(lambda: client.get("/audit/")) == few
