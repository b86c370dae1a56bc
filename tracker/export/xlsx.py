"""XLSX: real date cells, a frozen header, column widths, an autofilter, and a second
sheet with the count per unit. Text cells are formula-neutralised."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tracker.export.files import save_zip
from tracker.export.report import Report, line_values
from tracker.export.safe import cell

WIDTHS = (6, 30, 60, 28, 12, 10, 22)
DEADLINE_COLUMN = 4  # 0-based: the fifth column holds the deadline date


def render(report: Report, path: Path) -> None:
    """Write the workbook in write-only mode: rows are streamed to the file, and the
    cost per row stays the same however long the report is."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    book = Workbook(write_only=True)
    sheet = book.create_sheet("Quá hạn")
    bold = Font(bold=True)

    def header(target: Any, titles: list[str]) -> list[Any]:
        cells = []
        for title in titles:
            c = WriteOnlyCell(target, value=title)
            c.font = bold
            cells.append(c)
        return cells

    for index, width in enumerate(WIDTHS, 1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A2"
    last_row = 1 + len(report.lines)
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(report.columns))}{last_row}"
    sheet.append(header(sheet, [heading for _, heading in report.columns]))
    for line in report.lines:
        values: list[Any] = [cell(v) for v in line_values(line)]
        deadline = WriteOnlyCell(sheet, value=values[DEADLINE_COLUMN])
        deadline.number_format = "DD/MM/YYYY"
        values[DEADLINE_COLUMN] = deadline
        sheet.append(values)

    units = book.create_sheet("Theo đơn vị")
    units.column_dimensions["A"].width = 40
    units.freeze_panes = "A2"
    units.append(header(units, ["Đơn vị", "Số nhiệm vụ quá hạn", "Quá hạn lâu nhất (ngày)"]))
    for group in report.groups:
        units.append([cell(group.unit), len(group.lines), max(x.days_overdue for x in group.lines)])
    save_zip(book.save, path)
