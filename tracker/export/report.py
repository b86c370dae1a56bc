"""The overdue report as data: built once, rendered by every format.

After Taskwarrior's "a report is data": rows (filtered, sorted) and the columns
and headings of the document, with the office's header, number, place and date
lines, the recipients and the signer from config. Layout rules of Nghị định
30/2020/NĐ-CP (state) and Hướng dẫn 36-HD/VPTW (Party): "Số: …/BC-…" vs "Số …-BC/…",
the date line "An Hòa, ngày 05 tháng 4 năm 2024" (a leading zero for days below
10 and for months 1 and 2).

Pure: no I/O, no clock. Imports ``tracking.status`` types only.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date

from tracker.export.layout import (
    Chart,
    Column,
    Office,
    OfficialDocument,
    Paragraph,
    Row,
    Table,
    Template,
    national_header,
    needs_landscape,
    number_line,
    vietnamese_date,
)
from tracker.tracking.status import StatusRow

__all__ = ["Line", "Office", "Report", "Template", "UnitGroup", "build_report", "vietnamese_date"]
COLUMNS: tuple[tuple[str, str], ...] = (
    ("stt", "STT"),
    ("unit", "Đơn vị"),
    ("action", "Nhiệm vụ"),
    ("source", "Văn bản giao"),
    ("deadline", "Hạn"),
    ("days_overdue", "Số ngày quá hạn"),
    ("note", "Ghi chú"),
)


@dataclass(frozen=True, slots=True)
class Line:
    """One overdue assignment in the report."""

    stt: int
    task_id: int
    assignment_id: int
    unit: str
    unit_id: int | None
    action: str
    document: str
    issued: date | None
    deadline: date | None
    original_deadline: date | None
    days_overdue: int
    sentence: str
    report_to: str | None

    @property
    def source(self) -> str:
        """ "85/TB-VP ngày 12/3/2024": the document that gave the task."""
        return f"{self.document} ngày {self.issued:%d/%m/%Y}" if self.issued else self.document

    @property
    def note(self) -> str:
        """Gia hạn: the original deadline when it was extended."""
        if self.original_deadline and self.deadline and self.original_deadline != self.deadline:
            return f"gia hạn từ {self.original_deadline:%d/%m/%Y}"
        return ""


@dataclass(frozen=True, slots=True)
class UnitGroup:
    """The lines of one unit, and how many there are."""

    unit: str
    lines: tuple[Line, ...]


@dataclass(frozen=True, slots=True)
class Report:
    """Everything a renderer needs."""

    template: Template
    office: Office
    as_of: date
    groups: tuple[UnitGroup, ...]
    columns: tuple[tuple[str, str], ...] = field(default=COLUMNS)

    @property
    def lines(self) -> tuple[Line, ...]:
        """All lines, in report order."""
        return tuple(line for group in self.groups for line in group.lines)

    @property
    def national(self) -> tuple[str, str | None]:
        """The right-hand header: the state motto, or the Party's name."""
        return national_header(self.template)

    @property
    def number_line(self) -> str:
        """ "Số:      /BC-VP" (state) or "Số      -BC/HU" (Party), left blank to fill in."""
        return number_line(self.template, self.office.number_suffix)

    @property
    def date_line(self) -> str:
        """ "An Hòa, ngày 05 tháng 4 năm 2024"."""
        return f"{self.office.place}, {vietnamese_date(self.as_of)}"

    @property
    def title(self) -> str:
        """The document kind."""
        return "BÁO CÁO"

    @property
    def summary(self) -> str:
        """The line under the title."""
        return f"Danh sách đơn vị quá hạn thực hiện nhiệm vụ tính đến ngày {self.as_of:%d/%m/%Y}"

    @property
    def totals(self) -> str:
        """ "3 đơn vị, 7 nhiệm vụ quá hạn"."""
        return f"Tổng cộng: {len(self.groups)} đơn vị, {len(self.lines)} lượt nhiệm vụ quá hạn"


def build_report(
    rows: Iterable[StatusRow], *, as_of: date, office: Office, template: Template
) -> Report:
    """Group overdue rows by unit (most overdue units first), number the lines."""
    by_unit: dict[str, list[StatusRow]] = {}
    for row in rows:
        by_unit.setdefault(row.row.unit, []).append(row)
    ordered = sorted(by_unit.items(), key=lambda kv: (-max(r.days_overdue for r in kv[1]), kv[0]))
    groups: list[UnitGroup] = []
    number = 0
    for unit, unit_rows in ordered:
        lines: list[Line] = []
        for r in sorted(unit_rows, key=lambda x: (-x.days_overdue, x.row.task_id)):
            number += 1
            a = r.row
            lines.append(
                Line(
                    number,
                    a.task_id,
                    a.assignment_id,
                    unit,
                    a.unit_id,
                    a.action,
                    a.document,
                    a.issued,
                    a.deadline,
                    a.original_deadline,
                    r.days_overdue,
                    a.sentence,
                    a.report_to,
                )
            )
        groups.append(UnitGroup(unit, tuple(lines)))
    return Report(template, office, as_of, tuple(groups))


def line_values(line: Line) -> Sequence[object]:
    """The cells of a line in column order (dates as dates)."""
    return (
        line.stt,
        line.unit,
        line.action,
        line.source,
        line.deadline,
        line.days_overdue,
        line.note,
    )


AGE_BUCKETS: tuple[tuple[str, int, int | None], ...] = (
    ("≤ 30 ngày", 1, 30),
    ("31–60 ngày", 31, 60),
    ("61–120 ngày", 61, 120),
    ("> 120 ngày", 121, None),
)
DOCUMENT_COLUMNS = (
    Column("STT", "center"),
    Column("Nhiệm vụ"),
    Column("Văn bản giao", "center"),
    Column("Hạn", "center"),
    Column("Số ngày quá hạn", "center"),
    Column("Ghi chú"),
)


def age_counts(days: Iterable[int]) -> tuple[int, ...]:
    """How many of ``days`` (days overdue) fall in each of ``AGE_BUCKETS``."""
    counts = [0] * len(AGE_BUCKETS)
    for value in days:
        for index, (_, low, high) in enumerate(AGE_BUCKETS):
            if value >= low and (high is None or value <= high):
                counts[index] += 1
                break
    return tuple(counts)


def sentence_case(text: str) -> str:
    """ "báo cáo tình hình …" → "Báo cáo tình hình …": a table cell starts a sentence."""
    return text[:1].upper() + text[1:]


def overdue_table(groups: Sequence[UnitGroup]) -> Table:
    """The overdue lines under one heading row per unit, and the total.

    The unit is the heading of its group, not a column repeated on every line, so
    the task text gets the width (the XLSX and CSV keep a unit column for filters).
    """
    rows: list[Row] = []
    for group in groups:
        rows.append(Row((f"{group.unit} ({len(group.lines)} nhiệm vụ)",), "group"))
        for line in group.lines:
            source = (
                f"{line.document}\nngày {line.issued:%d/%m/%Y}" if line.issued else line.document
            )
            rows.append(
                Row(
                    (
                        str(line.stt),
                        sentence_case(line.action),
                        source,
                        f"{line.deadline:%d/%m/%Y}" if line.deadline else "",
                        str(line.days_overdue),
                        sentence_case(line.note),
                    )
                )
            )
    count = sum(len(g.lines) for g in groups)
    rows.append(Row((f"Tổng cộng: {len(groups)} đơn vị, {count} lượt nhiệm vụ quá hạn",), "total"))
    return Table(DOCUMENT_COLUMNS, tuple(rows))


def age_chart(lines: Sequence[Line]) -> Chart:
    """Overdue lines by how long they are overdue."""
    counts = age_counts(line.days_overdue for line in lines)
    return Chart(
        "buckets",
        "Số lượt nhiệm vụ quá hạn theo thời gian quá hạn",
        tuple(label for label, _, _ in AGE_BUCKETS),
        (("Quá hạn", tuple(float(c) for c in counts)),),
        width_mm=110,
        height_mm=55,
    )


def overdue_document(report: Report) -> OfficialDocument:
    """The overdue report in the official layout: a sentence with the totals, the
    chart of overdue ages, the table, then the signer."""
    lines = report.lines
    day = f"{report.as_of:%d/%m/%Y}"
    blocks: list[Paragraph | Table | Chart] = []
    if not lines:
        blocks.append(
            Paragraph(f"Tính đến ngày {day}, không có đơn vị nào quá hạn thực hiện nhiệm vụ.")
        )
    else:
        longest = max(line.days_overdue for line in lines)
        blocks.append(
            Paragraph(
                f"Tính đến ngày {day}, có {len(report.groups)} đơn vị chưa hoàn thành "
                f"{len(lines)} lượt nhiệm vụ đã quá hạn (lâu nhất {longest} ngày). "
                "Phân bố theo thời gian quá hạn:"
            )
        )
        blocks.append(age_chart(lines))
        blocks.append(Paragraph("Danh sách cụ thể như sau:"))
        blocks.append(overdue_table(report.groups))
    tables = [b for b in blocks if isinstance(b, Table)]
    return OfficialDocument(
        template=report.template,
        office=report.office,
        issued=report.as_of,
        kind=report.title,
        summary=report.summary,
        blocks=tuple(blocks),
        name=f"bao-cao-qua-han-{report.as_of:%Y-%m-%d}",
        landscape=needs_landscape(tables),
        closing=(f"Trên đây là danh sách đơn vị quá hạn thực hiện nhiệm vụ tính đến ngày {day}./."),
    )
