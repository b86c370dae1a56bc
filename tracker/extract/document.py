"""Document facts: issued date, number/symbol, kind, issuer and title.

The issued date is the day the directives were given, by preference:
1. the signing line of a formal text ("An Hòa, ngày 12 tháng 3 năm 2024");
2. the event at the start of a sentence ("Chiều ngày 30/3/2024, …", "Ngày 3/7, …";
   "Trong hai ngày 9, 10 tháng 7 năm 2024": the last day, when the conclusions come);
3. a web page's publication stamp ("Đăng lúc: 05/04/2024").
A date without a year takes it from the publication stamp, else from the year the
text mentions most. A banner line ("Hôm nay, Chủ nhật ngày 17/01/2021") is the day
the page was viewed and is ignored.

Imports ``extract.types``, ``extract.vocab`` and ``lang``.
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from dataclasses import dataclass
from datetime import date

from tracker.extract.types import DocumentFacts
from tracker.extract.vocab import lowered
from tracker.lang import load_table

_HEADER_LINES = 25
_ISSUER = re.compile(
    r"^(?:ỦY BAN|UỶ BAN|UBND|HỘI ĐỒNG|HUYỆN ỦY|HUYỆN UỶ|THỊ ỦY|THỊ UỶ|TỈNH ỦY|TỈNH UỶ|THÀNH ỦY|"
    r"ĐẢNG ỦY|ĐẢNG UỶ|BAN |VĂN PHÒNG|SỞ |PHÒNG |CÔNG AN|MẶT TRẬN|BCĐ|BAN CHỈ ĐẠO)[^\n]*$"
)
_YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})(?!\d)")


@dataclass(frozen=True)
class _Patterns:
    signing: re.Pattern[str]
    event: re.Pattern[str]
    event_span: re.Pattern[str]
    stamp: re.Pattern[str]
    weekday_stamp: re.Pattern[str]
    banner: re.Pattern[str]
    number: re.Pattern[str]
    state_code: re.Pattern[str]
    party_code: re.Pattern[str]
    kinds: dict[str, str]


@functools.cache
def _patterns() -> _Patterns:
    words = load_table("date_words").patterns["patterns"]
    numbers = load_table("doc_numbers")
    codes = numbers.patterns["patterns"]
    return _Patterns(
        signing=re.compile(words["signing"]),
        event=re.compile(words["event_date"]),
        event_span=re.compile(words["event_span"]),
        stamp=re.compile(words["stamp"]),
        weekday_stamp=re.compile(words["weekday_stamp"]),
        banner=re.compile(words["banner"]),
        number=re.compile(codes["header_number"]),
        state_code=re.compile(codes["state_code"]),
        party_code=re.compile(codes["party_code"]),
        kinds={str(k["code"]).lower(): str(k["name"]) for k in numbers.section("kind")},
    )


def _date(year: int | None, month: str | None, day: str | None) -> date | None:
    try:
        return date(year or 0, int(month or 0), int(day or 0)) if year else None
    except ValueError:
        return None


def _common_year(low: str) -> int | None:
    years = Counter(int(y) for y in _YEAR.findall(low))
    if not years:
        return None
    best = max(years.values())
    return max(y for y, n in years.items() if n == best)


def _issued(low: str, p: _Patterns) -> tuple[date | None, str | None, str]:
    """The issued date, the text it was read from, and the low text without banners."""
    clean = p.banner.sub(lambda m: " " * len(m.group()), low)
    signing = p.signing.search(clean)
    if signing and (found := _date(int(signing["y"]), signing["m"], signing["d"])):
        return found, signing.group().strip(), clean
    stamp = p.stamp.search(clean) or p.weekday_stamp.search(clean)
    published = _date(int(stamp["y"]), stamp["m"], stamp["d"]) if stamp else None
    common = _common_year(clean) or _common_year(low)
    for match in (p.event_span.search(clean), p.event.search(clean)):
        if match is None:
            continue
        year = int(match["y"]) if match["y"] else None
        if year is None and published is not None:
            year = published.year
            candidate = _date(year, match["m"], match["d"])
            if candidate is not None and candidate > published:
                year -= 1
        found = _date(year or common, match["m"], match["d"])
        if found is not None:
            return found, match.group().strip(" ,\n"), clean
    if published is not None and stamp is not None:
        return published, stamp.group().strip(" (\n"), clean
    return None, None, clean


def _number(text: str, low: str, p: _Patterns) -> tuple[str | None, str | None]:
    header_end = _nth_line_end(low, _HEADER_LINES)
    match = p.number.search(low, 0, header_end)
    if match is None:
        return None, None
    number = " ".join(text[match.start("number") : match.end("number")].split())
    code_low = " ".join(match["number"].split())
    for regex in (p.party_code, p.state_code):
        code = regex.match(code_low)
        if code and code["code"] in p.kinds:
            return number, p.kinds[code["code"]]
    return number, None


def _nth_line_end(text: str, n: int) -> int:
    pos = 0
    for _ in range(n):
        nxt = text.find("\n", pos)
        if nxt == -1:
            return len(text)
        pos = nxt + 1
    return pos


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


def _kind_from_title(lines: list[str], p: _Patterns) -> str | None:
    names = {name.upper(): name for name in p.kinds.values()}
    for line in lines[:_HEADER_LINES]:
        if line in names:
            return names[line]
    head = " ".join(lines[:8]).lower()
    return "tin" if "hội nghị" in head else None


def _issuer(lines: list[str]) -> str | None:
    for line in lines[:6]:
        if _ISSUER.match(line) and line.upper() == line and len(line) <= 60:
            return line
    return None


def _title(lines: list[str], kind: str | None) -> str | None:
    if kind and kind != "tin":
        for index, line in enumerate(lines[:_HEADER_LINES]):
            if line == kind.upper() and index + 1 < len(lines):
                return lines[index + 1]
    for line in lines[:12]:
        low = line.lower()
        if (
            len(line) < 20
            or ">" in line
            or low.startswith(("hôm nay", "cổng thông tin", "trang chủ"))
        ):
            continue
        if re.match(r"^[\W\d]*$", line) or _ISSUER.match(line):
            continue
        return line
    return None


def document_facts(text: str) -> DocumentFacts:
    """What the document says about itself (any field may be None)."""
    p = _patterns()
    low = lowered(text)
    issued, issued_text, _ = _issued(low, p)
    if issued_text is not None:
        start = low.find(issued_text)
        if start != -1:
            issued_text = text[start : start + len(issued_text)]
    number, kind = _number(text, low, p)
    lines = _lines(text)
    kind = kind or _kind_from_title(lines, p)
    return DocumentFacts(
        issued=issued,
        issued_text=issued_text,
        number=number,
        issuer=_issuer(lines),
        kind=kind,
        title=_title(lines, kind),
    )
