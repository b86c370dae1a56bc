"""Loading documents: .txt (UTF-8, UTF-8 with BOM, UTF-16), .html and .docx → NFC text.

Everything a user can get wrong ends in ``BadInput`` with one Vietnamese line that
names the file: a missing file, a folder, a device or FIFO (never opened), an empty
or binary file, a PDF or image under a text name, a legacy Vietnamese encoding
(Windows-1258, TCVN3, VNI: named, and refused), a file over the size limit.

Imports ``errors`` and ``lang.normal``; python-docx only inside the .docx reader.
"""

from __future__ import annotations

import codecs
import os
import re
import stat
import zipfile
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import Literal

from tracker.errors import BadInput
from tracker.lang.normal import nfc

SourceFormat = Literal["txt", "html", "docx"]
_MAGIC = (
    (b"%PDF", "PDF"),
    (b"\x89PNG", "ảnh PNG"),
    (b"\xff\xd8\xff", "ảnh JPEG"),
    (b"GIF8", "ảnh GIF"),
    (b"PK\x03\x04", "tệp nén (ZIP/Office)"),
    (b"\xd0\xcf\x11\xe0", "tài liệu Office cũ (.doc/.xls)"),
    (b"{\\rtf", "RTF"),
)
# Bytes that legacy Vietnamese encodings use for letters and UTF-8 never produces
# on its own: VNI writes tone marks as separate high bytes after ASCII vowels
# ("a" + 0xF8 …); TCVN3 (ABC) puts precomposed letters in 0xA1–0xFE.
_VNI_PAIR = re.compile(rb"[aeiouyAEIOUY][\xd8-\xdf\xf8-\xff]")
_TCVN3_LETTERS = re.compile(rb"[\xa9\xab\xac\xad\xae\xb5-\xbd\xc6\xc7\xca-\xd6\xd7-\xde\xe0-\xfe]")


@dataclass(frozen=True, slots=True)
class LoadedDocument:
    """A document's text (NFC, "\\n" line ends) and where it came from."""

    name: str
    text: str
    source_format: SourceFormat
    encoding: str


def _fail(path: Path, problem: str) -> BadInput:
    return BadInput(f"tệp '{path}': {problem}")


def _check_path(path: Path, max_bytes: int) -> int:
    try:
        info = os.stat(path)
    except FileNotFoundError:
        raise _fail(path, "không tồn tại") from None
    except OSError as error:
        raise _fail(path, f"không đọc được ({error.strerror})") from None
    if stat.S_ISDIR(info.st_mode):
        raise _fail(path, "là thư mục, không phải tệp")
    if not stat.S_ISREG(info.st_mode):
        raise _fail(path, "không phải tệp thường (thiết bị, FIFO hoặc socket)")
    if info.st_size > max_bytes:
        raise _fail(path, f"quá lớn ({info.st_size:,} byte; giới hạn {max_bytes:,} byte)")
    if info.st_size == 0:
        raise _fail(path, "rỗng")
    return info.st_size


def load_document(path: Path, *, max_bytes: int = 20_000_000) -> LoadedDocument:
    """Read one document and return its NFC text."""
    path = Path(path)
    _check_path(path, max_bytes)
    try:
        data = path.read_bytes()
    except OSError as error:
        raise _fail(path, f"không đọc được ({error.strerror})") from None
    suffix = path.suffix.lower()
    if suffix == ".docx":
        text, encoding, fmt = _read_docx(path, data), "docx", "docx"
    else:
        text, encoding = _decode(path, data)
        fmt = "html" if suffix in (".html", ".htm") or _looks_like_html(text) else "txt"
        if fmt == "html":
            text = html_to_text(text)
    text = nfc(text.replace("\r\n", "\n").replace("\r", "\n"))
    if not text.strip():
        raise _fail(path, "không có nội dung văn bản")
    return LoadedDocument(path.name, text, fmt, encoding)  # type: ignore[arg-type]  # fmt is one of the literals


def _decode(path: Path, data: bytes) -> tuple[str, str]:
    for magic, name in _MAGIC:
        if data.startswith(magic):
            raise _fail(path, f"là {name}, không phải văn bản (.txt, .html, .docx)")
    if data.startswith(codecs.BOM_UTF8):
        return _strict(path, data[3:], "utf-8"), "utf-8-sig"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return _strict(path, data, "utf-16"), "utf-16"
    utf16 = _bomless_utf16(data)
    if utf16:
        return _strict(path, data, utf16), utf16
    if b"\x00" in data:
        raise _fail(path, "là tệp nhị phân, không phải văn bản")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        raise _fail(path, _legacy_message(data)) from None


def _strict(path: Path, data: bytes, encoding: str) -> str:
    try:
        return data.decode(encoding).lstrip("\ufeff")
    except UnicodeDecodeError:
        raise _fail(path, f"mã hóa {encoding} bị hỏng") from None


def _bomless_utf16(data: bytes) -> str | None:
    """UTF-16 without a BOM: ASCII letters leave every other byte zero."""
    sample = data[:2000]
    if len(sample) < 4:
        return None
    even, odd = sample[0::2], sample[1::2]
    if odd.count(0) > 0.4 * len(odd) and even.count(0) < 0.05 * len(even):
        return "utf-16-le"
    if even.count(0) > 0.4 * len(even) and odd.count(0) < 0.05 * len(odd):
        return "utf-16-be"
    return None


def _legacy_message(data: bytes) -> str:
    """Name the legacy encoding a non-UTF-8 Vietnamese text most likely uses."""
    high = sum(1 for b in data if b >= 0x80) or 1
    vni = len(_VNI_PAIR.findall(data))
    tcvn3 = len(_TCVN3_LETTERS.findall(data))
    if vni > 0.3 * high:
        name = "VNI"
    elif _cp1258_plausible(data):
        name = "Windows-1258 (cp1258)"
    elif tcvn3 > 0.5 * high:
        name = "TCVN3 (ABC)"
    else:
        name = "không phải UTF-8"
    return f"mã hóa {name} không được hỗ trợ; hãy lưu lại dưới dạng UTF-8"


def _cp1258_plausible(data: bytes) -> bool:
    """cp1258 writes Vietnamese with combining tone bytes 0xCC, 0xD2, 0xDE, 0xEC, 0xF2."""
    try:
        text = data.decode("cp1258")
    except UnicodeDecodeError:
        return False
    vietnamese = sum(1 for c in nfc(text) if "\u1ea0" <= c <= "\u1ef9" or c in "ăâđêôơưĂÂĐÊÔƠƯ")
    return vietnamese >= 2


def _looks_like_html(text: str) -> bool:
    head = text[:1000].lstrip().lower()
    return head.startswith(("<!doctype html", "<html"))


def _read_docx(path: Path, data: bytes) -> str:
    if not data.startswith(b"PK\x03\x04"):
        raise _fail(path, "không phải tệp .docx hợp lệ")
    try:
        import docx
        from docx.oxml.ns import qn
    except ImportError as error:  # pragma: no cover - python-docx is a dependency
        raise _fail(path, f"cần python-docx để đọc .docx ({error})") from None
    try:
        document = docx.Document(str(path))
    except (zipfile.BadZipFile, KeyError, ValueError) as error:
        raise _fail(path, f"tệp .docx bị hỏng ({error})") from None
    except Exception as error:  # python-docx raises lxml and package errors on corrupt files
        raise _fail(path, f"tệp .docx bị hỏng ({type(error).__name__})") from None
    lines: list[str] = []
    for child in document.element.body.iterchildren():
        if child.tag == qn("w:p"):
            lines.append("".join(t.text or "" for t in child.iter(qn("w:t"))))
        elif child.tag == qn("w:tbl"):
            for row in child.iter(qn("w:tr")):
                cells = [
                    "".join(t.text or "" for t in cell.iter(qn("w:t")))
                    for cell in row.iter(qn("w:tc"))
                ]
                lines.append(" | ".join(c.strip() for c in cells))
    return "\n".join(lines)


class _TextExtractor(HTMLParser):
    """Text of a page without scripts, styles, navigation and menus."""

    SKIP = frozenset(
        {
            "script",
            "style",
            "nav",
            "header",
            "footer",
            "noscript",
            "form",
            "template",
            "svg",
            "iframe",
            "select",
        }
    )
    BLOCK = frozenset(
        {
            "p",
            "div",
            "br",
            "li",
            "tr",
            "h1",
            "h2",
            "h3",
            "h4",
            "h5",
            "h6",
            "table",
            "section",
            "article",
            "ul",
            "ol",
            "blockquote",
            "title",
        }
    )
    MENU = re.compile(r"menu|nav|breadcrumb|footer|sidebar|banner|share|comment", re.IGNORECASE)
    VOID = frozenset(
        {
            "br",
            "img",
            "hr",
            "meta",
            "link",
            "input",
            "area",
            "base",
            "col",
            "embed",
            "source",
            "wbr",
        }
    )

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.stack: list[tuple[str, bool]] = []  # open elements: tag, hides its content

    def _hidden(self) -> bool:
        return any(hides for _, hides in self.stack)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        marker = " ".join(v or "" for k, v in attrs if k in ("class", "id", "role"))
        hides = tag in self.SKIP or bool(self.MENU.search(marker))
        if tag in self.BLOCK:
            self.parts.append("\n")
        elif tag == "td" or tag == "th":
            self.parts.append(" | ")
        if tag not in self.VOID:
            self.stack.append((tag, hides))

    def handle_endtag(self, tag: str) -> None:
        if tag in self.VOID:
            return
        # Pages leave elements unclosed ("<p>…<p>"): close back to the matching tag.
        for index in range(len(self.stack) - 1, -1, -1):
            if self.stack[index][0] == tag:
                del self.stack[index:]
                break
        if tag in self.BLOCK:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self._hidden():
            self.parts.append(data)


def html_to_text(html: str) -> str:
    """Visible text of an HTML page, one block per line."""
    parser = _TextExtractor()
    parser.feed(html)
    parser.close()
    lines = (" ".join(line.split()) for line in "".join(parser.parts).split("\n"))
    return "\n".join(line for line in lines if line)
