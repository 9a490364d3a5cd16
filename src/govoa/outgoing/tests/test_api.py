import pytest

from govoa.core.vocabulary import Classification
from govoa.outgoing.services.drafting import outgoing_submit
from govoa.testing.factories import make_person
from govoa.testing.outgoing import category, draft, outgoing_cast
from govoa.testing.permissions import Matrix
from govoa.testing.queries import query_count


@pytest.fixture
def secret(people):
    outgoing_cast(people)
    # A cleared member of staff drafts it: the 处长 reviews it, and may not review his own.
    drafter = make_person(
        department=people.planning, username="mjky", clearance=Classification.SECRET
    )
    document = draft(
        people, drafter=drafter, classification=Classification.SECRET, secrecy_period="1年"
    )
    outgoing_submit(actor=drafter, document=document)
    return document


def test_permission_matrix_for_every_endpoint(client, people, secret, other_agency_person):
    low = make_person(
        department=people.planning, username="low2", clearance=Classification.INTERNAL
    )
    from govoa.core.vocabulary import Role
    from govoa.testing.factories import grant

    grant(low, Role.DEPT_HEAD, [people.planning])
    base = f"/api/v1/outgoing-documents/{secret.pk}"
    for url in [base, f"{base}/render?format=pdf", f"{base}/check"]:
        Matrix(url, api=True).check(
            client, in_scope=people.deputy, out_of_scope=other_agency_person, low_clearance=low
        )
    Matrix("/api/v1/outgoing-documents", api=True).check(client, in_scope=people.staff)


def test_create_validation_and_update_rights(client, people):
    client.force_login(people.staff)
    response = client.post(
        "/api/v1/outgoing-documents", {"title": "缺类别"}, content_type="application/json"
    )
    assert response.status_code == 422
    assert {"category_id", "doc_type"} <= set(response.json()["error"]["fields"])
    body = {
        "category_id": category(people).pk,
        "doc_type": "notice",
        "title": f"{people.agency.name}关于接口测试的通知",
        "recipients": "各区县发展改革局",
    }
    created = client.post("/api/v1/outgoing-documents", body, content_type="application/json")
    assert created.status_code == 201
    doc_id = created.json()["id"]
    client.force_login(people.dept_head)  # sees it (heads the drafting department) …
    assert client.get(f"/api/v1/outgoing-documents/{doc_id}").status_code == 200
    response = client.put(
        f"/api/v1/outgoing-documents/{doc_id}",
        {**body, "title": "改"},
        content_type="application/json",
    )
    assert response.status_code == 403  # … but may not edit someone's unsubmitted draft
    client.force_login(people.staff)
    bad = client.get(f"/api/v1/outgoing-documents/{doc_id}/render?format=exe")
    assert bad.status_code == 422
    check = client.get(f"/api/v1/outgoing-documents/{doc_id}/check").json()
    assert check["errors"] >= 1  # no body yet
    assert all(f["clause"] for f in check["findings"])
    response = client.post(
        f"/api/v1/outgoing-documents/{doc_id}/submit", {}, content_type="application/json"
    )
    assert response.status_code == 422
    assert "核稿助手发现格式问题" in response.json()["error"]["message"]


def test_list_runs_a_constant_number_of_queries(client, people):
    draft(people)
    client.force_login(people.staff)
    client.get("/api/v1/outgoing-documents")
    few = query_count(lambda: client.get("/api/v1/outgoing-documents"))
    for n in range(12):
        draft(people, title=f"{people.agency.name}关于第{n}件事的通知")
    assert client.get("/api/v1/outgoing-documents").json()["count"] == 13
    assert query_count(lambda: client.get("/api/v1/outgoing-documents")) == few
