"""A real OpenID provider for the SSO tests: ``python -m govoa.testing.oidc_op`` (django-oidc-
provider in a project of its own) in a child process on a free loopback port, stopped after."""

import datetime
import json
import os
import secrets
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.error import URLError
from urllib.request import urlopen


@dataclass
class Provider:
    url: str
    client_id: str
    client_secret: str

    def settings(self) -> dict[str, Any]:
        """GovOA's settings for this provider (what GOVOA_OIDC_* set in a deployment)."""
        return {
            "OIDC_RP_CLIENT_ID": self.client_id,
            "OIDC_RP_CLIENT_SECRET": self.client_secret,
            "OIDC_OP_AUTHORIZATION_ENDPOINT": f"{self.url}/authorize",
            "OIDC_OP_TOKEN_ENDPOINT": f"{self.url}/token",
            "OIDC_OP_USER_ENDPOINT": f"{self.url}/userinfo",
            "OIDC_OP_JWKS_ENDPOINT": f"{self.url}/jwks",
        }


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def running_provider(
    users: list[dict[str, str]], redirect_uris: list[str], root: Path
) -> Iterator[Provider]:
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    client_id, client_secret = "govoa-" + secrets.token_hex(4), secrets.token_hex(16)
    spec = {
        "port": port,
        "users": users,
        "client": {"id": client_id, "secret": client_secret, "redirect_uris": redirect_uris},
    }
    root.mkdir(parents=True, exist_ok=True)
    env = {
        **os.environ,
        "GOVOA_OP_DB": str(root / "op.sqlite3"),
        "GOVOA_OP_URL": url,
        "GOVOA_OP_SPEC": json.dumps(spec),
    }
    env.pop("DJANGO_SETTINGS_MODULE", None)
    env["GOVOA_OP_NOW"] = datetime.datetime.now(datetime.UTC).isoformat()  # the tests' clock
    log = (root / "op.log").open("wb")
    process = subprocess.Popen(
        [sys.executable, "-m", "govoa.testing.oidc_op"],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urlopen(f"{url}/.well-known/openid-configuration", timeout=2) as answer:  # noqa: S310
                    if answer.status == 200:
                        break
            except (URLError, OSError):
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                log.flush()
                raise RuntimeError(
                    "the test OpenID provider did not start: "
                    + (root / "op.log").read_text(errors="replace")[-2000:]
                )
            time.sleep(0.2)
        yield Provider(url=url, client_id=client_id, client_secret=client_secret)
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)
        log.close()
