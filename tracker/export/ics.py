"""ICS: one all-day event per overdue deadline and unit, with stable UIDs, so that a
calendar subscription updates instead of duplicating."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from tracker.export.report import Line, Report


def uid(line: Line) -> str:
    """Stable across exports: the task and the unit (or assignment) it is for."""
    who = f"unit-{line.unit_id}" if line.unit_id is not None else f"assignment-{line.assignment_id}"
    return f"task-{line.task_id}-{who}@tracker"


def render(report: Report, path: Path) -> None:
    """Write a VCALENDAR with a VEVENT per line that has a deadline."""
    from icalendar import Calendar, Event

    calendar = Calendar()
    calendar.add("prodid", "-//tracker//Theo doi nhiem vu//VI")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", report.summary)
    stamp = datetime.combine(report.as_of, datetime.min.time(), tzinfo=UTC)
    for line in report.lines:
        if line.deadline is None:
            continue
        event = Event()
        event.add("uid", uid(line))
        event.add("dtstamp", stamp)
        event.add("dtstart", line.deadline)
        event.add("dtend", line.deadline + timedelta(days=1))
        event.add("summary", f"Hạn: {line.unit} — {line.action}"[:250])
        event.add("description", f"{line.source}\n{line.sentence}")
        calendar.add_component(event)
    path.write_bytes(calendar.to_ical())
