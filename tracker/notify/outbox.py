"""The outbox: queued items grouped into one message per recipient, delivered at most
once each and recorded.

``send`` groups a recipient's unsent rows into one message (never an empty one),
delivers it, and marks exactly those rows sent in a transaction of their own. A
crash between delivery and marking delivers the same message again on the next
run, with the same key (the file channel then overwrites its file: once). Two
senders at once: rows are claimed with ``FOR UPDATE SKIP LOCKED`` on PostgreSQL.

Imports ``store`` and ``notify.channels``.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Select, or_, select, update
from sqlalchemy.engine import Engine

from tracker.notify.channels import Channel, DeliveryError, Message
from tracker.store.engine import session_scope
from tracker.store.models import Assignment, Document, Notification, Task

SUBJECTS = {
    "reminder": "Nhắc hạn thực hiện nhiệm vụ",
    "overdue": "Nhắc việc quá hạn",
    "escalation": "Danh sách đơn vị quá hạn",
    "weekly": "Tổng hợp đơn vị quá hạn trong tuần",
}


@dataclass(frozen=True, slots=True)
class Sent:
    """CONTRACT.md ``send`` row: ``to``, ``subject``, ``kind`` (+ how many items)."""

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


def pending(engine: Engine) -> Iterator[tuple[str, list[int]]]:
    """Recipients with unsent rows and those rows' ids, oldest first."""
    with session_scope(engine, write=False) as session:
        rows = session.execute(
            select(Notification.recipient, Notification.id)
            .where(
                Notification.sent_at.is_(None),
                or_(
                    Notification.assignment_id.is_(None),  # digests
                    Notification.assignment_id.not_in(withdrawn()),
                ),
            )
            .order_by(Notification.recipient, Notification.id)
        ).all()
    grouped: dict[str, list[int]] = {}
    for recipient, row_id in rows:
        grouped.setdefault(recipient, []).append(row_id)
    yield from grouped.items()


def send(engine: Engine, channel: Channel, *, sender: str, now: datetime) -> list[Sent]:
    """Deliver every recipient's unsent items as one message; mark them sent."""
    sent: list[Sent] = []
    for recipient, ids in pending(engine):
        with session_scope(engine) as session:
            query = select(Notification).where(
                Notification.id.in_(ids), Notification.sent_at.is_(None)
            )
            if engine.dialect.name == "postgresql":
                query = query.with_for_update(skip_locked=True)
            rows = list(session.scalars(query.order_by(Notification.id)))
            if not rows:
                continue
            message, kind = _compose(recipient, rows, sender)
            try:
                channel.deliver(message)
            except DeliveryError as error:
                failed = [r.id for r in rows]
                session.rollback()
                _record_failure(engine, failed, str(error))
                raise
            for row in rows:
                row.sent_at = now
                row.attempts += 1
        sent.append(Sent(recipient, message.subject, kind, len(rows)))
    return sent


def _record_failure(engine: Engine, ids: list[int], reason: str) -> None:
    with session_scope(engine) as session:
        session.execute(
            update(Notification)
            .where(Notification.id.in_(ids))
            .values(attempts=Notification.attempts + 1, last_error=reason[:500])
        )
