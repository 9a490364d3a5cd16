"""The deployment's certificate authority and one key per seal (``cryptography``).

Private keys are stored as encrypted PKCS#8 PEM; the passphrase is derived from
``GOVOA_SEAL_KEY_SECRET`` (default: ``SECRET_KEY``), so a database copy alone does not give
anyone a seal. Changing that secret makes the stored keys unusable: new keys are then made
and old stamps still verify (their certificates are in the PDFs)."""

import datetime

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from cryptography.x509.oid import NameOID
from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from govoa.documents.models import SealKey, SigningAuthority

CA_YEARS = 20
SEAL_YEARS = 5


def _passphrase() -> bytes:
    secret = getattr(settings, "GOVOA_SEAL_KEY_SECRET", "") or settings.SECRET_KEY
    return HKDF(
        algorithm=hashes.SHA256(), length=32, salt=b"govoa-seal-keys", info=b"private keys"
    ).derive(secret.encode())


def _encrypted(key: ec.EllipticCurvePrivateKey) -> str:
    return key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.BestAvailableEncryption(_passphrase()),
    ).decode()


def private_key(pem: str) -> ec.EllipticCurvePrivateKey:
    key = serialization.load_pem_private_key(pem.encode(), password=_passphrase())
    assert isinstance(key, ec.EllipticCurvePrivateKey)
    return key


def _name(common: str, organization: str = "") -> x509.Name:
    parts = [x509.NameAttribute(NameOID.COMMON_NAME, common[:64])]
    if organization:
        parts.append(x509.NameAttribute(NameOID.ORGANIZATION_NAME, organization[:64]))
    return x509.Name(parts)


def _usage(*, ca: bool) -> x509.KeyUsage:
    return x509.KeyUsage(
        digital_signature=not ca,
        content_commitment=not ca,
        key_encipherment=False,
        data_encipherment=False,
        key_agreement=False,
        key_cert_sign=ca,
        crl_sign=ca,
        encipher_only=False,
        decipher_only=False,
    )


def authority_ensure(name: str = "") -> SigningAuthority:
    """The CA, made once (``govoa setup``; or at the first stamp of a deployment set up
    before electronic seals existed)."""
    existing = SigningAuthority.objects.order_by("pk").first()
    if existing is not None:
        return existing
    key = ec.generate_private_key(ec.SECP256R1())
    subject = _name(name or "GovOA 电子印章根证书", "GovOA")
    now = timezone.now()
    certificate = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=365 * CA_YEARS))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(_usage(ca=True), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .sign(key, hashes.SHA256())
    )
    with transaction.atomic():
        if SigningAuthority.objects.exists():  # made by a concurrent first stamp
            return SigningAuthority.objects.order_by("pk").first()  # type: ignore[return-value]
        return SigningAuthority.objects.create(
            name=subject.rfc4514_string()[:200],
            certificate=certificate.public_bytes(serialization.Encoding.PEM).decode(),
            private_key=_encrypted(key),
        )


def authority_certificate() -> x509.Certificate:
    return x509.load_pem_x509_certificate(authority_ensure().certificate.encode())


def seal_key_for(*, seal_id: int, seal_name: str, agency_id: int, agency_name: str) -> SealKey:
    """The seal's key, issued by the CA at its first stamp."""
    existing = SealKey.objects.filter(seal_id=seal_id).first()
    if existing is not None:
        return existing
    authority = authority_ensure()
    ca_certificate = x509.load_pem_x509_certificate(authority.certificate.encode())
    ca_key = private_key(authority.private_key)
    key = ec.generate_private_key(ec.SECP256R1())
    now = timezone.now()
    certificate = (
        x509.CertificateBuilder()
        .subject_name(_name(seal_name, agency_name))
        .issuer_name(ca_certificate.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=365 * SEAL_YEARS))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(_usage(ca=False), critical=True)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()),
            critical=False,
        )
        .sign(ca_key, hashes.SHA256())
    )
    try:
        with transaction.atomic():
            return SealKey.objects.create(
                agency_id=agency_id,
                seal_id=seal_id,
                seal_name=seal_name[:100],
                certificate=certificate.public_bytes(serialization.Encoding.PEM).decode(),
                private_key=_encrypted(key),
            )
    except IntegrityError:  # a concurrent first stamp made it
        return SealKey.objects.get(seal_id=seal_id)
