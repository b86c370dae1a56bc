"""The daily check's tracking half: recurring instances and overdue flags.

Run twice for the same day, the second run changes nothing: instances are keyed by
period, and an assignment gets its ``flagged_overdue`` event only once.
Imports ``store`` and ``tracking``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from tracker.store.models import Event, table_of
from tracker.store.queries import Filters, in_chunks
from tracker.tracking.recurrence import create_instances
from tracker.tracking.status import Policy, StatusRow, status_rows

# what the daily job looks at: the lead units' assignments not done yet
OPEN_LEAD = Filters(statuses=frozenset({"open", "due_soon", "overdue"}), include_support=False)


@dataclass(frozen=True, slots=True)
class CheckResult:
    """What one run of the daily check found and did."""

    instances: int
    flagged: int
    overdue: int
    overdue_units: int
    # the OPEN_LEAD rows as of the day, for the reminders planned next (read once)
    open_rows: tuple[StatusRow, ...] = field(default=(), repr=False)


def run_check(
    session: Session, *, as_of: date, policy: Policy, now: datetime, actor: str = "tracker check"
) -> CheckResult:
    """Create due recurring instances, then flag assignments that became overdue.

    ``actor``: who ran the check (recorded on the ``flagged_overdue`` events)."""
    instances = create_instances(session, as_of=as_of, last_day=policy.last_day)
    session.flush()
    open_rows = tuple(status_rows(session, as_of=as_of, policy=policy, filters=OPEN_LEAD))
    rows = [r for r in open_rows if r.status == "overdue"]
    ids = [r.row.assignment_id for r in rows]
    already: set[int] = set()
    for chunk in in_chunks(ids):
        already.update(
            a
            for a in session.scalars(
                select(Event.assignment_id).where(
                    Event.kind == "flagged_overdue", Event.assignment_id.in_(chunk)
                )
            )
            if a is not None
        )
    new_flags = [
        {
            "kind": "flagged_overdue",
            "at": now,
            "on": as_of,
            "actor": actor,
            "task_id": r.row.task_id,
            "assignment_id": r.row.assignment_id,
            "unit_id": r.row.unit_id,
            "detail": f"{r.days_overdue} ngày quá hạn",
        }
        for r in rows
        if r.row.assignment_id not in already
    ]
    if new_flags:  # one executemany: a first run on a large database flags thousands
        session.execute(insert(table_of(Event)), new_flags)
    flagged = len(new_flags)
    return CheckResult(instances, flagged, len(rows), len({r.row.unit for r in rows}), open_rows)
