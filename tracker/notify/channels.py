"""Delivery channels: ``file`` (RFC 5322 .eml files in the outbox folder — works with
no server) and ``smtp`` (smtplib, STARTTLS or SSL; the password only from
TRACKER_SMTP_PASSWORD). A channel that cannot deliver anything (server unreachable,
login refused, outbox folder unwritable) raises ``DeliveryError`` (exit 3) with the
server named, never the password; a server that refuses *one message* (a recipient
refused, the data rejected) raises ``MessageRefused``: the sender records it and
goes on with the others.

Imports ``config`` and ``errors``.
"""

from __future__ import annotations

import os
import smtplib
import ssl
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from pathlib import Path
from typing import Protocol

from tracker.config import Config
from tracker.errors import TrackerError


class DeliveryError(TrackerError):
    """The channel cannot deliver at all now (server unreachable, login refused)."""

    exit_code = 3


class MessageRefused(TrackerError):
    """The server took the connection but refused this one message."""

    exit_code = 1


@dataclass(frozen=True, slots=True)
class Attachment:
    """A file sent with a message (the periodic report's PDF)."""

    filename: str
    content: bytes
    mime: str = "application/pdf"


@dataclass(frozen=True, slots=True)
class Message:
    """One message to one recipient; ``key`` is stable for the same queued items."""

    key: str
    sender: str
    recipient: str
    subject: str
    body: str
    attachments: tuple[Attachment, ...] = ()


def to_email(message: Message) -> EmailMessage:
    """An RFC 5322 message with a UTF-8 subject and body (and its attachments)."""
    email = EmailMessage()
    email["From"] = message.sender
    email["To"] = message.recipient
    email["Subject"] = message.subject
    email["Date"] = formatdate(localtime=False)
    email["Message-ID"] = make_msgid(idstring=message.key, domain="tracker.local")
    email.set_content(message.body, charset="utf-8")
    for attachment in message.attachments:
        maintype, subtype = attachment.mime.split("/", 1)
        email.add_attachment(
            attachment.content, maintype=maintype, subtype=subtype, filename=attachment.filename
        )
    return email


class Channel(Protocol):
    """Something that delivers a message."""

    def deliver(self, message: Message) -> None:
        """Deliver one message or raise ``DeliveryError``."""


@dataclass(frozen=True)
class FileChannel:
    """Writes ``<key>.eml`` into a folder (owner-only); the same key overwrites."""

    folder: Path

    def deliver(self, message: Message) -> None:
        """Write the message atomically (temp file + rename)."""
        data = bytes(to_email(message))
        try:
            self.folder.mkdir(parents=True, exist_ok=True, mode=0o700)
            target = self.folder / f"{message.key}.eml"
            temp = target.with_suffix(".tmp")
            fd = os.open(temp, os.O_CREAT | os.O_WRONLY | os.O_TRUNC, 0o600)
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
            temp.replace(target)
        except OSError as error:
            raise DeliveryError(
                f"Không ghi được thư vào {self.folder}: {error.strerror or error}"
            ) from None


@dataclass(frozen=True)
class SmtpChannel:
    """Sends through an SMTP server."""

    host: str
    port: int
    security: str
    user: str
    password: str | None
    timeout: int = 30

    def deliver(self, message: Message) -> None:
        """Send one message (STARTTLS, SSL or plain as configured)."""
        email = to_email(message)
        try:
            self._send(email)
        except (smtplib.SMTPRecipientsRefused, smtplib.SMTPDataError) as error:
            raise MessageRefused(f"máy chủ {self.host} từ chối thư: {_reason(error)}") from None
        except (OSError, smtplib.SMTPException) as error:
            raise DeliveryError(
                f"Không gửi được thư qua {self.host}:{self.port}: {_reason(error)}"
            ) from None

    def _send(self, email: EmailMessage) -> None:
        context = ssl.create_default_context()
        if self.security == "ssl":
            server: smtplib.SMTP = smtplib.SMTP_SSL(
                self.host, self.port, timeout=self.timeout, context=context
            )
        else:
            server = smtplib.SMTP(self.host, self.port, timeout=self.timeout)
        with server:
            if self.security == "starttls":
                server.starttls(context=context)
            if self.user:
                server.login(self.user, self.password or "")
            server.send_message(email)


def _reason(error: Exception) -> str:
    """One line: the server's answer or the system error."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        answers = [f"{to}: {code} {_text(text)}" for to, (code, text) in error.recipients.items()]
        return "; ".join(answers)
    if isinstance(error, smtplib.SMTPResponseException):
        return f"{error.smtp_code} {_text(error.smtp_error)}"
    return " ".join(str(error).split()) or type(error).__name__


def _text(value: bytes | str) -> str:
    text = value.decode("utf-8", "replace") if isinstance(value, bytes) else value
    return " ".join(text.split())


def channel_from_config(config: Config) -> Channel:
    """The configured channel: the outbox folder, or SMTP with the password from the
    environment."""
    if config.get("notify", "channel") == "smtp":
        return SmtpChannel(
            host=str(config.get("smtp", "host")),
            port=int(config.get("smtp", "port")),
            security=str(config.get("smtp", "security")),
            user=str(config.get("smtp", "user")),
            password=config.smtp_password,
            timeout=int(config.get("smtp", "timeout")),
        )
    return FileChannel(config.resolve_path("notify", "outbox"))
