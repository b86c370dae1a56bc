"""Use cases of the daily routine: the check, the sender, the weekly digest, and the
scheduler's record of its runs. ``tracker check``/``send``, the scheduler's jobs and
the demo call these same functions.

Imports ``app.context``, ``notify``, ``store``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from tracker.app.context import Context
from tracker.notify.channels import Channel
from tracker.notify.outbox import Retries, SendReport, send_all
from tracker.notify.plan import daily, weekly_digest
from tracker.store import writes
from tracker.store.engine import session_scope


@dataclass(frozen=True, slots=True)
class Checked:
    """What one daily check found and did."""

    as_of: date
    instances: int
    flagged: int
    queued: int
    overdue: int
    overdue_units: int
    unrouted: int = 0  # overdue units with nobody to escalate to (``unrouted_warning``)


def daily_check(ctx: Context, *, as_of: date, actor: str) -> Checked:
    """Recurring instances, overdue flags, reminders and escalations queued (one transaction).

    Twice for the same day changes nothing the second time.
    """
    with session_scope(ctx.engine) as session:
        result, planned = daily(
            session,
            as_of=as_of,
            policy=ctx.policy,
            ladder=ctx.ladder,
            now=ctx.now(),
            actor=actor,
        )
    return Checked(
        as_of,
        result.instances,
        result.flagged,
        planned.queued,
        result.overdue,
        result.overdue_units,
        planned.unrouted,
    )


def send_reminders(ctx: Context, channel: Channel, *, actor: str) -> SendReport:
    """Deliver the queued items, one message per recipient, each item at most once.

    A refused message waits (``notify.retry_minutes``, doubled) and fails after
    ``notify.max_attempts`` tries; the report says which. Raises ``DeliveryError``
    when the channel cannot deliver at all (what went out stays recorded as sent).
    """
    return send_all(
        ctx.engine,
        channel,
        sender=str(ctx.config.get("notify", "sender")),
        now=ctx.now(),
        retries=Retries.from_config(ctx.config),
    )


def queue_weekly_digest(ctx: Context, *, as_of: date, actor: str) -> int:
    """Queue this week's digest of overdue units for the supervisors; returns rows queued."""
    with session_scope(ctx.engine) as session:
        return weekly_digest(
            session, as_of=as_of, policy=ctx.policy, ladder=ctx.ladder, now=ctx.now()
        )


def record_run(ctx: Context, *, job: str, detail: str) -> None:
    """A ``scheduler_run`` event: which job ran and what it did (the actor is the job)."""
    with session_scope(ctx.engine) as session:
        writes.event(session, "scheduler_run", now=ctx.now(), on=None, actor=job, detail=detail)
