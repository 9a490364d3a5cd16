"""Exchange between deployments: agency A exports a signed 发文 as a package, agency B (its
own SM2 key, trusting A's public key) imports it — it arrives as a 收文 awaiting 签收 — signs
for it, and A imports B's signed receipt. Only the package and receipt bytes cross between
them. A modified byte anywhere makes the import fail with a Chinese reason."""

import io
import json
import zipfile

import pytest
from django.utils import timezone

from govoa.audit.models import AuditEvent
from govoa.core.errors import Conflict, PermissionDenied, ValidationFailed
from govoa.core.vocabulary import Classification, Role
from govoa.documents.files import open_stored
from govoa.flow.models import WorkItem
from govoa.flow.services.acts import work_item_act
from govoa.incoming.models import IncomingDocument
from govoa.integration import sm2
from govoa.integration.exchange import (
    exchange_key,
    exchange_peer_add,
    package_export,
    package_import,
    receipt_bytes,
    receipt_import,
)
from govoa.integration.models import ExchangePackage
from govoa.integration.package import sm3_hex
from govoa.outgoing.models import OutgoingDocument
from govoa.testing.factories import AgencyFactory, PersonFactory, grant
from govoa.testing.outgoing import draft


@pytest.fixture
def remote(db):
    """Agency B, as another deployment would hold it: its registrar and administrator."""
    agency = AgencyFactory(name="邻市发展和改革委员会", short_name="邻市发改委", doc_code="邻发改")
    from govoa.testing.factories import DepartmentFactory

    office = DepartmentFactory(agency=agency, name="办公室", code="BGS")
    registrar = PersonFactory(department=office, username="b.registrar", real_name="乙收发员")
    grant(registrar, Role.REGISTRAR)
    admin = PersonFactory(department=office, username="b.sysadmin", real_name="乙系统管理员")
    grant(admin, Role.SYS_ADMIN)
    return type("Remote", (), {"agency": agency, "registrar": registrar, "admin": admin})


@pytest.fixture
def trusted(people, remote):
    """Each side's administrator adds the other's public key (exchanged out of band)."""
    a_key, b_key = exchange_key(people.agency), exchange_key(remote.agency)
    assert a_key.public_key != b_key.public_key
    to_b = exchange_peer_add(
        actor=people.sys_admin, name=remote.agency.name, public_key=b_key.public_key
    )
    exchange_peer_add(actor=remote.admin, name=people.agency.name, public_key=a_key.public_key)
    return to_b


def _issued(people, **fields):
    document = draft(people, **fields)
    year = timezone.now().year
    OutgoingDocument.objects.filter(pk=document.pk).update(
        number=f"测发改发〔{year}〕7号",
        year=year,
        serial=7,
        signed_at=timezone.now(),
        signed_by=people.deputy,
    )
    document.refresh_from_db()
    return document


def test_round_trip_with_signed_receipt(people, remote, trusted):
    document = _issued(people)
    sent, data = package_export(actor=people.registrar, document_id=document.pk, peer_id=trusted.pk)
    assert sent.status == "sent"
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        manifest = json.loads(archive.read("manifest.json"))
        signature = json.loads(archive.read("signature.json"))
        official = archive.read("files/01")
    assert manifest["document"]["number"] == document.number
    assert manifest["files"][0]["sm3"] == sm3_hex(official)
    assert official.startswith(b"%PDF-")
    assert signature["public_key"] == exchange_key(people.agency).public_key

    arrived = package_import(actor=remote.registrar, data=data)
    assert arrived.status == "arrived"
    incoming = IncomingDocument.objects.get(agency=remote.agency)
    assert incoming.source_org.startswith(people.agency.name)  # see exchange._stand_in
    assert (incoming.source_number, incoming.title) == (document.number, document.title)
    with open_stored(incoming.attachments.get().file) as handle:
        assert handle.read() == official
    # 签收 through the platform's exchange flow makes the signed receipt.
    item = WorkItem.objects.get(instance__subject_id=incoming.pk, status="open")
    assert item.assignee == remote.registrar
    work_item_act(actor=remote.registrar, item_id=item.pk, action="approve")
    arrived.refresh_from_db()
    assert arrived.status == "signed"
    receipt = receipt_bytes(actor=remote.registrar, pk=arrived.pk)

    receipted = receipt_import(actor=people.registrar, data=receipt)
    assert receipted.pk == sent.pk
    assert receipted.status == "receipted"
    assert receipted.receipt["receipt"]["signed_by"] == "乙收发员"
    assert receipted.receipt["receipt"]["manifest_sm3"] == sent.manifest_sm3
    assert AuditEvent.objects.filter(action="integration.receipt.import").count() == 1
    # Importing the same package again is refused.
    with pytest.raises(Conflict, match="已经导入过"):
        package_import(actor=remote.registrar, data=data)


def _rezip(data, change):
    """The package with ``change(name, content) -> content`` applied to its members, written
    as a valid zip again (so only the digests and the signature can tell)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for name in source.namelist():
            target.writestr(name, change(name, source.read(name)))
    return out.getvalue()


def _flip(content, at):
    changed = bytearray(content)
    changed[at] ^= 0x01
    return bytes(changed)


@pytest.fixture
def package(people, trusted):
    return package_export(
        actor=people.registrar, document_id=_issued(people).pk, peer_id=trusted.pk
    )[1]


@pytest.mark.parametrize(
    ("member", "reason"),
    [
        ("files/01", "SM3 摘要不符，文件已被改动"),
        ("manifest.json", "清单的 SM3 摘要与签名记录不一致"),
    ],
)
def test_one_modified_byte_is_refused(remote, package, member, reason):
    at = {"files/01": 200, "manifest.json": 40}[member]
    tampered = _rezip(
        package, lambda name, content: _flip(content, at) if name == member else content
    )
    with pytest.raises(ValidationFailed, match=reason) as excinfo:
        package_import(actor=remote.registrar, data=tampered)
    assert excinfo.value.message.startswith("交换包无效：")
    assert not IncomingDocument.objects.filter(agency=remote.agency).exists()
    assert not ExchangePackage.objects.filter(agency=remote.agency).exists()
    assert AuditEvent.objects.filter(
        action="integration.package.import", outcome="failure"
    ).exists()


def test_a_flipped_byte_in_the_raw_package_is_refused(remote, package):
    """Each byte position tried in steps across the whole file: none gets through."""
    for at in range(0, len(package), max(1, len(package) // 150)):
        with pytest.raises(ValidationFailed, match="交换包无效"):
            package_import(actor=remote.registrar, data=_flip(package, at))
    assert not IncomingDocument.objects.filter(agency=remote.agency).exists()


def test_a_manifest_re_signed_by_someone_else_is_refused(remote, package):
    private, public = sm2.generate_keypair()

    def forge(name, content):
        if name == "signature.json":
            signature = json.loads(content)
            signature["public_key"] = public
            signature["signature"] = sm2.sign(private, public, manifest)
            return json.dumps(signature).encode()
        return content

    with zipfile.ZipFile(io.BytesIO(package)) as archive:
        manifest = archive.read("manifest.json")
    with pytest.raises(ValidationFailed, match="签名者不在本机关的交换对方名单中"):
        package_import(actor=remote.registrar, data=_rezip(package, forge))


def test_a_package_for_another_agency_is_refused(people, remote, package, other_agency_person):
    grant(other_agency_person, Role.REGISTRAR)
    with pytest.raises(ValidationFailed, match="不在本机关的交换对方名单中"):
        package_import(actor=other_agency_person, data=package)


def test_a_tampered_receipt_is_refused(people, remote, trusted, package):
    arrived = package_import(actor=remote.registrar, data=package)
    incoming = IncomingDocument.objects.get(agency=remote.agency)
    item = WorkItem.objects.get(instance__subject_id=incoming.pk, status="open")
    work_item_act(actor=remote.registrar, item_id=item.pk, action="approve")
    receipt = receipt_bytes(actor=remote.registrar, pk=arrived.pk)
    forged = receipt.replace("乙收发员".encode(), "丙收发员".encode())
    with pytest.raises(ValidationFailed, match="SM2 签名验证失败"):
        receipt_import(actor=people.registrar, data=forged)
    assert ExchangePackage.objects.get(agency=people.agency).status == "sent"


def test_classified_documents_do_not_cross(people, trusted):
    people.staff.clearance = Classification.SECRET
    people.staff.save()
    document = _issued(people, classification=Classification.SECRET, secrecy_period="10年")
    with pytest.raises(ValidationFailed, match="机要渠道"):
        package_export(actor=people.registrar, document_id=document.pk, peer_id=trusted.pk)


def test_only_registrars_exchange_and_only_administrators_add_peers(people, remote, package):
    with pytest.raises(PermissionDenied):
        package_import(actor=remote.admin, data=package)
    with pytest.raises(PermissionDenied):
        exchange_peer_add(actor=people.registrar, name="某机关", public_key="0" * 128)
    with pytest.raises(ValidationFailed) as excinfo:
        exchange_peer_add(actor=people.sys_admin, name="某机关", public_key="xyz")
    assert "128 位十六进制" in excinfo.value.fields["public_key"][0]
