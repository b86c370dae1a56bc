"""CSV: UTF-8 with a BOM so that Excel shows Vietnamese; formulas neutralised."""

from __future__ import annotations

import csv
from pathlib import Path

from tracker.export.report import Report, line_values
from tracker.export.safe import cell


def render(report: Report, path: Path) -> None:
    """Write the report's lines, one row each, under the column headings."""
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow([heading for _, heading in report.columns])
        for line in report.lines:
            values = line_values(line)
            writer.writerow(
                [cell(v.strftime("%d/%m/%Y") if hasattr(v, "strftime") else v) for v in values]
            )
