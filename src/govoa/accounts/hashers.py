import hashlib

from django.contrib.auth.hashers import PBKDF2PasswordHasher


def _sm3(data: bytes = b"") -> "hashlib._Hash":
    return hashlib.new("sm3", data)


class PBKDF2SM3PasswordHasher(PBKDF2PasswordHasher):
    """PBKDF2-HMAC-SM3 (国密 SM3 as the PRF), through OpenSSL's ``hashlib``.

    600,000 iterations cost about as much per login as Django's PBKDF2-SHA256 default on the
    same machine (SM3 runs at about a third of SHA-256's speed)."""

    algorithm = "pbkdf2_sm3"
    iterations = 600_000
    digest = staticmethod(_sm3)
