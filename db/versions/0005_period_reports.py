"""Periodic reports mailed: one row per period and recipient, sent at most once.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-03

The scheduler mails the periodic report (báo cáo kết quả thực hiện nhiệm vụ được
giao) to the supervisors on the first working day after each period; this table is
its send-log, as ``notifications`` is the reminders': the unique key (period,
recipient) means a period's report is queued once per recipient, and ``sent_at``
that it was delivered.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision: str | None = "0004"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    """Create ``period_reports``."""
    op.create_table(
        "period_reports",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("period", sa.String(length=20), nullable=False),
        sa.Column("recipient", sa.String(length=320), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("attempts", sa.Integer(), server_default=sa.text("0"), nullable=False),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_period_reports")),
        sa.UniqueConstraint("period", "recipient", name=op.f("uq_period_reports_period_recipient")),
    )


def downgrade() -> None:
    """Drop ``period_reports``."""
    op.drop_table("period_reports")
