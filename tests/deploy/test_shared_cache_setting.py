"""``GOVOA_CACHE_SHARED`` (ADR 0011) is on only where every process shares the cache: the
embedded mode's files, production with Redis."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SHOW = (
    "import json, django; django.setup(); from django.conf import settings; "
    "print(json.dumps([settings.GOVOA_CACHE_SHARED, settings.CACHES['default']['BACKEND']]))"
)


def _settings(module: str, tmp_path: Path, **env: str) -> list:  # type: ignore[type-arg]
    keep = {k: v for k, v in os.environ.items() if not k.startswith(("GOVOA_", "DJANGO_"))}
    result = subprocess.run(  # noqa: S603 — this test's own constant program
        [sys.executable, "-c", SHOW],
        cwd=ROOT,
        env={**keep, **env, "DJANGO_SETTINGS_MODULE": module, "GOVOA_DATA_DIR": str(tmp_path)},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


PRODUCTION = {
    "GOVOA_SECRET_KEY": "x" * 50,
    "GOVOA_AUDIT_KEY": "y" * 50,
    "GOVOA_FIELD_KEYS": "k1:" + "ab" * 16,
    "GOVOA_DATABASE_URL": "postgresql://govoa:pw@127.0.0.1:5432/govoa",
    "GOVOA_ALLOWED_HOSTS": "oa.example",
}


@pytest.mark.slow
def test_the_embedded_processes_share_a_file_cache(tmp_path):
    assert _settings("config.settings.embedded", tmp_path) == [
        True,
        "django.core.cache.backends.filebased.FileBasedCache",
    ]


@pytest.mark.slow
def test_production_shares_the_cache_only_when_told_or_with_redis(tmp_path):
    shared, _backend = _settings("config.settings.production", tmp_path, **PRODUCTION)
    assert shared is False
    told = _settings(
        "config.settings.production", tmp_path, **PRODUCTION, GOVOA_CACHE_SHARED="true"
    )
    assert told[0] is True
