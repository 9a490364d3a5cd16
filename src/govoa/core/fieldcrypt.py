"""SM4-GCM encryption of sensitive personal fields at rest (GB/T 22239 8.1.4.8; SM4 is
GB/T 32907). Keys come from ``GOVOA_FIELD_KEYS``: ``id:hex32[,id:hex32…]``, the first one
encrypts, every one decrypts, so a key is rotated by putting the new key first and running
``govoa rotate-field-key`` (docs/security.md). A stored value reads
``sm4g:<key id>:<base64(nonce ‖ ciphertext ‖ tag)>``; a value without the prefix is plain
text written before encryption was turned on, and is still read."""

import base64
import binascii
import os
from dataclasses import dataclass
from functools import cache

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

PREFIX = "sm4g"
_AAD = b"govoa-field-v1"
_NONCE_BYTES = 12
_TAG_BYTES = 16


class FieldDecryptError(Exception):
    """A stored value that no configured key opens (wrong key, or tampered)."""


@dataclass(frozen=True)
class FieldKeys:
    current_id: str
    keys: dict[str, bytes]


def parse_keys(text: str) -> FieldKeys:
    keys: dict[str, bytes] = {}
    order: list[str] = []
    for item in (part.strip() for part in text.split(",")):
        if not item:
            continue
        key_id, _, hex_key = item.partition(":")
        try:
            raw = binascii.unhexlify(hex_key.strip())
        except (binascii.Error, ValueError):
            raw = b""
        if not key_id.strip().isalnum() or len(raw) != 16:
            raise ImproperlyConfigured(
                "GOVOA_FIELD_KEYS 格式应为 “标识:32位十六进制”，多个以逗号分隔（SM4 密钥 128 位）"
            )
        keys[key_id.strip()] = raw
        order.append(key_id.strip())
    if not order:
        raise ImproperlyConfigured("未配置敏感字段加密密钥 GOVOA_FIELD_KEYS")
    return FieldKeys(order[0], keys)


@cache
def _keys_for(text: str) -> FieldKeys:
    return parse_keys(text)


def field_keys() -> FieldKeys:
    return _keys_for(getattr(settings, "GOVOA_FIELD_KEYS", "") or "")


def new_key_hex() -> str:
    return os.urandom(16).hex()


def is_encrypted(value: str) -> bool:
    return value.startswith(PREFIX + ":")


def key_id_of(value: str) -> str | None:
    return value.split(":", 2)[1] if is_encrypted(value) else None


def encrypt(plain: str, keys: FieldKeys | None = None) -> str:
    keys = keys or field_keys()
    nonce = os.urandom(_NONCE_BYTES)
    encryptor = Cipher(algorithms.SM4(keys.keys[keys.current_id]), modes.GCM(nonce)).encryptor()
    encryptor.authenticate_additional_data(_AAD)
    body = encryptor.update(plain.encode("utf-8")) + encryptor.finalize()
    blob = base64.b64encode(nonce + body + encryptor.tag).decode("ascii")
    return f"{PREFIX}:{keys.current_id}:{blob}"


def decrypt(stored: str, keys: FieldKeys | None = None) -> str:
    if not is_encrypted(stored):
        return stored
    keys = keys or field_keys()
    _prefix, key_id, blob = stored.split(":", 2)
    key = keys.keys.get(key_id)
    if key is None:
        raise FieldDecryptError(f"没有标识为 {key_id} 的字段密钥")
    try:
        raw = base64.b64decode(blob, validate=True)
    except binascii.Error as exc:
        raise FieldDecryptError("密文格式不正确") from exc
    nonce, body, tag = raw[:_NONCE_BYTES], raw[_NONCE_BYTES:-_TAG_BYTES], raw[-_TAG_BYTES:]
    if len(nonce) != _NONCE_BYTES or len(tag) != _TAG_BYTES:
        raise FieldDecryptError("密文格式不正确")
    decryptor = Cipher(algorithms.SM4(key), modes.GCM(nonce, tag)).decryptor()
    decryptor.authenticate_additional_data(_AAD)
    try:
        return (decryptor.update(body) + decryptor.finalize()).decode("utf-8")
    except InvalidTag as exc:
        raise FieldDecryptError("密文校验失败（密钥不符或已被篡改）") from exc
