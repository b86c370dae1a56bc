"""JSON rows of docs/contract.md: one builder per row type, pinned by tests."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from tracker.extract.types import TaskCandidate

if TYPE_CHECKING:
    from tracker.app.documents import Ingested
    from tracker.tracking.status import StatusRow


def task_row(doc: str, task: TaskCandidate) -> dict[str, Any]:
    """The ``extract`` task row (docs/contract.md "Task row"); ``supports`` is our extension."""
    return {
        "doc": doc,
        "sentence": task.sentence,
        "action": task.action,
        "owners": list(task.owners),
        "deadline": task.deadline.isoformat() if task.deadline else None,
        "deadline_text": task.deadline_text,
        "recurrence": task.recurrence,
        "report_to": task.report_to,
        "start": task.span.start,
        "end": task.span.end,
        "confidence": task.confidence,
        "rule": task.rule,
        "supports": list(task.supports),
    }


def assignment_row(row: StatusRow) -> dict[str, Any]:
    """The ``tasks``/``overdue`` assignment row (docs/contract.md "Assignment row")."""
    r = row.row
    return {
        "task_id": r.task_id,
        "unit": r.unit,
        "role": r.role,
        "action": r.action,
        "deadline": _iso(r.deadline),
        "original_deadline": _iso(r.original_deadline),
        "status": row.status,
        "days_overdue": row.days_overdue,
        "done_on": _iso(row.done_on),
        "document": r.document,
        "report_to": r.report_to,
    }


def ingest_row(result: Ingested) -> dict[str, Any]:
    """The ``ingest`` row (docs/contract.md): doc, document_id, tasks, duplicate (+ drafts,
    assignments, and the id of a stored document with the same số/ký hiệu and issuer)."""
    return {
        "doc": result.doc,
        "document_id": result.document_id,
        "tasks": result.tasks,
        "duplicate": result.duplicate,
        "drafts": result.drafts,
        "assignments": result.assignments,
        "likely_duplicate_of": result.likely_duplicate_of,
    }


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value is not None else None
