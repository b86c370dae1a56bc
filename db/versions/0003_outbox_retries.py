"""Outbox retries: when a queued message may be tried again, when it was given up
(``failed``) or dropped by a person; reminder periods name their deadline.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-07

``next_attempt_at`` holds a message back after a failed delivery (backoff);
``failed_at`` is set after ``notify.max_attempts`` tries, ``dropped_at`` by
``tracker outbox drop``. A queued message has all three NULL (or a past
``next_attempt_at``) and no ``sent_at``.

Reminder periods were ``step:N`` and ``overdue:N``; they are now
``step:<due_on>:N`` and ``overdue:<due_on>:N`` (notify/plan.py), so that a new
deadline starts its own ladder. Rows queued before are rewritten with their
assignment's current ``due_on`` (an old ``overdue:N``, sent N days late, lands
on the step of the default rhythm — 1, 8, 15 … — that holds day N), so that a
check right after the upgrade does not queue again what was queued before it.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision: str | None = "0002"
branch_labels: str | None = None
depends_on: str | None = None

COLUMNS = ("next_attempt_at", "failed_at", "dropped_at")


def upgrade() -> None:
    """Add the retry columns; rewrite old reminder periods."""
    with op.batch_alter_table("notifications") as batch:
        for name in COLUMNS:
            batch.add_column(sa.Column(name, sa.DateTime(timezone=True), nullable=True))
    _rewrite_periods()


def downgrade() -> None:
    """Drop the retry columns (periods keep their new form: both read alike)."""
    with op.batch_alter_table("notifications") as batch:
        for name in reversed(COLUMNS):
            batch.drop_column(name)


def _rewrite_periods() -> None:
    connection = op.get_bind()
    notifications = sa.table(
        "notifications",
        sa.column("id", sa.Integer()),
        sa.column("assignment_id", sa.Integer()),
        sa.column("kind", sa.String()),
        sa.column("period", sa.String()),
    )
    assignments = sa.table(
        "assignments", sa.column("id", sa.Integer()), sa.column("due_on", sa.Date())
    )
    rows = connection.execute(
        sa.select(
            notifications.c.id, notifications.c.kind, notifications.c.period, assignments.c.due_on
        )
        .join(assignments, assignments.c.id == notifications.c.assignment_id)
        .where(
            notifications.c.kind.in_(("reminder", "overdue")),
            assignments.c.due_on.is_not(None),
        )
    ).all()
    for row_id, kind, period, due_on in rows:
        parts = str(period).split(":")
        if len(parts) != 2 or not parts[1].isdigit():
            continue  # already in the new form
        step = int(parts[1])
        if kind == "overdue":  # "N days late" → the step of the default rhythm (7) holding N
            step = 1 + (step - 1) // 7 * 7
        connection.execute(
            notifications.update()
            .where(notifications.c.id == row_id)
            .values(period=f"{parts[0]}:{due_on.isoformat()}:{step}")
        )
