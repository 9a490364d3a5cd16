"""Fixtures of the notify tests: the loopback SMTP server and a loopback HTTP server that
stands in for an agency's SMS platform."""

import json
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

from govoa.testing.smtp import smtp_server

# Listed so the imported fixture counts as used: pytest finds fixtures by name here.
__all__ = ["sms_platform", "smtp_server"]


@dataclass
class SmsPlatform:
    """Answers ``status`` (after ``delay`` seconds) and keeps every request it received."""

    url: str
    status: int = 200
    delay: float = 0.0
    location: str = ""
    requests: list[dict[str, Any]] = field(default_factory=list)


@pytest.fixture
def sms_platform() -> Iterator[SmsPlatform]:
    platform = SmsPlatform(url="")
    stop_waiting = threading.Event()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length", "0"))
            raw = self.rfile.read(length)
            platform.requests.append(
                {
                    "path": self.path,
                    "authorization": self.headers.get("Authorization", ""),
                    "content_type": self.headers.get("Content-Type", ""),
                    "json": json.loads(raw.decode("utf-8")),
                }
            )
            if platform.delay:
                stop_waiting.wait(platform.delay)
            payload = b'{"ok": true}' if platform.status < 300 else b'{"error": "boom"}'
            try:
                self.send_response(platform.status)
                self.send_header("Content-Type", "application/json")
                if platform.location:
                    self.send_header("Location", platform.location)
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)
            except OSError:  # the client gave up (the timeout test)
                pass

        def log_message(self, format: str, *args: Any) -> None:  # quiet test output
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    platform.url = f"http://127.0.0.1:{server.server_address[1]}/sms/send"
    try:
        yield platform
    finally:
        stop_waiting.set()
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
