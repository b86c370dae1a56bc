"""Plain text: UTF-8 (with or without BOM), UTF-16, and the legacy Vietnamese codes.

A file that is not UTF-8 is tried as TCVN3, VNI and Windows-1258 (``legacy.guess``)
and converted when one of them reads as Vietnamese; UTF-8 text that is really a
legacy code read as Windows-1252 ("Th«ng b¸o") is repaired the same way.

Imports ``load.base`` and ``load.legacy``.
"""

from __future__ import annotations

import codecs

from tracker.load import legacy
from tracker.load.base import fail


def decode_text(name: str, data: bytes) -> tuple[str, str, str | None]:
    """Bytes of a text file → (text, encoding, legacy encoding converted from)."""
    if data.startswith(codecs.BOM_UTF8):
        return _strict(name, data[3:], "utf-8"), "utf-8-sig", None
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return _strict(name, data, "utf-16"), "utf-16", None
    utf16 = _bomless_utf16(data)
    if utf16:
        return _strict(name, data, utf16), utf16, None
    if b"\x00" in data:
        raise fail(name, "là tệp nhị phân, không phải văn bản")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        found = legacy.guess(data)
        if found is None:
            raise fail(
                name, "mã hóa không nhận ra (không phải UTF-8, TCVN3, VNI hay Windows-1258)"
            ) from None
        encoding, text = found
        return text, encoding, legacy.NAMES[encoding]
    repaired, encoding_found = legacy.repair(text)
    if encoding_found is not None:
        return repaired, f"utf-8+{encoding_found}", legacy.NAMES[encoding_found]
    return text, "utf-8", None


def _strict(name: str, data: bytes, encoding: str) -> str:
    try:
        return data.decode(encoding).lstrip("\ufeff")
    except UnicodeDecodeError:
        raise fail(name, f"mã hóa {encoding} bị hỏng") from None


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
