"""The deployment's electronic-seal CA is made at ``govoa setup``; seal keys are issued by it
and kept encrypted."""

import io

from cryptography import x509
from django.core.management import call_command

from govoa.documents.esign.keys import private_key, seal_key_for
from govoa.documents.models import SigningAuthority


def test_setup_makes_the_authority_and_seal_keys_are_issued_by_it(db):
    call_command(
        "setup",
        name="某县人民政府办公室",
        short_name="县府办",
        doc_code="县府办",
        fonds_code="J001",
        stdout=io.StringIO(),
    )
    authority = SigningAuthority.objects.get()
    assert "ENCRYPTED PRIVATE KEY" in authority.private_key
    key = seal_key_for(seal_id=7, seal_name="某县人民政府办公室印", agency_id=1, agency_name="某县")
    assert "ENCRYPTED PRIVATE KEY" in key.private_key
    certificate = x509.load_pem_x509_certificate(key.certificate.encode())
    ca = x509.load_pem_x509_certificate(authority.certificate.encode())
    assert certificate.issuer == ca.subject
    certificate.verify_directly_issued_by(ca)
    assert private_key(key.private_key).public_key().public_numbers() == (
        certificate.public_key().public_numbers()
    )
    assert seal_key_for(seal_id=7, seal_name="x", agency_id=1, agency_name="y").pk == key.pk
