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

from tracker.extract.types import Clause, Sentence, Span

# A sentence break: terminal punctuation, then space, then something that starts a
# sentence (capital letter, digit, opening quote or bracket, list dash).
_SENTENCE_END = re.compile(r"(?:(?<=[.!?…])|(?<=\./\.))[\"”’)]*(?=\s+[\"“‘(\-–•+]?\s*[0-9A-ZÀ-ỸĐ])")
# Abbreviations after which a full stop does not end a sentence.
_NO_BREAK_BEFORE = re.compile(r"(?:\b(?:TS|ThS|PGS|GS|BS|KS|TP|Tp|Q|P|St|Mr|Ths|Th\.S)\.)$")
_OPEN, _CLOSE = "([{“‘«", ")]}”’»"
_CLAUSE_PUNCT = ";:"
_INTERESTING = re.compile(r"[;:(\[{“‘«)\]}”’»]")


def paragraphs(text: str) -> list[Span]:
    """Non-blank lines of ``text`` with surrounding spaces trimmed."""
    spans: list[Span] = []
    for match in re.finditer(r"[^\n]+", text):
        start, end = match.start(), match.end()
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if end > start:
            spans.append(Span(start, end))
    return spans


def _sentence_spans(text: str, para: Span) -> list[Span]:
    spans: list[Span] = []
    start = para.start
    chunk = text[para.start : para.end]
    for match in _SENTENCE_END.finditer(chunk):
        cut = para.start + match.end()
        if _NO_BREAK_BEFORE.search(text[start:cut]):
            continue
        spans.append(_trim(text, Span(start, cut)))
        start = cut
    spans.append(_trim(text, Span(start, para.end)))
    return [s for s in spans if s.end > s.start]


def _trim(text: str, span: Span) -> Span:
    start, end = span.start, span.end
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return Span(start, end)


def clauses(text: str, sentence: Span) -> tuple[Clause, ...]:
    """Cut a sentence at ";" and ":" outside brackets and quotes."""
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
        elif char in _CLAUSE_PUNCT and depth == 0 and not _inside_number(text, i):
            span = _trim(text, Span(start, i + 1))
            if span.end > span.start:
                out.append(Clause(span, span.slice(text)))
            start = i + 1
    span = _trim(text, Span(start, sentence.end))
    if span.end > span.start:
        out.append(Clause(span, span.slice(text)))
    return tuple(out)


def _inside_number(text: str, i: int) -> bool:
    """A ":" between digits is a time ("07:30"), not a clause break."""
    return 0 < i < len(text) - 1 and text[i - 1].isdigit() and text[i + 1].isdigit()


def segment(text: str) -> tuple[Sentence, ...]:
    """Every sentence of ``text`` with its clauses and paragraph number."""
    out: list[Sentence] = []
    for number, para in enumerate(paragraphs(text)):
        for span in _sentence_spans(text, para):
            out.append(Sentence(span, span.slice(text), clauses(text, span), number))
    return tuple(out)
