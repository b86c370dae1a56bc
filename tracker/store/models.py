"""The database schema: typed SQLAlchemy 2 declarative models, one MetaData.

One schema for SQLite and PostgreSQL. Deadlines and business days are ``Date``
columns (calendar dates in Asia/Ho_Chi_Minh); instants (ingested, sent) are
timezone-aware UTC timestamps. Constraint names come from the naming convention so
migrations are stable. Indexes serve the queries of ``store/queries.py``:
"overdue as of D" (current deadline, done date), "by unit", "by deadline".

Imports nothing from the package.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

REVIEW_STATES = ("draft", "confirmed", "rejected")
ROLES = ("lead", "support")


class Base(DeclarativeBase):
    """Declarative base with the project's naming convention."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class Document(Base):
    """An ingested text; unique by the SHA-256 of its NFC text."""

    __tablename__ = "documents"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    content_hash: Mapped[str] = mapped_column(String(64), unique=True)
    file_name: Mapped[str] = mapped_column(String(500))
    kind: Mapped[str | None] = mapped_column(String(100))
    number: Mapped[str | None] = mapped_column(String(200))
    issuer: Mapped[str | None] = mapped_column(String(500))
    issued: Mapped[date | None] = mapped_column(Date)
    title: Mapped[str | None] = mapped_column(Text)
    source: Mapped[str | None] = mapped_column(Text)
    text: Mapped[str] = mapped_column(Text)
    ingested_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))

    tasks: Mapped[list[Task]] = relationship(back_populates="document")


class Unit(Base):
    """A unit of the registry (xã, phòng, cơ quan …), with a parent for levels."""

    __tablename__ = "units"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(500))
    name_key: Mapped[str] = mapped_column(String(500), unique=True)
    kind: Mapped[str] = mapped_column(String(100), index=True)
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("units.id"))
    email: Mapped[str | None] = mapped_column(String(320))
    active: Mapped[bool] = mapped_column(Boolean, default=True)

    aliases: Mapped[list[UnitAlias]] = relationship(
        back_populates="unit", cascade="all, delete-orphan", order_by="UnitAlias.id"
    )


class UnitAlias(Base):
    """Another way of writing a unit's name ("UBND xã An Bình", "CA huyện")."""

    __tablename__ = "unit_aliases"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id", ondelete="CASCADE"), index=True)
    alias: Mapped[str] = mapped_column(String(500))
    alias_key: Mapped[str] = mapped_column(String(500), unique=True)

    unit: Mapped[Unit] = relationship(back_populates="aliases")


class Task(Base):
    """One directive of a document: action, deadline, report-to, review state."""

    __tablename__ = "tasks"
    __table_args__ = (
        UniqueConstraint("document_id", "ordinal"),
        CheckConstraint("review IN ('draft', 'confirmed', 'rejected')", name="review_state"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    document_id: Mapped[int] = mapped_column(
        ForeignKey("documents.id", ondelete="CASCADE"), index=True
    )
    ordinal: Mapped[int] = mapped_column(Integer)
    sentence: Mapped[str] = mapped_column(Text)
    span_start: Mapped[int] = mapped_column(Integer)
    span_end: Mapped[int] = mapped_column(Integer)
    action: Mapped[str] = mapped_column(Text)
    deadline: Mapped[date | None] = mapped_column(Date)
    deadline_text: Mapped[str | None] = mapped_column(Text)
    recurrence: Mapped[str | None] = mapped_column(String(50))
    report_to: Mapped[str | None] = mapped_column(String(500))
    report_to_unit_id: Mapped[int | None] = mapped_column(ForeignKey("units.id"))
    confidence: Mapped[float] = mapped_column(Float)
    rule: Mapped[str] = mapped_column(String(200))
    review: Mapped[str] = mapped_column(String(20), default="draft", index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))

    document: Mapped[Document] = relationship(back_populates="tasks")
    assignments: Mapped[list[Assignment]] = relationship(
        back_populates="task", cascade="all, delete-orphan", order_by="Assignment.id"
    )


class Assignment(Base):
    """A task for one unit (or, until resolved, for an owner text as written).

    ``period`` is '' for a one-off task and the period key ("2024-05") for an
    instance of a recurring one; the unique key makes every repeat, restart or
    second machine find the existing row instead of adding one.
    """

    __tablename__ = "assignments"
    __table_args__ = (
        UniqueConstraint("task_id", "owner_text", "unit_key", "role", "period"),
        CheckConstraint("role IN ('lead', 'support')", name="role"),
        # overdue as of D: rows whose last allowed day is before D and not done by D
        Index("ix_assignments_due_done", "due_on", "done_on"),
        # one unit's list, by deadline
        Index("ix_assignments_unit_due", "unit_id", "due_on"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    task_id: Mapped[int] = mapped_column(ForeignKey("tasks.id", ondelete="CASCADE"), index=True)
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("units.id"))
    unit_key: Mapped[str] = mapped_column(String(50), default="")
    owner_text: Mapped[str] = mapped_column(String(500))
    role: Mapped[str] = mapped_column(String(10), default="lead")
    period: Mapped[str] = mapped_column(String(20), default="")
    original_deadline: Mapped[date | None] = mapped_column(Date)
    deadline: Mapped[date | None] = mapped_column(Date)
    # the last day that is still on time under the office's policy (config
    # deadlines.before_means / roll_forward), kept in step with ``deadline``
    due_on: Mapped[date | None] = mapped_column(Date)
    # business date of the latest extension: as of an earlier day, the deadline in
    # force is read from the events
    extended_on: Mapped[date | None] = mapped_column(Date)
    done_on: Mapped[date | None] = mapped_column(Date)
    note: Mapped[str | None] = mapped_column(Text)

    task: Mapped[Task] = relationship(back_populates="assignments")
    unit: Mapped[Unit | None] = relationship()


class Event(Base):
    """Append-only history: created, confirmed, done, extended, reopened, flagged …"""

    __tablename__ = "events"
    __table_args__ = (Index("ix_events_assignment_kind", "assignment_id", "kind"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    task_id: Mapped[int | None] = mapped_column(
        ForeignKey("tasks.id", ondelete="CASCADE"), index=True
    )
    assignment_id: Mapped[int | None] = mapped_column(
        ForeignKey("assignments.id", ondelete="CASCADE")
    )
    kind: Mapped[str] = mapped_column(String(40))
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    on: Mapped[date | None] = mapped_column(Date)
    actor: Mapped[str | None] = mapped_column(String(200))
    old_deadline: Mapped[date | None] = mapped_column(Date)
    new_deadline: Mapped[date | None] = mapped_column(Date)
    document_number: Mapped[str | None] = mapped_column(String(200))
    detail: Mapped[str | None] = mapped_column(Text)


class Notification(Base):
    """Outbox and send-log: one row per message, unique per recipient, kind and period."""

    __tablename__ = "notifications"
    __table_args__ = (
        UniqueConstraint("assignment_key", "recipient", "kind", "period"),
        Index("ix_notifications_unsent", "sent_at", "id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    assignment_id: Mapped[int | None] = mapped_column(
        ForeignKey("assignments.id", ondelete="CASCADE")
    )
    # the assignment id as text, '' for digests: NULLs would not make the key unique
    assignment_key: Mapped[str] = mapped_column(String(30), default="")
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("units.id"))
    kind: Mapped[str] = mapped_column(String(30))
    period: Mapped[str] = mapped_column(String(30))
    recipient: Mapped[str] = mapped_column(String(320))
    subject: Mapped[str] = mapped_column(Text)
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    sent_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str | None] = mapped_column(Text)
