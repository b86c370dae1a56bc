"""What every loader shares: the result type, the resource limits, the refusals.

Imports ``errors`` only.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from tracker.errors import BadInput

SourceFormat = Literal["txt", "html", "docx", "doc", "pdf", "image", "eml"]
# how the text was obtained: read from a text format, from a PDF's text layer, or by OCR
SourceKind = Literal["text", "pdf", "ocr"]
Progress = Callable[[str], None]


def quiet(_message: str) -> None:
    """A progress sink that says nothing."""


@dataclass(frozen=True, slots=True)
class LoadedDocument:
    """A document's text (NFC, "\\n" line ends) and what is known of where it came from.

    ``source`` is ``ocr`` for a scan (``ocr_confidence``: Tesseract's mean word
    confidence, 0–100); ``sender`` and ``subject`` come from the e-mail a document was
    attached to; ``legacy`` names a legacy encoding the text was converted from;
    ``part`` is ``body`` for the text of an e-mail itself (ingested only when it holds
    tasks).
    """

    name: str
    text: str
    source_format: SourceFormat
    encoding: str
    source: SourceKind = "text"
    ocr_confidence: float | None = None
    pages: int | None = None
    legacy: str | None = None
    sender: str | None = None
    subject: str | None = None
    part: Literal["document", "body"] = "document"


@dataclass(frozen=True, slots=True)
class Limits:
    """Resource limits of loading (issue: a 3.6 MB .docx holding 1.5 GB of XML).

    ``max_bytes``: the file; ``max_unpacked``: bytes read out of a zip container in
    all; ``max_ratio``: uncompressed / compressed size of one zip member (Word's XML
    compresses about 10:1; a bomb 1000:1); ``max_pages``: pages of a PDF or scan;
    ``timeout``: seconds for an outside program (Tesseract, LibreOffice) per file.
    """

    max_bytes: int = 20_000_000
    max_unpacked: int = 200_000_000
    max_ratio: int = 200
    max_pages: int = 300
    timeout: int = 600
    ocr_dpi: int = 300
    # a text longer than this is announced on the progress sink (it takes a while)
    long_text: int = 300_000


def fail(name: str | Path, problem: str) -> BadInput:
    """The one-line refusal for a file."""
    return BadInput(f"tệp '{name}': {problem}")


def check_path(path: Path, max_bytes: int) -> int:
    """Refuse what is not a readable regular file of a sensible size (never opens a FIFO)."""
    try:
        info = os.stat(path)
    except FileNotFoundError:
        raise fail(path, "không tồn tại") from None
    except OSError as error:
        raise fail(path, f"không đọc được ({error.strerror})") from None
    if stat.S_ISDIR(info.st_mode):
        raise fail(path, "là thư mục, không phải tệp")
    if not stat.S_ISREG(info.st_mode):
        raise fail(path, "không phải tệp thường (thiết bị, FIFO hoặc socket)")
    if info.st_size > max_bytes:
        raise fail(path, f"quá lớn ({info.st_size:,} byte; giới hạn {max_bytes:,} byte)")
    if info.st_size == 0:
        raise fail(path, "rỗng")
    return info.st_size
