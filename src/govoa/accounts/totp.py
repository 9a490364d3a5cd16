"""Time-based one-time passwords (RFC 6238 over RFC 4226 HOTP), as authenticator apps
(微信/企业微信 小程序, FreeOTP, Google Authenticator) compute them: 6 digits, 30 s steps."""

import base64
import hashlib
import hmac
import secrets
import struct
import urllib.parse

STEP_SECONDS = 30
DIGITS = 6
# Codes of the step before and after are accepted too: the phone's clock may be 30 s off.
DRIFT_STEPS = 1


def secret_new() -> str:
    """A 160-bit secret in base32 (RFC 4226 §4 recommends 160 bits)."""
    return base64.b32encode(secrets.token_bytes(20)).decode("ascii")


def _key(secret_b32: str) -> bytes:
    cleaned = secret_b32.replace(" ", "").upper()
    return base64.b32decode(cleaned + "=" * (-len(cleaned) % 8))


def hotp(key: bytes, counter: int, *, digits: int = DIGITS, digest: str = "sha1") -> str:
    mac = hmac.new(key, struct.pack(">Q", counter), digest).digest()
    offset = mac[-1] & 0x0F
    value = struct.unpack(">I", mac[offset : offset + 4])[0] & 0x7FFFFFFF
    return str(value % 10**digits).zfill(digits)


def step_at(unix_time: float) -> int:
    return int(unix_time // STEP_SECONDS)


def code_at(secret_b32: str, unix_time: float) -> str:
    return hotp(_key(secret_b32), step_at(unix_time))


def matching_step(secret_b32: str, code: str, unix_time: float) -> int | None:
    """The time step whose code ``code`` is (within the drift), or None."""
    code = (code or "").strip().replace(" ", "")
    if len(code) != DIGITS or not code.isdigit():
        return None
    key = _key(secret_b32)
    now = step_at(unix_time)
    for step in range(now - DRIFT_STEPS, now + DRIFT_STEPS + 1):
        if hmac.compare_digest(hotp(key, step), code):
            return step
    return None


def provisioning_uri(secret_b32: str, *, account: str, issuer: str) -> str:
    label = urllib.parse.quote(f"{issuer}:{account}")
    query = urllib.parse.urlencode(
        {"secret": secret_b32, "issuer": issuer, "digits": DIGITS, "period": STEP_SECONDS}
    )
    return f"otpauth://totp/{label}?{query}"


def sha256_hex(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()
