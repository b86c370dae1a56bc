"""E-mail (.eml) → its attachments and its body, each a document with sender and subject.

Secretariats receive directives as attachments (a signed PDF, a .doc) and sometimes
in the body itself. Every attachment in a format ``load`` reads becomes a document
named ``<message>/<attachment>``; the body (plain text, else the HTML part's text)
becomes one more, marked ``part = "body"``: ingest keeps it only when tasks are
found in it, since most bodies only say "gửi kèm văn bản". A forwarded message
inside the message is opened the same way (three levels at most). Attachments in
formats we do not read are skipped; a message with nothing readable is refused.

Imports ``load`` (``load_bytes``) and ``load.html``.
"""

from __future__ import annotations

import email
import email.policy
from dataclasses import replace
from email.message import EmailMessage
from pathlib import PurePath

from tracker.errors import BadInput
from tracker.load.base import Limits, LoadedDocument, Progress, fail

_READABLE = (
    ".txt",
    ".html",
    ".htm",
    ".docx",
    ".doc",
    ".rtf",
    ".pdf",
    ".png",
    ".jpg",
    ".jpeg",
    ".tif",
    ".tiff",
)
_MAX_DEPTH = 3


def _text(value: object) -> str | None:
    text = " ".join(str(value).split()) if value else ""
    return text or None


def _body(message: EmailMessage) -> str | None:
    from tracker.load.html import html_to_text

    part = message.get_body(preferencelist=("plain", "html"))
    if part is None:
        return None
    try:
        content = part.get_content()
    except (LookupError, UnicodeDecodeError, AssertionError):
        payload = part.get_payload(decode=True)
        content = payload.decode("utf-8", "replace") if isinstance(payload, bytes) else ""
    if not isinstance(content, str):
        return None
    return html_to_text(content) if part.get_content_type() == "text/html" else content


def _parts(
    name: str, message: EmailMessage, limits: Limits, progress: Progress, depth: int
) -> list[LoadedDocument]:
    from tracker.load import load_bytes

    documents: list[LoadedDocument] = []
    for number, part in enumerate(message.iter_attachments(), 1):
        if part.get_content_type() == "message/rfc822" and depth < _MAX_DEPTH:
            inner = part.get_payload()
            inner_message = inner[0] if isinstance(inner, list) and inner else inner
            if isinstance(inner_message, EmailMessage):
                documents += _parts(name, inner_message, limits, progress, depth + 1)
            continue
        filename = PurePath(part.get_filename() or f"tep-dinh-kem-{number}").name
        if not filename.lower().endswith(_READABLE):
            progress(f"{name}: bỏ qua tệp đính kèm {filename} (định dạng không đọc được)")
            continue
        data = part.get_payload(decode=True)
        if not isinstance(data, bytes) or not data:
            continue
        documents.append(load_bytes(f"{name}/{filename}", data, limits=limits, progress=progress))
    body = _body(message)
    if body and body.strip():
        documents.append(LoadedDocument(f"{name}/nội dung thư", body, "eml", "utf-8", part="body"))
    return documents


def read_message(
    name: str, data: bytes, *, limits: Limits, progress: Progress
) -> list[LoadedDocument]:
    """The documents of an e-mail, each with its sender and subject."""
    from tracker.lang.normal import nfc

    try:
        message = email.message_from_bytes(data, policy=email.policy.default)
    except (ValueError, TypeError, IndexError) as error:
        raise fail(name, f"thư điện tử bị hỏng ({type(error).__name__})") from None
    if not isinstance(message, EmailMessage) or not (message["From"] or message["Subject"]):
        raise fail(name, "không phải thư điện tử (.eml)")
    try:
        sender, subject = _text(message["From"]), _text(message["Subject"])
    except (ValueError, TypeError, IndexError):
        sender = subject = None
    try:
        documents = _parts(name, message, limits, progress, 0)
    except BadInput:
        raise
    except (ValueError, TypeError, LookupError, AssertionError) as error:
        raise fail(name, f"thư điện tử bị hỏng ({type(error).__name__})") from None
    if not documents:
        raise fail(name, "thư không có nội dung hay tệp đính kèm đọc được")
    return [
        replace(
            d,
            text=nfc(d.text.replace("\r\n", "\n").replace("\r", "\n")),
            sender=sender,
            subject=subject,
        )
        for d in documents
    ]
