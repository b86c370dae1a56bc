"""The database schema: typed SQLAlchemy 2 declarative models, one MetaData.

One schema for SQLite and PostgreSQL. Deadlines and business days are ``Date``
columns (calendar dates in Asia/Ho_Chi_Minh), never midnight datetimes; instants
(ingested, created, sent, event time) are ``UTCDateTime``: timezone-aware UTC on
both backends. Constraint names come from the naming convention so migrations are
stable. Indexes serve the queries of ``store/queries.py``, ``tracking/`` and
``notify/`` (each index says which, and why); every foreign key that a delete
cascades through or a lookup follows has an index, so PostgreSQL never scans
1 M assignments to delete one task.

Free text extracted from documents (owner as written, report-to) is ``Text``:
PostgreSQL would refuse a ``VARCHAR(n)`` overflow that SQLite stores silently.

Imports nothing from the package.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import cast

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    Dialect,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
    text,
    true,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship
from sqlalchemy.types import TypeDecorator

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

REVIEW_STATES = ("draft", "confirmed", "rejected")
ROLES = ("lead", "support")


class UTCDateTime(TypeDecorator[datetime]):
    """A timezone-aware instant, stored and read back in UTC on every backend.

    SQLite has no time zone type (it returns naive values) and PostgreSQL returns
    values in the session's time zone; both come back as aware UTC here. A naive
    value is refused: it could be local time or UTC, and guessing shifts by 7 hours.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        """Aware values are converted to UTC; naive values are an error."""
        if value is None:
            return None
        if value.tzinfo is None or value.utcoffset() is None:
            raise ValueError(f"naive datetime {value.isoformat()}: pass an aware (UTC) value")
        value = value.astimezone(UTC)
        # SQLite stores text: without the offset every value sorts and compares alike
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        """Naive values (SQLite) are UTC by construction; aware ones are converted."""
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


class Base(DeclarativeBase):
    """Declarative base with the project's naming convention."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class Document(Base):
    """An ingested text; unique by the SHA-256 (hex) of its normalised text
    (``writes.canonical_text``: copies that differ by line ends or spaces are one).

    ``deleted_at`` set: taken back by ``tracker documents delete`` (an event records
    who and why); its tasks leave every list, report, reminder and count, and
    ``restore`` brings them back. Nothing is physically removed.
    """

    __tablename__ = "documents"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    # re-ingesting the same content finds this row (writes.py), never a second one
    content_hash: Mapped[str] = mapped_column(String(64), unique=True)
    file_name: Mapped[str] = mapped_column(String(500))
    # thông báo, kế hoạch, công văn, quyết định …
    kind: Mapped[str | None] = mapped_column(String(100))
    # số/ký hiệu as written: "1838/QĐ-UBND", "120-KH/HU"; a second document with the
    # same number (and issuer) is a likely duplicate, looked up on ingest
    number: Mapped[str | None] = mapped_column(String(200), index=True)
    issuer: Mapped[str | None] = mapped_column(String(500))
    issued: Mapped[date | None] = mapped_column(Date)
    title: Mapped[str | None] = mapped_column(Text)
    source: Mapped[str | None] = mapped_column(Text)
    text: Mapped[str] = mapped_column(Text)
    ingested_at: Mapped[datetime] = mapped_column(UTCDateTime())
    deleted_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # the header as data (extract/header.py): place of issue, trích yếu, and the Nơi
    # nhận list as a JSON array of its items as written
    place: Mapped[str | None] = mapped_column(String(200))
    abstract: Mapped[str | None] = mapped_column(Text)
    recipients: Mapped[str | None] = mapped_column(Text)
    # how the text was obtained (load/): text, pdf (text layer) or ocr (with Tesseract's
    # mean word confidence, 0–100)
    source_kind: Mapped[str | None] = mapped_column(String(20))
    ocr_confidence: Mapped[float | None] = mapped_column(Float)
    # the e-mail the document came attached to (tracker ingest message.eml)
    mail_from: Mapped[str | None] = mapped_column(String(500))
    mail_subject: Mapped[str | None] = mapped_column(Text)

    tasks: Mapped[list[Task]] = relationship(back_populates="document")


class Unit(Base):
    """A unit of the registry (xã, phòng, cơ quan …), with a parent for levels.

    Units are never deleted: a renamed unit keeps its row (the old name becomes an
    alias); a merged or abolished one is retired (``active`` false) with its
    ``successor_id``.

    ``name_key`` is the folded name (``lang.units.unit_key``); being unique it also
    keeps two spellings of one canonical name ("Xã An Bình", "xã An Bình") apart.
    """

    __tablename__ = "units"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(500))
    name_key: Mapped[str] = mapped_column(String(500), unique=True)
    # group owners ("các xã, thị trấn") fan out by kind (tracking/registry.py)
    kind: Mapped[str] = mapped_column(String(100), index=True)
    # a huyện's xã: children are looked up by parent (and the FK is checked on delete)
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("units.id"), index=True)
    email: Mapped[str | None] = mapped_column(String(320))
    active: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())
    # a retired unit (merged commune, abolished district) points to the unit that
    # took over: owner texts naming it resolve there for new tasks; looked up by id
    successor_id: Mapped[int | None] = mapped_column(ForeignKey("units.id"), index=True)
    retired_on: Mapped[date | None] = mapped_column(Date)

    aliases: Mapped[list[UnitAlias]] = relationship(
        back_populates="unit", cascade="all, delete-orphan", order_by="UnitAlias.id"
    )


class UnitAlias(Base):
    """Another way of writing a unit's name ("UBND xã An Bình", "CA huyện")."""

    __tablename__ = "unit_aliases"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id", ondelete="CASCADE"), index=True)
    alias: Mapped[str] = mapped_column(String(500))
    # folded like name_key: one alias can name one unit only
    alias_key: Mapped[str] = mapped_column(String(500), unique=True)

    unit: Mapped[Unit] = relationship(back_populates="aliases")


class Task(Base):
    """One directive of a document: action, deadline, report-to, review state.

    ``ordinal`` is the directive's position in the document; with ``document_id`` it
    is unique, so storing the same document twice can never duplicate tasks.
    """

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
    # "monthly:20", "quarterly" … (docs/contract.md task row)
    recurrence: Mapped[str | None] = mapped_column(String(50))
    report_to: Mapped[str | None] = mapped_column(Text)
    report_to_unit_id: Mapped[int | None] = mapped_column(ForeignKey("units.id"), index=True)
    confidence: Mapped[float] = mapped_column(Float)
    rule: Mapped[str] = mapped_column(String(200))
    # the review queue lists drafts; every report joins on review = 'confirmed'
    review: Mapped[str] = mapped_column(
        String(20), default="draft", server_default=text("'draft'"), index=True
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())

    document: Mapped[Document] = relationship(back_populates="tasks")
    assignments: Mapped[list[Assignment]] = relationship(
        back_populates="task", cascade="all, delete-orphan", order_by="Assignment.id"
    )


class Assignment(Base):
    """A task for one unit (or, until resolved, for an owner text as written).

    ``period`` is '' for a one-off task and the period key ("2024-05") for an
    instance of a recurring one. ``unit_key`` is the unit id as text ('' when no
    unit is known): a group owner ("các xã") fans out to one row per unit with the
    same owner text, and NULL ``unit_id`` would not make a key unique. The unique key
    makes every repeat, restart or second machine find the existing row instead of
    adding one.

    ``deadline`` is the deadline in force (after extensions), ``original_deadline``
    the one written in the document; ``due_on`` is the last day that is still on
    time under the office policy (config ``deadlines.before_means``/roll-forward),
    kept in step with ``deadline`` by ``writes.py`` — statuses compare against it.
    """

    __tablename__ = "assignments"
    __table_args__ = (
        UniqueConstraint("task_id", "owner_text", "unit_key", "role", "period"),
        CheckConstraint("role IN ('lead', 'support')", name="role"),
        # "overdue as of D" (queries.status_expression): due_on < D and done_on
        # NULL or > D. A range scan on due_on; done_on is read from the index, so
        # the 1 M-row table is not visited for rows done long ago. Also the
        # "ORDER BY due_on" of every listing and the stats' period ranges.
        Index("ix_assignments_due_done", "due_on", "done_on"),
        # "by unit" (tracker tasks --unit, per-unit digests): one unit's rows,
        # already in deadline order; also serves the units FK.
        Index("ix_assignments_unit_due", "unit_id", "due_on"),
        # "by deadline" (--due-before / --due-after filter the deadline in force)
        Index("ix_assignments_deadline", "deadline"),
        # --unit also matches the owner text as written (rows not yet resolved to
        # a unit), and `units unresolved` groups by it
        Index("ix_assignments_owner_text", "owner_text"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    # the unique key leads with task_id: it is also the FK's index
    task_id: Mapped[int] = mapped_column(ForeignKey("tasks.id", ondelete="CASCADE"))
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("units.id"))
    unit_key: Mapped[str] = mapped_column(String(50), default="", server_default=text("''"))
    owner_text: Mapped[str] = mapped_column(Text)
    role: Mapped[str] = mapped_column(String(10), default="lead", server_default=text("'lead'"))
    period: Mapped[str] = mapped_column(String(20), default="", server_default=text("''"))
    original_deadline: Mapped[date | None] = mapped_column(Date)
    deadline: Mapped[date | None] = mapped_column(Date)
    due_on: Mapped[date | None] = mapped_column(Date)
    # business date of the latest extension: as of an earlier day, the deadline in
    # force is read from the events
    extended_on: Mapped[date | None] = mapped_column(Date)
    done_on: Mapped[date | None] = mapped_column(Date)
    note: Mapped[str | None] = mapped_column(Text)
    # set when a unit merger carried this open assignment into another one of the
    # same task (xã A and xã B both had it; xã C does it once): it counts nowhere
    # since, and the history keeps it. The FK's index serves deletes of the target.
    merged_into_id: Mapped[int | None] = mapped_column(ForeignKey("assignments.id"), index=True)

    task: Mapped[Task] = relationship(back_populates="assignments")
    unit: Mapped[Unit | None] = relationship(foreign_keys=[unit_id])


class Event(Base):
    """Append-only history: created, confirmed, done, extended, reopened, flagged,
    a document's ingest and deletion, a unit's renaming, merger and retirement …

    ``at`` is when the row was written (UTC); ``on`` the business date it is about
    (the as-of day of ``tracker check``, the day a unit finished, the day of a gia
    hạn). ``document_number`` is the approving document of an extension.
    """

    __tablename__ = "events"
    __table_args__ = (
        # the deadline in force on a past day (queries.deadlines_on) and "already
        # flagged overdue?" (tracking/daily.py): by assignment, then kind; also the FK
        Index("ix_events_assignment_kind", "assignment_id", "kind"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    # a task's history (queries.history); also the FK
    task_id: Mapped[int | None] = mapped_column(
        ForeignKey("tasks.id", ondelete="CASCADE"), index=True
    )
    assignment_id: Mapped[int | None] = mapped_column(
        ForeignKey("assignments.id", ondelete="CASCADE")
    )
    # a document's own events (ingested, likely duplicate, deleted, restored); the FK
    document_id: Mapped[int | None] = mapped_column(
        ForeignKey("documents.id", ondelete="CASCADE"), index=True
    )
    # the unit an event concerns, as it was then (a later merger moves the
    # assignment, not its past); a unit's own history (renamed, merged, retired)
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("units.id"), index=True)
    kind: Mapped[str] = mapped_column(String(40))
    at: Mapped[datetime] = mapped_column(UTCDateTime())
    on: Mapped[date | None] = mapped_column(Date)
    actor: Mapped[str | None] = mapped_column(String(200))
    old_deadline: Mapped[date | None] = mapped_column(Date)
    new_deadline: Mapped[date | None] = mapped_column(Date)
    document_number: Mapped[str | None] = mapped_column(String(200))
    detail: Mapped[str | None] = mapped_column(Text)


class Notification(Base):
    """Outbox and send-log: one row per message item.

    Unique per (assignment, recipient, kind, period): each reminder step of an
    assignment ("reminder", period = its deadline and step) is queued once per recipient;
    digests have ``assignment_key`` '' and are once per recipient, kind and run
    date. ``assignment_key`` is the assignment id as text because NULLs would not
    make the key unique; ``notify/plan.py`` inserts with ON CONFLICT DO NOTHING.
    A row is queued until sent, failed (given up) or dropped; ``notify/outbox.py``.
    """

    __tablename__ = "notifications"
    __table_args__ = (
        UniqueConstraint("assignment_key", "recipient", "kind", "period"),
        # the sender's queue: sent_at IS NULL, oldest first (notify/outbox.py)
        Index("ix_notifications_unsent", "sent_at", "id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    # the FK's index: deleting an assignment cascades here
    assignment_id: Mapped[int | None] = mapped_column(
        ForeignKey("assignments.id", ondelete="CASCADE"), index=True
    )
    assignment_key: Mapped[str] = mapped_column(String(30), default="", server_default=text("''"))
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("units.id"), index=True)
    kind: Mapped[str] = mapped_column(String(30))
    period: Mapped[str] = mapped_column(String(30))
    recipient: Mapped[str] = mapped_column(String(320))
    subject: Mapped[str] = mapped_column(Text)
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    attempts: Mapped[int] = mapped_column(Integer, default=0, server_default=text("0"))
    last_error: Mapped[str | None] = mapped_column(Text)
    # after a failed delivery: not tried again before this instant (backoff)
    next_attempt_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # given up after notify.max_attempts tries (or a recipient that is no address)
    failed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # taken out of the queue by a person (tracker outbox drop)
    dropped_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


def table_of(model: type[Base]) -> Table:
    """The Core table of a model: bulk inserts go to tables, not classes (the ORM's
    bulk path sends one statement per row on psycopg)."""
    return cast(Table, model.__table__)


class PeriodReportMail(Base):
    """Send-log of the periodic reports mailed to supervisors (``export/mailing.py``).

    Unique per (period, recipient): the report of "2024-Q1" is queued once for each
    address and ``sent_at`` records its delivery, so the scheduler never mails a
    period twice however often it runs.
    """

    __tablename__ = "period_reports"
    __table_args__ = (UniqueConstraint("period", "recipient"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    period: Mapped[str] = mapped_column(String(20))
    recipient: Mapped[str] = mapped_column(String(320))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    attempts: Mapped[int] = mapped_column(Integer, default=0, server_default=text("0"))
    last_error: Mapped[str | None] = mapped_column(Text)


USER_ROLES = ("admin", "secretariat", "supervisor", "unit")


class User(Base):
    """An account of the web app (``tracker users``): a role, for the ``unit`` role its
    unit, an argon2id password hash, and the login throttle's state.

    ``name_key`` is the name folded to lower case: one account per name, however typed.
    Accounts are never deleted, only disabled (events name them as actors).
    """

    __tablename__ = "users"
    __table_args__ = (
        CheckConstraint("role IN ('admin', 'secretariat', 'supervisor', 'unit')", name="user_role"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    name_key: Mapped[str] = mapped_column(String(100), unique=True)
    role: Mapped[str] = mapped_column(String(20))
    # the unit a unit account sees and acts for; looked up by id
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("units.id"), index=True)
    password_hash: Mapped[str] = mapped_column(String(300))
    active: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    # login throttle: failures in a row, and the instant before which no login is tried
    failed_logins: Mapped[int] = mapped_column(Integer, default=0, server_default=text("0"))
    locked_until: Mapped[datetime | None] = mapped_column(UTCDateTime())

    unit: Mapped[Unit | None] = relationship(foreign_keys=[unit_id])


class ExtensionRequest(Base):
    """A unit's request for a later deadline (xin gia hạn), with its reason, until the
    secretariat accepts it (an extension is recorded) or refuses it."""

    __tablename__ = "extension_requests"
    __table_args__ = (
        CheckConstraint(
            "state IN ('pending', 'accepted', 'refused')", name="extension_request_state"
        ),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    # the FK's index; a task page lists its requests
    task_id: Mapped[int] = mapped_column(ForeignKey("tasks.id", ondelete="CASCADE"), index=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"), index=True)
    requested_deadline: Mapped[date] = mapped_column(Date)
    reason: Mapped[str] = mapped_column(Text)
    requested_by: Mapped[str] = mapped_column(String(200))
    requested_at: Mapped[datetime] = mapped_column(UTCDateTime())
    # the secretariat's queue: the pending ones
    state: Mapped[str] = mapped_column(
        String(20), default="pending", server_default=text("'pending'"), index=True
    )
    answered_by: Mapped[str | None] = mapped_column(String(200))
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    answer: Mapped[str | None] = mapped_column(Text)
