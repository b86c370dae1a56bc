"""DOCX: an ``OfficialDocument`` in the layout of NĐ 30/2020 Phụ lục I or HD 36-HD/VPTW.

* A4, portrait unless a table needs landscape; margins top/bottom 20 mm, left 30 mm,
  right 15 mm; Times New Roman everywhere (document defaults, styles and runs), the
  sizes of ``layout.SIZES``.
* The header: the issuing body on the left (parent body, then the office in bold,
  a rule under it one third of its width — a star for the Party — then the number),
  the national name and motto on the right with a rule as long as the motto (the
  Party's name with a rule as long as itself), the place and date under them.
* The title (tên loại) and summary (trích yếu), a rule under them.
* Tables with fixed column widths measured from the content (``layout``), the header
  row repeated on every page, no row split across pages; group rows span the table.
* Charts as PNG pictures; "Nơi nhận" and the signer (authority, title, room for the
  signature and seal, name) side by side, kept on one page; page numbers from the
  second page, centred in the top margin.

``render(report, path)`` writes the overdue report (``tracker export overdue``).
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from tracker.export.files import save_zip
from tracker.export.layout import (
    CELL_PADDING_PT,
    MARGIN_BOTTOM_MM,
    MARGIN_LEFT_MM,
    MARGIN_RIGHT_MM,
    MARGIN_TOP_MM,
    MM_PER_PT,
    PAGE_LONG_MM,
    PAGE_SHORT_MM,
    SIZES,
    Align,
    Chart,
    OfficialDocument,
    Paragraph,
    Row,
    Sizes,
    Table,
    balanced_lines,
    column_widths,
    text_width_pt,
)
from tracker.export.report import Report, overdue_document

FONT = "Times New Roman"
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
_JC = {"left": "left", "center": "center", "right": "right", "justify": "both"}
_SIGNATURE_ROOM_LINES = 4  # blank lines for the signature and the seal
# The header blocks reach a little into the margins, as offices' templates do, so that
# "ỦY BAN NHÂN DÂN HUYỆN AN HÒA" and the national name each keep to one line.
HEADER_LEFT_MM, HEADER_RIGHT_MM = 6.0, 4.0


def render(report: Report, path: Path) -> None:
    """Write the overdue report."""
    write_docx(overdue_document(report), path)


def write_docx(doc: OfficialDocument, path: Path) -> None:
    """Write ``doc`` as a DOCX file at ``path``."""
    document = build(doc)
    save_zip(document.save, path)


def build(doc: OfficialDocument) -> Any:
    """The python-docx ``Document`` of ``doc``."""
    import docx

    sizes = SIZES[doc.template]
    document = docx.Document()
    _defaults(document, sizes)
    _page(document.sections[0], doc, sizes)
    _header(document, doc, sizes)
    _title(document, doc, sizes)
    body_width_pt = doc.text_width_mm / MM_PER_PT
    charts: list[Chart] = []
    for block in doc.blocks:
        if isinstance(block, Chart):
            charts.append(block)
            continue
        if charts:
            _charts(document, charts, doc.text_width_mm)
            charts = []
        if isinstance(block, Paragraph):
            _paragraph(document, block, sizes)
        else:
            _table(document, block, body_width_pt)
    if charts:
        _charts(document, charts, doc.text_width_mm)
    if doc.closing:
        _paragraph(document, Paragraph(doc.closing), sizes, keep_next=True)
    _signature(document, doc, sizes, body_width_pt)
    return document


# --- XML helpers ------------------------------------------------------------------------


def _el(tag: str, **attrs: str) -> Any:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    element = OxmlElement(tag)
    for key, value in attrs.items():
        element.set(qn(f"w:{key}"), value)
    return element


_TBL_PR_AFTER_IND = ("tblBorders", "shd", "tblLayout", "tblCellMar", "tblLook")


def _before_look(tbl_pr: Any, element: Any) -> None:
    """Insert into ``w:tblPr`` where the schema wants it (before ``w:tblLook``)."""
    look = tbl_pr.find(f"{_W}tblLook")
    if look is None:
        tbl_pr.append(element)
    else:
        look.addprevious(element)


def _tbl_pr(tbl_pr: Any, element: Any) -> None:
    """Insert ``w:tblInd`` into ``w:tblPr`` before the elements the schema puts after it."""
    for name in _TBL_PR_AFTER_IND:
        found = tbl_pr.find(f"{_W}{name}")
        if found is not None:
            found.addprevious(element)
            return
    tbl_pr.append(element)


def _fonts_element() -> Any:
    return _el("w:rFonts", ascii=FONT, hAnsi=FONT, cs=FONT, eastAsia=FONT)


def _defaults(document: Any, sizes: Sizes) -> None:
    """Times New Roman in the document defaults (the template's theme fonts removed),
    Vietnamese as the language, no spacing after paragraphs unless asked."""
    from docx.oxml.ns import qn
    from docx.shared import Pt

    styles = document.styles.element
    r_pr = styles.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    r_pr.remove(r_pr.find(qn("w:rFonts")))
    r_pr.insert(0, _fonts_element())
    lang = r_pr.find(qn("w:lang"))
    lang.set(qn("w:val"), "vi-VN")
    p_pr = styles.find(qn("w:docDefaults")).find(qn("w:pPrDefault")).find(qn("w:pPr"))
    spacing = p_pr.find(qn("w:spacing"))
    spacing.set(qn("w:after"), "0")
    spacing.set(qn("w:line"), "240")
    normal = document.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(sizes.body)
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), FONT)
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:cs"), FONT)


def _run(paragraph: Any, text: str, size: float, **style: bool) -> Any:
    """A run in Times New Roman at ``size`` (bold, italic, underline as given);
    newlines become line breaks."""
    from docx.shared import Pt

    run = paragraph.add_run()
    for index, part in enumerate(text.split("\n")):
        if index:
            run.add_break()
        run.add_text(part)
    run.font.name = FONT
    run.font.size = Pt(size)
    run.bold = style.get("bold", False)
    run.italic = style.get("italic", False)
    run.underline = style.get("underline", False)
    fonts = run._r.get_or_add_rPr().get_or_add_rFonts()
    fonts.set(f"{_W}eastAsia", FONT)
    fonts.set(f"{_W}cs", FONT)
    return run


def _format(
    paragraph: Any,
    *,
    align: Align = "left",
    before: float = 0,
    after: float = 0,
    line: float | None = None,
    first_indent_mm: float = 0,
    keep_next: bool = False,
) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Mm, Pt

    fmt = paragraph.paragraph_format
    paragraph.alignment = {
        "left": WD_ALIGN_PARAGRAPH.LEFT,
        "center": WD_ALIGN_PARAGRAPH.CENTER,
        "right": WD_ALIGN_PARAGRAPH.RIGHT,
        "justify": WD_ALIGN_PARAGRAPH.JUSTIFY,
    }[align]
    fmt.space_before, fmt.space_after = Pt(before), Pt(after)
    if line is not None:
        fmt.line_spacing = line
    if first_indent_mm:
        fmt.first_line_indent = Mm(first_indent_mm)
    if keep_next:
        fmt.keep_with_next = True


def _rule(paragraph: Any, width_pt: float, available_pt: float) -> None:
    """Turn an empty paragraph into a centred horizontal rule ``width_pt`` long, 0.75 pt
    thick, a few points under the line above (the paragraph is 4 pt high; the rule
    is its bottom border, indented from both sides)."""
    side = max((available_pt - width_pt) / 2, 0)
    p_pr = paragraph._p.get_or_add_pPr()
    borders = _el("w:pBdr")
    borders.append(_el("w:bottom", val="single", sz="6", space="0", color="000000"))
    p_pr.append(borders)
    p_pr.append(_el("w:spacing", before="0", after="0", line="80", lineRule="exact"))
    p_pr.append(_el("w:ind", left=str(round(side * 20)), right=str(round(side * 20))))
    mark = _el("w:rPr")
    mark.append(_el("w:sz", val="4"))
    p_pr.append(mark)


# --- page ------------------------------------------------------------------------------


def _page(section: Any, doc: OfficialDocument, sizes: Sizes) -> None:
    from docx.enum.section import WD_ORIENT
    from docx.shared import Mm

    if doc.landscape:
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = Mm(PAGE_LONG_MM), Mm(PAGE_SHORT_MM)
    else:
        section.page_width, section.page_height = Mm(PAGE_SHORT_MM), Mm(PAGE_LONG_MM)
    section.top_margin, section.bottom_margin = Mm(MARGIN_TOP_MM), Mm(MARGIN_BOTTOM_MM)
    section.left_margin, section.right_margin = Mm(MARGIN_LEFT_MM), Mm(MARGIN_RIGHT_MM)
    section.header_distance = Mm(8)
    _page_numbers_from_page_two(section, sizes.page_number)


def _page_numbers_from_page_two(section: Any, size: float) -> None:
    """A PAGE field centred in the header, and an empty first-page header (NĐ 30
    Phụ lục I mục I.7: the first page shows no number)."""
    section.different_first_page_header_footer = True
    paragraph = section.header.paragraphs[0]
    _format(paragraph, align="center")
    run = _run(paragraph, "", size)
    run._r.append(_el("w:fldChar", fldCharType="begin"))
    instruction = _el("w:instrText")
    instruction.set(_XML_SPACE, "preserve")
    instruction.text = "PAGE"
    run._r.append(instruction)
    run._r.append(_el("w:fldChar", fldCharType="separate"))
    run._r.append(_el("w:t"))
    run._r[-1].text = "2"
    run._r.append(_el("w:fldChar", fldCharType="end"))


# --- header ----------------------------------------------------------------------------


def _fixed_table(document: Any, widths_pt: list[float], *, rows: int = 1) -> Any:
    """A borderless table of fixed column widths, cell margins zero at the sides."""
    from docx.shared import Pt

    table = document.add_table(rows=rows, cols=len(widths_pt))
    table.autofit = False  # w:tblLayout fixed
    margins = _el("w:tblCellMar")
    for side in ("left", "right"):
        margins.append(_el(f"w:{side}", w="0", type="dxa"))
    _before_look(table._tbl.tblPr, margins)
    for index, width in enumerate(widths_pt):
        table.columns[index].width = Pt(width)
        for cell in table.columns[index].cells:
            cell.width = Pt(width)
    return table


def _lines(cell: Any, items: list[tuple[str, float, dict[str, bool]]], first: bool) -> Any:
    paragraph = None
    for index, (text, size, style) in enumerate(items):
        paragraph = cell.paragraphs[0] if first and index == 0 else cell.add_paragraph()
        _format(paragraph, align="center")
        _run(paragraph, text, size, **style)
    return paragraph


def _header(document: Any, doc: OfficialDocument, sizes: Sizes) -> None:
    """The two header blocks side by side (NĐ 30 Phụ lục I mục IV, ô 1–4)."""
    national, motto = doc.national
    right_pt = max(
        text_width_pt(national, sizes.national, bold=True),
        text_width_pt(motto or "", sizes.motto, bold=True),
        text_width_pt(doc.date_line, sizes.date),
    )
    right_pt += 8
    total_pt = (doc.text_width_mm + HEADER_LEFT_MM + HEADER_RIGHT_MM) / MM_PER_PT
    left_pt = total_pt - right_pt
    table = _fixed_table(document, [left_pt, right_pt])
    _tbl_pr(
        table._tbl.tblPr,
        _el("w:tblInd", w=str(round(-HEADER_LEFT_MM / MM_PER_PT * 20)), type="dxa"),
    )
    left, right = table.cell(0, 0), table.cell(0, 1)

    office = doc.office
    name_lines = balanced_lines(office.name.upper(), left_pt - 4, sizes.office, bold=True)
    items: list[tuple[str, float, dict[str, bool]]] = []
    if office.parent.strip():
        parent = balanced_lines(office.parent.upper(), left_pt - 4, sizes.parent)
        items.append(("\n".join(parent), sizes.parent, {}))
    items.append(("\n".join(name_lines), sizes.office, {"bold": True}))
    _lines(left, items, first=True)
    name_pt = max(text_width_pt(line, sizes.office, bold=True) for line in name_lines)
    if doc.template == "party":
        star = left.add_paragraph()
        _format(star, align="center")
        _run(star, "*", sizes.office)
    else:
        _rule(left.add_paragraph(), name_pt * 0.4, left_pt)
    number = left.add_paragraph()
    _format(number, align="center", before=6)
    _run(number, doc.number_line, sizes.number)

    top = [(national, sizes.national, {"bold": True})]
    if motto:
        top.append((motto, sizes.motto, {"bold": True}))
    _lines(right, top, first=True)
    rule_pt = text_width_pt(motto or national, sizes.motto, bold=True)
    _rule(right.add_paragraph(), rule_pt, right_pt)
    day = right.add_paragraph()
    _format(day, align="center", before=6)
    _run(day, doc.date_line, sizes.date, italic=True)


def _title(document: Any, doc: OfficialDocument, sizes: Sizes) -> None:
    """Tên loại and trích yếu, centred in bold, with a rule (state) or a row of five
    dashes (Party) under them."""
    kind = document.add_paragraph()
    _format(kind, align="center", before=18)
    _run(kind, doc.kind.upper(), sizes.kind, bold=True)
    width_pt = doc.text_width_mm / MM_PER_PT
    lines = balanced_lines(doc.summary, width_pt - 2, sizes.summary, bold=True)
    summary = document.add_paragraph()
    _format(summary, align="center")
    _run(summary, "\n".join(lines), sizes.summary, bold=True)
    if doc.template == "party":
        dashes = document.add_paragraph()
        _format(dashes, align="center", after=6)
        _run(dashes, "-----", sizes.summary)
    else:
        longest = max(text_width_pt(line, sizes.summary, bold=True) for line in lines)
        _rule(document.add_paragraph(), max(longest / 3, 60), width_pt)
    document.add_paragraph()  # a blank line before the body


# --- body ------------------------------------------------------------------------------


def _paragraph(document: Any, block: Paragraph, sizes: Sizes, *, keep_next: bool = False) -> None:
    paragraph = document.add_paragraph()
    heading = block.bold and not block.indent
    _format(
        paragraph,
        align=block.align,
        before=6 if heading else 0,
        after=6,
        line=1.15,
        first_indent_mm=10 if block.indent else 0,
        keep_next=keep_next or heading or block.text.endswith(":"),
    )
    _run(paragraph, block.text, block.size or sizes.body, bold=block.bold, italic=block.italic)


def _charts(document: Any, charts: list[Chart], text_width_mm: float) -> None:
    """Charts one under the other, or side by side in a borderless table when they fit
    across the page together (a landscape page holds two)."""
    from docx.shared import Mm

    from tracker.export import charts as drawing

    gap = 6.0
    if len(charts) > 1 and sum(c.width_mm for c in charts) + gap * len(charts) <= text_width_mm:
        cell_pt = text_width_mm / len(charts) / MM_PER_PT
        table = _fixed_table(document, [cell_pt] * len(charts))
        for index, chart in enumerate(charts):
            paragraph = table.cell(0, index).paragraphs[0]
            _format(paragraph, align="center")
            paragraph.add_run().add_picture(
                io.BytesIO(drawing.png(chart)), width=Mm(chart.width_mm)
            )
        _format(document.add_paragraph(), after=6)
        return
    for chart in charts:
        paragraph = document.add_paragraph()
        _format(paragraph, align="center", after=6)
        width = min(chart.width_mm, text_width_mm)
        paragraph.add_run().add_picture(io.BytesIO(drawing.png(chart)), width=Mm(width))


def _table(document: Any, table: Table, available_pt: float) -> None:
    """A grid with the measured widths: header row(s) repeated, rows kept whole."""
    from docx.shared import Pt

    widths = column_widths(table, available_pt)
    grid = document.add_table(rows=0, cols=len(table.columns))
    grid.style = "Table Grid"
    grid.autofit = False  # w:tblLayout fixed
    margins = _el("w:tblCellMar")
    for side in ("left", "right"):
        margins.append(_el(f"w:{side}", w=str(round(CELL_PADDING_PT * 20)), type="dxa"))
    _before_look(grid._tbl.tblPr, margins)
    for index, width in enumerate(widths):
        grid.columns[index].width = Pt(width)
    for header in _header_rows(table, widths):
        grid._tbl.append(header)
    aligns = [c.align for c in table.columns]
    for row in table.rows:
        grid._tbl.append(_row_xml(row, widths, aligns, table.size))
    if table.note:
        note = document.add_paragraph()
        _format(note, align="justify", before=3, after=6)
        _run(note, table.note, table.size - 1, italic=True)
    else:
        spacer = document.add_paragraph()
        _format(spacer, after=3)


def _header_rows(table: Table, widths: list[float]) -> list[Any]:
    """The heading row, or two when columns are grouped: the group's heading across its
    columns above theirs; an ungrouped heading spans both rows (vertical merge)."""
    rows = [_tr(header=True)]
    if not table.grouped:
        for column, width in zip(table.columns, widths, strict=True):
            rows[0].append(_cell_xml(column.heading, width, "center", table.size, True))
        return rows
    rows.append(_tr(header=True))
    for group, first, count in table.groups():
        span = widths[first : first + count]
        if group is None:
            column = table.columns[first]
            rows[0].append(
                _cell_xml(column.heading, span[0], "center", table.size, True, merge="restart")
            )
            rows[1].append(_cell_xml("", span[0], "center", table.size, True, merge="continue"))
            continue
        rows[0].append(_cell_xml(group, sum(span), "center", table.size, True, span=count))
        for column, width in zip(table.columns[first : first + count], span, strict=True):
            rows[1].append(_cell_xml(column.heading, width, "center", table.size, True))
    return rows


def _tr(*, header: bool = False) -> Any:
    tr = _el("w:tr")
    tr_pr = _el("w:trPr")
    tr_pr.append(_el("w:cantSplit"))
    if header:
        tr_pr.append(_el("w:tblHeader"))
    tr.append(tr_pr)
    return tr


def _row_xml(row: Row, widths: list[float], aligns: list[Align], size: float) -> Any:
    """A ``w:tr`` built directly (python-docx's ``add_row`` re-reads the whole table
    for every row: quadratic on a long report). A group heading is kept with the
    line after it; the total with the text after the table."""
    tr = _tr()
    bold = row.kind != "line"
    if len(row.cells) == 1 and len(widths) > 1:
        tr.append(_cell_xml(row.cells[0], sum(widths), "left", size, bold, span=len(widths)))
    else:
        for text, width, align in zip(row.cells, widths, aligns, strict=True):
            tr.append(_cell_xml(text, width, align, size, bold))
    if row.kind in ("group", "total"):
        for p_pr in tr.iter(f"{_W}pPr"):
            p_pr.insert(0, _el("w:keepNext"))
    return tr


def _cell_xml(
    text: str,
    width_pt: float,
    align: Align,
    size: float,
    bold: bool,
    *,
    span: int = 1,
    merge: str | None = None,
) -> Any:
    tc = _el("w:tc")
    tc_pr = _el("w:tcPr")
    tc_pr.append(_el("w:tcW", w=str(round(width_pt * 20)), type="dxa"))
    if span > 1:
        tc_pr.append(_el("w:gridSpan", val=str(span)))
    if merge is not None:
        tc_pr.append(_el("w:vMerge", val=merge))
    if bold and align == "center":  # headings: centred both ways
        tc_pr.append(_el("w:vAlign", val="center"))
    tc.append(tc_pr)
    p = _el("w:p")
    p_pr = _el("w:pPr")
    p_pr.append(_el("w:spacing", before="40", after="40"))
    p_pr.append(_el("w:jc", val=_JC[align]))
    p.append(p_pr)
    for index, part in enumerate(text.split("\n")):
        r = _el("w:r")
        r_pr = _el("w:rPr")
        r_pr.append(_fonts_element())
        if bold:
            r_pr.append(_el("w:b"))
        half_points = str(round(size * 2))
        r_pr.append(_el("w:sz", val=half_points))
        r_pr.append(_el("w:szCs", val=half_points))
        r.append(r_pr)
        if index:
            r.append(_el("w:br"))
        t = _el("w:t")
        t.set(_XML_SPACE, "preserve")
        t.text = part
        r.append(t)
        p.append(r)
    tc.append(p)
    return tc


# --- signature -------------------------------------------------------------------------


def _signature(document: Any, doc: OfficialDocument, sizes: Sizes, total_pt: float) -> None:
    """ "Nơi nhận" on the left, the signer on the right (ô 9 and ô 7), on one page."""
    left_pt = total_pt * 0.45
    table = _fixed_table(document, [left_pt, total_pt - left_pt])
    table.rows[0]._tr.get_or_add_trPr().append(_el("w:cantSplit"))
    left, right = table.cell(0, 0), table.cell(0, 1)
    office = doc.office

    heading = left.paragraphs[0]
    _format(heading, before=6)
    if doc.template == "party":
        _run(heading, "Nơi nhận:", sizes.recipients_heading, underline=True)
    else:
        _run(heading, "Nơi nhận:", sizes.recipients_heading, bold=True, italic=True)
    recipients = list(office.recipients)
    for index, name in enumerate(recipients):
        line = left.add_paragraph()
        _format(line)
        end = "." if index == len(recipients) - 1 else ";"
        _run(line, f"- {name.rstrip(';.')}{end}", sizes.recipients)

    signer: list[tuple[str, float, dict[str, bool]]] = []
    if office.signer_authority.strip():
        signer.append((office.signer_authority.upper(), sizes.signer, {"bold": True}))
        title_bold = doc.template == "state"
    else:
        title_bold = True
    signer.append((office.signer_title.upper(), sizes.signer, {"bold": title_bold}))
    _lines(right, signer, first=True)
    right.paragraphs[0].paragraph_format.space_before = document.styles["Normal"].font.size
    for _ in range(_SIGNATURE_ROOM_LINES):
        _format(right.add_paragraph(), align="center")
    name = right.add_paragraph()
    _format(name, align="center")
    _run(name, office.signer_name, sizes.signer, bold=True)
