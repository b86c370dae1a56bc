"""The outbox: queued items grouped into one message per recipient, delivered at most
once each and recorded.

``send`` groups a recipient's unsent rows into one message (never an empty one),
delivers it, and marks exactly those rows sent in a transaction of their own. A
crash between delivery and marking delivers the same message again on the next
run, with the same key (the file channel then overwrites its file: once). Two
senders at once: on PostgreSQL a sender takes a recipient only under a transaction
advisory lock on that recipient (the other sender passes it by), and claims its rows
with ``FOR UPDATE SKIP LOCKED`` — row locks alone could split one recipient's rows
between the two, and the recipient would get two messages.

One failing message never stops the others: a recipient that is no e-mail address
(stored before addresses were checked) fails at once; a message the server refuses
is held back (``next_attempt_at``: ``notify.retry_minutes``, doubled per try, at
most a day) and marked failed after ``notify.max_attempts`` tries. Only a channel
that cannot deliver anything (``DeliveryError``: server down) ends the run; no
try is counted against the messages then, since none of them was at fault.

Items of a deleted document, or of an assignment a unit merger carried into another,
are withdrawn: kept queued but not sent (a restored document's go out again).

``outbox_rows``, ``retry`` and ``drop`` are what ``tracker outbox list|retry|drop``
run (through ``tracker.app.outbox``, which opens the transaction): they work in the
caller's session, record an event and return plain data.

Imports ``errors``, ``store`` and ``notify``.
"""

from __future__ import annotations

import hashlib
from collections.abc import Collection, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import ColumnElement, Select, and_, func, or_, select, update
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from tracker.config import Config
from tracker.errors import BadInput
from tracker.notify.address import address_problem, shown
from tracker.notify.channels import Channel, DeliveryError, Message, MessageRefused
from tracker.store.engine import session_scope
from tracker.store.models import Assignment, Document, Notification, Task
from tracker.store.writes import event

SUBJECTS = {
    "reminder": "Nhắc hạn thực hiện nhiệm vụ",
    "overdue": "Nhắc việc quá hạn",
    "escalation": "Danh sách đơn vị quá hạn",
    "weekly": "Tổng hợp đơn vị quá hạn trong tuần",
}

# what the people reading ``tracker send``'s table call each kind (JSON keeps the key)
KIND_LABELS = {
    "reminder": "nhắc hạn",
    "overdue": "nhắc quá hạn",
    "escalation": "báo cáo quá hạn",
    "weekly": "tổng hợp tuần",
    "digest": "tổng hợp",
}


def kind_label(kind: str) -> str:
    """The Vietnamese name of a message kind."""
    return KIND_LABELS.get(kind, kind)


@dataclass(frozen=True, slots=True)
class Sent:
    """docs/contract.md ``send`` row: ``to``, ``subject``, ``kind`` (+ how many items)."""

    to: str
    subject: str
    kind: str
    items: int


def _compose(recipient: str, rows: list[Notification], sender: str) -> tuple[Message, str]:
    kinds = sorted({r.kind for r in rows})
    kind = kinds[0] if len(kinds) == 1 else "digest"
    subject = rows[0].subject if len(kinds) == 1 else "Tổng hợp nhắc việc"
    sections = []
    for k in kinds:
        lines = [r.body for r in rows if r.kind == k]
        sections.append(
            f"{SUBJECTS.get(k, k)} ({len(lines)}):\n" + "\n".join(f"- {line}" for line in lines)
        )
    body = (
        "Kính gửi đơn vị,\n\n"
        + "\n\n".join(sections)
        + "\n\nThư này do hệ thống theo dõi nhiệm vụ gửi tự động.\n"
    )
    key = hashlib.sha256(",".join(str(r.id) for r in rows).encode()).hexdigest()[:24]
    return Message(key=key, sender=sender, recipient=recipient, subject=subject, body=body), kind


@dataclass(frozen=True, slots=True)
class Retries:
    """How refused messages are retried (``notify.max_attempts``, ``notify.retry_minutes``)."""

    max_attempts: int = 5
    first_wait: timedelta = timedelta(minutes=15)

    @classmethod
    def from_config(cls, config: Config) -> Retries:
        """``notify.max_attempts`` and ``notify.retry_minutes``."""
        return cls(
            max_attempts=int(config.get("notify", "max_attempts")),
            first_wait=timedelta(minutes=int(config.get("notify", "retry_minutes"))),
        )

    def wait(self, attempts: int) -> timedelta:
        """The wait after the ``attempts``-th failed try: doubled each time, at most a day."""
        factor: int = 2 ** max(attempts - 1, 0)
        return min(self.first_wait * factor, timedelta(days=1))


def problem_line(problem: Problem, timezone: str) -> str:
    """One Vietnamese line about a message not delivered (times in ``timezone``)."""
    to = shown(problem.to)
    if problem.failed and problem.attempts == 0:  # never tried: the address is bad
        return (
            f"Không gửi thư tới {to} ({problem.items} mục): {problem.reason}; sửa địa chỉ "
            "của đơn vị ('tracker units add … --email') và bỏ các thư này ('tracker outbox drop')"
        )
    if problem.failed:
        return (
            f"Không gửi được thư tới {to} ({problem.items} mục) sau {problem.attempts} "
            f"lần thử: {problem.reason}; xem 'tracker outbox list --state failed'"
        )
    later = problem.next_attempt_at
    when = f"{later.astimezone(ZoneInfo(timezone)):%H:%M %d/%m/%Y}" if later else "lần sau"
    return (
        f"Chưa gửi được thư tới {to} ({problem.items} mục, lần thử {problem.attempts}): "
        f"{problem.reason}; sẽ thử lại lúc {when}"
    )


@dataclass(frozen=True, slots=True)
class Problem:
    """A message that was not delivered this run, and what became of it."""

    to: str
    items: int
    attempts: int
    reason: str
    failed: bool  # given up: only ``tracker outbox retry`` sends it now
    next_attempt_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class SendReport:
    """One run of the sender: what was delivered and what was not."""

    sent: list[Sent] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def withdrawn() -> Select[int]:
    """Assignments whose queued items are not sent: their document was deleted, or a
    unit merger carried them into another assignment (they stay queued: a restored
    document's reminders go out again)."""
    return (
        select(Assignment.id)
        .join(Task, Task.id == Assignment.task_id)
        .join(Document, Document.id == Task.document_id)
        .where(or_(Document.deleted_at.is_not(None), Assignment.merged_into_id.is_not(None)))
    )


def _sendable(now: datetime) -> ColumnElement[bool]:
    """Rows still queued, not held back by a backoff, and not withdrawn (digests have
    no assignment)."""
    return and_(
        Notification.sent_at.is_(None),
        Notification.failed_at.is_(None),
        Notification.dropped_at.is_(None),
        or_(Notification.next_attempt_at.is_(None), Notification.next_attempt_at <= now),
        or_(
            Notification.assignment_id.is_(None),
            Notification.assignment_id.not_in(withdrawn()),
        ),
    )


def pending(engine: Engine, now: datetime) -> Iterator[tuple[str, list[int]]]:
    """Recipients with rows to send now and those rows' ids, oldest first."""
    with session_scope(engine, write=False) as session:
        rows = session.execute(
            select(Notification.recipient, Notification.id)
            .where(_sendable(now))
            .order_by(Notification.recipient, Notification.id)
        ).all()
    grouped: dict[str, list[int]] = {}
    for recipient, row_id in rows:
        grouped.setdefault(recipient, []).append(row_id)
    yield from grouped.items()


def send(
    engine: Engine,
    channel: Channel,
    *,
    sender: str,
    now: datetime,
    retries: Retries = Retries(),  # frozen: one shared default is safe
) -> list[Sent]:
    """Deliver every recipient's queued items as one message; mark them sent.

    The messages that could not be delivered are recorded (see ``send_all``)."""
    return send_all(engine, channel, sender=sender, now=now, retries=retries).sent


def send_all(
    engine: Engine,
    channel: Channel,
    *,
    sender: str,
    now: datetime,
    retries: Retries = Retries(),  # frozen: one shared default is safe
) -> SendReport:
    """``send``, saying also which messages were not delivered and why.

    Raises ``DeliveryError`` when the channel cannot deliver at all (what was
    delivered before stays recorded as sent)."""
    report = SendReport()
    for recipient, ids in pending(engine, now):
        with session_scope(engine) as session:
            query = select(Notification).where(Notification.id.in_(ids), _sendable(now))
            if engine.dialect.name == "postgresql":
                if not _claim(session, recipient):
                    continue  # another sender has this recipient in hand
                query = query.with_for_update(skip_locked=True)
            rows = list(session.scalars(query.order_by(Notification.id)))
            if not rows:
                continue
            bad_address = address_problem(recipient)
            if bad_address is not None:
                report.problems.append(_give_up(rows, now, f"địa chỉ không hợp lệ: {bad_address}"))
                continue
            message, kind = _compose(recipient, rows, sender)
            try:
                channel.deliver(message)
            except MessageRefused as error:
                report.problems.append(_hold_back(rows, now, str(error), retries))
                continue
            except DeliveryError as error:
                session.rollback()
                _record_failure(engine, [r.id for r in rows], str(error))
                raise
            for row in rows:
                row.sent_at = now
                row.attempts += 1
                row.next_attempt_at = None
        report.sent.append(Sent(recipient, message.subject, kind, len(rows)))
    return report


# first key of the per-recipient advisory locks (two int4 keys: apart from the
# scheduler's single bigint key)
RECIPIENT_LOCK = 0x6F757462  # "outb"


def _claim(session: Session, recipient: str) -> bool:
    """PostgreSQL: this transaction's lock on ``recipient``, or False when another
    sender holds it (released at commit or rollback)."""
    took = session.execute(
        select(func.pg_try_advisory_xact_lock(RECIPIENT_LOCK, func.hashtext(recipient)))
    ).scalar()
    return bool(took)


def _hold_back(
    rows: Sequence[Notification], now: datetime, reason: str, retries: Retries
) -> Problem:
    """A refused message: one more try counted, then a wait or, at the limit, failed."""
    attempts = max(r.attempts for r in rows) + 1
    if attempts >= retries.max_attempts:
        return _give_up(rows, now, reason, attempts=attempts)
    later = now + retries.wait(attempts)
    for row in rows:
        row.attempts, row.last_error, row.next_attempt_at = attempts, reason[:500], later
    return Problem(rows[0].recipient, len(rows), attempts, reason, False, later)


def _give_up(
    rows: Sequence[Notification], now: datetime, reason: str, *, attempts: int | None = None
) -> Problem:
    count = attempts if attempts is not None else max(r.attempts for r in rows)
    for row in rows:
        row.attempts, row.last_error, row.failed_at = count, reason[:500], now
        row.next_attempt_at = None
    return Problem(rows[0].recipient, len(rows), count, reason, True)


def _record_failure(engine: Engine, ids: list[int], reason: str) -> None:
    """The channel was down: say why on the rows in hand, count no try against them."""
    with session_scope(engine) as session:
        session.execute(
            update(Notification).where(Notification.id.in_(ids)).values(last_error=reason[:500])
        )


# --- tracker outbox list | retry | drop ------------------------------------------------

STATES = ("queued", "retrying", "failed", "dropped", "withdrawn", "sent")
STATE_LABELS = {
    "queued": "chờ gửi",
    "retrying": "chờ thử lại",
    "failed": "thất bại",
    "dropped": "đã bỏ",
    "withdrawn": "không gửi (văn bản đã xóa hoặc đơn vị đã sáp nhập)",
    "sent": "đã gửi",
}


@dataclass(frozen=True, slots=True)
class OutboxRow:
    """One queued item as ``tracker outbox list`` shows it."""

    id: int
    recipient: str
    kind: str
    subject: str
    state: str
    attempts: int
    last_error: str | None
    next_attempt_at: datetime | None
    created_at: datetime
    sent_at: datetime | None


def state_of(row: Notification, now: datetime, *, withdrawn_row: bool = False) -> str:
    """queued, retrying (held back until ``next_attempt_at``), failed, dropped,
    withdrawn (its document deleted or its assignment merged: not sent) or sent."""
    if row.sent_at is not None:
        return "sent"
    if row.dropped_at is not None:
        return "dropped"
    if row.failed_at is not None:
        return "failed"
    if withdrawn_row:
        return "withdrawn"
    if row.next_attempt_at is not None and row.next_attempt_at > now:
        return "retrying"
    return "queued"


def _is_withdrawn() -> ColumnElement[bool]:
    return and_(
        Notification.assignment_id.is_not(None), Notification.assignment_id.in_(withdrawn())
    )


def _state_filter(state: str, now: datetime) -> ColumnElement[bool]:
    unsent = Notification.sent_at.is_(None)
    kept = and_(unsent, Notification.dropped_at.is_(None), Notification.failed_at.is_(None))
    live = and_(kept, ~_is_withdrawn())
    return {
        "sent": Notification.sent_at.is_not(None),
        "dropped": and_(unsent, Notification.dropped_at.is_not(None)),
        "failed": and_(
            unsent, Notification.dropped_at.is_(None), Notification.failed_at.is_not(None)
        ),
        "withdrawn": and_(kept, _is_withdrawn()),
        "retrying": and_(live, Notification.next_attempt_at > now),
        "queued": and_(
            live,
            or_(Notification.next_attempt_at.is_(None), Notification.next_attempt_at <= now),
        ),
    }[state]


def check_states(states: Collection[str]) -> None:
    """Refuse a state name that does not exist (before anything is read)."""
    unknown = [s for s in states if s not in STATES]
    if unknown:
        raise BadInput(f"trạng thái không hợp lệ {unknown[0]!r} (chọn {', '.join(STATES)})")


def outbox_rows(session: Session, *, states: Collection[str], now: datetime) -> list[OutboxRow]:
    """The outbox rows in ``states``, oldest first."""
    check_states(states)
    found = list(
        session.scalars(
            select(Notification)
            .where(or_(*(_state_filter(s, now) for s in states)))
            .order_by(Notification.id)
        )
    )
    held = set(session.scalars(withdrawn()))
    return [
        OutboxRow(
            r.id,
            r.recipient,
            r.kind,
            r.subject,
            state_of(r, now, withdrawn_row=r.assignment_id in held),
            r.attempts,
            r.last_error,
            r.next_attempt_at,
            r.created_at,
            r.sent_at,
        )
        for r in found
    ]


def _unsent(session: Session, ids: Sequence[int]) -> list[Notification]:
    rows = {r.id: r for r in session.scalars(select(Notification).where(Notification.id.in_(ids)))}
    for row_id in ids:
        row = rows.get(row_id)
        if row is None:
            raise BadInput(f"không có thư mã {row_id} trong hàng đợi (xem 'tracker outbox list')")
        if row.sent_at is not None:
            raise BadInput(f"thư mã {row_id} đã gửi lúc {row.sent_at:%d/%m/%Y %H:%M} (UTC)")
    return [rows[i] for i in dict.fromkeys(ids)]


def retry(
    session: Session, ids: Sequence[int], *, failed: bool, now: datetime, actor: str | None
) -> int:
    """Queue again: the given rows (failed, dropped or held back) or, with ``failed``,
    every failed row; their tries start from zero. Returns how many rows."""
    if failed:
        failing = select(Notification.id).where(_state_filter("failed", now))
        ids = [*ids, *session.scalars(failing)]
    if not ids:
        raise BadInput("không có thư nào để gửi lại (cho mã thư hoặc --failed)")
    rows = _unsent(session, ids)
    for row in rows:
        row.failed_at = row.dropped_at = row.next_attempt_at = None
        row.attempts = 0
    event(
        session,
        "outbox_retry",
        now=now,
        on=None,
        actor=actor,
        detail="thư " + ", ".join(str(r.id) for r in rows),
    )
    return len(rows)


def drop(session: Session, ids: Sequence[int], *, now: datetime, actor: str | None) -> int:
    """Take rows out of the queue (kept, marked dropped; ``retry`` queues them again)."""
    if not ids:
        raise BadInput("cho mã thư cần bỏ (xem 'tracker outbox list')")
    rows = _unsent(session, ids)
    for row in rows:
        row.dropped_at = now
    event(
        session,
        "outbox_dropped",
        now=now,
        on=None,
        actor=actor,
        detail="thư " + ", ".join(str(r.id) for r in rows),
    )
    return len(rows)
