"""Initial schema: documents, units and aliases, tasks, assignments, events, notifications.

Revision ID: 0001
Revises:
Create Date: 2026-11-23

Hand-checked against ``tracker.store.models`` (tests/db/test_migrations.py compares
the result with the models on SQLite and PostgreSQL). Types are spelled with plain
SQLAlchemy types, never the models' classes, so this file keeps meaning the same
schema when the models move on: ``UTCDateTime`` is ``DateTime(timezone=True)``.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision: str | None = None
branch_labels: str | None = None
depends_on: str | None = None

EMPTY = sa.text("''")


def upgrade() -> None:
    """Create every table, constraint and index of the first schema."""
    _documents()
    _units()
    _tasks()
    _assignments()
    _events()
    _notifications()


def downgrade() -> None:
    """Drop every table (their indexes go with them), children first."""
    for table in (
        "notifications",
        "events",
        "assignments",
        "tasks",
        "unit_aliases",
        "units",
        "documents",
    ):
        op.drop_table(table)


def _documents() -> None:
    op.create_table(
        "documents",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("content_hash", sa.String(length=64), nullable=False),
        sa.Column("file_name", sa.String(length=500), nullable=False),
        sa.Column("kind", sa.String(length=100), nullable=True),
        sa.Column("number", sa.String(length=200), nullable=True),
        sa.Column("issuer", sa.String(length=500), nullable=True),
        sa.Column("issued", sa.Date(), nullable=True),
        sa.Column("title", sa.Text(), nullable=True),
        sa.Column("source", sa.Text(), nullable=True),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("ingested_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_documents")),
        sa.UniqueConstraint("content_hash", name=op.f("uq_documents_content_hash")),
    )


def _units() -> None:
    op.create_table(
        "units",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=500), nullable=False),
        sa.Column("name_key", sa.String(length=500), nullable=False),
        sa.Column("kind", sa.String(length=100), nullable=False),
        sa.Column("parent_id", sa.Integer(), nullable=True),
        sa.Column("email", sa.String(length=320), nullable=True),
        sa.Column("active", sa.Boolean(), server_default=sa.true(), nullable=False),
        sa.ForeignKeyConstraint(["parent_id"], ["units.id"], name=op.f("fk_units_parent_id_units")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_units")),
        sa.UniqueConstraint("name_key", name=op.f("uq_units_name_key")),
    )
    op.create_index(op.f("ix_units_kind"), "units", ["kind"])
    op.create_index(op.f("ix_units_parent_id"), "units", ["parent_id"])

    op.create_table(
        "unit_aliases",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("unit_id", sa.Integer(), nullable=False),
        sa.Column("alias", sa.String(length=500), nullable=False),
        sa.Column("alias_key", sa.String(length=500), nullable=False),
        sa.ForeignKeyConstraint(
            ["unit_id"],
            ["units.id"],
            name=op.f("fk_unit_aliases_unit_id_units"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_unit_aliases")),
        sa.UniqueConstraint("alias_key", name=op.f("uq_unit_aliases_alias_key")),
    )
    op.create_index(op.f("ix_unit_aliases_unit_id"), "unit_aliases", ["unit_id"])


def _tasks() -> None:
    op.create_table(
        "tasks",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("ordinal", sa.Integer(), nullable=False),
        sa.Column("sentence", sa.Text(), nullable=False),
        sa.Column("span_start", sa.Integer(), nullable=False),
        sa.Column("span_end", sa.Integer(), nullable=False),
        sa.Column("action", sa.Text(), nullable=False),
        sa.Column("deadline", sa.Date(), nullable=True),
        sa.Column("deadline_text", sa.Text(), nullable=True),
        sa.Column("recurrence", sa.String(length=50), nullable=True),
        sa.Column("report_to", sa.Text(), nullable=True),
        sa.Column("report_to_unit_id", sa.Integer(), nullable=True),
        sa.Column("confidence", sa.Float(), nullable=False),
        sa.Column("rule", sa.String(length=200), nullable=False),
        sa.Column(
            "review", sa.String(length=20), server_default=sa.text("'draft'"), nullable=False
        ),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "review IN ('draft', 'confirmed', 'rejected')", name=op.f("ck_tasks_review_state")
        ),
        sa.ForeignKeyConstraint(
            ["document_id"],
            ["documents.id"],
            name=op.f("fk_tasks_document_id_documents"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["report_to_unit_id"], ["units.id"], name=op.f("fk_tasks_report_to_unit_id_units")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_tasks")),
        sa.UniqueConstraint("document_id", "ordinal", name=op.f("uq_tasks_document_id_ordinal")),
    )
    op.create_index(op.f("ix_tasks_document_id"), "tasks", ["document_id"])
    op.create_index(op.f("ix_tasks_report_to_unit_id"), "tasks", ["report_to_unit_id"])
    op.create_index(op.f("ix_tasks_review"), "tasks", ["review"])


def _assignments() -> None:
    op.create_table(
        "assignments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("task_id", sa.Integer(), nullable=False),
        sa.Column("unit_id", sa.Integer(), nullable=True),
        sa.Column("unit_key", sa.String(length=50), server_default=EMPTY, nullable=False),
        sa.Column("owner_text", sa.Text(), nullable=False),
        sa.Column("role", sa.String(length=10), server_default=sa.text("'lead'"), nullable=False),
        sa.Column("period", sa.String(length=20), server_default=EMPTY, nullable=False),
        sa.Column("original_deadline", sa.Date(), nullable=True),
        sa.Column("deadline", sa.Date(), nullable=True),
        sa.Column("due_on", sa.Date(), nullable=True),
        sa.Column("extended_on", sa.Date(), nullable=True),
        sa.Column("done_on", sa.Date(), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.CheckConstraint("role IN ('lead', 'support')", name=op.f("ck_assignments_role")),
        sa.ForeignKeyConstraint(
            ["task_id"], ["tasks.id"], name=op.f("fk_assignments_task_id_tasks"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["unit_id"], ["units.id"], name=op.f("fk_assignments_unit_id_units")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_assignments")),
        sa.UniqueConstraint(
            "task_id",
            "owner_text",
            "unit_key",
            "role",
            "period",
            name=op.f("uq_assignments_task_id_owner_text_unit_key_role_period"),
        ),
    )
    # overdue as of D / by deadline / by unit / by owner text: see models.Assignment
    op.create_index("ix_assignments_due_done", "assignments", ["due_on", "done_on"])
    op.create_index("ix_assignments_unit_due", "assignments", ["unit_id", "due_on"])
    op.create_index("ix_assignments_deadline", "assignments", ["deadline"])
    op.create_index("ix_assignments_owner_text", "assignments", ["owner_text"])


def _events() -> None:
    op.create_table(
        "events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("task_id", sa.Integer(), nullable=True),
        sa.Column("assignment_id", sa.Integer(), nullable=True),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("on", sa.Date(), nullable=True),
        sa.Column("actor", sa.String(length=200), nullable=True),
        sa.Column("old_deadline", sa.Date(), nullable=True),
        sa.Column("new_deadline", sa.Date(), nullable=True),
        sa.Column("document_number", sa.String(length=200), nullable=True),
        sa.Column("detail", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["assignment_id"],
            ["assignments.id"],
            name=op.f("fk_events_assignment_id_assignments"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["task_id"], ["tasks.id"], name=op.f("fk_events_task_id_tasks"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_events")),
    )
    op.create_index("ix_events_assignment_kind", "events", ["assignment_id", "kind"])
    op.create_index(op.f("ix_events_task_id"), "events", ["task_id"])


def _notifications() -> None:
    op.create_table(
        "notifications",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("assignment_id", sa.Integer(), nullable=True),
        sa.Column("assignment_key", sa.String(length=30), server_default=EMPTY, nullable=False),
        sa.Column("unit_id", sa.Integer(), nullable=True),
        sa.Column("kind", sa.String(length=30), nullable=False),
        sa.Column("period", sa.String(length=30), nullable=False),
        sa.Column("recipient", sa.String(length=320), nullable=False),
        sa.Column("subject", sa.Text(), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("attempts", sa.Integer(), server_default=sa.text("0"), nullable=False),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["assignment_id"],
            ["assignments.id"],
            name=op.f("fk_notifications_assignment_id_assignments"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["unit_id"], ["units.id"], name=op.f("fk_notifications_unit_id_units")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_notifications")),
        sa.UniqueConstraint(
            "assignment_key",
            "recipient",
            "kind",
            "period",
            name=op.f("uq_notifications_assignment_key_recipient_kind_period"),
        ),
    )
    op.create_index(op.f("ix_notifications_assignment_id"), "notifications", ["assignment_id"])
    op.create_index(op.f("ix_notifications_unit_id"), "notifications", ["unit_id"])
    op.create_index("ix_notifications_unsent", "notifications", ["sent_at", "id"])
