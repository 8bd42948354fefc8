"""Sending email through SMTP, behind a small interface the services take as an argument.

Layer: domain infrastructure (counterparts: `policy.services.reminders`, the CLI and the
reminder flow build an `SmtpMailer` from the settings; tests pass one pointed at a real SMTP
server on loopback). Settings: `SIKLUS_SMTP_HOST`, `_PORT`, `_STARTTLS`, `_SSL`, `_USER`,
`_PASSWORD`, `_FROM`, `_TIMEOUT`.
"""

from __future__ import annotations

import smtplib
import ssl
from dataclasses import dataclass
from datetime import datetime
from email import policy as email_policy
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid
from typing import Protocol

from policy.settings import Settings

UNFOLDED = email_policy.SMTP.clone(max_line_length=998)
SUBJECT_LIMIT = 200


class Mailer(Protocol):
    """Something that delivers an email message (raises on failure)."""

    def send(self, message: EmailMessage) -> None:
        """Deliver `message` to its To recipients."""


class MailError(Exception):
    """Email could not be sent; the message says why (Indonesian)."""


@dataclass(frozen=True)
class SmtpMailer:
    """Delivers through an SMTP server (one connection per message)."""

    host: str
    port: int = 25
    starttls: bool = False
    use_ssl: bool = False
    user: str = ""
    password: str = ""
    timeout: float = 30.0

    @classmethod
    def from_settings(cls, settings: Settings) -> SmtpMailer:
        """The mailer the settings describe.

        Raises:
            MailError: no SMTP host is configured.
        """
        if not settings.smtp_host:
            raise MailError(
                "Server SMTP belum diatur: isi SIKLUS_SMTP_HOST (dan SIKLUS_SMTP_PORT, "
                "SIKLUS_SMTP_FROM, bila perlu SIKLUS_SMTP_USER/SIKLUS_SMTP_PASSWORD)."
            )
        return cls(
            host=settings.smtp_host,
            port=settings.smtp_port,
            starttls=settings.smtp_starttls,
            use_ssl=settings.smtp_ssl,
            user=settings.smtp_user,
            password=settings.smtp_password.get_secret_value(),
            timeout=settings.smtp_timeout,
        )

    def send(self, message: EmailMessage) -> None:
        """Connect, optionally upgrade to TLS and log in, send, and close."""
        context = ssl.create_default_context()
        try:
            smtp: smtplib.SMTP
            if self.use_ssl:
                smtp = smtplib.SMTP_SSL(self.host, self.port, timeout=self.timeout, context=context)
            else:
                smtp = smtplib.SMTP(self.host, self.port, timeout=self.timeout)
            with smtp:
                if self.starttls and not self.use_ssl:
                    smtp.starttls(context=context)
                if self.user:
                    smtp.login(self.user, self.password)
                smtp.send_message(message)
        except (OSError, smtplib.SMTPException) as exc:
            raise MailError(f"gagal mengirim surel lewat {self.host}:{self.port}: {exc}") from exc


def new_message_id(sender: str) -> str:
    """A fresh Message-ID in the sender's domain."""
    return make_msgid(domain=sender.rpartition("@")[2] or "siklus.invalid")


def build_message(
    *,
    sender: str,
    sender_name: str,
    to: str,
    to_name: str,
    subject: str,
    body: str,
    message_id: str,
    sent_at: datetime,
) -> EmailMessage:
    """A plain-text UTF-8 email marked as sent by a machine (RFC 3834).

    Headers are not folded (lines up to the RFC 5322 limit of 998): folding a subject around
    encoded words makes some readers show stray spaces.
    """
    message = EmailMessage(policy=UNFOLDED)
    message["From"] = Address(display_name=sender_name, addr_spec=sender)
    message["To"] = Address(display_name=to_name, addr_spec=to)
    message["Subject"] = subject if len(subject) <= SUBJECT_LIMIT else subject[:199] + "…"
    message["Date"] = format_datetime(sent_at)
    message["Message-ID"] = message_id
    message["Auto-Submitted"] = "auto-generated"
    message.set_content(body, charset="utf-8")
    return message
