"""XLSX: real date cells, a frozen header, column widths, an autofilter, and a second
sheet with the count per unit. Text cells are formula-neutralised."""

from __future__ import annotations

from pathlib import Path

from tracker.export.report import Report, line_values
from tracker.export.safe import cell

WIDTHS = (6, 30, 60, 28, 12, 10, 22)


def render(report: Report, path: Path) -> None:
    """Write the workbook (write-only mode: rows are streamed)."""
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    book = Workbook()
    sheet = book.active
    sheet.title = "Quá hạn"
    sheet.append([heading for _, heading in report.columns])
    for column in sheet[1]:
        column.font = Font(bold=True)
    for line in report.lines:
        sheet.append([cell(v) for v in line_values(line)])
        sheet.cell(row=sheet.max_row, column=5).number_format = "DD/MM/YYYY"
    for index, width in enumerate(WIDTHS, 1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(report.columns))}{max(1, sheet.max_row)}"

    units = book.create_sheet("Theo đơn vị")
    units.append(["Đơn vị", "Số nhiệm vụ quá hạn", "Quá hạn lâu nhất (ngày)"])
    for column in units[1]:
        column.font = Font(bold=True)
    for group in report.groups:
        units.append([cell(group.unit), len(group.lines), max(x.days_overdue for x in group.lines)])
    units.column_dimensions["A"].width = 40
    units.freeze_panes = "A2"
    book.save(path)
