"""Official status of an assignment as of a date (Báo cáo 1270/BC-TCTTTg split).

``done_on_time`` / ``done_late`` (finished by / after the deadline in force),
``open`` (in time), ``due_soon`` (within the configured working days), ``overdue``,
``no_deadline``. A pure function of the assignment's dates and the deadline policy:
the same inputs give the same answer for any ``as_of``, past dates included (the
caller passes the deadline and the done date that were in force on ``as_of``).
``status_rows`` applies it to stored assignments: the database computes it for
nearly every row, the events decide for rows extended after ``as_of`` — and those
rows then carry the deadline that was in force on ``as_of``, so every list, report
and reminder shows the deadline its status was judged by.

Imports ``dates`` and ``store.queries``.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import date
from itertools import islice
from typing import Literal

from sqlalchemy.orm import Session

from tracker import dates
from tracker.config import Config
from tracker.store.queries import (
    NO_FILTERS,
    AssignmentRow,
    Filters,
    assignment_rows,
    deadlines_on,
)

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
    roll_forward: bool = False
    due_soon_days: int = 3

    @classmethod
    def from_config(cls, config: Config) -> Policy:
        """The policy of ``[deadlines]``."""
        return cls(
            before_means=config.before_means,
            roll_forward=bool(config.get("deadlines", "roll_forward")),
            due_soon_days=int(config.get("deadlines", "due_soon_days")),
        )

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


def soon_cutoff(as_of: date, policy: Policy) -> date:
    """The last day of the due-soon window: ``due_soon_days`` working days after ``as_of``.

    "within N working days" ⟺ the deadline comes before the (N+1)-th working day.
    """
    from datetime import timedelta

    return dates.add_working_days(as_of, policy.due_soon_days + 1) - timedelta(days=1)


_BATCH = 2000  # rows whose later extensions are looked up together


@dataclass(frozen=True, slots=True)
class StatusRow:
    """An assignment row with its exact status and lateness as of a day."""

    row: AssignmentRow
    status: Status
    days_overdue: int
    done_on: date | None  # as known on the as-of day


def status_rows(
    session: Session, *, as_of: date, policy: Policy, filters: Filters = NO_FILTERS
) -> Iterator[StatusRow]:
    """Assignment rows with statuses as of ``as_of`` (SQL first, events where needed).

    Rows come in batches; the deadlines of a batch's rows extended after ``as_of``
    are read from the events in one query.
    """
    wanted = filters.statuses
    rows = assignment_rows(session, as_of=as_of, soon=soon_cutoff(as_of, policy), filters=filters)
    while batch := list(islice(rows, _BATCH)):
        later = [r.assignment_id for r in batch if _extended_later(r, as_of)]
        then = deadlines_on(session, later, as_of) if later else {}
        for row in batch:
            if _extended_later(row, as_of):
                deadline = then.get(row.assignment_id, row.original_deadline)
                result = status_of(
                    deadline=deadline, done_on=row.done_on, as_of=as_of, policy=policy
                )
                if wanted is not None and result.status not in wanted:
                    continue
                # the row shows the deadline it is judged by: the one in force that day
                # (never "deadline 20/04, 6 days overdue" on 16/04)
                in_force = replace(
                    row,
                    deadline=deadline,
                    due_on=policy.last_day(deadline) if deadline else None,
                )
                yield StatusRow(
                    in_force, result.status, result.days_overdue, _known(row.done_on, as_of)
                )
                continue
            status = row.status
            days = 0
            if row.due_on is not None and status == "overdue":
                days = (as_of - row.due_on).days
            elif row.due_on is not None and status == "done_late" and row.done_on is not None:
                days = (row.done_on - row.due_on).days
            known = _known(row.done_on, as_of)
            yield StatusRow(row, status, days, known)  # type: ignore[arg-type]  # SQL CASE yields a Status


def _extended_later(row: AssignmentRow, as_of: date) -> bool:
    return row.extended_on is not None and row.extended_on > as_of


def _known(done_on: date | None, as_of: date) -> date | None:
    """A done date after the as-of day was not known yet then."""
    return done_on if done_on is not None and done_on <= as_of else None
