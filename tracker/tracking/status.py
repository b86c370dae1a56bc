"""Official status of an assignment as of a date (Báo cáo 1270/BC-TCTTTg split).

``done_on_time`` / ``done_late`` (finished by / after the deadline in force),
``open`` (in time), ``due_soon`` (within the configured working days), ``overdue``,
``no_deadline``. A pure function of the assignment's dates and the deadline policy:
the same inputs give the same answer for any ``as_of``, past dates included (the
caller passes the deadline and the done date that were in force on ``as_of``).

Imports ``dates`` only.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Literal

from tracker import dates

Status = Literal["done_on_time", "done_late", "open", "due_soon", "overdue", "no_deadline"]
STATUSES: tuple[Status, ...] = (
    "done_on_time",
    "done_late",
    "open",
    "due_soon",
    "overdue",
    "no_deadline",
)


@dataclass(frozen=True, slots=True)
class Policy:
    """How deadlines are read: "trước ngày X" inclusive or not, holiday roll-forward,
    and the due-soon window in working days."""

    before_means: Literal["inclusive", "exclusive"] = "inclusive"
    roll_forward: bool = True
    due_soon_days: int = 3

    def last_day(self, deadline: date) -> date:
        """The last day on which delivering is still on time."""
        return dates.effective_deadline(
            deadline, before_means=self.before_means, roll_forward=self.roll_forward
        )


@dataclass(frozen=True, slots=True)
class StatusResult:
    """A status and, when overdue or done late, by how many calendar days."""

    status: Status
    days_overdue: int = 0


def status_of(
    *, deadline: date | None, done_on: date | None, as_of: date, policy: Policy
) -> StatusResult:
    """The status as of ``as_of``; a done date after ``as_of`` is not yet known then."""
    if done_on is not None and done_on > as_of:
        done_on = None
    if deadline is None:
        if done_on is not None:
            return StatusResult("done_on_time")
        return StatusResult("no_deadline")
    last = policy.last_day(deadline)
    if done_on is not None:
        late = (done_on - last).days
        return StatusResult("done_late", late) if late > 0 else StatusResult("done_on_time")
    if as_of > last:
        return StatusResult("overdue", (as_of - last).days)
    if dates.working_days_between(as_of, last) <= policy.due_soon_days:
        return StatusResult("due_soon")
    return StatusResult("open")
