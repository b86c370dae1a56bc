"""The header of an official document as data: issuer, số/ký hiệu, place and date,
kind, trích yếu, "Kính gửi" addressees and the "Nơi nhận" list.

The layout is Nghị định 30/2020 (state) or Hướng dẫn 36-HD/VPTW (Party)::

    ỦY BAN NHÂN DÂN                 CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
    HUYỆN AN HÒA                        Độc lập - Tự do - Hạnh phúc
    Số: 215/TB-UBND                 An Hòa, ngày 12 tháng 3 năm 2024
                           THÔNG BÁO
     Kết luận của Chủ tịch UBND huyện tại cuộc họp về phòng cháy rừng
    …
    Nơi nhận:                       TM. ỦY BAN NHÂN DÂN
    - Như trên;                     CHỦ TỊCH
    - TT Huyện ủy (để b/c);
    - Lưu: VT.

It arrives column by column (``load`` reads PDF, scan and .docx headers so), two
columns on one line ("…DÂN    CỘNG HÒA…", "… | …"), or run together on a few lines
as web pages copy it ("BỘ XÂY DỰNG ------- CỘNG HÒA XÃ HỘI CHỦ NGHĨA … Số: 14/CĐ-BXD
Hà Nội, ngày 11 tháng 5 năm 2025 CÔNG ĐIỆN …"); the parser searches the first lines
for each part rather than expecting one per line. Every field may be None or empty.

A pure function over the text; words come from ``lang/vi/header.toml``. Imports
``lang`` only.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from datetime import date

from tracker.lang import load_table
from tracker.lang.normal import fold

_HEAD_CHARS = 2500  # the header lies within the first characters of the text
_TAIL_CHARS = 4000  # the Nơi nhận list within the last ones
_SEPARATOR = re.compile(r"^[\W_]*$")
_BLOCK_LINES = 12  # a two-column header block lies within the first lines
_COLUMN_SPLIT = re.compile(r"\s*\|\s*|\s{3,}|\t+")
# an item marker at the start of a line or after ";", ":" — not a dash between words
# ("Phó Thủ tướng Trần Hồng Hà - Chủ tịch UB ATGT QG")
_ITEM_SPLIT = re.compile(r"(?:^|\n|(?<=[;:.,]))\s*[-–—+•*]\s+")
_WORD = re.compile(r"\S+")


def _upper_run(text: str) -> int | None:
    """Where two words in capitals follow each other ("THỦ TƯỚNG"), not in a list of
    abbreviations ("VT, CN")."""
    words = list(_WORD.finditer(text))
    for index in range(len(words) - 1):
        first, second = words[index].group(), words[index + 1].group()
        if index and words[index - 1].group().endswith((",", ":", ";")):
            continue
        if all(
            len(w.strip(".")) >= 2 and w.strip(".").isalpha() and w.isupper()
            for w in (first, second)
        ) and not first.endswith(","):
            return words[index].start()
    return None


@dataclass(frozen=True, slots=True)
class Header:
    """What an official document's header and Nơi nhận say (any field may be empty)."""

    issuer: str | None = None
    parent: str | None = None  # the body above the issuer ("UBND TỈNH …" above "SỞ Y TẾ")
    number: str | None = None  # số/ký hiệu as written: "215/TB-UBND"
    place: str | None = None
    issued: date | None = None
    kind: str | None = None  # "thông báo", "kế hoạch" … (lower case)
    abstract: str | None = None  # trích yếu
    addressees: tuple[str, ...] = ()  # Kính gửi
    recipients: tuple[str, ...] = ()  # Nơi nhận, each item as written


@dataclass(frozen=True)
class _Patterns:
    national: re.Pattern[str]
    motto: re.Pattern[str]
    party: re.Pattern[str]
    number: re.Pattern[str]
    place_date: re.Pattern[str]
    kind: re.Pattern[str]
    regarding: re.Pattern[str]
    addressees: re.Pattern[str]
    recipients: re.Pattern[str]
    place_word: re.Pattern[str]
    signature: re.Pattern[str]


@functools.cache
def _patterns() -> _Patterns:
    p = load_table("header").patterns["patterns"]
    return _Patterns(
        national=re.compile(p["national_title"]),
        motto=re.compile(p["motto"]),
        party=re.compile(p["party_title"]),
        number=re.compile(p["number"]),
        place_date=re.compile(p["place_date"]),
        kind=re.compile(rf"(?<!\w){p['kind_title']}(?!\w)"),
        regarding=re.compile(p["regarding"]),
        addressees=re.compile(p["addressee_heading"]),
        recipients=re.compile(p["recipients_heading"]),
        place_word=re.compile(p["place_word"]),
        signature=re.compile(p["signature"]),
    )


def _lower(text: str) -> str:
    """Folded lower case of the same length (indexes map back to ``text``)."""
    low = fold(text).lower()
    return low if len(low) == len(text) else "".join(c.lower()[:1] or c for c in text)


def _clean(text: str) -> str:
    return " ".join(text.split()).strip(" ;,.-–—:")


def _is_upper(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and sum(c.isupper() for c in letters) >= 0.8 * len(letters)


def _columns(text: str) -> str:
    """Two columns written on one line ("A    B", "A | B") → left lines, then right.

    The block runs to the last such line among the first lines; a line of one column
    inside it goes right when it is indented far (the quốc hiệu side), else left.
    """
    lines = text.split("\n")
    split = [[c for c in _COLUMN_SPLIT.split(line.strip()) if c] for line in lines[:_BLOCK_LINES]]
    pairs = [number for number, cells in enumerate(split) if len(cells) == 2]
    if not pairs:
        return text
    left: list[str] = []
    right: list[str] = []
    for number in range(pairs[-1] + 1):
        cells, line = split[number], lines[number]
        if len(cells) == 2:
            left.append(cells[0])
            right.append(cells[1])
        elif len(line) - len(line.lstrip(" ")) >= 8:
            right.append(line.strip())
        else:
            left.append(line.strip())
    return "\n".join(left + right + lines[pairs[-1] + 1 :])


def _issued(low: str, p: _Patterns) -> tuple[date | None, re.Match[str] | None]:
    match = p.place_date.search(low)
    if match is None:
        return None, None
    try:
        return date(int(match["y"]), int(match["m"]), int(match["d"])), match
    except ValueError:
        return None, match


def _place(head: str, comma: int) -> str | None:
    """The capitalised words just before ", ngày …" ("Hà Nội", "TP. Hồ Chí Minh")."""
    words = head[:comma].split()
    taken: list[str] = []
    for word in reversed(words[-5:]):
        if (
            not word[:1].isupper()
            or any(c.isdigit() for c in word)
            or (_is_upper(word) and len(word) > 3 and taken)
        ):
            break
        taken.append(word)
    place = " ".join(reversed(taken)).strip(" ,-–")
    return place or None


def _issuer(head: str, low: str, stop: int, p: _Patterns) -> tuple[str | None, str | None]:
    """Upper-case lines before the quốc hiệu or the number: (issuer, parent)."""
    lines = [
        line.strip()
        for line in head[:stop].split("\n")
        if line.strip() and not _SEPARATOR.match(line.strip())
    ]
    names: list[str] = []
    for line in lines:
        line = re.split(r"\s[-–—*]{2,}\s*|\s\*\s*$", line)[0].strip()
        if not _is_upper(line):
            if names:
                break
            continue
        names.append(_clean(line))
    if not names:
        return None, None
    if len(names) == 1:
        return names[0], None
    parent, rest = names[0], " ".join(names[1:])
    # one name broken over two lines: a place ("ỦY BAN NHÂN DÂN" / "HUYỆN AN HÒA"), or
    # a line of one or two words ("VĂN PHÒNG CHÍNH" / "PHỦ")
    short = min(len(parent.split()), len(rest.split())) <= 2
    if short or p.place_word.match(_lower(rest)) or _lower(parent).endswith("nhân dân"):
        return f"{parent} {rest}", None
    return rest, parent


def _abstract(head: str, low: str, start: int, p: _Patterns) -> tuple[str | None, str | None]:
    """The kind ("thông báo") and the trích yếu after it, or after "V/v"."""
    kind = p.kind.search(low, start)
    if kind is not None and _is_upper(head[kind.start() : kind.end()]):
        after = head[kind.end() :]
        rest = after.lstrip(" ")
        if rest.startswith("\n") or not rest:
            lines = [ln.strip() for ln in after.split("\n")[1:4]]
            text = lines[0] if lines else ""
            for line in lines[1:]:
                if not line or not line[:1].islower():
                    break
                text += " " + line
            return kind.group(), _clean(text) or None
        words: list[str] = []
        for word in rest.split():
            if not _is_upper(word) and not _SEPARATOR.match(word):
                break
            words.append(word)
        return kind.group(), _clean(" ".join(words)) or None
    regarding = p.regarding.search(low, 0)
    if regarding is not None:
        following = head[regarding.end() :].split("\n")
        lines = [following[0]] + [ln for ln in following[1:3] if ln[:1].islower()]
        value = " ".join(lines)
        for cut in (p.national, p.addressees, p.place_date):
            found = cut.search(_lower(value))
            if found:
                value = value[: found.start()]
        return "công văn", _clean(value) or None
    return None, None


def _cut(item: str, p: _Patterns, *, archive: bool) -> tuple[str, bool]:
    """An item without what runs on after it (the signer, the next sentence)."""
    lines = item.rstrip().split("\n")
    for number, line in enumerate(lines[1:], 1):
        if not line.strip() or p.signature.match(_lower(line.strip())):
            return "\n".join(lines[:number]), True
    item = "\n".join(lines)
    if archive:
        # "Lưu: VT, TH." ends the list; run together with the signer ("Lưu: VT, CN (2)
        # THỦ TƯỚNG Phạm Minh Chính") it ends before the first words in capitals
        item = re.split(r"\.\s", item)[0]
        run = _upper_run(item)
        return (item[:run] if run is not None else item), True
    sentence = re.search(r"(?<=[^\sA-ZĐ])\.\s+(?=[A-ZĐ])", item)
    if sentence:
        return item[: sentence.start()], True
    run = _upper_run(item)
    if run is not None and p.signature.match(_lower(item[run:])):
        return item[:run], True
    return item, False


def _items(text: str, p: _Patterns) -> tuple[str, ...]:
    """ "- A; - B; - Lưu: VT." → ("A", "B", "Lưu: VT"), stopping at the signature."""
    items: list[str] = []
    for raw in _ITEM_SPLIT.split(text)[1:]:
        archive = _lower(raw).lstrip().startswith("lưu")
        item, stop = _cut(raw, p, archive=archive)
        cleaned = _clean(item)
        if cleaned:
            items.append(cleaned)
        if stop:
            break
    return tuple(items)


def _addressees(head: str, low: str, p: _Patterns) -> tuple[str, ...]:
    found = p.addressees.search(low)
    if found is None:
        return ()
    after = head[found.end() :]
    if _ITEM_SPLIT.match(after.lstrip()):
        return _items("\n" + after.lstrip(), p)
    line = after.split("\n")[0]
    return tuple(_clean(part) for part in re.split(r"[;]", line) if _clean(part))


def parse_header(text: str) -> Header:
    """Read the header and the Nơi nhận list of an official document."""
    p = _patterns()
    head = _columns(text[:_HEAD_CHARS])
    low = _lower(head)
    number_match = p.number.search(low)
    number = (
        _clean(head[number_match.start("number") : number_match.end("number")])
        if (number_match)
        else None
    )
    issued, date_match = _issued(low, p)
    place = _place(head, date_match.start()) if date_match else None
    marks = [m.start() for m in (p.national.search(low), p.party.search(low), number_match) if m]
    stop = min(marks) if marks else 0
    issuer, parent = _issuer(head, low, stop, p) if stop else (None, None)
    after_date = date_match.end() if date_match else (number_match.end() if number_match else 0)
    kind, abstract = (
        _abstract(head, low, after_date, p)
        if (number_match or date_match)
        else (
            None,
            None,
        )
    )
    tail = text[-_TAIL_CHARS:]
    headings = list(p.recipients.finditer(_lower(tail)))
    found = headings[-1] if headings else None
    recipients = _items("\n" + tail[found.end() :], p) if found else ()
    return Header(
        issuer=issuer,
        parent=parent,
        number=number,
        place=place,
        issued=issued,
        kind=kind,
        abstract=abstract,
        addressees=_addressees(head, low, p),
        recipients=recipients,
    )
