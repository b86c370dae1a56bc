"""Values that flow between the extractor's stages: frozen dataclasses only.

Offsets are character offsets into the NFC text given to ``extract()`` (half-open,
``text[start:end]``). Imports nothing from the package but the standard library.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Literal


@dataclass(frozen=True, slots=True, order=True)
class Span:
    """A half-open character range ``[start, end)`` of the NFC document text."""

    start: int
    end: int

    def shift(self, offset: int) -> Span:
        """The same span moved right by ``offset`` characters."""
        return Span(self.start + offset, self.end + offset)

    def slice(self, text: str) -> str:
        """The characters of ``text`` this span covers."""
        return text[self.start : self.end]

    def __len__(self) -> int:
        return self.end - self.start


@dataclass(frozen=True, slots=True)
class Clause:
    """A clause: a sentence part cut at ";", list markers or a bracketed aside."""

    span: Span
    text: str


@dataclass(frozen=True, slots=True)
class Sentence:
    """A sentence of the document, with its clauses and paragraph number."""

    span: Span
    text: str
    clauses: tuple[Clause, ...]
    paragraph: int


DeadlineKind = Literal["by", "period", "range", "relative", "recurring", "bare"]


@dataclass(frozen=True, slots=True)
class DeadlineHit:
    """A time expression that can bound a task.

    ``kind``: ``by`` (a marker such as "trước", "chậm nhất", "hạn chót", "đến hết"
    before a day), ``period`` ("trong tháng 10/2018", "quý I/2019", "6 tháng cuối năm
    2020"), ``range`` ("từ … đến …": the end), ``relative`` ("trong 10 ngày",
    "trước khi trình Kỳ họp": a date only when a start is known), ``recurring``
    ("trước ngày 20 hằng tháng"), ``bare`` (a date without any marker: usually not a
    deadline, e.g. the date of a cited decision).
    ``deadline`` is the last day allowed, or None when it depends on an event.
    """

    span: Span
    text: str
    deadline: date | None
    kind: DeadlineKind
    rule: str
    recurrence: str | None = None


@dataclass(frozen=True, slots=True)
class OwnerHit:
    """A unit or office holder made responsible (or receiving a report)."""

    span: Span
    text: str
    role: Literal["lead", "support", "report_to"]
    rule: str


@dataclass(frozen=True, slots=True)
class Directive:
    """A clause that tells someone to act.

    ``owners``/``supports`` are spans of the text (owners may come from a scope
    heading or an earlier sentence: ``inherited``); ``continuation`` marks a clause
    that carries on the previous directive of its sentence ("…; rà soát …").
    ``scope_deadline`` is the deadline of the heading the clause stands under.
    """

    sentence: Sentence
    clause: Clause
    action: Span
    owners: tuple[Span, ...]
    supports: tuple[Span, ...]
    rule: str
    confidence: float
    inherited: bool = False
    continuation: bool = False
    scope_deadline: DeadlineHit | None = None


@dataclass(frozen=True, slots=True)
class DocumentFacts:
    """What the document says about itself."""

    issued: date | None = None
    issued_text: str | None = None
    # the year an undated text speaks of (for days and months written without one)
    year: int | None = None
    number: str | None = None
    issuer: str | None = None
    kind: str | None = None
    title: str | None = None


@dataclass(frozen=True, slots=True)
class TaskCandidate:
    """One task row of docs/contract.md's ``extract`` output (before storage)."""

    sentence: str
    span: Span
    action: str
    owners: tuple[str, ...]
    deadline: date | None
    deadline_text: str | None
    recurrence: str | None
    report_to: str | None
    confidence: float
    rule: str
    supports: tuple[str, ...] = field(default=())


@dataclass(frozen=True, slots=True)
class Extraction:
    """The result of ``extract()``: document facts and task candidates in text order."""

    facts: DocumentFacts
    tasks: tuple[TaskCandidate, ...]
