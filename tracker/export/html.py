"""HTML: one self-contained, printable page (inline CSS); everything escaped."""

from __future__ import annotations

from pathlib import Path

from tracker.export.report import Report, line_values
from tracker.export.safe import html

STYLE = """
body { font-family: "Times New Roman", serif; font-size: 13pt; margin: 2cm 1.5cm 2cm 3cm; }
.header { display: flex; justify-content: space-between; text-align: center; }
.header div { width: 48%; } .bold { font-weight: bold; }
.date { font-style: italic; text-align: right; }
h1 { text-align: center; font-size: 14pt; margin-bottom: 0; }
.summary { text-align: center; font-weight: bold; }
table { border-collapse: collapse; width: 100%; margin-top: 1em; }
th, td { border: 1px solid #000; padding: 3px 5px; vertical-align: top; } th { background: #eee; }
tr.unit td { font-weight: bold; background: #f6f6f6; }
@media print { body { margin: 0; } }
"""


def _cell(value: object) -> str:
    if hasattr(value, "strftime"):
        return html(value.strftime("%d/%m/%Y"))
    return html(value)


def render(report: Report, path: Path) -> None:
    """Write the page."""
    national, motto = report.national
    o = report.office
    rows = []
    for group in report.groups:
        rows.append(
            f'<tr class="unit"><td colspan="{len(report.columns)}">{html(group.unit)} '
            f"({len(group.lines)})</td></tr>"
        )
        for line in group.lines:
            rows.append(
                "<tr>" + "".join(f"<td>{_cell(v)}</td>" for v in line_values(line)) + "</tr>"
            )
    recipients = "".join(f"<li>{html(r)}</li>" for r in o.recipients)
    headings = "".join(f"<th>{html(h)}</th>" for _, h in report.columns)
    title = f"{html(report.title)} — {html(report.summary)}"
    number = html(report.number_line)
    page = f"""<!DOCTYPE html>
<html lang="vi"><head><meta charset="utf-8"><title>{title}</title>
<style>{STYLE}</style></head><body>
<div class="header">
<div>{html(o.parent)}<br><span class="bold">{html(o.name)}</span><br>{number}</div>
<div class="bold">{html(national)}{"<br>" + html(motto) if motto else ""}</div>
</div>
<p class="date">{html(report.date_line)}</p>
<h1>{html(report.title)}</h1><p class="summary">{html(report.summary)}</p>
<table><thead><tr>{headings}</tr></thead>
<tbody>{"".join(rows)}</tbody></table>
<p>{html(report.totals)}</p>
<div class="header"><div><span class="bold">Nơi nhận:</span><ul>{recipients}</ul></div>
<div class="bold">{html(o.signer_title)}<br><br><br>{html(o.signer_name)}</div></div>
</body></html>
"""
    path.write_text(page, encoding="utf-8")
