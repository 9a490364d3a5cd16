"""SM2 signatures with SM3 (GB/T 32918, GM/T 0009 user id "1234567812345678") through
``gmssl`` (pure Python, BSD licence; ``cryptography`` has SM3 and SM4 but no SM2).

Two things are done here rather than by gmssl: the per-signature nonce k comes from
``secrets`` (gmssl's default uses ``random``, and a predictable k gives the private key
away), and the public key is set after construction (gmssl strips leading "0"/"4" digits
from a key that starts with "04", corrupting some keys)."""

import secrets

from gmssl import sm2

_CURVE = sm2.default_ecc_table
_N = int(_CURVE["n"], 16)


def _scalar() -> str:
    return f"{secrets.randbelow(_N - 1) + 1:064x}"


def _crypt(private_key: str = "", public_key: str = "") -> sm2.CryptSM2:
    crypt = sm2.CryptSM2(private_key=private_key, public_key="")
    crypt.public_key = public_key
    return crypt


def generate_keypair() -> tuple[str, str]:
    """(private key, public key) as hex: 64 digits, and 128 digits (x ‖ y, no 04 prefix)."""
    private = _scalar()
    public = _crypt()._kg(int(private, 16), _CURVE["g"])
    return private, public


def is_public_key(text: str) -> bool:
    try:
        int(text, 16)
    except ValueError:
        return False
    return len(text) == 128


def sign(private_key: str, public_key: str, data: bytes) -> str:
    return str(_crypt(private_key, public_key).sign_with_sm3(data, _scalar()))


def verify(public_key: str, signature: str, data: bytes) -> bool:
    if not is_public_key(public_key) or len(signature) != 128:
        return False
    try:
        return bool(_crypt(public_key=public_key).verify_with_sm3(signature, data))
    except (ValueError, TypeError):
        return False
