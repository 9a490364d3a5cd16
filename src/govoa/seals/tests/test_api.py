"""``/api/v1/seals`` and ``/api/v1/seal-usages``: permission matrix, a request from upload
to stamping over HTTP, the register and its exports."""

import io

import pdfplumber
import pytest

from govoa.audit.models import AuditEvent
from govoa.flow.models import WorkItem
from govoa.testing.pdfs import pdf_of
from govoa.testing.permissions import Matrix
from govoa.testing.seals import seals_cast, seals_ledger

pytestmark = pytest.mark.django_db


@pytest.fixture
def cast(people):
    return seals_cast(people)


@pytest.fixture
def ledger(people, cast):
    return seals_ledger(people, cast)


def test_permission_matrix(client, people, cast, ledger, other_agency_person):
    seal, usage = ledger.seal_ids[0], ledger.usage_ids[0]
    for url in [f"/api/v1/seals/{seal}", f"/api/v1/seal-usages/{usage}"]:
        Matrix(url, api=True).check(client, in_scope=people.staff, out_of_scope=other_agency_person)
    # Another department's member does not see the request; the custodian does.
    Matrix(f"/api/v1/seal-usages/{usage}", api=True).check(
        client, in_scope=cast.keeper, out_of_scope=people.registrar
    )
    for url in ["/api/v1/seals", "/api/v1/seal-usages"]:
        Matrix(url, api=True).check(client, in_scope=people.staff)
    Matrix("/api/v1/seal-usages/export", api=True, out_of_scope_status=403).check(
        client, in_scope=cast.office_head, out_of_scope=people.staff
    )
    stamp = Matrix(
        f"/api/v1/seal-usages/{ledger.usage_ids[1]}/stamp",
        method="post",
        data={"count": 1},
        api=True,
        out_of_scope_status=404,
    )
    stamp.check(client, in_scope=cast.keeper, out_of_scope=other_agency_person)
    client.force_login(people.sys_admin)
    assert client.get("/api/v1/seals").json() == []


def test_from_upload_to_stamp_over_http(client, people, cast, ledger):
    seal = ledger.seal_ids[0]
    client.force_login(people.staff)
    blank = client.post(
        "/api/v1/seal-usages/upload",
        {"seal_id": seal, "reason": "签订合同", "use_unit": "某公司", "copies": 2},
    )
    assert blank.status_code == 422  # no file: never a blank page
    upload = io.BytesIO(pdf_of())
    upload.name = "采购合同.pdf"
    created = client.post(
        "/api/v1/seal-usages/upload",
        {"seal_id": seal, "reason": "签订合同", "use_unit": "某公司", "copies": 2, "file": upload},
    )
    assert created.status_code == 201
    usage = created.json()
    assert (usage["status"], usage["document_title"], usage["has_file"]) == (
        "reviewing",
        "采购合同.pdf",
        True,
    )
    url = f"/api/v1/seal-usages/{usage['id']}"
    client.force_login(cast.keeper)
    early = client.post(f"{url}/stamp", {"count": 2}, content_type="application/json")
    assert early.status_code == 409
    item = WorkItem.objects.get(instance__subject_id=usage["id"], instance__module="seals")
    client.force_login(cast.office_head)
    approved = client.post(
        f"/api/v1/work-items/{item.pk}/act",
        {"action": "approve", "opinion": "同意"},
        content_type="application/json",
    )
    assert approved.status_code == 200
    by_head = client.post(f"{url}/stamp", {"count": 2}, content_type="application/json")
    assert by_head.status_code == 403
    client.force_login(cast.keeper)
    done = client.post(f"{url}/stamp", {"count": 2}, content_type="application/json")
    assert done.status_code == 200
    assert (done.json()["stamped_count"], done.json()["approved_by"]) == (2, "办公室主任")
    assert (
        client.post(f"{url}/stamp", {"count": 2}, content_type="application/json").status_code
        == 409
    )
    denied = AuditEvent.objects.filter(
        action="seals.usage.stamp", outcome="denied", object_id=str(usage["id"])
    )
    assert denied.count() == 2

    register = client.get("/api/v1/seal-usages?stamped=true").json()["items"]
    assert [r["id"] for r in register] == [usage["id"], ledger.usage_ids[2]]


def test_register_exports_are_audited(client, people, cast, ledger):
    client.force_login(cast.office_head)
    xlsx = client.get("/api/v1/seal-usages/export?format=xlsx")
    assert xlsx.status_code == 200
    assert xlsx["Content-Type"].startswith("application/vnd.openxmlformats")
    assert AuditEvent.objects.filter(action="seals.register.export").count() == 1


def test_the_printed_register_lists_the_stamping(client, people, cast, ledger):
    client.force_login(cast.office_head)
    pdf = client.get("/api/v1/seal-usages/export?format=pdf")
    assert pdf.status_code == 200
    with pdfplumber.open(io.BytesIO(pdf.content)) as opened:
        text = "".join(page.extract_text() or "" for page in opened.pages)
    compact = "".join(text.split())
    for expected in ["用印登记簿", "报送材料2", "合同.pdf", "规划处", "办公室主任", "印章管理员"]:
        assert expected in compact, expected
    assert "报送材料0" not in compact  # under approval: not in the register
