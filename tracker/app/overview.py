"""Use case of the web app's dashboard (Tổng quan): counts by status as of a day,
the overdue units ranked by count and age, what falls due within the due-soon window,
and the on-time rate per unit from 1 January to that day.

Imports ``app.context``, ``app.tasks``, ``store.queries``, ``tracking.status``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select

from tracker.app.context import Context
from tracker.app.tasks import list_assignments, overdue, stats
from tracker.store.models import Assignment, Document, Task
from tracker.store.queries import UnitStats, counted, status_expression
from tracker.tracking.status import STATUSES, StatusRow, soon_cutoff


@dataclass(frozen=True, slots=True)
class LateUnit:
    """A unit with overdue lead assignments: how many, and the oldest's days overdue."""

    unit: str
    count: int
    oldest_days: int


@dataclass(frozen=True, slots=True)
class Overview:
    """What the dashboard shows as of ``as_of``."""

    as_of: date
    counts: dict[str, int]
    late_units: tuple[LateUnit, ...]
    due_soon: tuple[StatusRow, ...]
    scoreboard: tuple[UnitStats, ...]
    soon_days: int
    start: date
    end: date


def status_counts(ctx: Context, *, as_of: date) -> dict[str, int]:
    """Assignments counted by status as of a day (every status, zero included)."""
    status = status_expression(as_of, soon_cutoff(as_of, ctx.policy)).label("status")
    query = (
        select(status, func.count())
        .select_from(Assignment)
        .join(Task, Task.id == Assignment.task_id)
        .join(Document, Document.id == Task.document_id)
        .where(counted())
        .group_by(status)
    )
    counts: dict[str, int] = dict.fromkeys(STATUSES, 0)
    with ctx.read() as session:
        for name, count in session.execute(query):
            counts[str(name)] = int(count)
    return counts


def overview(
    ctx: Context,
    *,
    as_of: date,
    start: date | None = None,
    end: date | None = None,
    soon_limit: int = 50,
) -> Overview:
    """The dashboard as of a day; the on-time rates of [start, end] (default: from
    1 January to the day)."""
    late: dict[str, list[int]] = {}
    for row in overdue(ctx, as_of=as_of):
        late.setdefault(row.row.unit, []).append(row.days_overdue)
    ranked = sorted(
        (LateUnit(unit, len(days), max(days)) for unit, days in late.items()),
        key=lambda u: (-u.count, -u.oldest_days, u.unit),
    )
    soon = list_assignments(ctx, as_of=as_of, statuses=["due_soon"])[:soon_limit]
    end = end or as_of
    board = stats(ctx, start=start or end.replace(month=1, day=1), end=end)
    return Overview(
        as_of,
        status_counts(ctx, as_of=as_of),
        tuple(ranked),
        tuple(soon),
        tuple(board),
        ctx.policy.due_soon_days,
        start or end.replace(month=1, day=1),
        end,
    )
