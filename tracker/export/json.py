"""JSON: the assignment rows of docs/contract.md, as one array."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from tracker.export.report import Line, Report


def row(line: Line) -> dict[str, Any]:
    """docs/contract.md "Assignment row" of an overdue line."""
    return {
        "task_id": line.task_id,
        "unit": line.unit,
        "role": "lead",
        "action": line.action,
        "deadline": line.deadline.isoformat() if line.deadline else None,
        "original_deadline": line.original_deadline.isoformat() if line.original_deadline else None,
        "status": "overdue",
        "days_overdue": line.days_overdue,
        "done_on": None,
        "document": line.document,
        "report_to": line.report_to,
    }


def render(report: Report, path: Path) -> None:
    """Write the rows as a UTF-8 JSON array."""
    path.write_text(
        json.dumps([row(x) for x in report.lines], ensure_ascii=False, indent=2) + "\n",
        encoding="utf-8",
    )
