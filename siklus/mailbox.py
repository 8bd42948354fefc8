"""An in-process SMTP server on loopback that keeps what it receives (demo and tests).

Layer: shell. `siklus demo` starts one to show the reminder emails without any mail server
to set up; the tests use it as the real SMTP server the sweep talks to. It listens on
127.0.0.1 only, on a free port, and stops when the `with` block ends.
"""

from __future__ import annotations

import socket
import threading
from email import message_from_bytes
from email import policy as email_policy
from email.message import EmailMessage
from types import TracebackType
from typing import Any

from policy.mail import SmtpMailer

HOST = "127.0.0.1"


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind((HOST, 0))
        return int(s.getsockname()[1])


class _Handler:
    """aiosmtpd handler: parse and keep every message delivered."""

    def __init__(self) -> None:
        self.messages: list[EmailMessage] = []
        self.recipients: list[list[str]] = []
        self.lock = threading.Lock()

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802
        data = envelope.original_content or envelope.content
        message = message_from_bytes(data, policy=email_policy.default)
        with self.lock:
            self.messages.append(message)
            self.recipients.append(list(envelope.rcpt_tos))
        return "250 Message accepted for delivery"


class LoopbackMailbox:
    """A real SMTP server on 127.0.0.1 (aiosmtpd) collecting the messages it receives."""

    def __init__(self) -> None:
        self.port = 0
        self._handler = _Handler()
        self._controller: Any = None

    def __enter__(self) -> LoopbackMailbox:
        from aiosmtpd.controller import Controller

        self.port = _free_port()
        self._controller = Controller(self._handler, hostname=HOST, port=self.port)
        self._controller.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if self._controller is not None:
            self._controller.stop()
            self._controller = None

    @property
    def messages(self) -> list[EmailMessage]:
        """Every message received so far, in arrival order."""
        with self._handler.lock:
            return list(self._handler.messages)

    @property
    def envelopes(self) -> list[list[str]]:
        """The SMTP recipients (RCPT TO) of each message received."""
        with self._handler.lock:
            return [list(r) for r in self._handler.recipients]

    def mailer(self) -> SmtpMailer:
        """A mailer that delivers to this server."""
        return SmtpMailer(host=HOST, port=self.port, timeout=10.0)
