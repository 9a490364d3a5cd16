"""Exchange with other GovOA deployments (跨系统公文交换): export a signed 发文 as a package,
import a package from a trusted peer as a 收文 that the registrar signs for (签收) like any
公文交换, and return a signed receipt that the sender imports. Nothing 秘密 or above crosses
(涉密公文 go by 机要 channels)."""

import io
import uuid

from django.db import IntegrityError, transaction
from django.utils import timezone

from govoa.audit.services import audit_denied, audit_record
from govoa.core.errors import Conflict, NotFound, ValidationFailed
from govoa.core.vocabulary import Classification, Role
from govoa.documents.exchange import exchange_send
from govoa.documents.files import check_upload, open_stored, store_upload
from govoa.documents.models import Exchange
from govoa.documents.rendering.pdf import render_pdf
from govoa.integration import sm2
from govoa.integration.models import (
    ExchangeKey,
    ExchangePackage,
    ExchangePeer,
    PackageDirection,
    PackageStatus,
)
from govoa.integration.package import (
    PackedFile,
    build,
    canonical,
    open_package,
    open_receipt,
    sign_receipt,
)
from govoa.integration.policies import can_manage_integration
from govoa.org.models import Agency, Person
from govoa.org.policies import may_handle_business
from govoa.outgoing.official import to_official
from govoa.outgoing.selectors import outgoing_get_for_person

SOURCE_TYPE = "integration.package"
CLASSIFIED = "秘密及以上公文不得通过跨系统交换传递，请通过机要渠道。"


def can_exchange(person: Person) -> bool:
    """The registrar (收发员) sends and receives packages for the agency."""
    return may_handle_business(person) and person.has_role(Role.REGISTRAR)


def exchange_key(agency: Agency) -> ExchangeKey:
    key = ExchangeKey.objects.filter(agency=agency).first()
    if key is not None:
        return key
    private, public = sm2.generate_keypair()
    try:
        with transaction.atomic():
            return ExchangeKey.objects.create(agency=agency, private_key=private, public_key=public)
    except IntegrityError:  # made at the same moment by another request
        return ExchangeKey.objects.get(agency=agency)


def exchange_peer_add(*, actor: Person, name: str, public_key: str) -> ExchangePeer:
    """The system administrator trusts an agency of another deployment by its public key."""
    if not can_manage_integration(actor):
        raise audit_denied(
            action="integration.peer.add", actor=actor, reason="只有系统管理员可以管理交换对方。"
        )
    name, public_key = " ".join(name.split()), public_key.strip().lower()
    errors: dict[str, list[str]] = {}
    if not name or len(name) > 100:
        errors["name"] = ["请填写对方机关名称（不超过 100 字）。"]
    if not sm2.is_public_key(public_key):
        errors["public_key"] = ["公钥应为 128 位十六进制（SM2 公钥 x‖y，不含 04 前缀）。"]
    if errors:
        raise ValidationFailed(fields=errors)
    with transaction.atomic():
        if ExchangePeer.objects.filter(agency_id=actor.agency_id, public_key=public_key).exists():
            raise ValidationFailed(fields={"public_key": ["该公钥已经添加。"]})
        sender = _stand_in(name)
        try:
            with transaction.atomic():
                peer = ExchangePeer.objects.create(
                    agency_id=actor.agency_id, name=name, public_key=public_key, sender=sender
                )
        except IntegrityError as exc:
            raise ValidationFailed(fields={"name": ["该机关已经添加。"]}) from exc
        audit_record(
            action="integration.peer.add",
            actor=actor,
            obj=peer,
            details={"name": name, "public_key": public_key},
        )
    return peer


def _stand_in(name: str) -> Agency:
    """The inactive agency row the peer's documents arrive from (shared by the local agencies
    that trust the same peer). Where an agency of this platform already has the name, the row
    is marked as external (only the case when two "deployments" share one database, as in the
    tests; on separate deployments the name is free)."""
    existing = Agency.objects.filter(name=name).first()
    if existing is not None and not existing.is_active:
        return existing
    label = name if existing is None else f"{name}（外部系统）"
    sender, _ = Agency.objects.get_or_create(
        name=label, defaults={"short_name": name[:50], "is_active": False}
    )
    return sender


def _require_exchange(actor: Person, action: str) -> None:
    if not can_exchange(actor):
        raise audit_denied(action=action, actor=actor, reason="只有收发员可以办理跨系统交换。")


def package_export(
    *, actor: Person, document_id: int, peer_id: int
) -> tuple[ExchangePackage, bytes]:
    """The signed package of a 发文 that has been signed and numbered, for one peer."""
    _require_exchange(actor, "integration.package.export")
    document = outgoing_get_for_person(person=actor, pk=document_id)
    peer = ExchangePeer.objects.filter(pk=peer_id, agency_id=actor.agency_id).first()
    if peer is None:
        raise ValidationFailed(fields={"peer": ["请选择本机关的交换对方。"]})
    if document.classification >= Classification.SECRET:
        raise ValidationFailed(CLASSIFIED, fields={"document": [CLASSIFIED]})
    if not document.number or document.signed_at is None:
        raise ValidationFailed("该文尚未签发编号，不能交换。")
    key = exchange_key(document.agency)
    files = [PackedFile(f"{document.number}.pdf", render_pdf(to_official(document)))]
    for attachment in document.attachments.all():
        if attachment.file:
            with open_stored(attachment.file) as handle:
                files.append(PackedFile(attachment.file.name, handle.read()))
    package_id = uuid.uuid4()
    manifest = {
        "package_id": str(package_id),
        "created_at": timezone.now().isoformat(),
        "sender": {"name": document.agency.name, "public_key": key.public_key},
        "receiver": {"name": peer.name},
        "document": {
            "number": document.number,
            "title": document.title,
            "doc_type": document.doc_type,
            "classification": document.classification,
            "secrecy_period": document.secrecy_period,
            "urgency": document.urgency,
            "written_on": timezone.localtime(document.signed_at).date().isoformat(),
        },
    }
    data = build(
        manifest=manifest, files=files, private_key=key.private_key, public_key=key.public_key
    )
    with transaction.atomic():
        package = ExchangePackage.objects.create(
            agency_id=actor.agency_id,
            direction=PackageDirection.OUT,
            package_id=package_id,
            counterpart=peer.name,
            number=document.number,
            title=document.title[:300],
            manifest_sm3=open_package(data).manifest_sm3,
            status=PackageStatus.SENT,
            source_id=document.pk,
            classification=document.classification,
        )
        audit_record(
            action="integration.package.export",
            actor=actor,
            obj=package,
            details={"number": document.number, "to": peer.name, "package": str(package_id)},
        )
    return package, data


def _refused(actor: Person, reason: str, field: str = "package") -> ValidationFailed:
    audit_record(
        action="integration.package.import",
        actor=actor,
        outcome="failure",
        details={"reason": reason},
    )
    return ValidationFailed(f"交换包无效：{reason}", fields={field: [reason]})


def package_import(*, actor: Person, data: bytes) -> ExchangePackage:
    """Check the package (signature, digests, a trusted sender, this agency as receiver), then
    let it arrive as a 收文 awaiting 签收. A refused package changes nothing but the audit log."""
    _require_exchange(actor, "integration.package.import")
    try:
        opened = open_package(data)
    except ValidationFailed as exc:
        raise _refused(actor, exc.fields["package"][0]) from exc
    manifest = opened.manifest
    peer = ExchangePeer.objects.filter(
        agency_id=actor.agency_id, public_key=opened.public_key
    ).first()
    if peer is None:
        raise _refused(actor, "签名者不在本机关的交换对方名单中，请系统管理员核对对方公钥。")
    receiver = (
        (manifest.get("receiver") or {}).get("name")
        if isinstance(manifest.get("receiver"), dict)
        else None
    )
    if receiver != actor.agency.name:
        raise _refused(actor, f"该交换包是发给“{receiver}”的，不是本机关。")
    document = manifest.get("document")
    if not isinstance(document, dict) or not isinstance(document.get("classification", 0), int):
        raise _refused(actor, "清单中的公文信息无效。")
    if document.get("classification", 0) >= Classification.SECRET:
        raise _refused(actor, CLASSIFIED)
    try:
        package_id = uuid.UUID(str(manifest.get("package_id")))
    except ValueError as exc:
        raise _refused(actor, "交换包编号无效。") from exc
    with transaction.atomic():
        if ExchangePackage.objects.filter(
            agency_id=actor.agency_id, direction=PackageDirection.IN, package_id=package_id
        ).exists():
            raise Conflict("该交换包已经导入过，不能重复导入。")
        package = ExchangePackage.objects.create(
            agency_id=actor.agency_id,
            direction=PackageDirection.IN,
            package_id=package_id,
            counterpart=peer.name,
            number=str(document.get("number") or "")[:100],
            title=str(document.get("title") or "")[:300],
            manifest_sm3=opened.manifest_sm3,
            status=PackageStatus.ARRIVED,
            classification=int(document.get("classification") or 0),
        )
        stored = []
        for packed in opened.files:
            stream = io.BytesIO(packed.content)
            checked = check_upload(packed.name, stream)
            stored.append(
                store_upload(
                    agency_id=actor.agency_id, uploaded_by=actor, checked=checked, stream=stream
                )
            )
        exchange_send(
            actor=actor,
            sender_agency=peer.sender,
            receiver_agency=actor.agency,
            source_type=SOURCE_TYPE,
            source_id=package.pk,
            number=package.number,
            title=package.title,
            files=stored,
            payload={
                k: document.get(k)
                for k in ("doc_type", "classification", "secrecy_period", "urgency", "written_on")
            },
        )
        audit_record(
            action="integration.package.import",
            actor=actor,
            obj=package,
            details={"from": peer.name, "number": package.number, "package": str(package_id)},
        )
    return package


def acknowledge_package(exchange: Exchange, actor: Person) -> None:
    """签收 of an imported package (inside the registrar's act): the signed receipt is made."""
    package = ExchangePackage.objects.select_for_update().get(
        pk=exchange.source_id, direction=PackageDirection.IN
    )
    key = exchange_key(exchange.receiver_agency)
    package.receipt = sign_receipt(
        {
            "package_id": str(package.package_id),
            "manifest_sm3": package.manifest_sm3,
            "number": package.number,
            "receiver": exchange.receiver_agency.name,
            "signed_by": actor.real_name,
            "signed_at": timezone.now().isoformat(),
        },
        private_key=key.private_key,
        public_key=key.public_key,
    )
    package.status = PackageStatus.SIGNED
    package.receipted_at = timezone.now()
    package.save(update_fields=["receipt", "status", "receipted_at"])


def package_get(*, person: Person, pk: int) -> ExchangePackage:
    package = (
        ExchangePackage.objects.filter(pk=pk, agency_id=person.agency_id).first()
        if can_exchange(person)
        else None
    )
    if package is None:
        raise NotFound("交换包不存在。")
    return package


def receipt_bytes(*, actor: Person, pk: int) -> bytes:
    package = package_get(person=actor, pk=pk)
    if package.direction != PackageDirection.IN or package.receipt is None:
        raise NotFound("该交换包尚未签收，没有回执。")
    return canonical(package.receipt)


def receipt_import(*, actor: Person, data: bytes) -> ExchangePackage:
    """The peer's signed receipt for a package this agency sent."""
    _require_exchange(actor, "integration.receipt.import")
    body, public_key = open_receipt(data)
    with transaction.atomic():
        package = (
            ExchangePackage.objects.select_for_update()
            .filter(
                agency_id=actor.agency_id,
                direction=PackageDirection.OUT,
                package_id=str(body.get("package_id")),
            )
            .first()
        )
        if package is None:
            raise ValidationFailed(
                "回执无效：本机关没有发出过这个交换包。", fields={"receipt": ["没有对应的交换包。"]}
            )
        peer = ExchangePeer.objects.filter(
            agency_id=actor.agency_id, public_key=public_key, name=package.counterpart
        ).first()
        if peer is None:
            raise ValidationFailed(
                "回执无效：签名者不是该交换包的收文机关。",
                fields={"receipt": ["签名者不是收文机关。"]},
            )
        if body.get("manifest_sm3") != package.manifest_sm3:
            raise ValidationFailed(
                "回执无效：回执所签收的内容与发出的交换包不一致。",
                fields={"receipt": ["签收内容与发出的不一致。"]},
            )
        if package.status == PackageStatus.RECEIPTED:
            return package
        package.status = PackageStatus.RECEIPTED
        package.receipt = {"receipt": body, "public_key": public_key}
        package.receipted_at = timezone.now()
        package.save(update_fields=["status", "receipt", "receipted_at"])
        audit_record(
            action="integration.receipt.import",
            actor=actor,
            obj=package,
            details={"by": body.get("signed_by"), "at": body.get("signed_at")},
        )
    return package
