"""Use cases on tasks: the lists, one task, its history, done / extend / reopen, stats.

Imports ``app.context``, ``store``, ``tracking``.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy.orm import Session

from tracker.app.context import Context
from tracker.errors import BadInput
from tracker.limits import (
    DOCUMENT_NUMBER_MAX,
    NOTE_MAX,
    SEARCH_MAX,
    check_deadline,
    check_id,
    check_past_day,
    check_text,
)
from tracker.store import writes
from tracker.store.engine import session_scope
from tracker.store.models import Assignment, Task
from tracker.store.queries import Filters, UnitStats, history, stats_by_unit
from tracker.tracking.actions import pick
from tracker.tracking.actions import unit_ids as named_units
from tracker.tracking.registry import load_registry
from tracker.tracking.status import STATUSES, StatusRow, soon_cutoff, status_rows


@dataclass(frozen=True, slots=True)
class EventRow:
    """One line of a task's history."""

    at: datetime
    on: date | None
    kind: str
    assignment_id: int | None
    old_deadline: date | None
    new_deadline: date | None
    document_number: str | None
    detail: str | None
    actor: str | None
    unit: str | None  # the unit the event concerns (None: the whole task or document)


@dataclass(frozen=True, slots=True)
class TaskDetail:
    """One task with its document, assignments (status as of a day) and history."""

    task_id: int
    document: str
    sentence: str
    start: int
    end: int
    action: str
    deadline: date | None
    deadline_text: str | None
    recurrence: str | None
    report_to: str | None
    review: str
    confidence: float
    rule: str
    assignments: tuple[StatusRow, ...]
    history: tuple[EventRow, ...]


@dataclass(frozen=True, slots=True)
class Change:
    """What done / extend / reopen changed: the task, the units, the day."""

    task_id: int
    units: tuple[str, ...]
    day: date


def _filters(session: Session, unit: str | None, **values: object) -> Filters:
    """Filters with ``--unit`` resolved through the registry (unknown unit: refused)."""
    unit_ids = None
    if unit is not None:
        unit_ids = frozenset(named_units(load_registry(session), unit))
        if not unit_ids:
            raise BadInput(f"không có đơn vị {unit!r} trong danh mục (xem 'tracker units list')")
    return Filters(unit_ids=unit_ids, unit_text=unit, **values)  # type: ignore[arg-type]  # keyword fields of Filters


def status_key(text: str) -> str:
    """A status as typed: its key (``overdue``) or its Vietnamese name (``quá hạn``)."""
    from tracker.lang.normal import key
    from tracker.messages import STATUS_LABELS

    wanted = key(text).replace("-", "_")
    for status in STATUSES:
        if wanted in (status, key(STATUS_LABELS[status])):
            return status
    choices = ", ".join(f"{STATUS_LABELS[s]} ({s})" for s in STATUSES)
    raise BadInput(f"trạng thái không hợp lệ {text!r} (chọn {choices})")


def list_assignments(
    ctx: Context,
    *,
    as_of: date,
    unit: str | None = None,
    statuses: Collection[str] | None = None,
    due_before: date | None = None,
    due_after: date | None = None,
    document: str | None = None,
    search: str | None = None,
) -> list[StatusRow]:
    """Assignments with their status as of a day (``tracker tasks``)."""
    with ctx.read() as session:
        filters = _checked_filters(
            session, unit, statuses, due_before, due_after, document=document, search=search
        )
        return list(status_rows(session, as_of=as_of, policy=ctx.policy, filters=filters))


def _checked_filters(
    session: Session,
    unit: str | None,
    statuses: Collection[str] | None,
    due_before: date | None,
    due_after: date | None,
    *,
    document: str | None,
    search: str | None,
) -> Filters:
    """The list's filters, each checked (lengths; a status by its key or Vietnamese name)."""
    for label, text in (("--unit", unit), ("--document", document), ("--search", search)):
        check_text(text, label=label, limit=SEARCH_MAX)
    keys = frozenset(status_key(value) for value in statuses or ())
    return _filters(
        session,
        unit,
        statuses=keys or None,
        due_before=due_before,
        due_after=due_after,
        document=document,
        search=search,
    )


def overdue(ctx: Context, *, as_of: date, unit: str | None = None) -> list[StatusRow]:
    """The lead units overdue as of a day, longest overdue first (``tracker overdue``)."""
    check_text(unit, label="--unit", limit=SEARCH_MAX)
    with ctx.read() as session:
        filters = _filters(session, unit, statuses=frozenset({"overdue"}), include_support=False)
        rows = list(status_rows(session, as_of=as_of, policy=ctx.policy, filters=filters))
    rows.sort(key=lambda r: (-r.days_overdue, r.row.task_id, r.row.unit))
    return rows


def _task(session: Session, task_id: int) -> Task:
    task = session.get(Task, check_id(task_id))
    if task is None:
        raise BadInput(f"không có nhiệm vụ số {task_id}")
    return task


def _events(session: Session, task_id: int) -> tuple[EventRow, ...]:
    return tuple(
        EventRow(
            h.event.at,
            h.event.on,
            h.event.kind,
            h.event.assignment_id,
            h.event.old_deadline,
            h.event.new_deadline,
            h.event.document_number,
            h.event.detail,
            h.event.actor,
            h.unit,
        )
        for h in history(session, task_id)
    )


def task_detail(ctx: Context, task_id: int, *, as_of: date) -> TaskDetail:
    """One task: document, sentence, assignments as of a day, history (``tracker show``)."""
    with ctx.read() as session:
        task = _task(session, task_id)
        rows = tuple(
            status_rows(session, as_of=as_of, policy=ctx.policy, filters=Filters(task_id=task_id))
        )
        return TaskDetail(
            task_id=task.id,
            document=task.document.number or task.document.file_name,
            sentence=task.sentence,
            start=task.span_start,
            end=task.span_end,
            action=task.action,
            deadline=task.deadline,
            deadline_text=task.deadline_text,
            recurrence=task.recurrence,
            report_to=task.report_to,
            review=task.review,
            confidence=task.confidence,
            rule=task.rule,
            assignments=rows,
            history=_events(session, task_id),
        )


def task_history(ctx: Context, task_id: int) -> list[EventRow]:
    """The events of a task and its assignments, oldest first (``tracker history``)."""
    with ctx.read() as session:
        _task(session, task_id)
        return list(_events(session, task_id))


def _issued(rows: Sequence[Assignment]) -> date | None:
    return rows[0].task.document.issued if rows else None


def mark_done(
    ctx: Context,
    task_id: int,
    *,
    unit: str | None,
    on: date,
    today: date,
    note: str | None,
    actor: str,
) -> Change:
    """A unit finished a task (sent its report) on ``on``: not in the future, not
    before the document."""
    check_text(note, label="ghi chú", limit=NOTE_MAX)
    with session_scope(ctx.engine) as session:
        rows = pick(session, task_id, unit, load_registry(session))
        check_past_day(on, today=today, issued=_issued(rows), label="ngày hoàn thành")
        writes.mark_done(session, rows, on=on, note=note, now=ctx.now(), actor=actor)
        return Change(task_id, tuple(writes.unit_name(a) for a in rows), on)


def reopen(
    ctx: Context,
    task_id: int,
    *,
    unit: str | None,
    today: date,
    reason: str | None,
    actor: str,
) -> Change:
    """Undo "done" (the history keeps it)."""
    check_text(reason, label="lý do", limit=NOTE_MAX)
    with session_scope(ctx.engine) as session:
        rows = pick(session, task_id, unit, load_registry(session))
        writes.reopen(session, rows, on=today, reason=reason, now=ctx.now(), actor=actor)
        return Change(task_id, tuple(writes.unit_name(a) for a in rows), today)


def extend(
    ctx: Context,
    task_id: int,
    *,
    to: date,
    unit: str | None,
    granted_on: date,
    today: date,
    by: str | None,
    reason: str | None,
    actor: str,
) -> Change:
    """Gia hạn: a new deadline ``to`` granted on ``granted_on``; the original is kept.

    Lists as of a day before ``granted_on`` still judge (and show) the deadline in
    force then. ``granted_on`` is not in the future nor before the document; ``to`` is
    at most ``limits.HORIZON_YEARS`` after the document.
    """
    check_text(by, label="số văn bản gia hạn", limit=DOCUMENT_NUMBER_MAX)
    check_text(reason, label="lý do", limit=NOTE_MAX)
    with session_scope(ctx.engine) as session:
        rows = pick(session, task_id, unit, load_registry(session))
        issued = _issued(rows)
        check_past_day(granted_on, today=today, issued=issued, label="ngày gia hạn")
        check_deadline(to, issued=issued, fallback=granted_on, label="hạn mới")
        writes.extend(
            session,
            rows,
            to=to,
            due_on=ctx.policy.last_day(to),
            by=by,
            reason=reason,
            on=granted_on,
            now=ctx.now(),
            actor=actor,
        )
        return Change(task_id, tuple(writes.unit_name(a) for a in rows), to)


def stats(ctx: Context, *, start: date, end: date) -> list[UnitStats]:
    """The per-unit scoreboard of a period (``tracker stats``)."""
    if start > end:
        raise BadInput(f"--from {start:%d/%m/%Y} sau --to {end:%d/%m/%Y}")
    with ctx.read() as session:
        return stats_by_unit(session, start=start, end=end, soon=soon_cutoff(end, ctx.policy))


def task_text(ctx: Context, task_id: int) -> str:
    """The whole text of a task's document (its sentence shown in context)."""
    with ctx.read() as session:
        return _task(session, task_id).document.text


# sort keys of the paged list: the column (by label of ``assignment_select``) and
# whether empty values go last
PAGE_SORTS = ("han", "don-vi", "trang-thai", "nhiem-vu", "van-ban", "qua-han")
# a paged list as of today counts its rows up to this many (more: COUNT_CAP + 1)
COUNT_CAP = 10_000


def page_assignments(
    ctx: Context,
    *,
    as_of: date,
    offset: int,
    limit: int,
    sort: str = "han",
    descending: bool = False,
    unit: str | None = None,
    unit_id: int | None = None,
    statuses: Collection[str] | None = None,
    due_before: date | None = None,
    due_after: date | None = None,
    document: str | None = None,
    search: str | None = None,
) -> tuple[list[StatusRow], int]:
    """One page of ``list_assignments`` (sorted by ``sort``) and the number of rows
    (as of today at most ``COUNT_CAP + 1``: "more than ``COUNT_CAP``").

    As of today the page is cut in SQL (no extension is granted after today, so the
    SQL status is exact); as of another day the whole list is judged, then cut.
    ``unit_id`` keeps only that unit's own rows (a unit account).
    """
    if sort not in PAGE_SORTS:
        raise BadInput(f"cách sắp xếp không hợp lệ {sort!r}")
    if as_of != ctx.today():
        rows = list_assignments(
            ctx,
            as_of=as_of,
            unit=unit,
            statuses=statuses,
            due_before=due_before,
            due_after=due_after,
            document=document,
            search=search,
        )
        if unit_id is not None:
            rows = [r for r in rows if r.row.unit_id == unit_id]
        rows.sort(key=_python_sort(sort), reverse=descending)
        return rows[offset : offset + limit], len(rows)
    from sqlalchemy import func, select

    from tracker.store.queries import AssignmentRow, assignment_select

    with ctx.read() as session:
        filters = _checked_filters(
            session, unit, statuses, due_before, due_after, document=document, search=search
        )
        query = assignment_select(
            as_of=as_of, soon=soon_cutoff(as_of, ctx.policy), filters=filters
        ).order_by(None)
        if unit_id is not None:
            query = query.where(Assignment.unit_id == unit_id)
        # counted up to COUNT_CAP + 1 (the whole register: 0.75 s at 1 M on SQLite)
        capped = query.limit(COUNT_CAP + 1).subquery()
        total = int(session.scalar(select(func.count()).select_from(capped)) or 0)
        columns = query.selected_columns
        key = {
            "han": columns.due_on,
            "don-vi": columns.unit,
            "trang-thai": columns.status,
            "nhiem-vu": columns.task_id,
            "van-ban": columns.document,
            "qua-han": columns.due_on,
        }[sort]
        backwards = descending != (sort == "qua-han")  # more days overdue: earlier due_on
        order = [key.is_(None), key.desc() if backwards else key.asc()]
        query = query.order_by(*order, columns.task_id, columns.id).offset(offset).limit(limit)
        rows = []
        for values in session.execute(query):
            row = AssignmentRow(*values)
            days = 0
            if row.due_on is not None and row.status == "overdue":
                days = (as_of - row.due_on).days
            elif row.due_on is not None and row.status == "done_late" and row.done_on:
                days = (row.done_on - row.due_on).days
            done = row.done_on if row.done_on is not None and row.done_on <= as_of else None
            rows.append(StatusRow(row, row.status, days, done))  # type: ignore[arg-type]  # SQL CASE yields a Status
        return rows, total


def _python_sort(sort: str) -> Callable[[StatusRow], Any]:
    keys: dict[str, Callable[[StatusRow], Any]] = {
        "han": lambda r: (r.row.deadline is None, r.row.deadline or date.min, r.row.task_id),
        "don-vi": lambda r: (r.row.unit.casefold(), r.row.task_id),
        "trang-thai": lambda r: (r.status, r.row.task_id),
        "nhiem-vu": lambda r: (r.row.task_id, r.row.unit),
        "van-ban": lambda r: (r.row.document.casefold(), r.row.task_id),
        "qua-han": lambda r: (r.days_overdue, r.row.task_id),
    }
    return keys[sort]
