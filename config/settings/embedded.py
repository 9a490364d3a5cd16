"""The embedded, all-in-one setup (the default): SQLite in WAL mode and files on local disk.

The secret key, the audit checkpoints' key and the personal fields' SM4 key are generated
on first start and kept in ``var/secret_key``, ``var/audit_key`` and ``var/field_keys``
(mode 0600), so no secret ever sits in the repository."""

import secrets

from .base import *  # noqa: F403 — settings modules extend the base by design
from .base import DATA_DIR
from .env import env_str

DATA_DIR.mkdir(parents=True, exist_ok=True)


def _secret_key(name: str = "secret_key") -> str:
    path = DATA_DIR / name
    if not path.exists():
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


SECRET_KEY = env_str("GOVOA_SECRET_KEY", "") or _secret_key()
GOVOA_AUDIT_KEY = env_str("GOVOA_AUDIT_KEY", "") or _secret_key("audit_key")


def _field_key() -> str:
    path = DATA_DIR / "field_keys"
    if not path.exists():
        path.write_text(f"k1:{secrets.token_hex(16)}")
        path.chmod(0o600)
    return path.read_text().strip()


GOVOA_FIELD_KEYS = env_str("GOVOA_FIELD_KEYS", "") or _field_key()

DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": DATA_DIR / "govoa.sqlite3",
        "OPTIONS": {
            # IMMEDIATE takes the write lock at BEGIN, so concurrent writers queue instead of
            # failing with "database is locked" when a read transaction tries to upgrade.
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": (
                "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;"
            ),
        },
    }
}

# One cache for every process of ``govoa run`` and for ``govoa`` commands run beside it (a
# password reset from the command line must reach the server's cached token lookups: ADR
# 0011): files under the data directory. Losing or culling entries only costs lookups.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": DATA_DIR / "cache",
        "OPTIONS": {"MAX_ENTRIES": 20_000},
    }
}
