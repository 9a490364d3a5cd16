"""The 印章管理 screens: permission matrix, a request from form to stamping, the register
page and its downloads, 交接 through the form."""

import io

import pytest

from govoa.flow.models import WorkItem
from govoa.seals.models import Seal, SealUsage
from govoa.testing.pdfs import pdf_of
from govoa.testing.permissions import Matrix
from govoa.testing.seals import PNG, seals_cast, seals_ledger

pytestmark = pytest.mark.django_db


@pytest.fixture
def cast(people):
    return seals_cast(people)


@pytest.fixture
def ledger(people, cast):
    return seals_ledger(people, cast)


def test_permission_matrix(client, people, cast, ledger, other_agency_person):
    seal, usage = ledger.seal_ids[0], ledger.usage_ids[0]
    for url in [f"/seals/{seal}/", f"/seals/usages/{usage}/"]:
        Matrix(url).check(client, in_scope=people.staff, out_of_scope=other_agency_person)
    Matrix(f"/seals/usages/{usage}/").check(
        client, in_scope=cast.keeper, out_of_scope=people.registrar
    )
    for url in ["/seals/", "/seals/usages/", "/seals/usages/new/"]:
        Matrix(url).check(client, in_scope=people.staff)
    for url in ["/seals/register/", "/seals/register.xlsx"]:
        Matrix(url, out_of_scope_status=403).check(
            client, in_scope=cast.office_head, out_of_scope=people.staff
        )
    for url in [f"/seals/usages/{ledger.usage_ids[1]}/stamp/", f"/seals/{seal}/transfer/"]:
        Matrix(url, method="post", in_scope_status=400).check(
            client, in_scope=cast.office_head, out_of_scope=other_agency_person
        )
    client.force_login(people.audit_admin)
    assert client.get("/seals/").status_code == 403


def test_a_request_from_the_form_to_the_register(client, people, cast, ledger):
    seal = ledger.seal_ids[0]
    client.force_login(people.staff)
    form = {"seal": seal, "reason": "报送项目申报材料", "use_unit": "省发展改革委", "copies": 2}
    blank = client.post("/seals/usages/new/", form)
    assert blank.status_code == 422
    assert "不能在空白纸上用印" in blank.content.decode()
    upload = io.BytesIO(pdf_of())
    upload.name = "申报材料.pdf"
    created = client.post("/seals/usages/new/", {**form, "file": upload})
    assert created.status_code == 302
    usage = SealUsage.objects.get(reason="报送项目申报材料")
    item = WorkItem.objects.get(instance__module="seals", instance__subject_id=usage.pk)
    client.force_login(cast.office_head)
    page = client.get(f"/seals/usages/{usage.pk}/").content.decode()
    assert f"/flow/items/{item.pk}/" in page
    client.post(f"/flow/items/{item.pk}/act/", {"action": "approve", "opinion": "同意"})
    usage.refresh_from_db()
    assert usage.status == "approved"
    client.force_login(cast.keeper)
    assert "确认用印" in client.get(f"/seals/usages/{usage.pk}/").content.decode()
    too_many = client.post(f"/seals/usages/{usage.pk}/stamp/", {"count": 3})
    assert too_many.status_code == 422
    done = client.post(f"/seals/usages/{usage.pk}/stamp/", {"count": 2}, follow=True)
    assert "已用印，已记入用印登记簿" in done.content.decode()
    client.force_login(cast.office_head)
    register = client.get("/seals/register/").content.decode()
    assert "报送项目申报材料" in register
    assert "报送材料2" in register
    assert "报送材料0" not in register
    pdf = client.get("/seals/register.pdf")
    assert pdf["Content-Type"] == "application/pdf"


def test_transfer_through_the_form(client, people, cast, ledger):
    seal = ledger.seal_ids[0]
    client.force_login(cast.office_head)
    page = client.get(f"/seals/{seal}/").content.decode()
    assert 'data-picker="/org/people/search/"' in page
    assert people.registrar.real_name not in page  # a picker, not the agency in a list
    unknown = client.post(f"/seals/{seal}/transfer/", {"to_custodian": 2**30})
    assert unknown.status_code == 400
    assert "有效" in unknown.content.decode()
    admin = client.post(f"/seals/{seal}/transfer/", {"to_custodian": people.sys_admin.pk})
    assert admin.status_code == 400
    current = client.post(
        f"/seals/{seal}/transfer/", {"to_custodian": Seal.objects.get(pk=seal).custodian_id}
    )
    assert current.status_code == 422
    assert "就是现在的保管人" in current.content.decode()
    done = client.post(
        f"/seals/{seal}/transfer/",
        {"to_custodian": people.registrar.pk, "note": "人事调整"},
        follow=True,
    )
    assert "已登记交接" in done.content.decode()
    assert Seal.objects.get(pk=seal).custodian == people.registrar
    assert "人事调整" in done.content.decode()


def test_the_office_head_registers_a_seal_with_its_impression(client, people, cast):
    Matrix("/seals/new/", out_of_scope_status=403).check(
        client, in_scope=cast.office_head, out_of_scope=people.staff
    )
    client.force_login(cast.office_head)
    form = {
        "name": "规划处印章",
        "seal_type": "department",
        "custodian": people.staff.pk,
        "made_on": "2026-03-01",
        "made_approval": "测发改〔2026〕3号",
    }
    no_department = client.post("/seals/new/", form)
    assert no_department.status_code == 422
    assert "部门章须填写所属部门" in no_department.content.decode()
    not_an_image = io.BytesIO(pdf_of())
    not_an_image.name = "印模.pdf"
    form["department"] = people.planning.pk
    refused = client.post("/seals/new/", {**form, "impression": not_an_image})
    assert refused.status_code == 422
    assert "印模请上传 PNG 或 JPEG 图片" in refused.content.decode()
    image = io.BytesIO(PNG)
    image.name = "印模.png"
    done = client.post("/seals/new/", {**form, "impression": image}, follow=True)
    assert "已登记“规划处印章”" in done.content.decode()
    seal = Seal.objects.get(name="规划处印章")
    assert (seal.custodian, seal.impression.kind) == (people.staff, "png")


def test_list_pages_queries_do_not_grow_with_the_rows(client, people, cast, ledger):
    from govoa.testing.queries import query_count
    from govoa.testing.seals import request_usage

    client.force_login(cast.office_head)
    urls = ["/seals/usages/", "/seals/register/", "/seals/"]
    for url in urls:
        client.get(url)
    before = {url: query_count(lambda u=url: client.get(u)) for url in urls}
    seal = Seal.objects.get(pk=ledger.seal_ids[0])
    for n in range(4):
        usage = request_usage(people.staff, seal, reason=f"加测{n}")
        item = WorkItem.objects.filter(instance__subject_id=usage.pk, status="open").first()
        client.post(f"/flow/items/{item.pk}/act/", {"action": "approve", "opinion": "同意"})
        SealUsage.objects.filter(pk=usage.pk).update(status="stamped", stamped_by=cast.keeper)
    after = {url: query_count(lambda u=url: client.get(u)) for url in urls}
    assert after == before
