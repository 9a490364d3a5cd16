"""A real SMTP server on loopback for tests of outgoing email (aiosmtpd, in a thread).

Use the ``smtp_server`` fixture: it starts the server on a free port of 127.0.0.1, points
``MAILERS["default"]`` at it through Django's SMTP backend, and gives the messages received,
decoded (Chinese subjects and bodies as text)::

    def test_mail(smtp_server):
        ...
        assert smtp_server.messages[0].subject == "【GovOA】待办：…"

``stop()`` and ``start()`` take the server down and up again on the same port, to test
what happens when the mail server is unreachable. Import the fixture into a ``conftest.py``
(``from govoa.testing.smtp import smtp_server``)."""

import asyncio
import email
import email.policy
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from email.message import EmailMessage
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, Envelope, Session

HOST = "127.0.0.1"


@dataclass(frozen=True)
class ReceivedMessage:
    sender: str
    to: list[str]
    subject: str
    body: str
    raw: bytes


class _Handler:
    def __init__(self, sink: list[ReceivedMessage], lock: threading.Lock) -> None:
        self._sink = sink
        self._lock = lock

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        content = envelope.content
        raw = content if isinstance(content, bytes) else (envelope.original_content or b"")
        parsed = email.message_from_bytes(raw, policy=email.policy.default)
        assert isinstance(parsed, EmailMessage)
        part = parsed.get_body(preferencelist=("plain", "html"))
        body = part.get_content() if part is not None else ""
        message = ReceivedMessage(
            sender=envelope.mail_from or "",
            to=list(envelope.rcpt_tos),
            subject=str(parsed.get("Subject", "")),
            body=body,
            raw=raw,
        )
        with self._lock:
            self._sink.append(message)
        return "250 Message accepted for delivery"


class _Controller(Controller):
    """Binds port 0 and learns the port the system gave it (no race for a free port)."""

    def _trigger_server(self) -> None:
        if self.port == 0 and isinstance(self.server, asyncio.Server):
            self.port = self.server.sockets[0].getsockname()[1]
        super()._trigger_server()


class SmtpServer:
    """An SMTP server on 127.0.0.1 that keeps what it receives in ``messages``."""

    def __init__(self) -> None:
        self.port = 0
        self._messages: list[ReceivedMessage] = []
        self._lock = threading.Lock()
        self._controller: _Controller | None = None

    @property
    def messages(self) -> list[ReceivedMessage]:
        with self._lock:
            return list(self._messages)

    @property
    def running(self) -> bool:
        return self._controller is not None

    def start(self) -> None:
        """Start listening (again on the same port after ``stop()``)."""
        if self._controller is not None:
            return
        controller = _Controller(
            _Handler(self._messages, self._lock), hostname=HOST, port=self.port
        )
        controller.start()
        self.port = controller.port
        self._controller = controller

    def stop(self) -> None:
        """Stop listening: a client now gets "connection refused"."""
        if self._controller is not None:
            self._controller.stop()
            self._controller = None

    def clear(self) -> None:
        with self._lock:
            self._messages.clear()

    def mailer_settings(self, timeout: float = 5) -> dict[str, Any]:
        """A ``MAILERS`` entry for Django's SMTP backend pointing at this server."""
        return {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": HOST, "port": self.port, "timeout": timeout},
        }


@pytest.fixture
def smtp_server(settings: Any) -> Iterator[SmtpServer]:
    """A running loopback SMTP server that ``MAILERS["default"]`` sends to."""
    server = SmtpServer()
    server.start()
    settings.MAILERS = {**settings.MAILERS, "default": server.mailer_settings()}
    try:
        yield server
    finally:
        server.stop()
