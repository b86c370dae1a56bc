"""The per-unit scoreboard as a file: XLSX, DOCX, PDF, HTML, CSV or JSON.

Columns follow the official split (Báo cáo 1270/BC-TCTTTg style): counts by status,
the on-time share of what fell due in the period, the carry-over from before it,
and the age of what is overdue. The DOCX/PDF/HTML report is an official document
(``layout.OfficialDocument``, landscape: the table is wide) with a sentence of
totals, a bar chart of the on-time rate per unit, a stacked bar chart of the
statuses per unit, the table with its "Tổng cộng" row, and the signer. The XLSX
carries the same two charts as native Excel charts. Text passes through ``safe.py``.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Sequence
from dataclasses import asdict, replace
from datetime import date
from pathlib import Path
from typing import Any

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
from tracker.export.safe import cell
from tracker.store.queries import UnitStats

COLUMNS: tuple[tuple[str, str], ...] = (
    ("unit", "Đơn vị"),
    ("total", "Tổng số"),
    ("done_on_time", "Hoàn thành đúng hạn"),
    ("done_late", "Hoàn thành quá hạn"),
    ("open", "Đang thực hiện trong hạn"),
    ("due_soon", "Sắp đến hạn"),
    ("overdue", "Quá hạn"),
    ("no_deadline", "Không có hạn"),
    ("fell_due", "Đến hạn trong kỳ"),
    ("on_time_rate", "Tỷ lệ đúng hạn (%)"),
    ("on_time_original", "Đúng hạn theo hạn ban đầu"),
    ("carried_over", "Tồn kỳ trước"),
    ("overdue_30", "Quá hạn ≤ 30 ngày"),
    ("overdue_60", "31–60 ngày"),
    ("overdue_120", "61–120 ngày"),
    ("overdue_more", "> 120 ngày"),
)
FORMATS = ("xlsx", "docx", "pdf", "html", "csv", "json")
MAX_BARS = 25  # a bar chart of more units than this is no longer read
# the statuses of the stacked chart: (label, the counts that make it up)
STATUS_SERIES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("Hoàn thành đúng hạn", ("done_on_time",)),
    ("Hoàn thành quá hạn", ("done_late",)),
    ("Đang thực hiện", ("open", "due_soon")),
    ("Chưa có hạn", ("no_deadline",)),
    ("Quá hạn", ("overdue",)),
)


def rows(stats: Sequence[UnitStats]) -> list[dict[str, object]]:
    """One dict per unit, keys as in ``COLUMNS`` (the rate as a percentage)."""
    out = []
    for s in stats:
        row: dict[str, object] = {**asdict(s)}
        row["on_time_rate"] = percent(s.on_time_in_period, s.fell_due)
        out.append(row)
    return out


def percent(part: int, whole: int) -> float | None:
    """``part`` of ``whole`` in percent, one decimal (None when nothing fell due)."""
    return round(part / whole * 100, 1) if whole else None


def title(start: date, end: date) -> str:
    """The report's heading."""
    return f"Kết quả thực hiện nhiệm vụ được giao từ ngày {start:%d/%m/%Y} đến ngày {end:%d/%m/%Y}"


def render(
    stats: Sequence[UnitStats],
    path: Path,
    fmt: str,
    *,
    start: date,
    end: date,
    office: Office | None = None,
    template: Template = "state",
    issued: date | None = None,
) -> None:
    """Write the scoreboard in ``fmt`` (``FORMATS``); the official formats (docx, pdf,
    html) need the ``office``, and are dated ``issued`` (default: ``end``)."""
    table = rows(stats)
    if fmt == "json":
        path.write_text(json.dumps(table, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    elif fmt == "csv":
        with path.open("w", encoding="utf-8-sig", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow([h for _, h in COLUMNS])
            writer.writerows([[cell(r[k]) for k, _ in COLUMNS] for r in table])
    elif fmt == "xlsx":
        _xlsx(stats, table, path, start, end)
    else:
        if office is None:
            raise ValueError("an official document needs the office")
        doc = stats_document(
            stats, start=start, end=end, office=office, template=template, issued=issued
        )
        write_official(doc, path, fmt)


def write_official(doc: OfficialDocument, path: Path, fmt: str) -> None:
    """Write an official document as ``docx``, ``pdf`` or ``html``."""
    if fmt == "docx":
        from tracker.export.docx import write_docx

        write_docx(doc, path)
    elif fmt == "pdf":
        from tracker.export.pdf import write_pdf

        write_pdf(doc, path)
    else:
        from tracker.export.html import write_html

        write_html(doc, path)


# --- the official document ------------------------------------------------------------


def _number(value: object) -> str:
    if value is None:
        return "—"
    if isinstance(value, float):
        return f"{value:.1f}".replace(".", ",")
    return str(value)


def totals(stats: Sequence[UnitStats]) -> dict[str, object]:
    """The "Tổng cộng" row: every count summed, the rate of the sums."""
    keys = [k for k, _ in COLUMNS if k not in ("unit", "on_time_rate")]
    summed: dict[str, object] = {k: sum(int(getattr(s, k)) for s in stats) for k in keys}
    on_time = sum(s.on_time_in_period for s in stats)
    summed["on_time_rate"] = percent(on_time, int(str(summed["fell_due"])))
    summed["unit"] = "Tổng cộng"
    return summed


def rate_chart(stats: Sequence[UnitStats]) -> Chart | None:
    """On-time rate per unit that had work falling due; the lowest first (at most
    ``MAX_BARS``: then the lowest ones, and the title says so)."""
    rated = sorted(
        (s for s in stats if s.fell_due),
        key=lambda s: (s.on_time_in_period / s.fell_due, s.unit),
    )
    if not rated:
        return None
    title_text = "Tỷ lệ hoàn thành đúng hạn theo đơn vị"
    if len(rated) > MAX_BARS:
        rated = rated[:MAX_BARS]
        title_text += f" ({MAX_BARS} đơn vị có tỷ lệ thấp nhất)"
    values = tuple(s.on_time_in_period / s.fell_due * 100 for s in rated)
    return Chart(
        "rate",
        title_text,
        tuple(s.unit for s in rated),
        (("Tỷ lệ đúng hạn (%)", values),),
        width_mm=160,
        height_mm=22 + 7 * len(rated),
    )


def status_chart(stats: Sequence[UnitStats]) -> Chart | None:
    """Statuses per unit as stacked bars; the units with most overdue first."""
    chosen = sorted((s for s in stats if s.total), key=lambda s: (-s.overdue, -s.total, s.unit))
    if not chosen:
        return None
    title_text = "Tình hình thực hiện nhiệm vụ theo đơn vị"
    if len(chosen) > MAX_BARS:
        chosen = chosen[:MAX_BARS]
        title_text += f" ({MAX_BARS} đơn vị có nhiều nhiệm vụ quá hạn nhất)"
    series = tuple(
        (label, tuple(float(sum(int(getattr(s, k)) for k in keys)) for s in chosen))
        for label, keys in STATUS_SERIES
    )
    return Chart(
        "stacked",
        title_text,
        tuple(s.unit for s in chosen),
        series,
        width_mm=160,
        height_mm=34 + 7 * len(chosen),
    )


# the columns of the official table: (key, column) — grouped under two header rows
DOCUMENT_COLUMNS: tuple[tuple[str, Column], ...] = (
    ("unit", Column("Đơn vị")),
    ("total", Column("Tổng số", "center")),
    ("done_on_time", Column("Đúng hạn", "center", "Đã hoàn thành")),
    ("done_late", Column("Quá hạn", "center", "Đã hoàn thành")),
    ("open", Column("Trong hạn", "center", "Chưa hoàn thành")),
    ("due_soon", Column("Sắp đến hạn", "center", "Chưa hoàn thành")),
    ("overdue", Column("Quá hạn", "center", "Chưa hoàn thành")),
    ("no_deadline", Column("Không có hạn", "center", "Chưa hoàn thành")),
    ("fell_due", Column("Đến hạn trong kỳ", "center")),
    ("on_time_rate", Column("Tỷ lệ đúng hạn (%)", "center")),
    ("on_time_original", Column("Đúng hạn ban đầu", "center")),
    ("carried_over", Column("Tồn kỳ trước", "center")),
    ("overdue_30", Column("≤ 30", "center", "Số ngày quá hạn")),
    ("overdue_60", Column("31–60", "center", "Số ngày quá hạn")),
    ("overdue_120", Column("61–120", "center", "Số ngày quá hạn")),
    ("overdue_more", Column("> 120", "center", "Số ngày quá hạn")),
)
NOTE = (
    "Ghi chú: Tỷ lệ đúng hạn là số nhiệm vụ hoàn thành đúng hạn trên số nhiệm vụ đến hạn "
    "trong kỳ; tồn kỳ trước là nhiệm vụ đến hạn trước kỳ mà chưa hoàn thành khi kỳ bắt "
    "đầu; số ngày quá hạn tính đến ngày cuối kỳ."
)


def stats_table(stats: Sequence[UnitStats]) -> Table:
    """Per unit, then "Tổng cộng", under grouped headings."""
    summed = totals(stats)
    table_rows = [
        Row((str(i), *(_number(r[k]) for k, _ in DOCUMENT_COLUMNS)))
        for i, r in enumerate(rows(stats), start=1)
    ]
    table_rows.append(Row(("", *(_number(summed[k]) for k, _ in DOCUMENT_COLUMNS)), "total"))
    columns = (Column("STT", "center"), *(c for _, c in DOCUMENT_COLUMNS))
    return Table(columns, tuple(table_rows), size=11, note=NOTE)


def stats_document(
    stats: Sequence[UnitStats],
    *,
    start: date,
    end: date,
    office: Office,
    template: Template,
    issued: date | None = None,
) -> OfficialDocument:
    """The scoreboard as an official report dated ``issued`` (default: ``end``)."""
    summed = totals(stats)
    period = f"từ ngày {start:%d/%m/%Y} đến ngày {end:%d/%m/%Y}"
    rate = summed["on_time_rate"]
    rate_text = (
        f"tỷ lệ hoàn thành đúng hạn của các nhiệm vụ đến hạn trong kỳ là {_number(rate)}%"
        if rate is not None
        else "trong kỳ chưa có nhiệm vụ nào đến hạn"
    )
    in_progress = int(str(summed["open"])) + int(str(summed["due_soon"]))
    table = stats_table(stats)
    landscape = needs_landscape([table])
    chart_width = 118.0 if landscape else 150.0  # landscape: two charts side by side
    blocks: list[Paragraph | Table | Chart] = [
        Paragraph(
            f"Kỳ báo cáo {period}: {len(stats)} đơn vị có {summed['total']} lượt nhiệm vụ phải "
            f"thực hiện; đã hoàn thành đúng hạn {summed['done_on_time']}, hoàn thành quá hạn "
            f"{summed['done_late']}; đang thực hiện {in_progress}; quá hạn chưa hoàn thành "
            f"{summed['overdue']}; {rate_text}."
        )
    ]
    blocks.append(Paragraph("Kết quả cụ thể của từng đơn vị:"))
    blocks.append(table)
    blocks += [
        replace(c, width_mm=chart_width)
        for c in (rate_chart(stats), status_chart(stats))
        if c is not None
    ]
    return OfficialDocument(
        template=template,
        office=office,
        issued=issued or end,
        kind="BÁO CÁO",
        summary=title(start, end),
        blocks=tuple(blocks),
        name=f"ket-qua-{start:%Y%m%d}-{end:%Y%m%d}",
        landscape=landscape,
        closing=f"Trên đây là kết quả thực hiện nhiệm vụ được giao {period}./.",
    )


# --- XLSX --------------------------------------------------------------------------------


def _xlsx(
    stats: Sequence[UnitStats], table: list[dict[str, object]], path: Path, start: date, end: date
) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    sheet = book.active
    sheet.title = "Theo đơn vị"
    sheet.append([h for _, h in COLUMNS])
    for column in sheet[1]:
        column.font = Font(bold=True)
    for r in table:
        sheet.append([cell(r[k]) for k, _ in COLUMNS])
    sheet.column_dimensions["A"].width = 40
    sheet.freeze_panes = "B2"
    sheet.auto_filter.ref = sheet.dimensions
    if table:
        _xlsx_charts(book, sheet, len(table))
    book.properties.title = title(start, end)
    save_zip(book.save, path)


def _xlsx_charts(book: Any, sheet: Any, count: int) -> None:
    """A "Biểu đồ" sheet with native charts over the "Theo đơn vị" cells: the on-time
    rate per unit, and the statuses per unit stacked."""
    from openpyxl.chart import BarChart, Reference

    charts = book.create_sheet("Biểu đồ")
    keys = [k for k, _ in COLUMNS]
    units = Reference(sheet, min_col=1, min_row=2, max_row=1 + count)
    height = max(7.5, 0.5 * count + 3)

    rate = BarChart()
    rate.type = "bar"
    rate.title = "Tỷ lệ hoàn thành đúng hạn theo đơn vị (%)"
    column = keys.index("on_time_rate") + 1
    rate.add_data(
        Reference(sheet, min_col=column, min_row=1, max_row=1 + count), titles_from_data=True
    )
    rate.set_categories(units)
    rate.legend = None
    rate.width, rate.height = 18, height
    charts.add_chart(rate, "A1")

    stacked = BarChart()
    stacked.type = "bar"
    stacked.grouping = "stacked"
    stacked.overlap = 100
    stacked.title = "Tình hình thực hiện nhiệm vụ theo đơn vị"
    for key in ("done_on_time", "done_late", "open", "due_soon", "overdue", "no_deadline"):
        column = keys.index(key) + 1
        stacked.add_data(
            Reference(sheet, min_col=column, min_row=1, max_row=1 + count), titles_from_data=True
        )
    stacked.set_categories(units)
    stacked.width, stacked.height = 18, height
    charts.add_chart(stacked, f"A{int(height * 2) + 3}")
