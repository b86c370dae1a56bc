"""JSON rows of ../shared/CONTRACT.md: one builder per row type, pinned by tests."""

from __future__ import annotations

from typing import Any

from tracker.extract.types import TaskCandidate


def task_row(doc: str, task: TaskCandidate) -> dict[str, Any]:
    """The ``extract`` task row (CONTRACT.md "Task row"); ``supports`` is our extension."""
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
