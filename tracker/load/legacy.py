"""Legacy Vietnamese encodings → Unicode: TCVN3 (ABC), VNI Windows and Windows-1258.

Offices that still type with the ABC (``.VnTime``) or VNI (``VNI-Times``) fonts produce
files whose bytes are font codes, not Unicode. The code tables are data
(``load/data/tcvn3.toml``, ``load/data/vni.toml``), written from the published
definitions; Windows-1258 is Python's ``cp1258`` codec (letters plus combining tones).

* ``decode(data, name)`` / ``encode(text, name)``: the codecs, by name (``tcvn3``,
  ``vni``, ``cp1258``). Encoding is for tests and fixtures (round trips); it refuses a
  character the code has no bytes for.
* ``guess(data)``: bytes that are not UTF-8 → the encoding whose decoding reads as
  Vietnamese syllables (``lang/vi/syllables.toml``), or None.
* ``repair(text)``: Unicode text that is really a legacy code read as Windows-1252
  ("Th«ng b¸o" in a .docx run or a UTF-8 file) → converted; never fires on text that
  holds a Vietnamese letter of its own.
* ``font_encoding(font)``: the encoding a Word font name implies (``.VnTime`` → TCVN3,
  ``.VnTimeH`` → TCVN3 in capitals, ``VNI-Times`` → VNI).

Imports ``lang`` only.
"""

from __future__ import annotations

import functools
import re
import tomllib
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from importlib import resources
from typing import Literal

from tracker.lang.normal import TONES, is_syllable, nfc

Encoding = Literal["tcvn3", "vni", "cp1258"]
ENCODINGS: tuple[Encoding, ...] = ("tcvn3", "vni", "cp1258")
NAMES: dict[str, str] = {
    "tcvn3": "TCVN3 (ABC)",
    "vni": "VNI",
    "cp1258": "Windows-1258",
}
_WORD = re.compile(r"[^\W\d_]+")


def _read(name: str) -> dict[str, object]:
    path = resources.files("tracker.load").joinpath("data", f"{name}.toml")
    return tomllib.loads(path.read_text(encoding="utf-8"))


def _cp1252(byte: int) -> str:
    """A byte as Windows-1252 (the five bytes it leaves undefined as Latin-1)."""
    try:
        return bytes([byte]).decode("cp1252")
    except UnicodeDecodeError:
        return chr(byte)


@functools.cache
def _cp1252_bytes() -> dict[str, int]:
    return {_cp1252(b): b for b in range(0x80, 0x100)}


def _split_tone(char: str) -> tuple[str, str]:
    """A letter without its tone mark, and the mark ("ệ" → "ê", dot below)."""
    parts = unicodedata.normalize("NFD", char)
    tone = "".join(c for c in parts if c in TONES)
    base = nfc("".join(c for c in parts if c not in TONES))
    return base, tone


# --- TCVN3 -------------------------------------------------------------------------


@dataclass(frozen=True)
class _Tcvn3:
    decode: tuple[str, ...]  # byte → text
    encode: dict[str, bytes]  # character → bytes


@functools.cache
def _tcvn3() -> _Tcvn3:
    table = {int(k, 16): str(v) for k, v in dict(_read("tcvn3")["decode"]).items()}  # type: ignore[call-overload]  # TOML table of strings
    decode = []
    for byte in range(256):
        if byte in table:
            decode.append(table[byte])
        elif 0x80 <= byte <= 0xA0:
            decode.append(_cp1252(byte))
        else:
            decode.append(chr(byte))
    encode: dict[str, bytes] = {}
    for byte, text in enumerate(decode):
        if len(text) == 1 and (byte < 0x80 or text not in encode):
            encode.setdefault(text, bytes([byte]))
    return _Tcvn3(tuple(decode), encode)


def _encode_tcvn3(text: str) -> bytes:
    table = _tcvn3().encode
    out = bytearray()
    for index, char in enumerate(nfc(text)):
        found = table.get(char)
        if found is None:
            # Capitals whose VN1 code lies in 0x80–0x9F (Windows punctuation in the ABC
            # fonts): the capital without its tone, then the separate tone mark.
            base, tone = _split_tone(char)
            if tone and base in table and tone in table:
                found = table[base] + table[tone]
        if found is None:
            raise ValueError(f"ký tự {char!r} (vị trí {index}) không có trong bảng mã TCVN3")
        out += found
    return bytes(out)


def _decode_tcvn3(data: bytes) -> str:
    table = _tcvn3().decode
    return nfc("".join(table[b] for b in data))


# --- VNI ---------------------------------------------------------------------------


@dataclass(frozen=True)
class _Vni:
    letters: dict[int, str]  # one-byte letters
    marks: dict[int, str]  # mark byte → combining marks it adds
    bases: frozenset[str]  # what a mark byte may follow
    encode_letter: dict[str, bytes]
    encode_mark: dict[tuple[str, bool], int]  # (marks, after a capital) → byte


@functools.cache
def _vni() -> _Vni:
    data = _read("vni")
    letters = {int(k, 16): str(v) for k, v in dict(data["letter"]).items()}  # type: ignore[call-overload]  # TOML table of strings
    marks: dict[int, str] = {}
    encode_mark: dict[tuple[str, bool], int] = {}
    for entry in data["mark"]:  # type: ignore[attr-defined]  # TOML array of tables
        lower, upper, adds = int(entry["lower"], 16), int(entry["upper"], 16), entry["adds"]
        marks[lower] = marks[upper] = adds
        ordered = unicodedata.normalize("NFD", "a" + adds)[1:]  # NFD's order: dot below first
        encode_mark[(ordered, False)] = lower
        encode_mark[(ordered, True)] = upper
    bases = frozenset("aeouyAEOUY" + "ơưƠƯ")
    return _Vni(
        letters,
        marks,
        bases,
        {v: bytes([k]) for k, v in letters.items()},
        encode_mark,
    )


def _decode_vni(data: bytes) -> str:
    vni = _vni()
    out: list[str] = []
    index = 0
    while index < len(data):
        byte = data[index]
        char = vni.letters.get(byte) or (chr(byte) if byte < 0x80 else _cp1252(byte))
        nxt = data[index + 1] if index + 1 < len(data) else None
        if char in vni.bases and nxt in vni.marks:
            combined = nfc(char + vni.marks[nxt])
            if len(combined) == 1 and _is_vietnamese_letter(combined):
                out.append(combined)
                index += 2
                continue
        out.append(char)
        index += 1
    return nfc("".join(out))


def _encode_vni(text: str) -> bytes:
    vni = _vni()
    cp1252 = _cp1252_bytes()
    out = bytearray()
    for index, char in enumerate(nfc(text)):
        if char in vni.encode_letter:
            out += vni.encode_letter[char]
            continue
        if ord(char) < 0x80:
            out.append(ord(char))
            continue
        parts = unicodedata.normalize("NFD", char)
        base, marks = parts[0], parts[1:]
        if marks and "\u031b" in marks:  # the horn: ơ and ư are letters of their own
            base, marks = nfc(base + "\u031b"), marks.replace("\u031b", "")
        key = (marks, base.isupper())
        if base in vni.bases and key in vni.encode_mark:
            out += (vni.encode_letter.get(base) or base.encode("ascii")) + bytes(
                [vni.encode_mark[key]]
            )
            continue
        if char in cp1252 and cp1252[char] not in vni.marks and cp1252[char] not in vni.letters:
            out.append(cp1252[char])
            continue
        raise ValueError(f"ký tự {char!r} (vị trí {index}) không có trong bảng mã VNI")
    return bytes(out)


# --- Windows-1258 ------------------------------------------------------------------


def _decode_cp1258(data: bytes) -> str:
    return nfc(data.decode("cp1258", errors="replace"))


def _encode_cp1258(text: str) -> bytes:
    out = bytearray()
    for index, char in enumerate(nfc(text)):
        try:
            out += char.encode("cp1258")
            continue
        except UnicodeEncodeError:
            pass
        base, tone = _split_tone(char)
        try:
            out += base.encode("cp1258") + tone.encode("cp1258")
        except UnicodeEncodeError:
            raise ValueError(
                f"ký tự {char!r} (vị trí {index}) không có trong bảng mã Windows-1258"
            ) from None
    return bytes(out)


_DECODERS: dict[str, Callable[[bytes], str]] = {
    "tcvn3": _decode_tcvn3,
    "vni": _decode_vni,
    "cp1258": _decode_cp1258,
}
_ENCODERS: dict[str, Callable[[str], bytes]] = {
    "tcvn3": _encode_tcvn3,
    "vni": _encode_vni,
    "cp1258": _encode_cp1258,
}


def decode(data: bytes, encoding: Encoding) -> str:
    """Bytes in a legacy encoding → NFC Unicode text."""
    return _DECODERS[encoding](data)


def encode(text: str, encoding: Encoding) -> bytes:
    """Unicode text → bytes in a legacy encoding; ValueError names a character it lacks."""
    return _ENCODERS[encoding](text)


# --- telling them apart --------------------------------------------------------------


def _is_vietnamese_letter(char: str) -> bool:
    base = unicodedata.normalize("NFD", char.lower())
    return base[:1] in "aăâeêioôơuưyđ" and all(c in "\u0302\u0306\u031b" + TONES for c in base[1:])


def _score(text: str) -> tuple[float, int]:
    """Share of the words with a non-ASCII letter that are Vietnamese syllables."""
    total = good = 0
    for word in _WORD.findall(text):
        if word.isascii():
            continue
        total += 1
        if is_syllable(word.lower()):
            good += 1
    return (good / total if total else 0.0), total


def _best(
    candidates: dict[str, str], *, min_words: int, baseline: int = 0
) -> tuple[Encoding, str] | None:
    """The candidate with the most Vietnamese syllables, if it reads as Vietnamese.

    A wrong decoding makes non-letters of letters ("b¸o") and leaves few words to
    judge, so candidates are ranked by their count of good syllables, and the winner
    must also have most of its words good (80 %) and beat ``baseline`` twice over.
    """
    scored = []
    for name, text in candidates.items():
        share, words = _score(text)
        scored.append((round(share * words), share, name, text))
    scored.sort(key=lambda item: item[0], reverse=True)
    good, share, name, text = scored[0]
    if good >= min_words and share >= 0.8 and good > 2 * baseline:
        return name, text  # type: ignore[return-value]  # name is one of ENCODINGS
    return None


def guess(data: bytes, *, min_words: int = 3) -> tuple[Encoding, str] | None:
    """The legacy encoding of bytes that are not UTF-8, with the decoded text."""
    return _best({name: decode(data, name) for name in ENCODINGS}, min_words=min_words)


def has_vietnamese_letters(text: str) -> bool:
    """Whether the text holds a Vietnamese letter outside Latin-1 ("ệ", "ơ", "đ" …)."""
    return any(ord(c) > 0xFF and _is_vietnamese_letter(c) for c in text)


def as_font_bytes(text: str) -> bytes | None:
    """Unicode text that shows a legacy font's codes → those codes (Windows-1252 view);
    None when a character is outside it."""
    table = _cp1252_bytes()
    out = bytearray()
    for char in text:
        if ord(char) < 0x80:
            out.append(ord(char))
        elif char in table:
            out.append(table[char])
        else:
            return None
    return bytes(out)


def repair(text: str, *, min_words: int = 3) -> tuple[str, Encoding | None]:
    """Unicode text that is a legacy code read as Windows-1252 → Unicode.

    Ordinary Unicode Vietnamese always holds letters beyond Latin-1 ("ệ", "ư", "đ"), and
    then nothing is changed: the detector only looks at text made of Latin-1 letters.
    """
    if text.isascii() or has_vietnamese_letters(text):
        return text, None
    data = as_font_bytes(text)
    if data is None:
        return text, None
    share, words = _score(text)  # Latin-1-only Vietnamese ("Công an xã") reads well as is
    found = _best(
        {name: decode(data, name) for name in ("tcvn3", "vni")},
        min_words=min_words,
        baseline=round(share * words),
    )
    if found is None:
        return text, None
    return found[1], found[0]


@functools.cache
def _font_prefixes() -> dict[str, tuple[str, ...]]:
    return {
        name: tuple(str(p).lower() for p in _read(name)["fonts"]["prefixes"])  # type: ignore[index]  # TOML table
        for name in ("tcvn3", "vni")
    }


def font_encoding(font: str | None) -> tuple[Encoding, bool] | None:
    """(encoding, capitals) for a legacy font name, else None.

    ``.VnTimeH`` and the other ``H`` ABC fonts draw capitals from the lowercase codes,
    so their text is upper-cased after decoding.
    """
    if not font:
        return None
    low = font.strip().lower()
    for name, prefixes in _font_prefixes().items():
        if low.startswith(prefixes):
            capitals = name == "tcvn3" and low.endswith("h")
            return name, capitals  # type: ignore[return-value]  # a key of the table
    return None


def decode_font_run(text: str, font: str | None) -> str:
    """A Word run typed in a legacy font → Unicode (unchanged for other fonts)."""
    found = font_encoding(font)
    if found is None:
        return text
    data = as_font_bytes(text)
    if data is None:
        return text
    encoding, capitals = found
    decoded = decode(data, encoding)
    return decoded.upper() if capitals else decoded


ETH_AS_D = str.maketrans({"\u00d0": "\u0110", "\u00f0": "\u0111"})


def repair_eth(text: str) -> str:
    """Ð/ð (Icelandic eth, Windows-1258's Đ read as Latin-1) → Đ/đ in Vietnamese text."""
    if ("\u00d0" in text or "\u00f0" in text) and has_vietnamese_letters(text):
        return text.translate(ETH_AS_D)
    return text
