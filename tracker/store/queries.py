"""The read side: filters → ``select()`` → typed rows, statuses computed in SQL.

The status of an assignment as of a day D (``tracking/status.py`` states the rule)
is a CASE over ``due_on`` (the last on-time day under the office policy, stored)
and ``done_on``, so filters and counts run in the database. An assignment extended
after D had another deadline on D: those rows are re-read from the events by the
caller (``tracking``) — rare, and exact.

Only confirmed tasks of documents not deleted count (drafts wait in the review
queue; ``counted()``). Imports ``limits`` and ``store.models``.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, case, func, literal, or_, select, union
from sqlalchemy.orm import Session, aliased

from tracker.limits import like_pattern
from tracker.store.models import Assignment, Document, Event, Task, Unit


@dataclass(frozen=True, slots=True)
class Filters:
    """What ``tracker tasks`` can ask for."""

    unit_ids: frozenset[int] | None = None
    unit_text: str | None = None
    statuses: frozenset[str] | None = None
    due_before: date | None = None
    due_after: date | None = None
    document: str | None = None
    search: str | None = None
    task_id: int | None = None
    include_support: bool = True


@dataclass(frozen=True, slots=True)
class AssignmentRow:
    """One assignment with its task, document and status as of a day."""

    task_id: int
    assignment_id: int
    unit: str
    unit_id: int | None
    role: str
    action: str
    deadline: date | None
    original_deadline: date | None
    due_on: date | None
    extended_on: date | None
    done_on: date | None
    status: str
    document: str
    issued: date | None
    report_to: str | None
    sentence: str
    report_to_unit_id: int | None = None


def status_expression(as_of: date, soon: date) -> ColumnElement[str]:
    """SQL for the status as of ``as_of``; ``soon`` is the last day of the due-soon window."""
    done = and_(Assignment.done_on.is_not(None), Assignment.done_on <= as_of)
    return case(
        (
            and_(done, or_(Assignment.due_on.is_(None), Assignment.done_on <= Assignment.due_on)),
            "done_on_time",
        ),
        (done, "done_late"),
        (Assignment.due_on.is_(None), "no_deadline"),
        (Assignment.due_on < as_of, "overdue"),
        (Assignment.due_on <= soon, "due_soon"),
        else_="open",
    )


def counted() -> ColumnElement[bool]:
    """The assignments that count anywhere (lists, reports, reminders, statistics):
    of a confirmed task, of a document not deleted, not carried into another by a
    unit merger. The query must join ``Task`` and ``Document``."""
    return and_(
        Task.review == "confirmed",
        Document.deleted_at.is_(None),
        Assignment.merged_into_id.is_(None),
    )


NO_FILTERS = Filters()
# ids per "IN (…)" list: below SQLite's historical limit of 999 bound parameters
ID_CHUNK = 900


def in_chunks(ids: Sequence[int]) -> Iterator[Sequence[int]]:
    """``ids`` in slices of ``ID_CHUNK``, one ``IN (…)`` query each."""
    for start in range(0, len(ids), ID_CHUNK):
        yield ids[start : start + ID_CHUNK]


# the statuses of an assignment not done on the as-of day
NOT_DONE = frozenset({"open", "due_soon", "overdue"})


def assignment_rows(
    session: Session, *, as_of: date, soon: date, filters: Filters = NO_FILTERS
) -> Iterator[AssignmentRow]:
    """Assignments of confirmed tasks matching ``filters``, oldest deadline first.

    Rows extended after ``as_of`` pass the status filter when they could have had a
    wanted status that day: it must be recomputed from the events.
    """
    first = not_done_first(session, as_of, filters)
    query = assignment_select(as_of=as_of, soon=soon, filters=filters, not_done_first=first)
    for row in session.execute(query).yield_per(2000):
        yield AssignmentRow(*row)


# Up to this many assignments done after the as-of day, the SQLite shape below
# (a rowid list of the rows not done that day) beats walking every task's rows.
_LATER_LIMIT = 20_000


def not_done_first(session: Session, as_of: date, filters: Filters) -> bool:
    """Whether the not-done rows of ``as_of`` are worth finding first (SQLite only).

    Not when a unit, task or document already narrows the query (its own index is
    better), nor for a day long past, when most of the register was finished after
    it: one index count of those tells.
    """
    f = filters
    if session.get_bind().dialect.name != "sqlite":
        return False
    if f.statuses is None or not f.statuses <= NOT_DONE:
        return False
    if f.unit_ids is not None or f.task_id is not None or f.document:
        return False
    later = session.scalar(
        select(func.count()).select_from(Assignment).where(Assignment.done_on > as_of)
    )
    return (later or 0) <= _LATER_LIMIT


def assignment_select(
    *, as_of: date, soon: date, filters: Filters = NO_FILTERS, not_done_first: bool = False
) -> Select[*tuple[Any, ...]]:
    """The query behind ``assignment_rows`` (the benchmarks EXPLAIN it).

    ``not_done_first``: find the assignments not done on ``as_of`` first, for
    SQLite's planner (see below; ``not_done_first()`` decides when).
    """
    status = status_expression(as_of, soon).label("status")
    unit_name = func.coalesce(Unit.name, Assignment.owner_text).label("unit")
    document = func.coalesce(Document.number, Document.file_name).label("document")
    query: Select[*tuple[Any, ...]] = (
        select(
            Assignment.task_id,
            Assignment.id,
            unit_name,
            Assignment.unit_id,
            Assignment.role,
            Task.action,
            Assignment.deadline,
            Assignment.original_deadline,
            Assignment.due_on,
            Assignment.extended_on,
            Assignment.done_on,
            status,
            document,
            Document.issued,
            Task.report_to,
            Task.sentence,
            Task.report_to_unit_id,
        )
        .join(Task, Task.id == Assignment.task_id)
        .join(Document, Document.id == Task.document_id)
        .outerjoin(Unit, Unit.id == Assignment.unit_id)
        .where(counted())
    )
    query = _apply(query, filters, status, as_of, soon)
    if not_done_first:
        # Only assignments not done that day can match. Said as "id IN (those)",
        # SQLite finds them on ix_assignments_due_done and joins 60,000 rows instead
        # of walking every task's assignments (the daily check at 1 M rows: the
        # query 0.5 s → 0.15 s). PostgreSQL's hash joins are faster without it.
        inner = aliased(Assignment)
        not_done = select(inner.id).where(or_(inner.done_on.is_(None), inner.done_on > as_of))
        query = query.where(Assignment.id.in_(not_done))
    return query.order_by(
        Assignment.due_on.is_(None), Assignment.due_on, Assignment.task_id, unit_name
    )


def _apply(
    query: Select[*tuple[Any, ...]],
    filters: Filters,
    status: ColumnElement[str],
    as_of: date,
    soon: date,
) -> Select[*tuple[Any, ...]]:
    f = filters
    if f.task_id is not None:
        query = query.where(Assignment.task_id == f.task_id)
    if not f.include_support:
        query = query.where(Assignment.role == "lead")
    if f.unit_ids is not None:
        query = query.where(
            or_(Assignment.unit_id.in_(f.unit_ids), Assignment.owner_text == (f.unit_text or ""))
        )
    if f.statuses is not None:
        historical = and_(Assignment.extended_on.is_not(None), Assignment.extended_on > as_of)
        if f.statuses <= {"overdue", "due_soon"}:
            # an extension only moves a deadline later: the deadline in force that day
            # was at least the original one, and a unit done by then was not overdue
            historical = and_(
                historical,
                Assignment.original_deadline <= soon,
                or_(Assignment.done_on.is_(None), Assignment.done_on > as_of),
            )
        query = query.where(or_(status.in_(f.statuses), historical))
    if f.due_before is not None:
        query = query.where(Assignment.deadline <= f.due_before)
    if f.due_after is not None:
        query = query.where(Assignment.deadline >= f.due_after)
    if f.document:
        query = query.where(or_(Document.number == f.document, Document.file_name == f.document))
    if f.search:
        # % and _ typed by the user match themselves, not "anything"
        pattern = like_pattern(f.search)
        query = query.where(
            or_(
                Task.action.ilike(pattern, escape="\\"),
                Task.sentence.ilike(pattern, escape="\\"),
            )
        )
    return query


def deadlines_on(session: Session, assignment_ids: Sequence[int], day: date) -> dict[int, date]:
    """The deadline in force on ``day`` (before later extensions) of each assignment,
    from the ``extended`` events, in one query per ``ID_CHUNK`` ids.

    Assignments missing from the result had no extension by ``day``: their original
    deadline was in force.
    """
    found: dict[int, date] = {}
    for chunk in in_chunks(assignment_ids):
        rows = session.execute(
            select(Event.assignment_id, Event.new_deadline)
            .where(Event.assignment_id.in_(chunk), Event.kind == "extended", Event.on <= day)
            .order_by(Event.assignment_id, Event.on, Event.id)
        )
        for assignment_id, new_deadline in rows:
            if assignment_id is not None and new_deadline is not None:
                found[assignment_id] = new_deadline  # the latest one wins
    return found


@dataclass(frozen=True, slots=True)
class HistoryRow:
    """An event with the name of the unit it concerns (as registered now)."""

    event: Event
    unit: str | None


def history(session: Session, task_id: int) -> list[HistoryRow]:
    """Every event of a task, its assignments and its document, oldest first, each
    with the unit it concerns: the one recorded on the event, else its assignment's
    unit (or owner text while unresolved)."""
    document_id = select(Task.document_id).where(Task.id == task_id).scalar_subquery()
    recorded = aliased(Unit)
    # the three ways an event belongs to the task, each on its own index (an OR over
    # the outer join scans every event: 0.1 s at 1 M assignments)
    ids = union(
        select(Event.id).where(Event.task_id == task_id),
        select(Event.id)
        .join(Assignment, Assignment.id == Event.assignment_id)
        .where(Assignment.task_id == task_id),
        select(Event.id).where(Event.document_id == document_id),
    )
    rows = session.execute(
        select(Event, func.coalesce(recorded.name, Unit.name, Assignment.owner_text))
        .outerjoin(Assignment, Assignment.id == Event.assignment_id)
        .outerjoin(recorded, recorded.id == Event.unit_id)
        .outerjoin(Unit, Unit.id == Assignment.unit_id)
        .where(Event.id.in_(ids))
        .order_by(Event.at, Event.id)
    )
    return [HistoryRow(e, unit) for e, unit in rows]


def document_events(session: Session, document_id: int) -> list[Event]:
    """A document's own events (ingested, likely duplicate, deleted, restored)."""
    return list(
        session.scalars(
            select(Event).where(Event.document_id == document_id).order_by(Event.at, Event.id)
        )
    )


def units(session: Session) -> list[Unit]:
    """Every unit, by kind and name."""
    return list(session.scalars(select(Unit).order_by(Unit.kind, Unit.name)))


def unresolved_owners(session: Session) -> list[tuple[str, int]]:
    """Owner texts that match no unit, with how many assignments carry them (drafts
    included: resolving them is what review is for; deleted documents left out)."""
    rows = session.execute(
        select(Assignment.owner_text, func.count())
        .join(Task, Task.id == Assignment.task_id)
        .join(Document, Document.id == Task.document_id)
        .where(
            Assignment.unit_id.is_(None),
            Assignment.owner_text != literal(""),
            Document.deleted_at.is_(None),
            Task.review != "rejected",
        )
        .group_by(Assignment.owner_text)
        .order_by(func.count().desc(), Assignment.owner_text)
    )
    return [(text, count) for text, count in rows]


@dataclass(frozen=True, slots=True)
class UnitStats:
    """One unit's scoreboard line for a period (see ``stats_by_unit``)."""

    unit: str
    total: int
    done_on_time: int
    done_late: int
    open: int
    due_soon: int
    overdue: int
    no_deadline: int
    fell_due: int
    on_time_in_period: int
    on_time_original: int
    carried_over: int
    overdue_30: int
    overdue_60: int
    overdue_120: int
    overdue_more: int

    @property
    def on_time_rate(self) -> float | None:
        """Tỷ lệ đúng hạn: the share of what fell due in the period that was done on time."""
        return round(self.on_time_in_period / self.fell_due, 4) if self.fell_due else None


def stats_by_unit(session: Session, *, start: date, end: date, soon: date) -> list[UnitStats]:
    """The per-unit scoreboard of [start, end], statuses as of ``end``, in SQL.

    ``fell_due``: deadlines (as extended) inside the period; ``on_time_in_period``:
    of those, done by the deadline; ``on_time_original``: done by the original
    deadline (lateness against the original and the extended deadline is counted
    separately); ``carried_over`` (tồn kỳ trước): due before the period and still
    not done when it began; overdue age buckets as of ``end``: ≤ 30, 31–60, 61–120,
    > 120 days. An assignment done before ``start`` is not counted at all: the
    scoreboard of a year is the work that was still to do in it.
    """
    status = status_expression(end, soon)
    done_by_end = and_(Assignment.done_on.is_not(None), Assignment.done_on <= end)
    in_period = and_(Assignment.due_on >= start, Assignment.due_on <= end)
    overdue = status == "overdue"

    def count(condition: ColumnElement[bool]) -> ColumnElement[int]:
        return func.sum(case((condition, 1), else_=0))

    unit_name = func.coalesce(Unit.name, Assignment.owner_text).label("unit")
    query = (
        select(
            unit_name,
            func.count(),
            *(count(status == s) for s in ("done_on_time", "done_late", "open", "due_soon")),
            count(overdue),
            count(status == "no_deadline"),
            count(in_period),
            count(and_(in_period, done_by_end, Assignment.done_on <= Assignment.due_on)),
            count(and_(in_period, done_by_end, Assignment.done_on <= Assignment.original_deadline)),
            count(
                and_(
                    Assignment.due_on < start,
                    or_(Assignment.done_on.is_(None), Assignment.done_on >= start),
                )
            ),
            count(and_(overdue, Assignment.due_on >= end - timedelta(days=30))),
            count(
                and_(
                    overdue,
                    Assignment.due_on < end - timedelta(days=30),
                    Assignment.due_on >= end - timedelta(days=60),
                )
            ),
            count(
                and_(
                    overdue,
                    Assignment.due_on < end - timedelta(days=60),
                    Assignment.due_on >= end - timedelta(days=120),
                )
            ),
            count(and_(overdue, Assignment.due_on < end - timedelta(days=120))),
        )
        .join(Task, Task.id == Assignment.task_id)
        .outerjoin(Unit, Unit.id == Assignment.unit_id)
        .where(
            Task.review == "confirmed",
            Assignment.merged_into_id.is_(None),
            Assignment.role == "lead",
            # work finished before the period began is not the period's
            or_(Assignment.done_on.is_(None), Assignment.done_on >= start),
        )
        .join(Document, Document.id == Task.document_id)
        .where(
            Document.deleted_at.is_(None), or_(Document.issued.is_(None), Document.issued <= end)
        )
        .group_by(unit_name)
        .order_by(unit_name)
    )
    return [
        UnitStats(str(row[0]), *(int(v or 0) for v in row[1:])) for row in session.execute(query)
    ]


def assigned_by_unit(session: Session, *, start: date, end: date) -> dict[str, int]:
    """Per unit (named as in ``stats_by_unit``), the lead assignments given in
    [start, end]: from a document issued in it, or an instance of a recurring task
    falling due in it ("trước ngày 20 hằng tháng": each month's instance is that
    month's work). Counted over the same assignments as ``stats_by_unit``, so the
    rest of its ``total`` is the work carried over from before the period.
    """
    in_period = or_(
        and_(Document.issued >= start, Document.issued <= end),
        and_(
            Assignment.period != literal(""), Assignment.due_on >= start, Assignment.due_on <= end
        ),
    )
    unit_name = func.coalesce(Unit.name, Assignment.owner_text).label("unit")
    query = (
        select(unit_name, func.count())
        .select_from(Assignment)
        .join(Task, Task.id == Assignment.task_id)
        .outerjoin(Unit, Unit.id == Assignment.unit_id)
        .join(Document, Document.id == Task.document_id)
        .where(
            counted(),
            Assignment.role == "lead",
            or_(Assignment.done_on.is_(None), Assignment.done_on >= start),
            or_(Document.issued.is_(None), Document.issued <= end),
            in_period,
        )
        .group_by(unit_name)
    )
    return {str(unit): int(count) for unit, count in session.execute(query)}
