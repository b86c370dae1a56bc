"""Use cases on the message queue: see it, queue messages again, take them out
(``tracker outbox list|retry|drop``).

Imports ``app.context``, ``notify.outbox`` and ``store.engine``.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence

from tracker.app.context import Context
from tracker.limits import check_id
from tracker.notify.outbox import OutboxRow, check_states, drop, outbox_rows, retry
from tracker.store.engine import session_scope


def list_outbox(ctx: Context, *, states: Collection[str]) -> list[OutboxRow]:
    """The messages in ``states`` (queued, retrying, failed, dropped, withdrawn, sent),
    oldest first."""
    check_states(states)
    with ctx.read() as session:
        return outbox_rows(session, states=states, now=ctx.now())


def retry_messages(ctx: Context, ids: Sequence[int], *, failed: bool, actor: str) -> int:
    """Queue messages again (failed, dropped or waiting; with ``failed`` every failed
    one), their tries from zero; one event naming the actor. Returns how many."""
    for row_id in ids:
        check_id(row_id, "thư")
    with session_scope(ctx.engine) as session:
        return retry(session, ids, failed=failed, now=ctx.now(), actor=actor)


def drop_messages(ctx: Context, ids: Sequence[int], *, actor: str) -> int:
    """Take messages out of the queue (kept as dropped; ``retry_messages`` brings them
    back); one event naming the actor. Returns how many."""
    for row_id in ids:
        check_id(row_id, "thư")
    with session_scope(ctx.engine) as session:
        return drop(session, ids, now=ctx.now(), actor=actor)
