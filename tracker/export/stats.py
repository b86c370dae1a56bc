"""The per-unit scoreboard as a file: XLSX, DOCX, CSV or JSON.

Columns follow the official split (Báo cáo 1270/BC-TCTTTg style): counts by status,
the on-time share of what fell due in the period, the carry-over from before it,
and the age of what is overdue. Text passes through ``safe.py``.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Sequence
from dataclasses import asdict
from datetime import date
from pathlib import Path

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


def rows(stats: Sequence[UnitStats]) -> list[dict[str, object]]:
    """One dict per unit, keys as in ``COLUMNS`` (the rate as a percentage)."""
    out = []
    for s in stats:
        row: dict[str, object] = {**asdict(s)}
        row["on_time_rate"] = None if s.on_time_rate is None else round(s.on_time_rate * 100, 1)
        out.append(row)
    return out


def title(start: date, end: date) -> str:
    """The report's heading."""
    return f"Kết quả thực hiện nhiệm vụ được giao từ ngày {start:%d/%m/%Y} đến ngày {end:%d/%m/%Y}"


def render(stats: Sequence[UnitStats], path: Path, fmt: str, *, start: date, end: date) -> None:
    """Write the scoreboard in ``fmt`` (xlsx, docx, csv, json)."""
    table = rows(stats)
    if fmt == "json":
        path.write_text(json.dumps(table, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    elif fmt == "csv":
        with path.open("w", encoding="utf-8-sig", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow([h for _, h in COLUMNS])
            writer.writerows([[cell(r[k]) for k, _ in COLUMNS] for r in table])
    elif fmt == "xlsx":
        _xlsx(table, path, start, end)
    else:
        _docx(table, path, start, end)


def _xlsx(table: list[dict[str, object]], path: Path, start: date, end: date) -> None:
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
    book.properties.title = title(start, end)
    book.save(path)


def _docx(table: list[dict[str, object]], path: Path, start: date, end: date) -> None:
    import docx
    from docx.enum.section import WD_ORIENT
    from docx.shared import Mm, Pt

    document = docx.Document()
    section = document.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Mm(297), Mm(210)
    section.left_margin, section.right_margin = Mm(20), Mm(15)
    style = document.styles["Normal"]
    style.font.name = "Times New Roman"
    style.font.size = Pt(12)
    heading = document.add_paragraph()
    run = heading.add_run(title(start, end))
    run.bold = True
    grid = document.add_table(rows=1, cols=len(COLUMNS))
    grid.style = "Table Grid"
    for index, (_, label) in enumerate(COLUMNS):
        grid.rows[0].cells[index].text = label
    for r in table:
        cells = grid.add_row().cells
        for index, (key, _) in enumerate(COLUMNS):
            value = r[key]
            cells[index].text = "—" if value is None else str(value)
    document.save(str(path))
