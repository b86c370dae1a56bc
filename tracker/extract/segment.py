"""Segmentation: paragraphs → sentences → clauses, with offsets into the NFC text.

A paragraph is a line (web pages and .docx both give one paragraph per line). A
sentence ends at ".", "!", "?" or "…" followed by space and a capital, a digit, a
quote or a list marker — not inside a date ("5.4.2018") or after a title
abbreviation ("TS.", "TP."). A clause ends at ";" or ":" outside brackets and
quotes: "Đối với Công an huyện: Tham mưu …; đôn đốc …" is three clauses, and a
bracketed aside "(xong trước 15/4/2018)" stays inside its clause.

Imports only ``extract.types``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from tracker.extract.types import Clause, Sentence, Span

# A sentence break: terminal punctuation, then space, then something that starts a
# sentence (capital letter, digit, opening quote or bracket, list dash).
_SENTENCE_END = re.compile(
    r"(?:\./\.|[.!?…])[\"”’)]*(?=\s+[\"“‘(\-–•+]?\s*(?P<next>\w))"
    # an item marker inside a paragraph ("… Bộ Giao thông vận tải a) Chủ trì …", as
    # converted documents run a heading and its items together) starts a sentence
    r"|[^\s(](?=\s+[a-zđ]\)\s+\S)"
    # a dashed item after ";" ("… đường thôn; ” - Cơ quan chủ trì: …")
    r"|;(?:\s*[\"”’)])*(?=\s+[-–•+]\s+(?P<item>\w))"
)
# Where a _SENTENCE_END match can start: a stop or ";" (the first and third forms), or
# before the whitespace ahead of an item letter and its ")" (the second).
_BREAK_AT = re.compile(r"[.!?…;)]")
# Abbreviations after which a full stop does not end a sentence.
_NO_BREAK_BEFORE = re.compile(
    r"(?:\b(?:TS|ThS|PGS|GS|BS|KS|TP|Tp|Q|P|St|Mr|Ths|Th\.S)\.)$"
    # nor does the dot of an item number opening a sentence or following a colon
    # ("…: 1. Bộ Giao thông vận tải", "3.1. Rà soát …"); "… nêu tại mục 1." ends one
    r"|(?:^\s*|[:;]\s+|\(\s*)(?:\d{1,2}(?:\.\d{1,2})*|[IVX]{1,4})\.$"
)
# What every match of _NO_BREAK_BEFORE ends with: "." after the last letter of one of
# its abbreviations, a digit or a Roman numeral (checked first: most stops are not).
_NO_BREAK_LAST = frozenset("SsPpQtrIVX")
_LEADING_SPACE = re.compile(r"\s*")
_ITEM_AHEAD = re.compile(r"\s+[a-zđ]\)\s+\S")
_OPEN, _CLOSE = "([{“‘«", ")]}”’»"
_CLAUSE_PUNCT = ";:"
# "phối hợp với các Bộ: Tài chính, Tư pháp và …", "UBND các tỉnh, thành phố: Hà Nội,
# Hưng Yên …": a colon after a plural unit head (a quantifier and a few words) that
# opens a list of names joins, it opens no clause
_NAMES_HEAD_WORDS = re.compile(r"\s+(?:[^\W\d]+[ \t,]*){1,4}")
_NAMES_HEAD_REACH = 40
# how far before a time its opening bracket may stand ("( từ ngày …")
_BRACKET_GAP = 8
_NAMES_AFTER = re.compile(r"\s*[A-ZĐÀ-Ỹ][\w&/-]*(?:\s+[\w&/-]+){0,4}\s*,\s*[A-ZĐÀ-Ỹ]")
_LIST_START = re.compile(r"[a-zđ][).]\s|[-–+•*]\s")
_MIN_WRAPPED_BREAKS = 5
_WRAPPED_SHARE = 0.4
_INTERESTING = re.compile(r"[;:(\[{“‘«)\]}”’»]")


_LINE_OR_BLANK = re.compile(r"[^\n]+|\n\n")


def _lines(text: str) -> list[tuple[Span, bool]]:
    """Non-blank lines, trimmed, each with whether a blank line stands before it."""
    out: list[tuple[Span, bool]] = []
    blank = True
    for match in _LINE_OR_BLANK.finditer(text):
        if match.group() == "\n\n":
            blank = True
            continue
        span = _trim(text, Span(match.start(), match.end()))
        if span.end > span.start:
            out.append((span, blank))
            blank = False
        else:
            blank = True
    return out


def _continues(text: str, line: Span) -> bool:
    """A line that starts in lower case, not with a list marker ("a) "), carries on the
    sentence of the line before it ("… hoàn thành trước 30\ntháng 5 năm 2025")."""
    first = text[line.start]
    return first.islower() and not _LIST_START.match(text, line.start, line.end)


# the spans of the time expressions found in a span of the text
DateSpans = Callable[[Span], Iterable[Span]]
_NUMBERED_LINE = re.compile(r"\d{1,2}(?:\.\d{1,2})*[.)]\s")


def _number_goes_on(text: str, before: Span, line: Span, dates: DateSpans | None) -> bool:
    """A line that starts with a number, not an item's ("1. ", "2.1. "), carries on the
    line before it when a time expression runs over the break ("… báo cáo trước
    ngày\n25 tháng 10 năm 2024."); a table's cells ("Thời gian hoàn thành\n1") stay
    apart."""
    if dates is None or not text[line.start].isdigit() or not text[before.end - 1].islower():
        return False
    if _NUMBERED_LINE.match(text, line.start, line.end):
        return False
    found = dates(Span(before.start, line.end))
    return any(s.start < before.end and s.end > line.start for s in found)


def _is_wrapped(text: str, lines: list[tuple[Span, bool]]) -> bool:
    """A text broken at a fixed width (converted PDFs): most breaks fall mid-sentence."""
    breaks = [span for span, blank in lines[1:] if not blank]
    if len(breaks) < _MIN_WRAPPED_BREAKS:
        return False
    mid = sum(1 for span in breaks if _continues(text, span))
    return mid / len(breaks) >= _WRAPPED_SHARE


def paragraphs(text: str, dates: DateSpans | None = None) -> list[Span]:
    """Paragraphs: runs of lines, where a line break inside a sentence joins two lines.

    Web pages and .docx give one paragraph per line. A line that starts in lower case
    carries on the line before it when that one ends without a full stop; in a text
    wrapped at a fixed width (most breaks fall mid-sentence) every single line break
    joins, and only blank lines separate paragraphs.
    """
    lines = _lines(text)
    wrapped = _is_wrapped(text, lines)
    spans: list[Span] = []
    for span, blank in lines:
        if spans and not blank:
            ends_sentence = text[spans[-1].end - 1] in ".;:!?"
            if wrapped or (
                not ends_sentence
                and (_continues(text, span) or _number_goes_on(text, spans[-1], span, dates))
            ):
                spans[-1] = Span(spans[-1].start, span.end)
                continue
        spans.append(span)
    return spans


def _sentence_spans(text: str, para: Span) -> list[Span]:
    spans: list[Span] = []
    start = para.start
    chunk = text[para.start : para.end]
    for match in _sentence_ends(chunk):
        cut = para.start + match.end()
        following = match.group("next") or match.group("item")
        # the next sentence starts with a capital or a digit ("À-Ỹ" in a character
        # class would take the lower-case "đ", "ư", "ề" … too)
        if (
            following is not None
            and not (following.isupper() or following.isdigit())
            and not _ITEM_AHEAD.match(chunk, match.end())
        ):
            continue
        if _no_break_before(text, start, cut):
            continue
        spans.append(_trim(text, Span(start, cut)))
        start = cut
    spans.append(_trim(text, Span(start, para.end)))
    return [s for s in spans if s.end > s.start]


def _sentence_ends(chunk: str) -> list[re.Match[str]]:
    """``list(_SENTENCE_END.finditer(chunk))``, trying the pattern only where a match
    can start (see _BREAK_AT) rather than at every character."""
    starts: set[int] = set()
    for found in _BREAK_AT.finditer(chunk):
        i = found.start()
        if chunk[i] != ")":
            starts.add(i)
            continue
        # "… vận tải a) Chủ trì": the match is the character before the spaces
        j = i - 2
        if j < 0 or not chunk[j].isspace():
            continue
        while j >= 0 and chunk[j].isspace():
            j -= 1
        if j >= 0:
            starts.add(j)
    out: list[re.Match[str]] = []
    end = 0
    for start in sorted(starts):
        if start < end:
            continue
        match = _SENTENCE_END.match(chunk, start)
        if match is not None:
            out.append(match)
            end = match.end()
    return out


def _no_break_before(text: str, start: int, cut: int) -> bool:
    """Whether ``text[start:cut]`` ends on an abbreviation or an item number."""
    ends_like_one = (
        cut - start >= 2
        and text[cut - 1] == "."
        and (text[cut - 2] in _NO_BREAK_LAST or text[cut - 2].isdecimal())
    )
    # ("$" also matches before a final newline)
    if not ends_like_one and text[cut - 1 : cut] != "\n":
        return False
    # a slice, not pos/endpos: "^" and "\b" look at the sentence's own start; a match
    # is an abbreviation (at most five characters with its stop) or an item number
    # after the character that opens it (or the start): only spaces, digits, dots and
    # Roman numerals follow that one, so the search starts there
    piece = text[start:cut]
    i = len(piece)
    while i > 0 and (piece[i - 1] in ".IVX" or piece[i - 1].isdecimal() or piece[i - 1].isspace()):
        i -= 1
    return _NO_BREAK_BEFORE.search(piece, max(0, min(i - 1, len(piece) - 6))) is not None


def _trim(text: str, span: Span) -> Span:
    start, end = span.start, span.end
    if not (start < end and not text[start].isspace()):
        start = _LEADING_SPACE.match(text, start, end).end()  # type: ignore[union-attr]
    while end > start and text[end - 1].isspace():
        end -= 1
    if start == span.start and end == span.end:
        return span  # (spans are values: no need for a new one)
    return Span(start, end)


@dataclass(frozen=True)
class ColonWords:
    """What the language says about a colon inside a sentence (from the vocabulary),
    matched on the folded lower-case text: the words after it that tell when the work
    is done ("…: xong trước ngày 15/7") and the quantifier of a plural head before it
    ("các Bộ: …"). Either joins the clause."""

    done: re.Pattern[str]
    plural: re.Pattern[str]


def clauses(
    text: str,
    sentence: Span,
    low: str | None = None,
    colon: ColonWords | None = None,
    timed: frozenset[int] = frozenset(),
) -> tuple[Clause, ...]:
    """Cut a sentence at ";" and ":" outside brackets and quotes (with ``colon`` and
    ``low``, not at a colon the language joins; nor at the colons in ``timed``, which
    a time expression follows at once: "- Đại hội Chi bộ A: ngày 15/4/2025")."""
    out: list[Clause] = []
    depth = 0
    start = sentence.start
    for found in _INTERESTING.finditer(text, sentence.start, sentence.end):
        i = found.start()
        char = text[i]
        if char in _OPEN:
            depth += 1
        elif char in _CLOSE and depth:
            depth -= 1
        elif (
            char in _CLAUSE_PUNCT
            and depth == 0
            and not _inside_number(text, i)
            and not (char == ":" and (i in timed or _colon_joins(text, low, colon, start, i)))
        ):
            span = _trim(text, Span(start, i + 1))
            if span.end > span.start:
                out.append(Clause(span, span.slice(text)))
            start = i + 1
    span = _trim(text, Span(start, sentence.end))
    if span.end > span.start:
        out.append(Clause(span, span.slice(text)))
    return tuple(out)


def _colon_joins(text: str, low: str | None, colon: ColonWords | None, start: int, i: int) -> bool:
    """Whether the ":" at ``i`` stays inside its clause: the time the work is done
    follows it, or it opens the names of a plural head ("các Bộ: Tài chính, Tư pháp")."""
    if colon is None or low is None:
        return False
    if colon.done.match(low, _skip_blank(low, i + 1)):
        return True
    if not _NAMES_AFTER.match(text, i + 1):
        return False
    return any(
        _NAMES_HEAD_WORDS.fullmatch(low, m.end(), i)
        for m in colon.plural.finditer(low, max(start, i - _NAMES_HEAD_REACH), i)
    )


def _timed_colons(text: str, sentence: Span, dates: DateSpans) -> frozenset[int]:
    """The colons of a sentence that a time expression follows at once, or that close a
    time opening the sentence (only looked for when the sentence has a colon)."""
    if text.find(":", sentence.start, sentence.end) < 0:
        return frozenset()
    found = list(dates(sentence))
    starts = {s.start for s in found}
    # a time that makes up all the text before the colon ("- Từ ngày 1/3 đến 15/3: Các
    # xã rà soát …", "Tháng 4/2025: Tổ chức …"): a timetable's line
    leading = {s.end for s in found if not text[sentence.start : s.start].strip(" \t-–+•*")}
    # … or a time in brackets right before the colon ("Bước 1 (từ ngày 1/3 đến 15/3):")
    bracketed = {
        s.end + 1
        for s in found
        if text[s.end : s.end + 1] == ")"
        and text[max(sentence.start, s.start - _BRACKET_GAP) : s.start].rstrip().endswith("(")
    }
    out = set()
    i = text.find(":", sentence.start, sentence.end)
    while i >= 0:
        end = _trimmed_end(text, i)
        if _skip_blank(text, i + 1) in starts or end in leading or end in bracketed:
            out.add(i)
        i = text.find(":", i + 1, sentence.end)
    return frozenset(out)


def _trimmed_end(text: str, i: int) -> int:
    """Where the text before ``i`` ends, without spaces."""
    while i > 0 and text[i - 1] in " \t":
        i -= 1
    return i


def _skip_blank(low: str, i: int) -> int:
    while i < len(low) and low[i] in " \t\n":
        i += 1
    return i


def _inside_number(text: str, i: int) -> bool:
    """A ":" between digits is a time ("07:30"), not a clause break."""
    return 0 < i < len(text) - 1 and text[i - 1].isdigit() and text[i + 1].isdigit()


def _split_at(text: str, parts: tuple[Clause, ...], cuts: list[int]) -> tuple[Clause, ...]:
    """Cut clauses further at the given positions (each the start of a new clause)."""
    if not cuts:
        return parts
    out: list[Clause] = []
    for part in parts:
        start = part.span.start
        for cut in cuts:
            if start < cut < part.span.end:
                span = _trim(text, Span(start, cut))
                if span.end > span.start:
                    out.append(Clause(span, span.slice(text)))
                start = cut
        span = _trim(text, Span(start, part.span.end))
        if span.end > span.start:
            out.append(Clause(span, span.slice(text)))
    return tuple(out)


def segment(
    text: str,
    *,
    low: str | None = None,
    conjunction: re.Pattern[str] | None = None,
    dates: DateSpans | None = None,
    colon: ColonWords | None = None,
) -> tuple[Sentence, ...]:
    """Every sentence of ``text`` with its clauses and paragraph number.

    With ``conjunction`` (matched on ``low``, the folded lower-case text of the same
    length) a clause is also cut before a comma-led conjunction that opens a clause of
    its own ("…, trong khi Sở Khoa học chủ trì …"). With ``dates`` (the spans of the
    time expressions in a span of the text) a line break inside one joins its lines.
    With ``colon`` (and ``low``) a colon the language joins cuts no clause.
    """
    out: list[Sentence] = []
    for number, para in enumerate(paragraphs(text, dates)):
        for span in _sentence_spans(text, para):
            timed = _timed_colons(text, span, dates) if dates is not None else frozenset()
            parts = clauses(text, span, low, colon, timed)
            if conjunction is not None and low is not None:
                cuts = [
                    m.start("conj")
                    for m in conjunction.finditer(low, span.start, span.end)
                    if m.start("conj") > span.start
                ]
                parts = _split_at(text, parts, cuts)
            out.append(Sentence(span, span.slice(text), parts, number))
    return tuple(out)


# The level of a list marker opening a sentence: "II." (1) > "3." (2) > "3.1." (3) >
# "a)" (4) > "-" (5). Roman numerals are capitals, letters lower case.
_LEVELS = (
    (re.compile(r"\s*[IVX]{1,5}[.)]\s"), 1),
    (re.compile(r"\s*\d{1,2}[.)]\s"), 2),
    (re.compile(r"\s*\d{1,2}\.\d{1,2}\.?\s"), 3),
    (re.compile(r"\s*[a-zđ][.)]\s"), 4),
    (re.compile(r"\s*[-–+•*]\s"), 5),
)
_ITEMS_REACH = 40
_DASH_LEVEL = 5
_STOPS = ".;!?…:"


def list_level(text: str, span: Span) -> int:
    """The level of the list marker a sentence opens with, 0 when it has none."""
    for pattern, level in _LEVELS:
        if pattern.match(text, span.start, span.end):
            return level
    return 0


def heads_of_items(text: str, sentences: Sequence[Sentence], working: set[int]) -> set[int]:
    """The starts of list items that are headings (no closing stop) over sub-items or
    plain sentences that hold work: "3. Tổ chức rà soát văn bản … a) Sở Giao thông vận
    tải chủ trì … b) Các sở … rà soát …", "3. Tổng hợp kết quả ⏎ Chi cục Thống kê
    tổng hợp …". Such a heading sums its items up (ANNOTATION 2: an umbrella whose
    items are listed). ``working`` holds the starts of the sentences with a directive."""
    levels: dict[int, int] = {}  # (read only for the sentences looked at)

    def level_of(k: int) -> int:
        if k not in levels:
            levels[k] = list_level(text, sentences[k].span)
        return levels[k]

    heads: set[int] = set()
    for i, sentence in enumerate(sentences):
        if sentence.span.start not in working:
            continue
        level = level_of(i)
        if not level or sentence.text.rstrip()[-1:] in _STOPS:
            continue
        for j in range(i + 1, min(len(sentences), i + 1 + _ITEMS_REACH)):
            below = level_of(j)
            if 0 < below <= level:
                break
            deeper = below > level or (below == 0 and level < _DASH_LEVEL)
            if deeper and sentences[j].span.start in working:
                heads.add(sentence.span.start)
                break
    return heads


@dataclass(frozen=True)
class AndWords:
    """What the language says about "và" after a dated clause (from the vocabulary),
    matched on the text as written: "và" and a new capitalised subject after the date
    (``new_subject``, matched where the date ends) and the "và" a clause cut there
    ends on (``trailing``, searched in the clause)."""

    new_subject: re.Pattern[str]
    trailing: re.Pattern[str]


def split_after_dates(
    text: str,
    sentences: tuple[Sentence, ...],
    date_ends: Callable[[Span], set[int]],
    and_words: AndWords | None = None,
) -> tuple[Sentence, ...]:
    """Cut a clause where a dated clause is followed by "và" and a new
    capitalised subject ("Các xã báo cáo trước ngày 10/4 và Phòng Nội vụ tổng hợp
    trước ngày 15/4"): each is a task of its own, with its own owner (ANNOTATION 3).
    ``date_ends`` gives where the dated expressions of a span end; without
    ``and_words`` nothing is cut."""
    if and_words is None:
        return tuple(sentences)
    out: list[Sentence] = []
    for sentence in sentences:
        ends = date_ends(sentence.span)
        cuts = []
        for end in sorted(ends):
            m = and_words.new_subject.match(text, end, sentence.span.end)
            if m and m.end() < sentence.span.end:
                cuts.append(m.end())
        if cuts:
            parts = tuple(
                _drop_and(text, part, and_words.trailing)
                for part in _split_at(text, sentence.clauses, cuts)
            )
            sentence = Sentence(sentence.span, sentence.text, parts, sentence.paragraph)
        out.append(sentence)
    return tuple(out)


def _drop_and(text: str, clause: Clause, trailing: re.Pattern[str]) -> Clause:
    """A clause cut before a new subject ends without its "và" (``trailing``)."""
    m = trailing.search(clause.text)
    if m is None:
        return clause
    span = Span(clause.span.start, clause.span.start + m.start())
    return Clause(span, span.slice(text))
