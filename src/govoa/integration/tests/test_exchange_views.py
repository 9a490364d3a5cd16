"""跨系统交换 screens through HTTP: who may use them, the round trip by upload and download,
and a tampered package refused with its reason on the page (nothing stored)."""

from django.core.files.uploadedfile import SimpleUploadedFile

from govoa.flow.models import WorkItem
from govoa.flow.services.acts import work_item_act
from govoa.incoming.models import IncomingDocument
from govoa.integration.exchange import exchange_key
from govoa.integration.models import ExchangePackage, ExchangePeer
from govoa.integration.tests.test_exchange import _flip, _issued, remote, trusted
from govoa.testing.permissions import Matrix

__all__ = ["remote", "trusted"]  # fixtures


def test_who_may_use_the_screens(client, people, remote, trusted):
    for outsider in [people.sys_admin, people.sec_admin, people.audit_admin, people.staff]:
        Matrix("/integration/exchange/", out_of_scope_status=403).check(
            client, in_scope=people.registrar, out_of_scope=outsider
        )
    for outsider in [people.registrar, people.sec_admin, people.audit_admin]:
        Matrix("/integration/exchange/peers/", out_of_scope_status=403).check(
            client, in_scope=people.sys_admin, out_of_scope=outsider
        )
    for url in ["/integration/exchange/import/", "/integration/exchange/receipts/"]:
        client.force_login(people.sys_admin)
        assert client.post(url, {}).status_code == 403
    client.force_login(people.sys_admin)
    assert client.post("/integration/exchange/export/", {}).status_code == 403


def test_round_trip_through_the_screens(client, people, remote, trusted):
    document = _issued(people)
    client.force_login(people.registrar)
    page = client.get("/integration/exchange/")
    assert document.number in page.content.decode()
    response = client.post(
        "/integration/exchange/export/", {"document": document.pk, "peer": trusted.pk}
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    data = response.content

    client.force_login(remote.registrar)
    tampered = client.post(
        "/integration/exchange/import/",
        {"package": SimpleUploadedFile("p.zip", _flip(data, len(data) // 2))},
    )
    assert tampered.status_code == 422
    assert "交换包无效" in tampered.content.decode()
    assert not IncomingDocument.objects.filter(agency=remote.agency).exists()
    ok = client.post(
        "/integration/exchange/import/", {"package": SimpleUploadedFile("p.zip", data)}
    )
    assert ok.status_code == 302
    incoming = IncomingDocument.objects.get(agency=remote.agency)
    item = WorkItem.objects.get(instance__subject_id=incoming.pk, status="open")
    work_item_act(actor=remote.registrar, item_id=item.pk, action="approve")
    arrived = ExchangePackage.objects.get(agency=remote.agency)
    receipt = client.get(f"/integration/exchange/{arrived.pk}/receipt.json")
    assert receipt.status_code == 200
    # Another agency's registrar cannot fetch it.
    client.force_login(people.registrar)
    assert client.get(f"/integration/exchange/{arrived.pk}/receipt.json").status_code == 404
    done = client.post(
        "/integration/exchange/receipts/",
        {"receipt": SimpleUploadedFile("r.json", receipt.content)},
    )
    assert done.status_code == 302
    assert ExchangePackage.objects.get(agency=people.agency).status == "receipted"


def test_bad_uploads_are_refused(client, people, trusted):
    client.force_login(people.registrar)
    for url, field in [
        ("/integration/exchange/import/", "package"),
        ("/integration/exchange/receipts/", "receipt"),
    ]:
        assert client.post(url, {}).status_code == 400
        response = client.post(url, {field: SimpleUploadedFile("x.bin", b"not a package")})
        assert response.status_code == 422
        assert "无效" in response.content.decode()
    bad_export = client.post("/integration/exchange/export/", {"document": 10**9, "peer": 1})
    assert bad_export.status_code == 400
    assert not ExchangePackage.objects.exists()


def test_peers_screen_shows_the_key_and_adds_a_peer(client, people):
    client.force_login(people.sys_admin)
    page = client.get("/integration/exchange/peers/").content.decode()
    assert exchange_key(people.agency).public_key in page
    bad = client.post("/integration/exchange/peers/", {"name": "邻县人民政府", "public_key": "12"})
    assert bad.status_code == 422
    assert "128 位十六进制" in bad.content.decode()
    key = exchange_key(people.agency).public_key  # any valid key will do here
    ok = client.post("/integration/exchange/peers/", {"name": "邻县人民政府", "public_key": key})
    assert ok.status_code == 302
    assert ExchangePeer.objects.get().name == "邻县人民政府"


def test_the_menu_entry_is_for_registrars(people):
    from govoa.web.navigation import nav_items

    assert "exchange" in [i.key for i in nav_items(people.registrar)]
    assert "exchange" not in [i.key for i in nav_items(people.sys_admin)]
    assert "exchange" not in [i.key for i in nav_items(people.staff)]
