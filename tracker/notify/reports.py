"""The send-log of reports mailed as attachments: each period's report goes to each
recipient once.

Like the outbox (``outbox.py``): ``queue`` records (period, recipient) rows — the
unique key makes a second run queue nothing — and ``deliver`` sends each unsent
row, marking it sent in a transaction of its own. A crash between delivery and
marking sends the same message again with the same key (the file channel then
overwrites its file: once). The message itself is composed by the caller, only
when something is left to send.

Imports ``store`` and ``notify.channels``.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from tracker.notify.channels import Channel, DeliveryError, Message
from tracker.store.engine import session_scope
from tracker.store.models import PeriodReportMail, table_of
from tracker.store.writes import insert_or_skip


def message_key(period: str, recipient: str) -> str:
    """Stable for a period and recipient: a re-delivery is the same message."""
    return hashlib.sha256(f"period-report:{period}:{recipient}".encode()).hexdigest()[:24]


def queue(session: Session, *, period: str, recipients: Sequence[str], now: datetime) -> int:
    """Record the period's report as due for each recipient; returns how many rows are new."""
    if not recipients:
        return 0
    table = table_of(PeriodReportMail)
    rows = [
        {"period": period, "recipient": r, "created_at": now, "attempts": 0}
        for r in dict.fromkeys(recipients)
    ]
    statement = (
        insert_or_skip(session)(table).values(rows).on_conflict_do_nothing().returning(table.c.id)
    )
    return len(session.execute(statement).all())


def unsent(engine: Engine, period: str) -> list[tuple[int, str]]:
    """The period's rows not yet delivered: (id, recipient)."""
    with session_scope(engine, write=False) as session:
        return [
            (row_id, recipient)
            for row_id, recipient in session.execute(
                select(PeriodReportMail.id, PeriodReportMail.recipient)
                .where(PeriodReportMail.period == period, PeriodReportMail.sent_at.is_(None))
                .order_by(PeriodReportMail.id)
            )
        ]


def deliver(
    engine: Engine,
    channel: Channel,
    *,
    period: str,
    compose: Callable[[str], Message],
    now: datetime,
) -> list[Message]:
    """Send the period's unsent rows, each in its own transaction; the messages sent."""
    sent: list[Message] = []
    for row_id, recipient in unsent(engine, period):
        with session_scope(engine) as session:
            query = select(PeriodReportMail).where(
                PeriodReportMail.id == row_id, PeriodReportMail.sent_at.is_(None)
            )
            if engine.dialect.name == "postgresql":
                query = query.with_for_update(skip_locked=True)
            row = session.scalars(query).first()
            if row is None:
                continue  # another sender took it
            message = compose(recipient)
            try:
                channel.deliver(message)
            except DeliveryError as error:
                session.rollback()
                record_failure(engine, [row_id], str(error))
                raise
            row.sent_at = now
            row.attempts += 1
        sent.append(message)
    return sent


def record_failure(engine: Engine, ids: Sequence[int], reason: str) -> None:
    """Count a failed attempt on the rows, with its reason."""
    with session_scope(engine) as session:
        session.execute(
            update(PeriodReportMail)
            .where(PeriodReportMail.id.in_(list(ids)))
            .values(attempts=PeriodReportMail.attempts + 1, last_error=reason[:500])
        )
