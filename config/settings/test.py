"""Test settings. ``GOVOA_TEST_DB=sqlite`` (default) or ``postgres`` chooses the database;
``make test`` runs the suite once on each."""

import os
import tempfile
from pathlib import Path

from .base import *  # noqa: F403 — settings modules extend the base by design
from .base import STORAGES
from .env import database_from_url, env_str

SECRET_KEY = "test-only-key-not-secret"  # noqa: S105 — used by the test suite only
GOVOA_AUDIT_KEY = "test-only-audit-key-not-secret"  # the test suite's own, not a secret
# Each test gets its own file (the root conftest.py); this is only the fallback.
GOVOA_AUDIT_CHECKPOINT_FILE = Path(tempfile.mkdtemp(prefix="govoa-test-audit-")) / "cp.jsonl"
GOVOA_FIELD_KEYS = "t1:000102030405060708090a0b0c0d0e0f"  # the test suite's own
DEBUG = False
# The login captcha is off in tests of other things (their repeated failures from the one test
# client would meet it); accounts/tests/test_two_factor.py turns it on.
GOVOA_LOGIN_CAPTCHA_AFTER = 0
ALLOWED_HOSTS = ["*"]

TEST_DB = os.environ.get("GOVOA_TEST_DB", "sqlite")
if TEST_DB == "postgres":
    _pg = database_from_url(
        env_str("GOVOA_TEST_PG_URL", "postgresql://postgres@127.0.0.1:5432/govoa")
    )
    _pg["CONN_MAX_AGE"] = 0
    _pg["TEST"] = {"CHARSET": "UTF8"}
    DATABASES = {"default": _pg}
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": Path(tempfile.gettempdir()) / "govoa-test.sqlite3",
            "OPTIONS": {"transaction_mode": "IMMEDIATE", "timeout": 20},
            "TEST": {"NAME": ""},  # in memory
        }
    }

# Fast hashing in tests; the SM3 hasher has its own test.
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.MD5PasswordHasher",
    "govoa.accounts.hashers.PBKDF2SM3PasswordHasher",
]
STORAGES = {
    **STORAGES,
    "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": tempfile.mkdtemp(prefix="govoa-test-files-")},
    },
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
STATIC_ROOT = Path(tempfile.mkdtemp(prefix="govoa-test-static-"))
TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
GOVOA_EMAIL_ENABLED = True
GOVOA_SMS_LOG_DELIVERIES = True
LOGGING = {"version": 1, "disable_existing_loggers": False, "root": {"level": "WARNING"}}

# A small subject type used to test the workflow engine on its own.
INSTALLED_APPS = [*INSTALLED_APPS, "govoa.flow.tests.subject"]  # noqa: F405
