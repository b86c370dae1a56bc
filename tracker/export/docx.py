"""DOCX: the overdue report as an official document.

State layout (Nghị định 30/2020/NĐ-CP, Phụ lục I): A4 portrait; margins top and
bottom 20 mm, left 30 mm, right 15 mm; Times New Roman 13–14 pt; a header table
with the issuing body on the left (parent above, office below in bold) and the
national title and motto on the right; the number; the place and date line in
italics; the title; the table; "Nơi nhận:" and the signer; page numbers from the
second page. The Party layout (Hướng dẫn 36-HD/VPTW) puts "ĐẢNG CỘNG SẢN VIỆT NAM"
on the right and writes the number "Số …-BC/…".
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tracker.export.report import Report, line_values

FONT = "Times New Roman"


def _run(
    paragraph: Any, text: str, *, bold: bool = False, italic: bool = False, size: int = 13
) -> None:
    from docx.oxml.ns import qn
    from docx.shared import Pt

    run = paragraph.add_run(text)
    run.bold, run.italic = bold, italic
    run.font.size = Pt(size)
    run.font.name = FONT
    run.element.rPr.rFonts.set(qn("w:eastAsia"), FONT)


def _centered(cell: Any, lines: list[tuple[str, bool]], size: int = 13) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    paragraph = cell.paragraphs[0]
    for index, (text, bold) in enumerate(lines):
        if index:
            paragraph = cell.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _run(paragraph, text, bold=bold, size=size)


def _page_numbers_from_page_two(section: Any) -> None:
    """A PAGE field in the header, with a different (empty) first-page header."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    section.different_first_page_header_footer = True
    paragraph = section.header.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = paragraph.add_run()
    for kind, text in (("begin", None), (None, "PAGE"), ("end", None)):
        if kind:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        else:
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = text
        run._r.append(element)


def render(report: Report, path: Path) -> None:
    """Write the document."""
    import docx
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Mm, Pt

    document = docx.Document()
    style = document.styles["Normal"]
    style.font.name = FONT
    style.font.size = Pt(13)
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin = section.bottom_margin = Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(15)
    _page_numbers_from_page_two(section)

    office = report.office
    national, motto = report.national
    header = document.add_table(rows=1, cols=2)
    header.alignment = WD_TABLE_ALIGNMENT.CENTER
    _centered(
        header.cell(0, 0),
        [(office.parent.upper(), False), (office.name.upper(), True), (report.number_line, False)],
        size=13,
    )
    right = [(national, True)] + ([(motto, True)] if motto else [])
    _centered(header.cell(0, 1), right, size=13)

    date_line = document.add_paragraph()
    date_line.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    _run(date_line, report.date_line, italic=True, size=14)
    title = document.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _run(title, report.title, bold=True, size=14)
    summary = document.add_paragraph()
    summary.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _run(summary, report.summary, bold=True, size=14)

    table = document.add_table(rows=1, cols=len(report.columns))
    table.style = "Table Grid"
    for index, (_, heading) in enumerate(report.columns):
        cell = table.rows[0].cells[index]
        _run(cell.paragraphs[0], heading, bold=True, size=12)
    for group in report.groups:
        unit_row = table.add_row().cells
        merged = unit_row[0].merge(unit_row[-1])
        _run(merged.paragraphs[0], f"{group.unit} ({len(group.lines)})", bold=True, size=12)
        for line in group.lines:
            cells = table.add_row().cells
            for index, value in enumerate(line_values(line)):
                text = (
                    value.strftime("%d/%m/%Y") if hasattr(value, "strftime") else str(value or "")
                )
                _run(cells[index].paragraphs[0], text, size=12)

    totals = document.add_paragraph()
    _run(totals, report.totals, size=13)

    footer = document.add_table(rows=1, cols=2)
    recipients = footer.cell(0, 0).paragraphs[0]
    _run(recipients, "Nơi nhận:", bold=True, italic=True, size=12)
    for name in office.recipients:
        _run(footer.cell(0, 0).add_paragraph(), f"- {name};", size=11)
    _centered(
        footer.cell(0, 1),
        [(office.signer_title.upper(), True), ("", False), ("", False), (office.signer_name, True)],
        size=14,
    )
    document.save(str(path))
