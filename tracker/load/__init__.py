"""Documents as they arrive → text: one module per format, resource limits here.

``load_document(path)`` reads one file; ``load_documents(path)`` also opens an e-mail
(``.eml``) into its attachments and body. The format is decided by the bytes first
(a PDF named ``.txt`` is read as a PDF), then by the name:

=========  ================================================  ==================
format     module                                            ``source``
=========  ================================================  ==================
.txt       ``txt`` (UTF-8/16; TCVN3, VNI, Windows-1258)      text
.html      ``html`` (linear-time tokenizer)                  text
.docx      ``docx`` (zip limits, legacy-font runs)           text
.doc .rtf  ``doc`` (LibreOffice → .docx)                     text
.pdf       ``pdf`` (text layer), else ``ocr``                pdf / ocr
images     ``ocr`` (Tesseract, Vietnamese)                   ocr
.eml       ``eml`` (attachments, body, sender, subject)      as its parts
=========  ================================================  ==================

Everything a user can get wrong ends in ``BadInput`` with one Vietnamese line that
names the file. Text is NFC with "\\n" line ends; Ð/ð (Windows-1258's Đ misread) is Đ/đ.

Imports ``errors``, ``lang`` and its own modules (``config`` for its type only); heavy
libraries only inside them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from tracker.lang.normal import nfc
from tracker.load import legacy
from tracker.load.base import (
    Limits,
    LoadedDocument,
    Progress,
    SourceFormat,
    SourceKind,
    check_path,
    fail,
    quiet,
)

if TYPE_CHECKING:
    from tracker.config import Config

__all__ = [
    "Limits",
    "LoadedDocument",
    "Progress",
    "SourceFormat",
    "SourceKind",
    "limits_from_config",
    "load_bytes",
    "load_document",
    "load_documents",
    "load_files",
    "quiet",
]

_IMAGES = (
    (b"\x89PNG\r\n\x1a\n", "PNG"),
    (b"\xff\xd8\xff", "JPEG"),
    (b"II*\x00", "TIFF"),
    (b"MM\x00*", "TIFF"),
)
_REFUSED = (
    (b"GIF8", "ảnh GIF (hãy chuyển sang PNG hoặc PDF)"),
    (b"Rar!", "tệp nén RAR"),
    (b"7z\xbc\xaf", "tệp nén 7z"),
    (b"\x1f\x8b", "tệp nén gzip"),
)
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_TEXT_SUFFIXES = (".txt", ".text", ".html", ".htm", "")


def limits_from_config(config: Config) -> Limits:
    """The loaders' resource limits from ``[input]``."""
    return Limits(
        max_bytes=int(config.get("input", "max_file_mb")) * 1_000_000,
        max_unpacked=int(config.get("input", "max_unpacked_mb")) * 1_000_000,
        max_pages=int(config.get("input", "max_pages")),
    )


def load_files(
    paths: Sequence[Path], *, limits: Limits, progress: Progress = quiet
) -> list[LoadedDocument]:
    """Every file read (an e-mail gives its parts) before anything is written."""
    documents: list[LoadedDocument] = []
    for path in paths:
        documents += load_documents(Path(path), limits=limits, progress=progress)
    return documents


def _read(path: Path, limits: Limits) -> bytes:
    check_path(path, limits.max_bytes)
    try:
        return path.read_bytes()
    except OSError as error:
        raise fail(path, f"không đọc được ({error.strerror})") from None


def load_document(
    path: Path,
    *,
    max_bytes: int | None = None,
    limits: Limits | None = None,
    progress: Progress = quiet,
) -> LoadedDocument:
    """Read one document (not an e-mail: see ``load_documents``) and return its text."""
    documents = load_documents(path, max_bytes=max_bytes, limits=limits, progress=progress)
    if len(documents) != 1 or documents[0].source_format == "eml":
        raise fail(path, "là thư điện tử; hãy dùng tracker ingest để đọc các tệp đính kèm")
    return documents[0]


def load_documents(
    path: Path,
    *,
    max_bytes: int | None = None,
    limits: Limits | None = None,
    progress: Progress = quiet,
) -> list[LoadedDocument]:
    """Read a file: one document, or for an e-mail its attachments and body."""
    limits = limits or Limits()
    if max_bytes is not None:
        limits = replace(limits, max_bytes=max_bytes)
    path = Path(path)
    data = _read(path, limits)
    if path.suffix.lower() == ".eml":
        from tracker.load.eml import read_message

        return read_message(path.name, data, limits=limits, progress=progress)
    return [load_bytes(path.name, data, limits=limits, progress=progress)]


def load_bytes(
    name: str, data: bytes, *, limits: Limits | None = None, progress: Progress = quiet
) -> LoadedDocument:
    """The text of a document given as bytes (``name`` decides only when bytes cannot)."""
    limits = limits or Limits()
    if len(data) > limits.max_bytes:
        raise fail(name, f"quá lớn ({len(data):,} byte; giới hạn {limits.max_bytes:,} byte)")
    if not data:
        raise fail(name, "rỗng")
    document = _dispatch(name, data, limits, progress)
    text = legacy.repair_eth(nfc(document.text.replace("\r\n", "\n").replace("\r", "\n")))
    if not text.strip():
        raise fail(name, _empty_reason(document))
    if len(text) > limits.long_text:
        progress(f"{name}: văn bản dài ({len(text):,} ký tự), trích xuất có thể mất vài phút")
    return _with_text(document, text)


def _with_text(document: LoadedDocument, text: str) -> LoadedDocument:
    return replace(document, text=text)


def _empty_reason(document: LoadedDocument) -> str:
    if document.source == "ocr":
        return "không nhận dạng được chữ nào trong ảnh quét"
    return "không có nội dung văn bản"


def _dispatch(name: str, data: bytes, limits: Limits, progress: Progress) -> LoadedDocument:
    suffix = Path(name).suffix.lower()
    if data.startswith(b"%PDF"):
        from tracker.load.pdf import read_pdf

        return read_pdf(name, data, limits=limits, progress=progress)
    for magic, kind in _IMAGES:
        if data.startswith(magic):
            from tracker.load.ocr import read_image

            return read_image(name, data, kind=kind, limits=limits, progress=progress)
    for magic, kind in _REFUSED:
        if data.startswith(magic):
            raise fail(name, f"là {kind}, không phải văn bản")
    if data.startswith(b"PK\x03\x04"):
        if suffix not in (".docx", ".docm", ".dotx") and not _has_word_part(data):
            raise fail(name, "là tệp nén (ZIP/Office) nhưng không phải .docx")
        from tracker.load.docx import read_docx

        return LoadedDocument(name, read_docx(name, data, limits), "docx", "docx")
    if suffix == ".docx":
        raise fail(name, "không phải tệp .docx hợp lệ")
    if data.startswith(_OLE) or data.startswith(b"{\\rtf"):
        from tracker.load.doc import read_doc

        return read_doc(name, data, limits=limits, progress=progress)
    return _text(name, data, suffix)


def _has_word_part(data: bytes) -> bool:
    return b"word/document.xml" in data[-65536:] or b"word/document.xml" in data[:65536]


def _text(name: str, data: bytes, suffix: str) -> LoadedDocument:
    from tracker.load.html import html_to_text, looks_like_html
    from tracker.load.txt import decode_text

    text, encoding, converted = decode_text(name, data)
    if suffix in (".html", ".htm") or looks_like_html(text):
        return LoadedDocument(name, html_to_text(text), "html", encoding, legacy=converted)
    return LoadedDocument(name, text, "txt", encoding, legacy=converted)
