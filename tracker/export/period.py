"""The periodic report: báo cáo kết quả thực hiện nhiệm vụ được giao (month, quarter,
half-year, year).

Per unit: the assignments to carry out in the period — carried over from before it
(kỳ trước chuyển sang) plus given in it (giao trong kỳ) — and what became of them by
its last day: done on time, done late, not done, and of those overdue; the on-time
rate of what fell due in the period. Then the list of overdue assignments on the
last day. The counts are ``stats_by_unit``'s for the same days (``tracker stats
--from … --to …``), so the two always agree; ``assigned_by_unit`` splits the total.

A period still running is reported up to the as-of day, and says so.

``PeriodKey`` names periods as people and the scheduler do: ``2024-03``,
``2024-Q1``, ``2024-H1``, ``2024``; ``due_periods`` says which report is due on a
day (the first working day after a period ends; a larger period ending the same day
replaces the smaller ones: the quarter's report is also the report of its last
month, as offices do).
"""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any, Literal

from sqlalchemy.orm import Session

from tracker import dates
from tracker.errors import BadInput
from tracker.export.files import save_zip
from tracker.export.layout import (
    Chart,
    Column,
    Office,
    OfficialDocument,
    Paragraph,
    Row,
    Table,
    Template,
    needs_landscape,
)
from tracker.export.report import Report, build_report, overdue_table
from tracker.export.safe import cell
from tracker.store.queries import Filters, UnitStats, assigned_by_unit, stats_by_unit
from tracker.tracking.status import Policy, soon_cutoff, status_rows

Kind = Literal["month", "quarter", "half", "year"]
KINDS: tuple[Kind, ...] = ("month", "quarter", "half", "year")  # smallest first
FORMATS = ("docx", "pdf", "html", "xlsx", "csv", "json")
ROMAN = ("I", "II", "III", "IV")
_PATTERN = re.compile(r"^(\d{4})(?:-(?:(\d{1,2})|[Qq]([1-4])|[Hh]([12])))?$")


@dataclass(frozen=True, slots=True)
class PeriodKey:
    """A reporting period: a month (number 1–12), quarter (1–4), half (1–2) or year."""

    year: int
    kind: Kind
    number: int = 0

    @property
    def key(self) -> str:
        """ "2024-03", "2024-Q1", "2024-H1", "2024"."""
        if self.kind == "month":
            return f"{self.year}-{self.number:02d}"
        if self.kind == "quarter":
            return f"{self.year}-Q{self.number}"
        if self.kind == "half":
            return f"{self.year}-H{self.number}"
        return str(self.year)

    @property
    def start(self) -> date:
        """First day."""
        first = {"month": self.number, "quarter": 3 * self.number - 2, "half": 6 * self.number - 5}
        return date(self.year, first.get(self.kind, 1), 1)

    @property
    def end(self) -> date:
        """Last day."""
        last_month = {"month": self.number, "quarter": 3 * self.number, "half": 6 * self.number}
        return dates.end_of_month(self.year, last_month.get(self.kind, 12))

    @property
    def label(self) -> str:
        """ "tháng 3 năm 2024", "quý I năm 2024", "6 tháng đầu năm 2024", "năm 2024"."""
        if self.kind == "month":
            return f"tháng {self.number} năm {self.year}"
        if self.kind == "quarter":
            return f"quý {ROMAN[self.number - 1]} năm {self.year}"
        if self.kind == "half":
            return f"6 tháng {'đầu' if self.number == 1 else 'cuối'} năm {self.year}"
        return f"năm {self.year}"

    @property
    def report_day(self) -> date:
        """The first working day after the period: when its report is sent."""
        return dates.add_working_days(self.end, 1)


def parse_period(text: str) -> PeriodKey:
    """``2024-03`` / ``2024-Q1`` / ``2024-H1`` / ``2024`` → the period (``BadInput``
    otherwise)."""
    match = _PATTERN.match(text.strip())
    year = int(match[1]) if match else 0
    if match is None or not 1900 <= year <= 9998:
        raise BadInput(
            f"kỳ báo cáo không hợp lệ: {text!r} (ví dụ: 2024-03, 2024-Q1, 2024-H1, 2024)"
        )
    month, quarter, half = match[2], match[3], match[4]
    if month is not None:
        if not 1 <= int(month) <= 12:
            raise BadInput(f"tháng không hợp lệ trong kỳ báo cáo {text!r}")
        return PeriodKey(year, "month", int(month))
    if quarter is not None:
        return PeriodKey(year, "quarter", int(quarter))
    if half is not None:
        return PeriodKey(year, "half", int(half))
    return PeriodKey(year, "year")


def period_containing(day: date, kind: Kind) -> PeriodKey:
    """The period of ``kind`` that ``day`` falls in."""
    if kind == "month":
        return PeriodKey(day.year, "month", day.month)
    if kind == "quarter":
        return PeriodKey(day.year, "quarter", dates.quarter_of(day))
    if kind == "half":
        return PeriodKey(day.year, "half", 1 if day.month <= 6 else 2)
    return PeriodKey(day.year, "year")


def due_periods(day: date, kinds: Iterable[str]) -> list[PeriodKey]:
    """The periodic report to send on ``day``, if any (at most one period).

    Of the configured kinds, the periods that ended last before ``day``; when their
    report day (the first working day after) has come, the largest of them (the
    report of quarter I is also the report of March). A scheduler that was down on
    the report day catches up on a later day, until the next period ends; the
    send-log keeps it to once.
    """
    ended = [
        period_containing(period_containing(day, kind).start - timedelta(days=1), kind)
        for kind in KINDS
        if kind in kinds
    ]
    if not ended:
        return []
    last_end = max(p.end for p in ended)
    latest = [p for p in ended if p.end == last_end]
    if latest[0].report_day > day:
        return []
    return [max(latest, key=lambda p: KINDS.index(p.kind))]


# --- the report as data ----------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class PeriodRow:
    """One unit's line of the periodic report."""

    unit: str
    total: int
    from_before: int
    assigned: int
    done_on_time: int
    done_late: int
    not_done: int
    overdue: int
    fell_due: int
    on_time_in_period: int

    @property
    def on_time_rate(self) -> float | None:
        """Percent of what fell due in the period that was done by its deadline."""
        return round(self.on_time_in_period / self.fell_due * 100, 1) if self.fell_due else None

    @property
    def done(self) -> int:
        """Done, on time or late."""
        return self.done_on_time + self.done_late


@dataclass(frozen=True, slots=True)
class PeriodReport:
    """Everything the periodic report shows."""

    period: PeriodKey
    start: date
    end: date  # the period's last day, or the as-of day while it runs
    rows: tuple[PeriodRow, ...]
    overdue: Report  # overdue on ``end``

    @property
    def complete(self) -> bool:
        """The period is over (not cut at the as-of day)."""
        return self.end == self.period.end

    @property
    def totals(self) -> PeriodRow:
        """The "Tổng cộng" line."""
        fields = (
            "total",
            "from_before",
            "assigned",
            "done_on_time",
            "done_late",
            "not_done",
            "overdue",
            "fell_due",
            "on_time_in_period",
        )
        sums = [sum(int(getattr(r, f)) for r in self.rows) for f in fields]
        return PeriodRow("Tổng cộng", *sums)


def period_row(stats: UnitStats, assigned: int) -> PeriodRow:
    """A scoreboard line (``stats_by_unit``) as a line of the periodic report."""
    not_done = stats.open + stats.due_soon + stats.overdue + stats.no_deadline
    return PeriodRow(
        unit=stats.unit,
        total=stats.total,
        from_before=stats.total - assigned,
        assigned=assigned,
        done_on_time=stats.done_on_time,
        done_late=stats.done_late,
        not_done=not_done,
        overdue=stats.overdue,
        fell_due=stats.fell_due,
        on_time_in_period=stats.on_time_in_period,
    )


def build_period_report(
    session: Session,
    *,
    period: PeriodKey,
    as_of: date,
    policy: Policy,
    office: Office,
    template: Template,
) -> PeriodReport:
    """Read the period's figures and overdue list (as of its end, or ``as_of`` if
    earlier). A period that has not begun is ``BadInput``."""
    if period.start > as_of:
        raise BadInput(
            f"kỳ {period.key} ({period.label}) chưa bắt đầu tính đến ngày {as_of:%d/%m/%Y}"
        )
    start, end = period.start, min(period.end, as_of)
    stats = stats_by_unit(session, start=start, end=end, soon=soon_cutoff(end, policy))
    assigned = assigned_by_unit(session, start=start, end=end)
    rows = tuple(period_row(s, assigned.get(s.unit, 0)) for s in stats)
    overdue_rows = status_rows(
        session,
        as_of=end,
        policy=policy,
        filters=Filters(statuses=frozenset({"overdue"}), include_support=False),
    )
    overdue = build_report(overdue_rows, as_of=end, office=office, template=template)
    return PeriodReport(period, start, end, rows, overdue)


# --- the official document ------------------------------------------------------------

COLUMNS: tuple[tuple[str, str], ...] = (
    ("unit", "Đơn vị"),
    ("total", "Tổng số"),
    ("from_before", "Kỳ trước chuyển sang"),
    ("assigned", "Giao trong kỳ"),
    ("done_on_time", "Hoàn thành đúng hạn"),
    ("done_late", "Hoàn thành quá hạn"),
    ("not_done", "Chưa hoàn thành"),
    ("overdue", "Trong đó quá hạn"),
    ("on_time_rate", "Tỷ lệ đúng hạn (%)"),
)
NOTE = (
    "Ghi chú: Tổng số = kỳ trước chuyển sang + giao trong kỳ = hoàn thành + chưa hoàn "
    "thành. Kỳ trước chuyển sang: nhiệm vụ giao trước kỳ, chưa hoàn thành khi kỳ bắt "
    "đầu. Tỷ lệ đúng hạn: số nhiệm vụ hoàn thành đúng hạn trên số nhiệm vụ đến hạn "
    "trong kỳ."
)


def _value(row: PeriodRow, key: str) -> object:
    return getattr(row, key)


def _text(value: object) -> str:
    if value is None:
        return "—"
    if isinstance(value, float):
        return f"{value:.1f}".replace(".", ",")
    return str(value)


def summary(report: PeriodReport) -> str:
    """The trích yếu."""
    text = f"Kết quả thực hiện nhiệm vụ được giao {report.period.label}"
    if not report.complete:  # on a line of its own: "tháng 4 / năm 2024" is not broken
        text += f"\n(tính đến ngày {report.end:%d/%m/%Y})"
    return text


def _overview(report: PeriodReport) -> list[Paragraph]:
    t = report.totals
    span = f"từ ngày {report.start:%d/%m/%Y} đến ngày {report.end:%d/%m/%Y}"
    share = f" ({t.done / t.total * 100:.1f}%)".replace(".", ",") if t.total else ""
    rate = t.on_time_rate
    rate_text = (
        f"Tỷ lệ hoàn thành đúng hạn của các nhiệm vụ đến hạn trong kỳ đạt {_text(rate)}%."
        if rate is not None
        else "Trong kỳ chưa có nhiệm vụ nào đến hạn."
    )
    return [
        Paragraph(
            "Thực hiện chế độ báo cáo định kỳ, kết quả thực hiện nhiệm vụ được giao "
            f"{report.period.label} ({span}) như sau:"
        ),
        Paragraph("I. KẾT QUẢ CHUNG", bold=True, indent=False),
        Paragraph(
            f"Tổng số nhiệm vụ phải thực hiện trong kỳ: {t.total} lượt của {len(report.rows)} "
            f"đơn vị (kỳ trước chuyển sang {t.from_before}, giao trong kỳ {t.assigned})."
        ),
        Paragraph(
            f"Đã hoàn thành {t.done} lượt{share}, trong đó đúng hạn {t.done_on_time}, quá hạn "
            f"{t.done_late}; chưa hoàn thành {t.not_done} lượt, trong đó quá hạn "
            f"{t.overdue}. {rate_text}"
        ),
    ]


def rate_chart(rows: Sequence[PeriodRow]) -> Chart | None:
    """On-time rate per unit with work falling due, the lowest first (at most 25)."""
    rated = sorted((r for r in rows if r.fell_due), key=lambda r: (r.on_time_rate or 0, r.unit))
    if not rated:
        return None
    title = "Tỷ lệ hoàn thành đúng hạn theo đơn vị"
    if len(rated) > 25:
        rated, title = rated[:25], title + " (25 đơn vị có tỷ lệ thấp nhất)"
    return Chart(
        "rate",
        title,
        tuple(r.unit for r in rated),
        (("Tỷ lệ đúng hạn (%)", tuple(r.on_time_rate or 0.0 for r in rated)),),
        width_mm=150,
        height_mm=22 + 7 * len(rated),
    )


DOCUMENT_COLUMNS: tuple[tuple[str, Column], ...] = (
    ("unit", Column("Đơn vị")),
    ("total", Column("Tổng số", "center")),
    ("from_before", Column("Kỳ trước chuyển sang", "center", "Trong đó")),
    ("assigned", Column("Giao trong kỳ", "center", "Trong đó")),
    ("done_on_time", Column("Đúng hạn", "center", "Đã hoàn thành")),
    ("done_late", Column("Quá hạn", "center", "Đã hoàn thành")),
    ("not_done", Column("Tổng số", "center", "Chưa hoàn thành")),
    ("overdue", Column("Quá hạn", "center", "Chưa hoàn thành")),
    ("on_time_rate", Column("Tỷ lệ đúng hạn (%)", "center")),
)


def unit_table(report: PeriodReport) -> Table:
    """Per unit, then "Tổng cộng", under grouped headings."""
    rows = [
        Row((str(i), *(_text(_value(r, k)) for k, _ in DOCUMENT_COLUMNS)))
        for i, r in enumerate(report.rows, start=1)
    ]
    rows.append(Row(("", *(_text(_value(report.totals, k)) for k, _ in DOCUMENT_COLUMNS)), "total"))
    columns = (Column("STT", "center"), *(c for _, c in DOCUMENT_COLUMNS))
    return Table(columns, tuple(rows), size=12, note=NOTE)


def period_document(report: PeriodReport) -> OfficialDocument:
    """The periodic report in the official layout."""
    blocks: list[Paragraph | Table | Chart] = list(_overview(report))
    chart = rate_chart(report.rows)
    if chart is not None:
        blocks.append(chart)
    blocks.append(Paragraph("II. KẾT QUẢ THEO ĐƠN VỊ", bold=True, indent=False))
    blocks.append(unit_table(report))
    blocks.append(Paragraph("III. NHIỆM VỤ QUÁ HẠN CHƯA HOÀN THÀNH", bold=True, indent=False))
    overdue = report.overdue
    if overdue.lines:
        blocks.append(
            Paragraph(
                f"Tính đến ngày {report.end:%d/%m/%Y}, {len(overdue.lines)} lượt nhiệm vụ của "
                f"{len(overdue.groups)} đơn vị đã quá hạn mà chưa hoàn thành:"
            )
        )
        blocks.append(overdue_table(overdue.groups))
    else:
        blocks.append(
            Paragraph(f"Tính đến ngày {report.end:%d/%m/%Y}, không có nhiệm vụ nào quá hạn.")
        )
    tables = [b for b in blocks if isinstance(b, Table)]
    return OfficialDocument(
        template=overdue.template,
        office=overdue.office,
        issued=report.end,
        kind="BÁO CÁO",
        summary=summary(report),
        blocks=tuple(blocks),
        name=f"bao-cao-{report.period.key}",
        landscape=needs_landscape(tables),
        closing=(
            f"Trên đây là báo cáo kết quả thực hiện nhiệm vụ được giao {report.period.label}./."
        ),
    )


# --- files ------------------------------------------------------------------------------


def row_dict(row: PeriodRow) -> dict[str, Any]:
    """A line as JSON: the counts and the rate (percent, or null)."""
    return {
        "unit": row.unit,
        "total": row.total,
        "from_before": row.from_before,
        "assigned": row.assigned,
        "done_on_time": row.done_on_time,
        "done_late": row.done_late,
        "not_done": row.not_done,
        "overdue": row.overdue,
        "fell_due": row.fell_due,
        "on_time_rate": row.on_time_rate,
    }


def render(report: PeriodReport, path: Path, fmt: str, *, issued: date | None = None) -> None:
    """Write the report in ``fmt`` (``FORMATS``); the document is dated ``issued``
    (default: the period's last day covered)."""
    if fmt == "json":
        _json(report, path)
    elif fmt == "csv":
        _csv(report, path)
    elif fmt == "xlsx":
        _xlsx(report, path)
    else:
        from dataclasses import replace

        from tracker.export.stats import write_official

        doc = period_document(report)
        write_official(replace(doc, issued=issued) if issued else doc, path, fmt)


def _json(report: PeriodReport, path: Path) -> None:
    from tracker.export.json import row as overdue_row

    data = {
        "period": report.period.key,
        "label": report.period.label,
        "start": report.start.isoformat(),
        "end": report.end.isoformat(),
        "complete": report.complete,
        "units": [row_dict(r) for r in report.rows],
        "totals": row_dict(report.totals),
        "overdue": [overdue_row(line) for line in report.overdue.lines],
    }
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


def _csv(report: PeriodReport, path: Path) -> None:
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow([h for _, h in COLUMNS])
        for row in (*report.rows, report.totals):
            writer.writerow([cell(_value(row, k)) for k, _ in COLUMNS])


def _xlsx(report: PeriodReport, path: Path) -> None:
    from openpyxl import Workbook
    from openpyxl.chart import BarChart, Reference
    from openpyxl.styles import Font

    book = Workbook()
    sheet = book.active
    sheet.title = "Theo đơn vị"
    sheet.append([h for _, h in COLUMNS])
    for heading in sheet[1]:
        heading.font = Font(bold=True)
    for row in report.rows:
        sheet.append([cell(_value(row, k)) for k, _ in COLUMNS])
    sheet.append([cell(_value(report.totals, k)) for k, _ in COLUMNS])
    for total in sheet[sheet.max_row]:
        total.font = Font(bold=True)
    sheet.column_dimensions["A"].width = 40
    sheet.freeze_panes = "B2"
    if report.rows:
        chart = BarChart()
        chart.type = "bar"
        chart.title = "Tỷ lệ hoàn thành đúng hạn theo đơn vị (%)"
        column = [k for k, _ in COLUMNS].index("on_time_rate") + 1
        count = len(report.rows)
        chart.add_data(
            Reference(sheet, min_col=column, min_row=1, max_row=1 + count), titles_from_data=True
        )
        chart.set_categories(Reference(sheet, min_col=1, min_row=2, max_row=1 + count))
        chart.legend = None
        chart.width, chart.height = 18, max(7.5, 0.5 * count + 3)
        sheet.add_chart(chart, f"A{count + 4}")
    overdue = book.create_sheet("Quá hạn")
    overdue.append(["STT", "Đơn vị", "Nhiệm vụ", "Văn bản giao", "Hạn", "Số ngày quá hạn"])
    for heading in overdue[1]:
        heading.font = Font(bold=True)
    for line in report.overdue.lines:
        overdue.append(
            [
                line.stt,
                cell(line.unit),
                cell(line.action),
                cell(line.source),
                line.deadline,
                line.days_overdue,
            ]
        )
        overdue.cell(row=overdue.max_row, column=5).number_format = "DD/MM/YYYY"
    for letter, width in zip("ABCDEF", (6, 30, 60, 28, 12, 10), strict=True):
        overdue.column_dimensions[letter].width = width
    overdue.freeze_panes = "A2"
    book.properties.title = " ".join(summary(report).split())
    save_zip(book.save, path)
