"""SM4-GCM encryption of personal fields at rest, and key rotation."""

import base64

import pytest
from django.core.management import call_command
from django.db import connection

from govoa.core import fieldcrypt
from govoa.org.models import Person


def _raw(person_id: int) -> tuple[str, str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT phone, email FROM org_person WHERE id = %s", [person_id])
        return cursor.fetchone()


def test_phone_and_email_are_stored_encrypted_and_read_back(people):
    Person.objects.filter(pk=people.staff.pk).update(phone="13800138000", email="a@b.cn")
    phone, email = _raw(people.staff.pk)
    assert phone.startswith("sm4g:t1:")
    assert "13800138000" not in phone
    assert email.startswith("sm4g:t1:")
    assert "a@b.cn" not in email
    person = Person.objects.get(pk=people.staff.pk)
    assert (person.phone, person.email) == ("13800138000", "a@b.cn")


def test_sm4_known_answer():
    """GB/T 32907 Appendix A.1: key = plaintext = 0123456789abcdeffedcba9876543210."""
    from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

    block = bytes.fromhex("0123456789abcdeffedcba9876543210")
    encryptor = Cipher(algorithms.SM4(block), modes.ECB()).encryptor()  # noqa: S305 — the KAT
    assert (encryptor.update(block) + encryptor.finalize()).hex() == (
        "681edf34d206965e86b3e94f536e4246"
    )


def test_tampering_and_a_wrong_key_are_detected():
    keys = fieldcrypt.parse_keys("a1:" + "11" * 16)
    stored = fieldcrypt.encrypt("110101199003071234", keys)
    assert fieldcrypt.decrypt(stored, keys) == "110101199003071234"
    # One bit of the ciphertext changed (on the decoded bytes: a base64 character next to
    # the padding may differ only in bits the decoder ignores).
    prefix, key_id, blob = stored.split(":", 2)
    raw = bytearray(base64.b64decode(blob))
    raw[len(raw) // 2] ^= 0x01
    flipped = f"{prefix}:{key_id}:{base64.b64encode(bytes(raw)).decode('ascii')}"
    with pytest.raises(fieldcrypt.FieldDecryptError):
        fieldcrypt.decrypt(flipped, keys)
    other = fieldcrypt.parse_keys("a1:" + "22" * 16)
    with pytest.raises(fieldcrypt.FieldDecryptError):
        fieldcrypt.decrypt(stored, other)


def test_key_rotation_reencrypts_every_row(people, settings):
    Person.objects.filter(pk=people.staff.pk).update(phone="13800138000")
    settings.GOVOA_FIELD_KEYS = "t2:" + "33" * 16 + ",t1:000102030405060708090a0b0c0d0e0f"
    call_command("rotate_field_key")
    phone, _email = _raw(people.staff.pk)
    assert phone.startswith("sm4g:t2:")
    settings.GOVOA_FIELD_KEYS = "t2:" + "33" * 16  # the old key may now be dropped
    assert Person.objects.get(pk=people.staff.pk).phone == "13800138000"
