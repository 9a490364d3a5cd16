"""``govoa check --deploy`` passes with the production environment that docs/deployment.md
documents, and fails when a documented HTTPS safeguard is switched off."""

import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from config.settings.env import proxy_ssl_header

ROOT = Path(__file__).resolve().parents[2]
GUIDE = ROOT / "docs" / "deployment.md"


def documented_environment() -> dict[str, str]:
    """The example ``/etc/govoa/govoa.env`` of the guide, with its placeholders (……) filled:
    generated secret and audit keys and a password. Nothing else is added."""
    text = GUIDE.read_text(encoding="utf-8")
    block = re.search(r"示例 `/etc/govoa/govoa\.env`.*?```ini\n(.*?)```", text, re.S)
    assert block, "docs/deployment.md should show the example environment file"
    env = {}
    for line in block.group(1).splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            name, _sep, value = line.partition("=")
            env[name.strip()] = value.strip()
    env["GOVOA_SECRET_KEY"] = secrets.token_urlsafe(50)
    env["GOVOA_AUDIT_KEY"] = secrets.token_urlsafe(50)
    env["GOVOA_FIELD_KEYS"] = f"k1:{secrets.token_hex(16)}"
    env["GOVOA_DATABASE_URL"] = env["GOVOA_DATABASE_URL"].replace("……", "example-password")
    assert not any("……" in value for value in env.values()), env
    return env


def check_deploy(env: dict[str, str], tmp_path: Path) -> subprocess.CompletedProcess[str]:
    keep = {k: v for k, v in os.environ.items() if not k.startswith(("GOVOA_", "DJANGO_"))}
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env={**keep, **env, "GOVOA_DATA_DIR": str(tmp_path)},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.mark.slow
def test_check_deploy_passes_with_the_documented_environment(tmp_path):
    env = documented_environment()
    assert env["DJANGO_SETTINGS_MODULE"] == "config.settings.production"
    result = check_deploy(env, tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


@pytest.mark.slow
def test_check_deploy_fails_when_the_safeguards_are_switched_off(tmp_path):
    switched_off = {
        "GOVOA_SSL_REDIRECT": ("false", "security.W008"),
        "GOVOA_HSTS_SECONDS": ("0", "security.W004"),
        "GOVOA_SECURE_COOKIES": ("false", "security.W012"),
    }
    env = {**documented_environment(), **{k: v for k, (v, _w) in switched_off.items()}}
    result = check_deploy(env, tmp_path)
    assert result.returncode != 0
    for _value, warning in switched_off.values():
        assert warning in result.stderr
    # With HSTS on, leaving out the subdomains is a warning of its own.
    env = {**documented_environment(), "GOVOA_HSTS_INCLUDE_SUBDOMAINS": "false"}
    assert "security.W005" in check_deploy(env, tmp_path).stderr


def test_the_proxy_header_setting_is_parsed_from_its_variable():
    assert proxy_ssl_header("X-Forwarded-Proto: https") == ("HTTP_X_FORWARDED_PROTO", "https")
    assert proxy_ssl_header("X-Forwarded-Ssl: on") == ("HTTP_X_FORWARDED_SSL", "on")
    assert proxy_ssl_header("off") is None
    with pytest.raises(ImproperlyConfigured):
        proxy_ssl_header("X-Forwarded-Proto")
