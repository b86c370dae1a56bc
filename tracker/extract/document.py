"""Document facts: issued date, number/symbol, kind, issuer and title.

The issued date is the day the directives were given, by preference:
1. the signing line of a formal text ("An Hòa, ngày 12 tháng 3 năm 2024", or the date
   alone on a line of the header);
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
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

from tracker.extract.deadlines import mask
from tracker.extract.types import DocumentFacts
from tracker.extract.vocab import Needs, lead_search, lowered, may_match, required_words
from tracker.lang import load_table

_HEADER_LINES = 25
_HEADER_CHARS = 1500
# the signing line, the page banner and the event that gave the directives stand in
# the first part of a document; later dates are cited ones
_HEAD_CHARS = 12000
_PLACE_CHARS = 48
# how far an event pattern reaches before and after the day it names
_EVENT_BEFORE, _EVENT_AFTER = 60, 40
# (These patterns start with what they match and check the character before after it:
# the regex engine then skips to the next digit at once.)
_YEAR = re.compile(r"((?:19|20)(?<![\d,]\d\d)\d{2})(?!\d)")
_RANGE_START = re.compile(r"((?:19|20)(?<!\d\d\d)\d{2})\s*[-–]\s*(?:19|20)\d{2}(?!\d)")
# A page's own stamp stands among its first six lines (title, section, stamp); a date
# alone on a line further down is a table cell.
_STAMP_LINES = 6
_FULL_DATE = re.compile(
    r"(\d(?<![\d/.]\d)\d?)\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*((?:19|20)\d{2})(?!\d)"
)
# A year-less event date takes the year of a full date of the text that lies this close
# to it in the calendar ("Chiều 30/4, …" beside "kể từ ngày 22/4/2021").
_NEAR_DAYS = 45


@dataclass(frozen=True)
class _Patterns:
    signing: re.Pattern[str]
    signing_header: re.Pattern[str]
    signing_alone: re.Pattern[str]
    signing_date: re.Pattern[str]
    day_anchor: re.Pattern[str]
    event: re.Pattern[str]
    event_inline: re.Pattern[str]
    event_span: re.Pattern[str]
    stamp: re.Pattern[str]
    stamp_line: re.Pattern[str]
    weekday_stamp: re.Pattern[str]
    banner: re.Pattern[str]
    horizon: re.Pattern[str]
    number: re.Pattern[str]
    state_code: re.Pattern[str]
    party_code: re.Pattern[str]
    kinds: dict[str, str]
    issuer: re.Pattern[str]


@functools.cache
def _patterns() -> _Patterns:
    words = load_table("date_words").patterns["patterns"]
    numbers = load_table("doc_numbers")
    codes = numbers.patterns["patterns"]
    return _Patterns(
        signing=re.compile(words["signing"]),
        signing_header=re.compile(words["signing_header"]),
        signing_alone=re.compile(words["signing_alone"]),
        signing_date=re.compile(words["signing_date"]),
        day_anchor=re.compile(words["day_anchor"]),
        event=re.compile(words["event_date"]),
        event_inline=re.compile(words["event_inline"]),
        event_span=re.compile(words["event_span"]),
        stamp=re.compile(words["stamp"]),
        stamp_line=re.compile(words["stamp_line"]),
        weekday_stamp=re.compile(words["weekday_stamp"]),
        banner=re.compile(words["banner"]),
        horizon=re.compile(words["horizon_year"]),
        number=re.compile(codes["header_number"]),
        state_code=re.compile(codes["state_code"]),
        party_code=re.compile(codes["party_code"]),
        kinds={str(k["code"]).lower(): str(k["name"]) for k in numbers.section("kind")},
        issuer=re.compile(load_table("header").patterns["patterns"]["issuer_line"]),
    )


@functools.cache
def assigning_kinds() -> frozenset[str]:
    """The kinds of document whose body gives work to units (doc_numbers.toml
    ``assigns``): a notice of conclusions, a plan, a directive …"""
    return frozenset(
        str(k["name"]) for k in load_table("doc_numbers").section("kind") if k.get("assigns")
    )


def _date(year: int | None, month: str | None, day: str | None) -> date | None:
    try:
        return date(year or 0, int(month or 0), int(day or 0)) if year else None
    except ValueError:
        return None


def _common_year(low: str, p: _Patterns) -> int | None:
    """The year the text speaks of most (horizons and document numbers left out), else
    the first year of a named period ("nhiệm kỳ 2016-2021")."""
    return _common_year_of(low)


@functools.lru_cache(maxsize=4)
def _common_year_of(low: str) -> int | None:
    p = _patterns()
    masked = p.horizon.sub(lambda m: " " * len(m.group()), mask(low))
    years = Counter(int(y) for y in _YEAR.findall(masked))
    if not years:
        starts = [int(y) for y in _RANGE_START.findall(low)]
        return min(starts) if starts else None
    # ties go to the earliest: a text names the targets ahead of it ("đạt 40% vào năm
    # 2030") about as often as the year it is written in
    best = max(years.values())
    return min(y for y, n in years.items() if n == best)


def _near_year(low: str, month: int, day: int) -> int | None:
    """The year of the full dates written close to ``day``/``month`` in the calendar."""
    years: Counter[int] = Counter()
    for d, m, y in _FULL_DATE.findall(low):
        try:
            written = date(int(y), int(m), int(d))
            here = date(int(y), month, min(day, 28) if month == 2 else day)
        except ValueError:
            continue
        if abs((written - here).days) <= _NEAR_DAYS:
            years[int(y)] += 1
    if not years:
        return None
    best = max(years.values())
    return max(y for y, n in years.items() if n == best)


def _year_of(
    day: str | None, month: str | None, low: str, published: date | None, p: _Patterns
) -> int | None:
    """The year of a year-less date: the publication year (the year before when the day
    would fall after publication), else the year of nearby full dates, else the text's."""
    if published is not None:
        candidate = _date(published.year, month, day)
        if candidate is not None and candidate > published:
            return published.year - 1
        return published.year
    try:
        near = _near_year(low, int(month or 0), int(day or 0))
    except ValueError:
        near = None
    return near or _common_year(low, p)


def _groups(match: re.Match[str]) -> tuple[str | None, str | None, str | None]:
    found = match.groupdict()
    if found.get("d2"):
        return found["d2"], found["m2"], found.get("y2")
    return found.get("d"), found.get("m"), found.get("y")


def _signing(low: str, p: _Patterns) -> re.Match[str] | None:
    """The signing line: looked for only where "ngày … tháng … năm …" stands (the
    place before it is what the patterns check), not at every position of the head;
    else a line of the header that holds only that date ("Ngày 03 tháng 6 năm 2025")."""
    for date_match in p.signing_date.finditer(low, 0, _HEAD_CHARS):
        window = max(0, date_match.start() - _PLACE_CHARS)
        found = p.signing.search(low, window, date_match.end())
        if found is None and date_match.start() < _HEADER_CHARS:
            found = p.signing_header.search(low, window, date_match.end())
        if found is not None:
            return found
    return _search(p.signing_alone, low, _HEADER_CHARS)


def _stamp(clean: str, p: _Patterns) -> re.Match[str] | None:
    top = _nth_nonblank_line_end(clean, _STAMP_LINES)
    return (
        _search(p.stamp, clean)
        or _search(p.weekday_stamp, clean)
        or _search(p.stamp_line, clean, top)
    )


def _search(pattern: re.Pattern[str], low: str, end: int | None = None) -> re.Match[str] | None:
    """``pattern.search(low, 0, end)``; at once None when ``low`` lacks a word every match
    of the pattern needs, else tried only where a match can start."""
    if not may_match(_needs(pattern), low):
        return None
    return lead_search(pattern, low, 0, len(low) if end is None else end)


class _DayAnchors:
    """The places a day and month are written in the head of the text (cheap to find;
    the event patterns are tried only around them), found as far as they are asked
    for, each once: the event is mostly told at the start."""

    def __init__(self, low: str, p: _Patterns) -> None:
        self._found: list[re.Match[str]] = []
        self._rest: Iterator[re.Match[str]] | None = p.day_anchor.finditer(low, 0, _HEAD_CHARS)

    def __iter__(self) -> Iterator[re.Match[str]]:
        i = 0
        while True:
            if i == len(self._found):
                nxt = next(self._rest, None) if self._rest is not None else None
                if nxt is None:
                    self._rest = None
                    return
                self._found.append(nxt)
            yield self._found[i]
            i += 1


@functools.cache
def _needs(pattern: re.Pattern[str], past_start: bool = False) -> Needs:
    return required_words(pattern, past_start=past_start)


def _blank(pattern: re.Pattern[str], text: str) -> str:
    """``text`` with every match of ``pattern`` blanked out (spaces, same length).

    When ``text`` lacks the words of every match past its first character, only a
    match at the start is looked for ("^Thứ Năm, 30-01-2020 …" of the banner).
    """
    if not may_match(_needs(pattern, past_start=True), text):
        first = pattern.match(text)
        if first is None:
            return text
        if first.end() > 0:
            return " " * first.end() + text[first.end() :]
    return pattern.sub(lambda m: " " * len(m.group()), text)


def _near_days(pattern: re.Pattern[str], low: str, anchors: _DayAnchors) -> re.Match[str] | None:
    """The first match of ``pattern`` in the head of the text, looked for only around
    the ``anchors``, not at every position, and only where the words every match
    needs stand."""
    needs = _needs(pattern)
    if not may_match(needs, low):
        return None
    for day in anchors:
        start = max(0, day.start() - _EVENT_BEFORE)
        stop = min(len(low), day.end() + _EVENT_AFTER)
        if needs and not may_match(needs, low[start:stop]):
            continue
        found = pattern.search(low, start, stop)
        if found is not None and found.start() <= day.start() < found.end():
            return found
    return None


def _issued(low: str, p: _Patterns) -> tuple[date | None, str | None, str]:
    """The issued date, the text it was read from, and the low text without banners."""
    head = _blank(p.banner, low[:_HEAD_CHARS])
    clean = head + low[_HEAD_CHARS:]
    signing = _signing(clean, p)
    if signing and (found := _date(int(signing["y"]), signing["m"], signing["d"])):
        return found, signing.group().strip(), clean
    stamp = _stamp(clean, p)
    published = _date(int(stamp["y"]), stamp["m"], stamp["d"]) if stamp else None
    anchors = _DayAnchors(clean, p)
    for pattern in (p.event_span, p.event, p.event_inline):
        match = _near_days(pattern, clean, anchors)
        if match is None:
            continue
        day, month, year_text = _groups(match)
        year = int(year_text) if year_text else _year_of(day, month, clean, published, p)
        found = _date(year, month, day)
        if found is not None and (published is None or found <= published):
            return found, match.group().strip(" ,\n-–"), clean
    if published is not None and stamp is not None:
        return published, stamp.group().strip(" (\n"), clean
    return None, None, clean


def _number(text: str, low: str, p: _Patterns) -> tuple[str | None, str | None]:
    header_end = _nth_line_end(low, _HEADER_LINES)
    match = lead_search(p.number, low, 0, header_end)
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


def _nth_nonblank_line_end(text: str, n: int) -> int:
    for count, match in enumerate(re.finditer(r"[^\n]*\S[^\n]*", text), 1):
        if count == n:
            return match.end()
    return len(text)


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


def _kind_from_title(lines: list[str], p: _Patterns) -> str | None:
    names = {name.upper(): name for name in p.kinds.values()}
    for line in lines[:_HEADER_LINES]:
        if line in names:
            return names[line]
    head = " ".join(lines[:8]).lower()
    return "tin" if "hội nghị" in head else None


def _issuer(lines: list[str], p: _Patterns) -> str | None:
    for line in lines[:6]:
        if p.issuer.match(line) and line.upper() == line and len(line) <= 60:
            return line
    return None


def _title(lines: list[str], kind: str | None, p: _Patterns) -> str | None:
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
        if re.match(r"^[\W\d]*$", line) or p.issuer.match(line):
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
        year=issued.year if issued else _common_year(low, p),
        number=number,
        issuer=_issuer(lines, p),
        kind=kind,
        title=_title(lines, kind, p),
    )
