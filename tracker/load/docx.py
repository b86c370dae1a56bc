"""Word .docx → text: paragraphs and tables in order, legacy-font runs converted.

The archive is opened with limits before anything is unpacked (a 3.6 MB file can
hold 1.5 GB of XML): the sizes its directory declares, in all and per member against
the compressed size, and then the bytes actually read out (a directory can lie).
Only ``word/document.xml`` and ``word/styles.xml`` are read, with an XML parser that
resolves no entities and fetches nothing.

Runs typed in a TCVN3 or VNI font (``.VnTime``, ``VNI-Times``: Word stores the font
codes as if they were Windows-1252 letters) are converted to Unicode, the font
coming from the run, its character style, its paragraph style or the document
default. A two-column table of a few rows whose cells hold several paragraphs — the
NĐ 30 header (issuer | quốc hiệu) and the "Nơi nhận | signer" block — is written
column by column, one paragraph a line; other tables one row a line, cells joined
by " | ".

Imports ``load.base`` and ``load.legacy``; lxml (python-docx's own parser).
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from tracker.load import legacy
from tracker.load.base import Limits, fail

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_CHUNK = 1 << 20
_MAX_MEMBERS = 10_000


def read_member(
    name: str, archive: zipfile.ZipFile, member: str, limits: Limits, budget: list[int]
) -> bytes | None:
    """One member of a zip, read in chunks against ``budget`` (bytes left to unpack)."""
    try:
        info = archive.getinfo(member)
    except KeyError:
        return None
    out = bytearray()
    try:
        with archive.open(info) as stream:
            while chunk := stream.read(_CHUNK):
                out += chunk
                budget[0] -= len(chunk)
                if budget[0] < 0 or len(out) > info.file_size:
                    raise fail(
                        name,
                        f"giải nén vượt giới hạn {limits.max_unpacked:,} byte (tệp nén bất thường)",
                    )
    except (zipfile.BadZipFile, OSError, EOFError, NotImplementedError) as error:
        raise fail(name, f"tệp nén bị hỏng ({error})") from None
    return bytes(out)


def open_archive(name: str, data: bytes, limits: Limits) -> zipfile.ZipFile:
    """A zip archive whose directory promises nothing over the limits."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, OSError, ValueError) as error:
        raise fail(name, f"tệp .docx bị hỏng ({error})") from None
    members = archive.infolist()
    if len(members) > _MAX_MEMBERS:
        raise fail(name, f"tệp nén có quá nhiều phần ({len(members):,})")
    total = sum(m.file_size for m in members)
    if total > limits.max_unpacked:
        raise fail(
            name,
            f"giải nén ra {total:,} byte, vượt giới hạn {limits.max_unpacked:,} byte "
            "(tệp nén bất thường)",
        )
    for member in members:
        ratio = member.file_size / max(member.compress_size, 1)
        if member.file_size > _CHUNK and ratio > limits.max_ratio:
            raise fail(
                name,
                f"phần {member.filename!r} nén {ratio:,.0f} lần, vượt giới hạn "
                f"{limits.max_ratio} lần (tệp nén bất thường)",
            )
    return archive


def _parse_xml(name: str, data: bytes) -> Any:
    from lxml import etree

    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False
    )
    try:
        return etree.fromstring(data, parser)
    except etree.XMLSyntaxError as error:
        raise fail(name, f"tệp .docx bị hỏng ({error})") from None


@dataclass(frozen=True)
class _Fonts:
    default: str | None
    styles: dict[str, str | None]  # style id → font (after basedOn)

    def of(self, style: str | None) -> str | None:
        if style and style in self.styles and self.styles[style]:
            return self.styles[style]
        return self.default


def _font_of(rpr: Any) -> str | None:
    if rpr is None:
        return None
    fonts = rpr.find(f"{W}rFonts")
    if fonts is None:
        return None
    for attribute in ("ascii", "hAnsi", "cs"):
        value = fonts.get(f"{W}{attribute}")
        if value:
            return str(value)
    return None


def _fonts(styles: Any) -> _Fonts:
    if styles is None:
        return _Fonts(None, {})
    default = _font_of(styles.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr"))
    own: dict[str, str | None] = {}
    based: dict[str, str] = {}
    normal: str | None = None
    for style in styles.iter(f"{W}style"):
        sid = style.get(f"{W}styleId")
        if not sid:
            continue
        own[sid] = _font_of(style.find(f"{W}rPr"))
        parent = style.find(f"{W}basedOn")
        if parent is not None and parent.get(f"{W}val"):
            based[sid] = parent.get(f"{W}val")
        if style.get(f"{W}default") == "1" and style.get(f"{W}type") == "paragraph":
            normal = sid

    def resolve(sid: str, depth: int = 0) -> str | None:
        if own.get(sid) or depth > 20 or sid not in based:
            return own.get(sid)
        return resolve(based[sid], depth + 1)

    resolved = {sid: resolve(sid) for sid in own}
    return _Fonts((resolved.get(normal) if normal else None) or default, resolved)


_RUN_PARTS: dict[str, Callable[[Any], str]] = {
    f"{W}t": lambda node: node.text or "",
    f"{W}tab": lambda node: " ",
    # LibreOffice writes a 0xAD byte of a .doc (TCVN3 "ư") as a soft-hyphen element
    f"{W}softHyphen": lambda node: "\u00ad",
    f"{W}noBreakHyphen": lambda node: "-",
}


def _paragraph_text(paragraph: Any, fonts: _Fonts) -> str:
    ppr = paragraph.find(f"{W}pPr")
    pstyle = ppr.find(f"{W}pStyle") if ppr is not None else None
    paragraph_font = fonts.of(pstyle.get(f"{W}val") if pstyle is not None else None)
    pieces: list[str] = []
    for run in paragraph.iter(f"{W}r"):
        rpr = run.find(f"{W}rPr")
        font = _font_of(rpr)
        if font is None and rpr is not None:
            rstyle = rpr.find(f"{W}rStyle")
            if rstyle is not None and fonts.styles.get(rstyle.get(f"{W}val") or ""):
                font = fonts.styles[rstyle.get(f"{W}val")]
        font = font or paragraph_font
        text = "".join(_RUN_PARTS[node.tag](node) for node in run if node.tag in _RUN_PARTS)
        # A soft hyphen is TCVN3's "ư" (0xAD) in an ABC-font run; elsewhere it is
        # invisible and goes.
        pieces.append(legacy.decode_font_run(text, font).replace("\u00ad", ""))
    return "".join(pieces)


def _cell_paragraphs(cell: Any, fonts: _Fonts) -> list[str]:
    return [
        text.strip()
        for paragraph in cell.iter(f"{W}p")
        if (text := _paragraph_text(paragraph, fonts)).strip()
    ]


def _table_lines(table: Any, fonts: _Fonts) -> Iterator[str]:
    rows = [
        [_cell_paragraphs(cell, fonts) for cell in row.findall(f"{W}tc")]
        for row in table.findall(f"{W}tr")
    ]
    layout = (
        rows
        and len(rows) <= 3
        and all(len(row) == 2 for row in rows)
        and any(len(cell) >= 2 for row in rows for cell in row)
    )
    if layout:
        # The header or signature block: left column, then right column.
        for column in (0, 1):
            for row in rows:
                yield from row[column]
        return
    for row in rows:
        yield " | ".join(" ".join(cell) for cell in row)


def read_docx(name: str, data: bytes, limits: Limits) -> str:
    """The text of a .docx, within the limits."""
    if not data.startswith(b"PK\x03\x04"):
        raise fail(name, "không phải tệp .docx hợp lệ")
    archive = open_archive(name, data, limits)
    budget = [limits.max_unpacked]
    document_xml = read_member(name, archive, "word/document.xml", limits, budget)
    if document_xml is None:
        raise fail(name, "tệp .docx bị hỏng (thiếu word/document.xml)")
    styles_xml = read_member(name, archive, "word/styles.xml", limits, budget)
    document = _parse_xml(name, document_xml)
    fonts = _fonts(_parse_xml(name, styles_xml) if styles_xml else None)
    body = document.find(f"{W}body")
    if body is None:
        raise fail(name, "tệp .docx bị hỏng (không có phần thân)")
    lines: list[str] = []
    for child in body:
        if child.tag == f"{W}p":
            lines.append(_paragraph_text(child, fonts))
        elif child.tag == f"{W}tbl":
            lines.extend(_table_lines(child, fonts))
    return "\n".join(lines)
