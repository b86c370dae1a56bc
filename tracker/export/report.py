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
from typing import Literal

from tracker.config import Config
from tracker.tracking.status import StatusRow

Template = Literal["state", "party"]
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
class Office:
    """Who issues the report (config ``[office]``)."""

    parent: str
    name: str
    place: str
    number_suffix: str
    signer_title: str
    signer_name: str
    recipients: tuple[str, ...]

    @classmethod
    def from_config(cls, config: Config) -> Office:
        """The office of ``[office]``."""
        return cls(
            parent=str(config.get("office", "parent")),
            name=str(config.get("office", "name")),
            place=str(config.get("office", "place")),
            number_suffix=str(config.get("office", "number_suffix")),
            signer_title=str(config.get("office", "signer_title")),
            signer_name=str(config.get("office", "signer_name")),
            recipients=tuple(str(x) for x in config.get("office", "recipients")),
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
        if self.template == "party":
            return "ĐẢNG CỘNG SẢN VIỆT NAM", None
        return "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc"

    @property
    def number_line(self) -> str:
        """ "Số:      /BC-VP" (state) or "Số      -BC/HU" (Party), left blank to fill in."""
        suffix = self.office.number_suffix
        if self.template == "party":
            return f"Số       -BC/{suffix}"
        return f"Số:       /BC-{suffix}"

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


def vietnamese_date(day: date) -> str:
    """ "ngày 05 tháng 4 năm 2024": NĐ 30/2020 writes days < 10 and months 1–2 with a zero."""
    month = f"{day.month:02d}" if day.month <= 2 else str(day.month)
    return f"ngày {day.day:02d} tháng {month} năm {day.year}"


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
