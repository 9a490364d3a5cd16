"""A real HTTP server on 127.0.0.1 that stands in for another system in tests (a webhook
receiver, a messaging platform): ``answer`` decides each response from the request, and every
request is kept. Nothing listens beyond loopback."""

import json
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit


@dataclass
class Request:
    method: str
    path: str
    query: dict[str, str]
    headers: dict[str, str]
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body.decode("utf-8"))


Answer = Callable[[Request], tuple[int, Any]]


def _ok(request: Request) -> tuple[int, Any]:
    return 200, {"ok": True}


@dataclass
class StandIn:
    url: str = ""
    answer: Answer = _ok
    requests: list[Request] = field(default_factory=list)


@contextmanager
def stand_in(answer: Answer = _ok) -> Iterator[StandIn]:
    """Serve on a free loopback port until the block ends. ``answer`` returns (status, body);
    a ``dict``/``list`` body is sent as JSON, ``bytes`` as they are."""
    server_state = StandIn(answer=answer)

    class Handler(BaseHTTPRequestHandler):
        def _handle(self) -> None:
            length = int(self.headers.get("Content-Length", "0") or 0)
            parts = urlsplit(self.path)
            request = Request(
                method=self.command,
                path=parts.path,
                query={k: v[0] for k, v in parse_qs(parts.query).items()},
                headers={k.lower(): v for k, v in self.headers.items()},
                body=self.rfile.read(length) if length else b"",
            )
            server_state.requests.append(request)
            status, body = server_state.answer(request)
            if isinstance(body, bytes):
                raw, kind = body, "application/octet-stream"
            else:
                raw, kind = json.dumps(body, ensure_ascii=False).encode(), "application/json"
            self.send_response(status)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(raw)))
            self.end_headers()
            self.wfile.write(raw)

        do_GET = do_POST = do_PUT = _handle

        def log_message(self, format: str, *args: Any) -> None:  # quiet test output
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    server_state.url = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        yield server_state
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
