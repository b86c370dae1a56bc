"""Recurring obligations: one assignment per unit and period, up to the as-of day.

A task with ``recurrence`` ("monthly:20" for "trước ngày 20 hằng tháng",
"quarterly", "quarterly:5" (day 5 of each quarter's last month), "half-yearly",
"yearly", "yearly:12-15", "weekly", "monthly") keeps
one assignment per unit for each period. The period key ("2024-05", "2024-Q2",
"2024-H1", "2024", "2024-W19") is part of the assignment's unique key, and instances
are inserted with ON CONFLICT DO NOTHING, so no restart, repeat or second machine
can create one twice.

Imports ``dates`` and ``store``.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterator
from datetime import date, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from tracker import dates
from tracker.store.models import Assignment, Document, Task, Unit, table_of
from tracker.store.writes import insert_or_skip

_MAX_PERIODS = 400  # a bound for bad data, not a business rule
_CHUNK = 500  # rows per INSERT: 9 columns stay far below SQLite's bound-parameter limit


def period_key(recurrence: str, deadline: date) -> str:
    """The key of the period a deadline belongs to."""
    kind = recurrence.split(":", 1)[0]
    if kind == "monthly":
        return f"{deadline:%Y-%m}"
    if kind == "quarterly":
        return f"{deadline.year}-Q{dates.quarter_of(deadline)}"
    if kind == "half-yearly":
        return f"{deadline.year}-H{1 if deadline.month <= 6 else 2}"
    if kind == "weekly":
        year, week, _ = deadline.isocalendar()
        return f"{year}-W{week:02d}"
    return str(deadline.year)


def _next(recurrence: str, deadline: date) -> date:
    kind, _, detail = recurrence.partition(":")
    if kind == "monthly":
        following = dates.add_months(deadline.replace(day=1), 1)
        day = int(detail) if detail else dates.end_of_month(following.year, following.month).day
        return following.replace(
            day=min(day, dates.end_of_month(following.year, following.month).day)
        )
    if kind == "quarterly":
        quarter = dates.quarter_of(deadline) % 4 + 1
        year = deadline.year + (quarter == 1)
        if detail:  # "quarterly:5": day 5 of the quarter's last month
            month = quarter * 3
            return date(year, month, min(int(detail), dates.end_of_month(year, month).day))
        return dates.end_of_quarter(year, quarter)
    if kind == "half-yearly":
        return (
            date(deadline.year, 12, 31) if deadline.month <= 6 else date(deadline.year + 1, 6, 30)
        )
    if kind == "weekly":
        return deadline + timedelta(days=7)
    if detail:
        month, day = (int(x) for x in detail.split("-"))
        return date(deadline.year + 1, month, day)
    return date(deadline.year + 1, 12, 31)


def occurrences(recurrence: str, first: date, until: date) -> Iterator[tuple[str, date]]:
    """(period key, deadline) of every occurrence from ``first`` whose period has
    begun by ``until`` (an obligation exists once its period starts)."""
    deadline = first
    for _ in range(_MAX_PERIODS):
        key = period_key(recurrence, deadline)
        if _period_start(recurrence, deadline) > until:
            return
        yield key, deadline
        deadline = _next(recurrence, deadline)


def _period_start(recurrence: str, deadline: date) -> date:
    kind = recurrence.split(":", 1)[0]
    if kind == "monthly":
        return deadline.replace(day=1)
    if kind == "quarterly":
        return date(deadline.year, dates.quarter_of(deadline) * 3 - 2, 1)
    if kind == "half-yearly":
        return date(deadline.year, 1 if deadline.month <= 6 else 7, 1)
    if kind == "weekly":
        return deadline - timedelta(days=deadline.weekday())
    return date(deadline.year, 1, 1)


Seed = tuple[int | None, str, str, str]  # unit id, unit key, owner text, role


def _follow_successors(session: Session, seeds: dict[int, set[Seed]]) -> None:
    """Future instances go to the units that stand for the seeds' units now: a
    commune merged into another hands its monthly report over (one per unit and
    role), a unit retired without a successor gets no new instance."""
    ids = {unit_id for found in seeds.values() for unit_id, *_ in found if unit_id is not None}
    if not ids:
        return
    units = {
        unit_id: (active, successor_id)
        for unit_id, active, successor_id in session.execute(
            select(Unit.id, Unit.active, Unit.successor_id)
        )
    }
    if all(units.get(i, (True, None))[0] for i in ids):
        return

    def heir(unit_id: int) -> int | None:
        seen: set[int] = set()
        current: int | None = unit_id
        while current is not None and not units.get(current, (True, None))[0]:
            if current in seen:
                return None
            seen.add(current)
            current = units[current][1]
        return current

    for task_id, found in seeds.items():
        mapped: dict[tuple[int | None, str], Seed] = {}
        for unit_id, unit_key, owner_text, role in sorted(found, key=lambda s: (s[2], s[1])):
            if unit_id is None:
                mapped[(None, f"{owner_text}\0{role}")] = (unit_id, unit_key, owner_text, role)
                continue
            target = heir(unit_id)
            if target is not None:
                mapped.setdefault((target, role), (target, str(target), owner_text, role))
        seeds[task_id] = set(mapped.values())


def create_instances(session: Session, *, as_of: date, last_day: Callable[[date], date]) -> int:
    """Insert the missing instances of every confirmed recurring task up to ``as_of``.

    ``last_day`` maps a deadline to its last on-time day (the office policy).
    Returns how many were created; a second run for the same day creates none.
    Three small queries read what exists (the recurring tasks, their distinct
    units, the count of instances per period); only periods short of a unit get
    inserts, multi-row ones of ``_CHUNK`` rows.
    """
    insert = insert_or_skip(session)
    recurring = (
        select(Task.id, Task.recurrence, Task.deadline)
        .join(Document, Document.id == Task.document_id)
        .where(
            Task.recurrence.is_not(None),
            Task.review == "confirmed",
            Task.deadline.is_not(None),
            Document.deleted_at.is_(None),  # a deleted document obliges no one
        )
        .order_by(Task.id)
    )
    tasks = session.execute(recurring).all()
    if not tasks:
        return 0
    seeds: dict[int, set[Seed]] = defaultdict(set)
    recurring_ids = recurring.with_only_columns(Task.id).scalar_subquery()
    for task_id, unit_id, unit_key, owner_text, role in session.execute(
        select(
            Assignment.task_id,
            Assignment.unit_id,
            Assignment.unit_key,
            Assignment.owner_text,
            Assignment.role,
        )
        .distinct()
        .where(Assignment.task_id.in_(recurring_ids))
    ):
        seeds[task_id].add((unit_id, unit_key, owner_text, role))
    _follow_successors(session, seeds)
    # instances per task and period: a period with one per seed is complete
    have: dict[tuple[int, str], int] = {
        (task_id, period): count
        for task_id, period, count in session.execute(
            select(Assignment.task_id, Assignment.period, func.count())
            .where(Assignment.task_id.in_(recurring_ids), Assignment.merged_into_id.is_(None))
            .group_by(Assignment.task_id, Assignment.period)
        )
    }
    created = 0
    pending: list[dict[str, object]] = []

    def flush() -> int:
        if not pending:
            return 0
        statement = (
            insert(table_of(Assignment))
            .values(pending)
            .on_conflict_do_nothing()
            .returning(table_of(Assignment).c.id)
        )
        count = len(session.execute(statement).all())
        pending.clear()
        return count

    for task_id, recurrence, first in tasks:
        if recurrence is None or first is None:  # excluded by the query; for the types
            continue
        for key, deadline in occurrences(recurrence, first, as_of):
            if have.get((task_id, key), 0) >= len(seeds[task_id]):
                continue
            for unit_id, unit_key, owner_text, role in sorted(
                seeds[task_id], key=lambda s: (s[1], s[2], s[3])
            ):
                # an instance that exists is skipped by ON CONFLICT DO NOTHING
                pending.append(
                    {
                        "task_id": task_id,
                        "unit_id": unit_id,
                        "unit_key": unit_key,
                        "owner_text": owner_text,
                        "role": role,
                        "period": key,
                        "original_deadline": deadline,
                        "deadline": deadline,
                        "due_on": last_day(deadline),
                    }
                )
                if len(pending) >= _CHUNK:
                    created += flush()
    return created + flush()
