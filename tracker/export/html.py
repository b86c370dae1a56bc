"""HTML: an ``OfficialDocument`` as one self-contained, printable page.

The same layout as the DOCX (header blocks with their rules, title, body, tables,
"Nơi nhận" and signer), in inline CSS with ``@page`` set to A4 and the NĐ 30
margins; charts are PNG images inside the page (``data:`` URIs); table headers
repeat on every printed page and rows do not split. Everything from the database
is escaped.
"""

from __future__ import annotations

import base64
from pathlib import Path

from tracker.export.layout import (
    MARGIN_BOTTOM_MM,
    MARGIN_LEFT_MM,
    MARGIN_RIGHT_MM,
    MARGIN_TOP_MM,
    MM_PER_PT,
    SIZES,
    Chart,
    OfficialDocument,
    Paragraph,
    Table,
    column_widths,
)
from tracker.export.report import Report, overdue_document
from tracker.export.safe import html

STYLE = """
@page {{ size: A4 {orientation}; margin: {top}mm {right}mm {bottom}mm {left}mm; }}
body {{ font-family: "Times New Roman", "Liberation Serif", serif; font-size: {body}pt;
  max-width: {width}mm; margin: 1em auto; color: #000; }}
.header {{ display: flex; justify-content: space-between; text-align: center; }}
.header > div {{ display: flex; flex-direction: column; align-items: center; }}
.rule {{ border-bottom: 0.75pt solid #000; height: 3pt; margin: 0 auto 4pt; }}
.national {{ font-weight: bold; font-size: {national}pt; }}
.motto {{ font-weight: bold; font-size: {motto}pt; }}
.parent {{ font-size: {parent}pt; }} .office {{ font-weight: bold; font-size: {office}pt; }}
.number {{ font-size: {number}pt; margin-top: 6pt; }}
.date {{ font-style: italic; font-size: {date}pt; margin-top: 6pt; }}
h1 {{ text-align: center; font-size: {kind}pt; margin: 18pt 0 0; }}
.summary {{ text-align: center; font-weight: bold; font-size: {summary}pt; margin: 0; }}
p.body {{ text-align: justify; text-indent: 10mm; margin: 0 0 6pt; line-height: 1.15; }}
p.heading {{ font-weight: bold; margin: 6pt 0; }}
figure {{ display: inline-block; text-align: center; margin: 0 0 6pt; }}
figure img {{ max-width: 100%; }} .charts {{ text-align: center; }}
table.grid {{ border-collapse: collapse; table-layout: fixed; width: 100%; margin: 0 0 6pt; }}
table.grid th, table.grid td {{ border: 0.75pt solid #000; padding: 2pt 4pt;
  vertical-align: top; }}
table.grid th {{ vertical-align: middle; text-align: center; }}
table.grid thead {{ display: table-header-group; }}
table.grid tr {{ page-break-inside: avoid; break-inside: avoid; }}
tr.group td, tr.total td {{ font-weight: bold; }}
.note {{ font-style: italic; text-align: justify; }}
.signature {{ display: flex; justify-content: space-between; margin-top: 6pt;
  break-inside: avoid; }}
.recipients {{ width: 45%; font-size: {recipients}pt; }}
.recipients .heading {{ font-size: {recipients_heading}pt; {recipients_style} }}
.signer {{ width: 55%; text-align: center; font-weight: bold; font-size: {signer}pt; }}
.signer .room {{ height: 28mm; }}
"""


def render(report: Report, path: Path) -> None:
    """Write the overdue report as an HTML page."""
    write_html(overdue_document(report), path)


def write_html(doc: OfficialDocument, path: Path) -> None:
    """Write ``doc`` as one HTML page."""
    path.write_text(page(doc), encoding="utf-8")


def page(doc: OfficialDocument) -> str:
    """The HTML text of ``doc``."""
    sizes = SIZES[doc.template]
    style = STYLE.format(
        orientation="landscape" if doc.landscape else "portrait",
        top=MARGIN_TOP_MM,
        right=MARGIN_RIGHT_MM,
        bottom=MARGIN_BOTTOM_MM,
        left=MARGIN_LEFT_MM,
        width=round(doc.text_width_mm),
        body=sizes.body,
        national=sizes.national,
        motto=sizes.motto,
        parent=sizes.parent,
        office=sizes.office,
        number=sizes.number,
        date=sizes.date,
        kind=sizes.kind,
        summary=sizes.summary,
        recipients=sizes.recipients,
        recipients_heading=sizes.recipients_heading,
        recipients_style=(
            "text-decoration: underline;"
            if doc.template == "party"
            else "font-weight: bold; font-style: italic;"
        ),
        signer=sizes.signer,
    )
    body = "\n".join(_block(block, doc) for block in doc.blocks)
    if doc.closing:
        body += f'\n<p class="body">{html(doc.closing)}</p>'

    return (
        '<!DOCTYPE html>\n<html lang="vi"><head><meta charset="utf-8">'
        f"<title>{html(doc.kind)} — {html(' '.join(doc.summary.split()))}</title>"
        f"<style>{style}</style></head><body>\n"
        f"{_header(doc)}\n<h1>{html(doc.kind.upper())}</h1>\n"
        f'<p class="summary">{_lines(doc.summary)}</p>\n{_title_rule(doc)}\n'
        f"{body}\n{_signature(doc)}\n</body></html>\n"
    )


def _lines(text: str) -> str:
    return "<br>".join(html(part) for part in text.split("\n"))


def _header(doc: OfficialDocument) -> str:
    office = doc.office
    national, motto = doc.national
    parent = f'<span class="parent">{_lines(office.parent.upper())}</span>' if office.parent else ""
    mark = "<span>*</span>" if doc.template == "party" else '<div class="rule" style="width:35%">'
    mark += "" if doc.template == "party" else "</div>"
    motto_line = f'<span class="motto">{html(motto)}</span>' if motto else ""
    return (
        '<div class="header">'
        f'<div>{parent}<span class="office">{_lines(office.name.upper())}</span>{mark}'
        f'<span class="number">{html(doc.number_line)}</span></div>'
        f'<div><span class="national">{html(national)}</span>{motto_line}'
        f'<div class="rule" style="width:{60 if motto else 100}%"></div>'
        f'<span class="date">{html(doc.date_line)}</span></div>'
        "</div>"
    )


def _title_rule(doc: OfficialDocument) -> str:
    if doc.template == "party":
        return '<p style="text-align:center;margin:0">-----</p>'
    return '<div class="rule" style="width:30%;margin-bottom:12pt"></div>'


def _block(block: Paragraph | Table | Chart, doc: OfficialDocument) -> str:
    if isinstance(block, Paragraph):
        kind = "heading" if block.bold and not block.indent else "body"
        style = "font-style:italic;" if block.italic else ""
        style += "" if block.indent else "text-indent:0;"
        return f'<p class="{kind}" style="{style}">{_lines(block.text)}</p>'
    if isinstance(block, Chart):
        from tracker.export import charts

        data = base64.b64encode(charts.png(block)).decode("ascii")
        width = min(block.width_mm, doc.text_width_mm)
        return (
            f'<div class="charts"><figure><img alt="{html(block.title)}" '
            f'style="width:{width}mm" src="data:image/png;base64,{data}"></figure></div>'
        )
    return _table(block, doc)


def _table(table: Table, doc: OfficialDocument) -> str:
    widths = column_widths(table, doc.text_width_mm / MM_PER_PT)
    total = sum(widths)
    columns = "".join(f'<col style="width:{100 * w / total:.1f}%">' for w in widths)
    head = _head(table)
    rows = []
    span = len(table.columns)
    for row in table.rows:
        if len(row.cells) == 1 and span > 1:
            rows.append(
                f'<tr class="{row.kind}"><td colspan="{span}">{_lines(row.cells[0])}</td></tr>'
            )
            continue
        cells = "".join(
            f'<td style="text-align:{c.align}">{_lines(text)}</td>'
            for text, c in zip(row.cells, table.columns, strict=True)
        )
        rows.append(f'<tr class="{row.kind}">{cells}</tr>')
    note = f'<p class="note">{_lines(table.note)}</p>' if table.note else ""
    return (
        f'<table class="grid" style="font-size:{table.size}pt"><colgroup>{columns}</colgroup>'
        f"<thead>{head}</thead>"
        f"<tbody>{''.join(rows)}</tbody></table>{note}"
    )


def _head(table: Table) -> str:
    """The heading row, or two when columns are grouped (colspan / rowspan)."""
    if not table.grouped:
        return "<tr>" + "".join(f"<th>{_lines(c.heading)}</th>" for c in table.columns) + "</tr>"
    top, below = [], []
    for group, first, count in table.groups():
        if group is None:
            top.append(f'<th rowspan="2">{_lines(table.columns[first].heading)}</th>')
            continue
        top.append(f'<th colspan="{count}">{html(group)}</th>')
        below += [f"<th>{_lines(c.heading)}</th>" for c in table.columns[first : first + count]]
    return f"<tr>{''.join(top)}</tr><tr>{''.join(below)}</tr>"


def _signature(doc: OfficialDocument) -> str:
    office = doc.office
    names = list(office.recipients)
    items = "".join(
        f"<div>- {html(name.rstrip(';.'))}{'.' if i == len(names) - 1 else ';'}</div>"
        for i, name in enumerate(names)
    )
    authority = (
        f"<div>{html(office.signer_authority.upper())}</div>" if office.signer_authority else ""
    )
    return (
        '<div class="signature">'
        f'<div class="recipients"><div class="heading">Nơi nhận:</div>{items}</div>'
        f'<div class="signer">{authority}<div>{html(office.signer_title.upper())}</div>'
        f'<div class="room"></div><div>{html(office.signer_name)}</div></div>'
        "</div>"
    )
