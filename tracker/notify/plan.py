"""What ``tracker check`` queues: reminders before the deadline, overdue reminders,
escalation to the report-to unit and supervisors, and the weekly supervisor digest.

Every queued row is one item for one recipient; its unique key (assignment,
recipient, kind, period) means each step is queued at most once per assignment, so
planning twice for the same day queues nothing new. ``notify/outbox.py`` later
groups a recipient's unsent items into one message ("never an empty message").

The ladder is a list of *steps reached*, not of days to hit exactly: on any day the
step in force is the latest one reached (the smallest ``reminders.ladder`` value at
or above the working days left; after the deadline the first overdue day, then one
every ``reminders.overdue_every_days``). Its period names the deadline in force and
the step (``step:2024-04-10:3``, ``overdue:2024-04-10:8``), so a step whose day was
missed (no check ran: the scheduler was down) is queued once by the next run, a
step passed over by a later one is not queued at all, and a new deadline (gia hạn)
starts its own ladder.

A unit is never reminded to report to itself nor escalated about to itself: the
report-to unit of a task is left out of its escalation when it is the late unit.

Imports ``dates``, ``store`` and ``tracking``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from tracker import dates
from tracker.config import Config
from tracker.store.models import Notification, Unit, table_of
from tracker.store.queries import Filters, in_chunks
from tracker.store.writes import insert_or_skip
from tracker.tracking.daily import OPEN_LEAD, CheckResult, run_check
from tracker.tracking.status import Policy, StatusRow, status_rows

_CHUNK = 500  # rows per INSERT (10 columns: far below the bound-parameter limits)


@dataclass(frozen=True, slots=True)
class Ladder:
    """Reminder steps in working days before the deadline, and the overdue rhythm."""

    steps: tuple[int, ...] = (5, 3, 1, 0)
    overdue_every_days: int = 7
    supervisors: tuple[str, ...] = ()

    @classmethod
    def from_config(cls, config: Config) -> Ladder:
        """The ladder of ``[reminders]``."""
        return cls(
            steps=tuple(int(x) for x in config.get("reminders", "ladder")),
            overdue_every_days=int(config.get("reminders", "overdue_every_days")),
            supervisors=tuple(str(x) for x in config.get("reminders", "supervisors")),
        )


@dataclass(frozen=True, slots=True)
class Item:
    """One line to tell a recipient (before it becomes a row)."""

    assignment_id: int | None
    unit_id: int | None
    kind: str
    period: str
    recipient: str
    subject: str
    body: str


def _line(row: StatusRow) -> str:
    r = row.row
    deadline = f"{r.deadline:%d/%m/%Y}" if r.deadline else "không có hạn"
    late = f" — quá hạn {row.days_overdue} ngày" if row.status == "overdue" else ""
    return f"[{r.task_id}] {r.unit}: {r.action} (hạn {deadline}; văn bản {r.document}){late}"


def overdue_step(days_overdue: int, every: int) -> int | None:
    """The overdue reminder in force after ``days_overdue`` calendar days late: the
    first late day (1), then 1 + every, 1 + 2·every …; None when ``every`` is 0."""
    if every <= 0 or days_overdue < 1:
        return None
    return 1 + (days_overdue - 1) // every * every


def ladder_step(left: int, steps: Sequence[int]) -> int | None:
    """The ladder step in force with ``left`` working days to the deadline: the
    smallest step not below ``left`` (5, 3, 1, 0 and 2 days left → 3); None before
    the first step."""
    reached = [step for step in steps if step >= left]
    return min(reached) if reached else None


def _reminder(row: StatusRow, as_of: date, ladder: Ladder, email: str | None) -> Item | None:
    """The step of the ladder in force today (queued once per deadline and step)."""
    r = row.row
    if email is None or r.due_on is None:
        return None
    if row.status == "overdue":
        late = overdue_step(row.days_overdue, ladder.overdue_every_days)
        if late is None:
            return None
        return Item(
            r.assignment_id,
            r.unit_id,
            "overdue",
            f"overdue:{r.due_on.isoformat()}:{late}",
            email,
            "Nhắc việc quá hạn",
            _line(row),
        )
    step = ladder_step(dates.working_days_between(as_of, r.due_on), ladder.steps)
    if step is None:
        return None
    return Item(
        r.assignment_id,
        r.unit_id,
        "reminder",
        f"step:{r.due_on.isoformat()}:{step}",
        email,
        "Nhắc hạn thực hiện nhiệm vụ",
        _line(row),
    )


@dataclass(frozen=True, slots=True)
class Planned:
    """What one planning run queued: new rows, and overdue assignments whose
    escalation has nobody to go to (no report-to unit with an address, no
    ``reminders.supervisors``)."""

    queued: int
    unrouted: int = 0


def unrouted_warning(count: int) -> str:
    """What ``check`` says when overdue assignments have nobody to escalate to."""
    return (
        f"Cảnh báo: {count} lượt quá hạn không có nơi nhận báo cáo quá hạn (nhiệm vụ không "
        "có đơn vị nhận báo cáo có địa chỉ thư); hãy khai báo reminders.supervisors"
    )


def plan(
    session: Session,
    *,
    as_of: date,
    policy: Policy,
    ladder: Ladder,
    now: datetime,
    rows: Sequence[StatusRow] | None = None,
) -> Planned:
    """Queue today's reminders and escalations; says how many rows were new.

    ``rows``: the lead assignments not done as of ``as_of`` (``OPEN_LEAD``), when
    the caller has read them already (``run_check`` has).
    """
    emails = {u.id: u.email for u in session.scalars(select(Unit)) if u.email}
    items: list[Item] = []
    unrouted = 0
    if rows is None:
        rows = list(status_rows(session, as_of=as_of, policy=policy, filters=OPEN_LEAD))
    for row in rows:
        email = emails.get(row.row.unit_id) if row.row.unit_id is not None else None
        reminder = _reminder(row, as_of, ladder, email)
        if reminder is not None:
            items.append(reminder)
        if row.status == "overdue":
            escalations = _escalations(row, ladder, emails)
            unrouted += not escalations
            items.extend(escalations)
    return Planned(_queue(session, items, now), unrouted)


def daily(
    session: Session,
    *,
    as_of: date,
    policy: Policy,
    ladder: Ladder,
    now: datetime,
    actor: str = "tracker check",
) -> tuple[CheckResult, Planned]:
    """What ``tracker check`` and the scheduler's daily job run: the tracking half
    (``run_check``), then the reminders planned on the rows it read. Returns the
    check's result and what was queued.

    ``actor``: who ran the check (recorded on the ``flagged_overdue`` events)."""
    result = run_check(session, as_of=as_of, policy=policy, now=now, actor=actor)
    planned = plan(
        session, as_of=as_of, policy=policy, ladder=ladder, now=now, rows=result.open_rows
    )
    return result, planned


def _escalations(row: StatusRow, ladder: Ladder, emails: Mapping[int, str]) -> list[Item]:
    """Overdue units go to the unit that must "tập hợp danh sách" and to supervisors;
    a task with no report-to unit goes to the supervisors alone. The late unit is
    never told about itself, even when it is the task's report-to unit."""
    recipients = list(ladder.supervisors)
    report_to = row.row.report_to_unit_id
    if report_to is not None and report_to != row.row.unit_id:
        email = emails.get(report_to)
        if email:
            recipients.append(email)
    own = emails.get(row.row.unit_id) if row.row.unit_id is not None else None
    recipients = [to for to in recipients if to != own]
    period = f"escalation:{row.row.due_on}"
    return [
        Item(
            row.row.assignment_id,
            row.row.unit_id,
            "escalation",
            period,
            to,
            "Danh sách đơn vị quá hạn",
            _line(row),
        )
        for to in dict.fromkeys(recipients)
    ]


def weekly_digest(
    session: Session, *, as_of: date, policy: Policy, ladder: Ladder, now: datetime
) -> int:
    """Queue this ISO week's digest of overdue units for every supervisor."""
    overdue = list(
        status_rows(
            session,
            as_of=as_of,
            policy=policy,
            filters=Filters(statuses=frozenset({"overdue"}), include_support=False),
        )
    )
    if not overdue:
        return 0
    year, week, _ = as_of.isocalendar()
    body = "\n".join(_line(r) for r in overdue)
    items = [
        Item(
            None,
            None,
            "weekly",
            f"{year}-W{week:02d}",
            to,
            f"Tổng hợp đơn vị quá hạn tuần {week}/{year}",
            body,
        )
        for to in ladder.supervisors
    ]
    return _queue(session, items, now)


def _queue(session: Session, items: Sequence[Item], now: datetime) -> int:
    """Insert the items that are not queued yet; returns how many were new.

    Multi-row inserts of ``_CHUNK`` rows, ON CONFLICT DO NOTHING on the unique key
    (assignment, recipient, kind, period): a day's second run inserts nothing.
    """
    insert = insert_or_skip(session)
    table = table_of(Notification)
    queued = _queued_keys(session, {i.assignment_id for i in items if i.assignment_id})
    items = [i for i in items if _key(i) not in queued]
    created = 0
    for start in range(0, len(items), _CHUNK):
        rows = [
            {
                "assignment_id": item.assignment_id,
                "assignment_key": str(item.assignment_id or ""),
                "unit_id": item.unit_id,
                "kind": item.kind,
                "period": item.period,
                "recipient": item.recipient,
                "subject": item.subject,
                "body": item.body,
                "created_at": now,
                "attempts": 0,
            }
            for item in items[start : start + _CHUNK]
        ]
        statement = insert(table).values(rows).on_conflict_do_nothing().returning(table.c.id)
        # RETURNING counts what was inserted on both backends (rowcount does not)
        created += len(session.execute(statement).all())
    return created


def _key(item: Item) -> tuple[str, str, str, str]:
    return (str(item.assignment_id or ""), item.recipient, item.kind, item.period)


def _queued_keys(session: Session, assignment_ids: set[int]) -> set[tuple[str, str, str, str]]:
    """The unique keys already queued for these assignments (``in_chunks``): a
    day's second run then sends nothing to the database but these reads."""
    found: set[tuple[str, str, str, str]] = set()
    for chunk in in_chunks(sorted(assignment_ids)):
        found.update(
            (key, recipient, kind, period)
            for key, recipient, kind, period in session.execute(
                select(
                    Notification.assignment_key,
                    Notification.recipient,
                    Notification.kind,
                    Notification.period,
                ).where(Notification.assignment_id.in_(chunk))
            )
        )
    return found
