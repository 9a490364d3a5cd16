"""The seal routine walked over HTTP as its users would, against the standard's text (刻制登记
→ 交接 → 用印申请 → 审批 → 用印 → 登记簿 → 停用/销毁), with bad input at each step: every
refusal is a Chinese message with a 4xx status and changes nothing; and the ways around the
separation of duties (approving one's own request, 转办 or 代理 to the applicant) are closed."""

import datetime
import io

import openpyxl
import pytest
from django.db.models import F

from govoa.audit.models import AuditEvent, Outcome
from govoa.core.vocabulary import Role
from govoa.flow.models import WorkItem
from govoa.org.models import PersonStatus
from govoa.org.services.delegations import delegation_create
from govoa.seals.models import Seal, SealStatusChange, SealTransfer, SealUsage
from govoa.testing.clock import FROZEN_TODAY
from govoa.testing.factories import grant, make_person
from govoa.testing.pdfs import pdf_of
from govoa.testing.seals import PNG, make_seal, seals_cast

pytestmark = pytest.mark.django_db


@pytest.fixture
def cast(people):
    return seals_cast(people)


def _json(client, url, body):
    return client.post(url, body, content_type="application/json")


def _file(content, name):
    upload = io.BytesIO(content)
    upload.name = name
    return upload


def _refused(response, status, text=""):
    assert response.status_code == status, response.content
    body = response.content.decode()
    assert any("\u4e00" <= ch <= "\u9fff" for ch in body), body
    assert text in body, body


def _state():
    return (
        list(Seal.objects.order_by("pk").values_list("pk", "status", "custodian_id")),
        SealTransfer.objects.count(),
        list(SealStatusChange.objects.order_by("pk").values_list("pk", "status")),
        list(SealUsage.objects.order_by("pk").values_list("pk", "status", "stamped_count")),
    )


def _open_item(subject_type, subject_id):
    return WorkItem.objects.get(
        instance__subject_type=subject_type, instance__subject_id=subject_id, status="open"
    )


def _act(client, item, action="approve", **people_picked):
    return _json(
        client,
        f"/api/v1/work-items/{item.pk}/act",
        {"action": action, "opinion": "同意", **people_picked},
    )


def _usage(client, seal, **extra):
    form = {"seal_id": seal, "reason": "报送年度总结", "use_unit": "测试市人民政府", "copies": 3}
    return client.post(
        "/api/v1/seal-usages/upload",
        {**form, **extra, "file": _file(pdf_of(), "总结.pdf")},
    )


def test_the_routine_over_http_with_bad_input_at_each_step(
    client, people, cast, other_agency_person
):
    office_head, keeper = cast.office_head, cast.keeper
    successor = make_person(department=people.office, real_name="新印章管理员", username="xyzgly")
    foreign_head = make_person(department=other_agency_person.department, username="wjbgs")
    grant(foreign_head, Role.OFFICE_HEAD)
    foreign_seal = make_seal(seals_cast_for(foreign_head), name="外单位公章")

    # 刻制登记: bad fields each refused; nothing registered.
    client.force_login(office_head)
    form = {
        "name": "测试市发展和改革委员会公章",
        "seal_type": "official",
        "custodian_id": keeper.pk,
        "made_on": FROZEN_TODAY.isoformat(),
        "made_approval": "测发改〔2026〕9号",
    }
    before = _state()
    tomorrow = (FROZEN_TODAY + datetime.timedelta(days=1)).isoformat()
    for bad in [
        {"name": " "},
        {"seal_type": "private"},
        {"made_on": tomorrow},
        {"made_approval": " "},
        {"custodian_id": people.sec_admin.pk},  # the 三员 keep no seal
        {"custodian_id": other_agency_person.pk},
        {"custodian_id": 10**9},
        {"seal_type": "department"},  # a department seal names its department
        {"seal_type": "department", "department_id": other_agency_person.department_id},
    ]:
        _refused(client.post("/api/v1/seals", {**form, **bad}), 422)
    bad_image = {**form, "impression": _file(pdf_of(), "印模.pdf")}
    _refused(client.post("/api/v1/seals", bad_image), 422, "PNG")
    client.force_login(people.staff)
    _refused(client.post("/api/v1/seals", form), 403)
    assert _state() == before
    client.force_login(office_head)
    created = client.post("/api/v1/seals", {**form, "impression": _file(PNG, "印模.png")})
    assert created.status_code == 201, created.content
    seal = created.json()["id"]

    # 交接: to nobody outside the agency's business people, not to the custodian themself.
    url = f"/api/v1/seals/{seal}/transfers"
    before = _state()
    for receiver in [people.sec_admin.pk, other_agency_person.pk, keeper.pk, 10**9]:
        _refused(_json(client, url, {"to_custodian_id": receiver}), 422)
    client.force_login(keeper)  # the custodian does not hand the seal on by themself
    _refused(_json(client, url, {"to_custodian_id": successor.pk}), 403)
    client.force_login(foreign_head)
    _refused(_json(client, url, {"to_custodian_id": successor.pk}), 404)
    assert _state() == before
    client.force_login(office_head)
    assert _json(client, url, {"to_custodian_id": successor.pk}).status_code == 201

    # 用印申请: never on a blank page, never on another agency's seal or document.
    client.force_login(people.staff)
    before = _state()
    for field, value in [("copies", 0), ("copies", 10**6), ("reason", " "), ("use_unit", "")]:
        _refused(_usage(client, seal, **{field: value}), 422)
    _refused(_usage(client, foreign_seal.pk), 422, "印章不存在")
    usage_of = {"seal_id": seal, "reason": "为发文用印", "use_unit": "本委", "copies": 2}
    unknown = {**usage_of, "outgoing_document_id": 10**9}
    _refused(_json(client, "/api/v1/seal-usages", unknown), 422, "没有找到该发文")
    empty = {**usage_of, "file": _file(b"", "空.pdf")}
    _refused(client.post("/api/v1/seal-usages/upload", empty), 415)
    assert _state() == before
    usage = _usage(client, seal).json()["id"]

    # Stamping before approval is refused (and audited), also by the new custodian.
    client.force_login(successor)
    stamp = f"/api/v1/seal-usages/{usage}/stamp"
    _refused(_json(client, stamp, {"count": 3}), 409)
    # 审批 by the office head; the applicant cannot act on it.
    client.force_login(people.staff)
    approval = _open_item("seals.sealusage", usage)
    _refused(_act(client, approval), 404)
    client.force_login(office_head)
    assert _act(client, approval).status_code == 200

    # 用印: the former custodian and the office head are not the custodian; counts are bounded.
    for person in (keeper, office_head):
        client.force_login(person)
        _refused(_json(client, stamp, {"count": 3}), 403)
    client.force_login(successor)
    _refused(_json(client, stamp, {"count": 4}), 422)
    _refused(_json(client, stamp, {"count": 0}), 422)
    refused = SealUsage.objects.get(pk=usage)
    assert (refused.status, refused.stamped_by, refused.stamped_count) == ("approved", None, None)
    assert _json(client, stamp, {"count": 3}).status_code == 200
    _refused(_json(client, stamp, {"count": 3}), 409)
    denied = AuditEvent.objects.filter(action="seals.usage.stamp", outcome=Outcome.DENIED)
    # Before approval, by the former custodian, by the office head (the repeat is a 409 of
    # an act already done, no stamping attempted without authority).
    assert denied.count() == 3

    # 登记簿: the one stamping, with its approver and stamper.
    client.force_login(office_head)
    [line] = client.get("/api/v1/seal-usages?stamped=true").json()["items"]
    assert (line["id"], line["stamped_count"]) == (usage, 3)

    # 停用 then 销毁, each approved by the principal leader; then nothing more is possible.
    changes = f"/api/v1/seals/{seal}/status-changes"
    _refused(_json(client, changes, {"kind": "explode", "reason": "x"}), 422)
    _refused(_json(client, changes, {"kind": "suspend", "reason": " "}), 422)
    _refused(_json(client, changes, {"kind": "restore", "reason": "恢复"}), 409)
    approved = _usage_approved(client, people, office_head, seal)
    client.force_login(office_head)
    assert _json(client, changes, {"kind": "suspend", "reason": "更换印章"}).status_code == 201
    _refused(_json(client, changes, {"kind": "destroy", "reason": "再申请"}), 409, "审批中")
    change = SealStatusChange.objects.get(seal_id=seal, status="reviewing")
    _refused(_act(client, _open_item("seals.sealstatuschange", change.pk)), 404)
    client.force_login(people.principal)
    assert _act(client, _open_item("seals.sealstatuschange", change.pk)).status_code == 200
    client.force_login(successor)  # approved before the suspension: no longer stamped
    _refused(_json(client, f"/api/v1/seal-usages/{approved}/stamp", {"count": 1}), 409, "停用")
    client.force_login(people.staff)
    _refused(_usage(client, seal), 422, "停用")
    client.force_login(office_head)
    assert _json(client, changes, {"kind": "destroy", "reason": "已刻新章"}).status_code == 201
    change = SealStatusChange.objects.get(seal_id=seal, status="reviewing")
    client.force_login(people.principal)
    assert _act(client, _open_item("seals.sealstatuschange", change.pk)).status_code == 200
    assert Seal.objects.get(pk=seal).status == "destroyed"
    client.force_login(people.staff)
    _refused(_usage(client, seal), 422, "销毁")
    client.force_login(office_head)
    _refused(_json(client, url, {"to_custodian_id": keeper.pk}), 409, "销毁")
    _refused(_json(client, changes, {"kind": "restore", "reason": "恢复"}), 409)
    # The register still holds the one stamping, nothing else.
    assert [u["id"] for u in client.get("/api/v1/seal-usages?stamped=true").json()["items"]] == [
        usage
    ]


def seals_cast_for(office_head):
    """A seal cast of another agency (its office head keeps its seal)."""
    from govoa.testing.seals import SealsCast

    return SealsCast(keeper=office_head, office_head=office_head)


def _usage_approved(client, people, office_head, seal):
    client.force_login(people.staff)
    usage = _usage(client, seal, reason="另一份材料").json()["id"]
    client.force_login(office_head)
    assert _act(client, _open_item("seals.sealusage", usage)).status_code == 200
    return usage


def test_the_applicant_cannot_get_round_the_approval(client, people, cast):
    """An office head asking to use the 公章 is approved by another office head, who cannot
    转办 it back to the applicant or outside the role; the applicant as the approver's 代理
    does not receive it; with no other office head the request is refused at once."""
    seal = make_seal(cast)
    second_head = make_person(department=people.office, real_name="办公室副主任", username="bgsfzr")
    grant(second_head, Role.OFFICE_HEAD)
    delegation_create(
        actor=second_head,
        principal=second_head,
        delegate=cast.office_head,
        starts_on=FROZEN_TODAY,
        ends_on=FROZEN_TODAY + datetime.timedelta(days=3),
        reason="出差",
    )
    client.force_login(cast.office_head)
    usage = _usage(client, seal.pk).json()["id"]
    approval = _open_item("seals.sealusage", usage)
    assert (approval.assignee, approval.delegated_from) == (second_head, None)
    _refused(_act(client, approval), 422, "职责分离")  # in the role's reach, barred as requester

    client.force_login(second_head)
    _refused(_act(client, approval, "forward", to_person=cast.office_head.pk), 422, "申请人")
    _refused(_act(client, approval, "forward", to_person=people.staff.pk), 422)
    # The custodian may not approve what they will stamp unless they hold the role.
    _refused(_act(client, approval, "forward", to_person=cast.keeper.pk), 422)
    approval.refresh_from_db()
    assert (approval.status, SealUsage.objects.get(pk=usage).status) == ("open", "reviewing")

    second_head.status = PersonStatus.TRANSFERRED  # 调离: no other office head is left
    second_head.save(update_fields=["status"])
    client.force_login(cast.office_head)
    before = SealUsage.objects.count()
    _refused(_usage(client, seal.pk), 422)
    assert SealUsage.objects.count() == before


def test_an_approved_request_waits_on_the_custodians_workbench_and_its_stamping_is_traced(
    client, people, cast
):
    """Every act on the workbench and in the 办理过程: the approval is the office head's work
    item; the approved request then waits on the custodian's workbench (待用印); the stamping
    is the last entry of the request's 办理过程."""
    seal = make_seal(cast)
    client.force_login(people.staff)
    usage = _usage(client, seal.pk, reason="报送专项资金申请").json()["id"]
    client.force_login(cast.keeper)
    assert "待用印" not in client.get("/").content.decode()
    client.force_login(cast.office_head)
    approval = _open_item("seals.sealusage", usage)
    assert "报送专项资金申请" in client.get("/").content.decode()  # the approval to do
    assert _act(client, approval).status_code == 200

    client.force_login(cast.keeper)
    page = client.get("/").content.decode()
    assert "待用印" in page
    assert "报送专项资金申请" in page
    assert f"/seals/usages/{usage}/" in page
    for person in (people.staff, cast.office_head):
        client.force_login(person)
        assert "待用印" not in client.get("/").content.decode()
    client.force_login(cast.keeper)
    assert _json(client, f"/api/v1/seal-usages/{usage}/stamp", {"count": 2}).status_code == 200
    assert "待用印" not in client.get("/").content.decode()

    client.force_login(people.staff)
    trail = client.get(f"/api/v1/flows/{approval.instance_id}/trail").json()
    assert (
        trail[-1]["text"]
        == f"{cast.keeper.real_name} 用印：{seal.name}，实际用印 2 份（批准 3 份）"
    )


def test_the_register_filters_by_seal_and_stamping_day_on_the_page_api_and_exports(
    client, people, cast, other_agency_person
):
    """用印登记簿 with filters (印章, 用印日期), the same rows on the page, over the API and in
    the XLSX; a filter that makes no sense is refused rather than ignored (an export that
    silently lists everything would be taken for the filtered one)."""
    official = make_seal(cast)
    steel = make_seal(cast, "steel", name="测试市发展和改革委员会钢印")
    for seal, reason, days_ago in [
        (official, "公章三天前", 3),
        (official, "公章今天", 0),
        (steel, "钢印今天", 0),
    ]:
        client.force_login(people.staff)
        usage = _usage(client, seal.pk, reason=reason).json()["id"]
        client.force_login(cast.office_head)
        assert _act(client, _open_item("seals.sealusage", usage)).status_code == 200
        client.force_login(cast.keeper)
        assert _json(client, f"/api/v1/seal-usages/{usage}/stamp", {"count": 1}).status_code == 200
        shift = datetime.timedelta(days=days_ago)
        SealUsage.objects.filter(pk=usage).update(stamped_at=F("stamped_at") - shift)
    client.force_login(cast.office_head)
    today = FROZEN_TODAY.isoformat()

    def api(query):
        rows = client.get(f"/api/v1/seal-usages?stamped=true&{query}").json()["items"]
        return sorted(row["reason"] for row in rows)

    assert api(f"seal={official.pk}") == ["公章三天前", "公章今天"]
    assert api(f"date_from={today}") == ["公章今天", "钢印今天"]
    assert api(f"seal={official.pk}&date_to={today}&date_from={today}") == ["公章今天"]
    page = client.get(f"/seals/register/?seal={official.pk}&date_from={today}").content.decode()
    assert "公章今天" in page
    assert "公章三天前" not in page
    assert "钢印今天" not in page
    xlsx = client.get(f"/seals/register.xlsx?seal={steel.pk}")
    assert xlsx.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(xlsx.content)).active
    cells = {str(c) for row in sheet.iter_rows(values_only=True) for c in row if c}
    assert "钢印今天" in cells
    assert not {"公章今天", "公章三天前"} & cells

    # Nonsense filters: a date that is none, another agency's seal, an end before the start.
    foreign_head = make_person(department=other_agency_person.department, username="wjbgs")
    grant(foreign_head, Role.OFFICE_HEAD)
    foreign_seal = make_seal(seals_cast_for(foreign_head), name="外单位公章")
    before = AuditEvent.objects.filter(action="seals.register.export").count()
    for query in [
        "date_from=2026-13-01",
        f"seal={foreign_seal.pk}",
        f"date_from={today}&date_to={(FROZEN_TODAY - datetime.timedelta(days=1)).isoformat()}",
    ]:
        _refused(client.get(f"/seals/register.xlsx?{query}"), 422)
        _refused(client.get(f"/api/v1/seal-usages/export?format=xlsx&{query}"), 422)
        if "seal=" not in query:  # the list: another agency's seal filters to nothing
            _refused(client.get(f"/api/v1/seal-usages?stamped=true&{query}"), 422)
        page = client.get(f"/seals/register/?{query}")
        _refused(page, 422)
        assert "公章今天" not in page.content.decode()  # no rows rather than all of them
    assert AuditEvent.objects.filter(action="seals.register.export").count() == before
