"""The write side: units import, ingest of extracted tasks, done/extend/reopen, events.

Every function validates first and writes inside the caller's transaction
(``session_scope``), so a failure writes nothing. Ingest is idempotent by the
SHA-256 of the document's canonical text (``canonical_text``: line ends, spaces and
invisible characters do not count); assignments by their unique key.

What to write is decided before: ``tracking`` resolves owners to units and picks
the assignments a command acts on; this module stores the result. Imports
``errors``, ``extract.types``, ``lang.units`` and ``store.models``.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from tracker.errors import BadInput
from tracker.extract.types import DocumentFacts, TaskCandidate
from tracker.lang.normal import key, nfc
from tracker.lang.units import kind_key, unit_key
from tracker.limits import EMAIL_MAX, HEADER_LIMITS, UNIT_NAME_MAX, check_text, clip
from tracker.messages import REVIEW_LABELS, label
from tracker.notify.address import valid_address
from tracker.store.models import (
    Assignment,
    Document,
    Event,
    Task,
    Unit,
    UnitAlias,
    table_of,
)

DOCUMENTS, TASKS = table_of(Document), table_of(Task)
ASSIGNMENTS, EVENTS = table_of(Assignment), table_of(Event)


def insert_or_skip(session: Session) -> Callable[[Any], Any]:
    """The session's dialect ``insert``, the one with ``on_conflict_do_nothing``
    (SQLite and PostgreSQL spell ON CONFLICT the same; SQLAlchemy has one per dialect)."""
    return pg_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert


# Characters that change nothing a reader sees: zero-width spaces and joiners, bidi
# marks and embeddings, the word joiner, the BOM, the soft hyphen (Unicode Cf).
_INVISIBLE = re.compile(
    "[\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff]"
)
_BLANK_RUNS = re.compile(r"\n{3,}")


def canonical_text(text: str) -> str:
    """The text as the hash sees it: two copies of one document give the same string.

    NFC; CRLF and CR → LF; invisible characters dropped; within each line, runs of
    spaces of any kind (non-breaking, tab, ideographic …) → one space, none at the
    line's ends; three or more line breaks → two (one blank line); none at the ends
    of the text. Words, their order and their tones are untouched.
    """
    value = _INVISIBLE.sub("", nfc(text).replace("\r\n", "\n").replace("\r", "\n"))
    value = "\n".join(" ".join(line.split()) for line in value.split("\n"))
    return _BLANK_RUNS.sub("\n\n", value).strip("\n")


def content_hash(text: str) -> str:
    """SHA-256 of the document's canonical text: the same content is the same document,
    whatever its line ends and spacing (``canonical_text``)."""
    return hashlib.sha256(canonical_text(text).encode("utf-8")).hexdigest()


# --- units -------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class UnitInput:
    """One row of a units file (docs/contract.md: name, kind, parent, aliases, email)."""

    name: str
    kind: str
    parent: str | None = None
    aliases: tuple[str, ...] = ()
    email: str | None = None
    line: int = 0


@dataclass(frozen=True, slots=True)
class UnitImport:
    """What an import changed."""

    created: int
    updated: int


def _check_units(rows: Sequence[UnitInput], existing: dict[str, Unit], source: str) -> None:
    seen: dict[str, int] = {}
    names = {unit_key(r.name) for r in rows} | set(existing)
    for row in rows:
        where = f"{source} dòng {row.line}"
        if not row.name.strip():
            raise BadInput(f"{where}: thiếu tên đơn vị")
        for text in (row.name, *row.aliases):
            check_text(text, label=f"{where}: tên đơn vị", limit=UNIT_NAME_MAX)
        check_text(row.email, label=f"{where}: địa chỉ thư", limit=EMAIL_MAX)
        if not row.kind.strip():
            raise BadInput(f"{where}: đơn vị {row.name!r} thiếu loại (kind)")
        if kind_key(row.kind) is None:
            raise BadInput(
                f"{where}: loại đơn vị không hợp lệ {row.kind!r} (xã, thị trấn, phường, phòng, …)"
            )
        if row.parent and unit_key(row.parent) not in names:
            raise BadInput(f"{where}: đơn vị cấp trên {row.parent!r} không có trong danh sách")
        if row.email:
            valid_address(row.email, where=where)
        for text in (row.name, *row.aliases):
            k = unit_key(text)
            if k in seen and seen[k] != row.line:
                raise BadInput(f"{where}: tên hoặc bí danh {text!r} trùng với dòng {seen[k]}")
            seen[k] = row.line


def import_units(
    session: Session,
    rows: Sequence[UnitInput],
    *,
    source: str,
    now: datetime | None = None,
    actor: str | None = None,
) -> UnitImport:
    """Create or update units by name (validated as a whole before any write).

    Aliases are added, never removed: a unit's former name, kept as an alias when it
    was renamed, survives a registry file that does not list it. A unit retired
    with a successor stays retired (an old file must not undo a merger). With
    ``now``, each unit created or updated gets an event naming the actor.
    """
    existing = {u.name_key: u for u in session.scalars(select(Unit))}
    _check_units(rows, existing, source)
    created = updated = 0
    by_key: dict[str, Unit] = dict(existing)
    changed: list[tuple[Unit, str]] = []
    for row in rows:
        k = unit_key(row.name)
        unit = by_key.get(k)
        if unit is None:
            unit = Unit(
                name=row.name.strip(), name_key=k, kind=kind_key(row.kind) or row.kind, active=True
            )
            session.add(unit)
            by_key[k] = unit
            created += 1
            changed.append((unit, "unit_added"))
        else:
            unit.name, unit.kind = row.name.strip(), kind_key(row.kind) or row.kind
            if unit.successor_id is None:
                unit.active, unit.retired_on = True, None
            updated += 1
            changed.append((unit, "unit_updated"))
        unit.email = row.email or None
        wanted = {unit_key(a): a.strip() for a in row.aliases if a.strip() and unit_key(a) != k}
        have = {a.alias_key for a in unit.aliases}
        unit.aliases.extend(
            UnitAlias(alias=v, alias_key=ak) for ak, v in wanted.items() if ak not in have
        )
    session.flush()
    for row in rows:
        if row.parent:
            by_key[unit_key(row.name)].parent_id = by_key[unit_key(row.parent)].id
    _check_alias_clashes(session, source)
    if now is not None:
        for unit, kind in changed:
            event(session, kind, now=now, on=None, actor=actor, unit_id=unit.id, detail=source)
    return UnitImport(created, updated)


def _check_alias_clashes(session: Session, source: str) -> None:
    names = {u.name_key: u.id for u in session.scalars(select(Unit))}
    for alias in session.scalars(select(UnitAlias)):
        owner = names.get(alias.alias_key)
        if owner is not None and owner != alias.unit_id:
            raise BadInput(f"{source}: bí danh {alias.alias!r} trùng tên một đơn vị khác")


# --- ingest ------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class AssignmentSpec:
    """One assignment to create: a unit (or only the owner text), role and dates."""

    unit_id: int | None
    owner_text: str
    role: str
    deadline: date | None
    due_on: date | None
    period: str = ""


@dataclass(frozen=True, slots=True)
class TaskPlan:
    """One task to store: the candidate, its review state and its assignments."""

    candidate: TaskCandidate
    review: str
    report_to_unit_id: int | None
    assignments: tuple[AssignmentSpec, ...]


@dataclass(frozen=True, slots=True)
class IngestResult:
    """docs/contract.md ingest row: ``doc``, ``document_id``, ``tasks``, ``duplicate``.

    ``likely_duplicate_of``: a stored document with the same số/ký hiệu and issuer
    (this one was stored all the same); ``deleted``: a duplicate of a document that
    was deleted (``tracker documents restore`` brings it back).
    """

    doc: str
    document_id: int
    tasks: int
    duplicate: bool
    drafts: int = 0
    assignments: int = 0
    likely_duplicate_of: int | None = None
    deleted: bool = False


def event(
    session: Session,
    kind: str,
    *,
    now: datetime,
    on: date | None,
    actor: str | None,
    task_id: int | None = None,
    assignment_id: int | None = None,
    **fields: object,
) -> None:
    """Append one event to the history."""
    session.add(
        Event(
            kind=kind,
            at=now,
            on=on,
            actor=actor,
            task_id=task_id,
            assignment_id=assignment_id,
            **fields,
        )
    )


def find_document(session: Session, text: str) -> Document | None:
    """The stored document with this content, if any."""
    return session.scalars(
        select(Document).where(Document.content_hash == content_hash(text))
    ).first()


def same_number(session: Session, facts: DocumentFacts, *, other_than: int) -> int | None:
    """A stored document (not deleted) with the same số/ký hiệu and issuer as ``facts``.

    The issuer is compared folded ("ỦY BAN NHÂN DÂN HUYỆN AN HÒA" = "Ủy ban nhân dân
    huyện An Hoà"); both must be known: a number alone repeats across offices.
    """
    if not facts.number or not facts.issuer:
        return None
    issuer = key(facts.issuer)
    for document_id, stored_issuer in session.execute(
        select(Document.id, Document.issuer)
        .where(
            Document.number == facts.number,
            Document.id != other_than,
            Document.deleted_at.is_(None),
        )
        .order_by(Document.id)
    ):
        if stored_issuer and key(stored_issuer) == issuer:
            return int(document_id)
    return None


def ingest(
    session: Session,
    *,
    doc: str,
    text: str,
    facts: DocumentFacts,
    plans: Sequence[TaskPlan],
    now: datetime,
    actor: str | None = None,
    source: str | None = None,
    extra: Mapping[str, Any] | None = None,
) -> IngestResult:
    """Store a document and its tasks; the same content again is a duplicate.

    ``extra``: more ``documents`` columns (the header as data, where the text came
    from, the e-mail it was attached to).
    """
    # Core inserts into the tables (not the ORM classes, whose bulk path sends a
    # statement per row on psycopg), with RETURNING, each one statement: an ingest
    # writes hundreds of rows (a task for "các xã" fans out to every commune).
    # ON CONFLICT on the content hash: the same text stored before (or by another
    # process at this moment) makes this a duplicate, found in the same statement
    document_id = session.execute(
        insert_or_skip(session)(DOCUMENTS)
        .on_conflict_do_nothing(index_elements=[DOCUMENTS.c.content_hash])
        .returning(DOCUMENTS.c.id),
        {
            "content_hash": content_hash(text),
            "file_name": clip(doc, HEADER_LIMITS["file_name"]),
            "kind": clip(facts.kind, HEADER_LIMITS["kind"]),
            "number": clip(facts.number, HEADER_LIMITS["number"]),
            "issuer": clip(facts.issuer, HEADER_LIMITS["issuer"]),
            "issued": facts.issued,
            "title": facts.title,
            "source": source,
            "text": text,
            "ingested_at": now,
            **(extra or {}),
        },
    ).scalar_one_or_none()
    if document_id is None:
        stored = find_document(session, text)
        assert stored is not None  # the conflicting row is committed and visible
        return IngestResult(
            doc,
            stored.id,
            len(stored.tasks),
            duplicate=True,
            deleted=stored.deleted_at is not None,
        )
    event(session, "ingested", now=now, on=facts.issued, actor=actor, document_id=document_id)
    twin = same_number(session, facts, other_than=document_id)
    if twin is not None:
        event(
            session,
            "likely_duplicate",
            now=now,
            on=facts.issued,
            actor=actor,
            document_id=document_id,
            detail=f"cùng số/ký hiệu {facts.number} và cơ quan ban hành với văn bản mã {twin}",
        )
    task_ids: list[int] = []
    if plans:
        task_ids = list(
            session.scalars(
                insert(TASKS).returning(TASKS.c.id, sort_by_parameter_order=True),
                [_task_row(document_id, ordinal, plan, now) for ordinal, plan in enumerate(plans)],
            )
        )
        assignment_rows = [
            _assignment_row(task_id, spec)
            for task_id, plan in zip(task_ids, plans, strict=True)
            for spec in plan.assignments
        ]
        if assignment_rows:
            session.execute(insert(ASSIGNMENTS), assignment_rows)
        session.execute(
            insert(EVENTS),
            [
                {
                    "kind": "created",
                    "at": now,
                    "on": facts.issued,
                    "actor": actor,
                    "task_id": task_id,
                    "detail": label(REVIEW_LABELS, plan.review),
                }
                for task_id, plan in zip(task_ids, plans, strict=True)
            ],
        )
    return IngestResult(
        doc,
        document_id,
        len(plans),
        duplicate=False,
        drafts=sum(p.review == "draft" for p in plans),
        assignments=sum(len(p.assignments) for p in plans),
        likely_duplicate_of=twin,
    )


def _task_row(document_id: int, ordinal: int, plan: TaskPlan, now: datetime) -> dict[str, Any]:
    c = plan.candidate
    return {
        "document_id": document_id,
        "ordinal": ordinal,
        "sentence": c.sentence,
        "span_start": c.span.start,
        "span_end": c.span.end,
        "action": c.action,
        "deadline": c.deadline,
        "deadline_text": c.deadline_text,
        "recurrence": c.recurrence,
        "report_to": c.report_to,
        "report_to_unit_id": plan.report_to_unit_id,
        "confidence": c.confidence,
        "rule": c.rule,
        "review": plan.review,
        "created_at": now,
    }


def _assignment_row(task_id: int, spec: AssignmentSpec) -> dict[str, Any]:
    return {
        "task_id": task_id,
        "unit_id": spec.unit_id,
        "unit_key": str(spec.unit_id or ""),
        "owner_text": spec.owner_text,
        "role": spec.role,
        "period": spec.period,
        "original_deadline": spec.deadline,
        "deadline": spec.deadline,
        "due_on": spec.due_on,
    }


# --- done / extend / reopen ------------------------------------------------------------


def mark_done(
    session: Session,
    rows: Sequence[Assignment],
    *,
    on: date,
    note: str | None,
    now: datetime,
    actor: str | None = None,
) -> None:
    """Record that each assignment was finished (its report sent) on ``on``."""
    for a in rows:
        if a.done_on is not None:
            raise BadInput(
                f"{unit_name(a)} đã hoàn thành nhiệm vụ {a.task_id} ngày {a.done_on:%d/%m/%Y}"
            )
    for a in rows:
        a.done_on = on
        if note:
            a.note = note
        event(
            session,
            "done",
            now=now,
            on=on,
            actor=actor,
            task_id=a.task_id,
            assignment_id=a.id,
            unit_id=a.unit_id,
            detail=note,
        )


def reopen(
    session: Session,
    rows: Sequence[Assignment],
    *,
    on: date,
    reason: str | None,
    now: datetime,
    actor: str | None = None,
) -> None:
    """Undo "done": open again (the history keeps the old date)."""
    if not any(a.done_on is not None for a in rows):
        raise BadInput("nhiệm vụ này chưa được đánh dấu hoàn thành")
    for a in rows:
        if a.done_on is None:
            continue
        event(
            session,
            "reopened",
            now=now,
            on=on,
            actor=actor,
            task_id=a.task_id,
            assignment_id=a.id,
            unit_id=a.unit_id,
            detail=f"done_on={a.done_on.isoformat()}" + (f"; {reason}" if reason else ""),
        )
        a.done_on = None


def extend(
    session: Session,
    rows: Sequence[Assignment],
    *,
    to: date,
    due_on: date,
    by: str | None,
    reason: str | None,
    on: date,
    now: datetime,
    actor: str | None = None,
) -> None:
    """Gia hạn: a new deadline; the original deadline stays for statistics."""
    for a in rows:
        if a.deadline is not None and to <= a.deadline:
            raise BadInput(f"hạn mới {to:%d/%m/%Y} phải sau hạn hiện tại {a.deadline:%d/%m/%Y}")
    for a in rows:
        event(
            session,
            "extended",
            now=now,
            on=on,
            actor=actor,
            task_id=a.task_id,
            assignment_id=a.id,
            unit_id=a.unit_id,
            old_deadline=a.deadline,
            new_deadline=to,
            document_number=by,
            detail=reason,
        )
        a.deadline, a.due_on, a.extended_on = to, due_on, on


def unit_name(a: Assignment) -> str:
    """The unit's canonical name, or the owner text while it is unresolved."""
    return a.unit.name if a.unit is not None else a.owner_text


# --- review --------------------------------------------------------------------------


def set_review(
    session: Session, task: Task, state: str, *, now: datetime, on: date, actor: str | None = None
) -> None:
    """Confirm or reject a task (an event records the change)."""
    if state not in REVIEW_LABELS:
        raise BadInput(f"trạng thái duyệt không hợp lệ: {state!r}")
    if task.review == state:
        raise BadInput(f"nhiệm vụ {task.id} đã ở trạng thái {REVIEW_LABELS[state]}")
    event(
        session,
        state,
        now=now,
        on=on,
        actor=actor,
        task_id=task.id,
        detail=f"{label(REVIEW_LABELS, task.review)} → {REVIEW_LABELS[state]}",
    )
    task.review = state


def edit_task(
    session: Session,
    task: Task,
    *,
    owners: Sequence[AssignmentSpec] | None,
    deadline: date | None,
    due_on: date | None,
    report_to: str | None,
    now: datetime,
    on: date,
    actor: str | None = None,
) -> None:
    """Correct a draft: owners (replacing the lead assignments), deadline, report-to."""
    changes: list[str] = []
    if owners is not None:
        task.assignments = [a for a in task.assignments if a.role != "lead"]
        session.flush()
        for spec in owners:
            task.assignments.append(
                Assignment(
                    unit_id=spec.unit_id,
                    unit_key=str(spec.unit_id or ""),
                    owner_text=spec.owner_text,
                    role="lead",
                    period=spec.period,
                    original_deadline=task.deadline,
                    deadline=task.deadline,
                    due_on=spec.due_on,
                )
            )
        changes.append("chủ trì: " + "; ".join(dict.fromkeys(s.owner_text for s in owners)))
    if deadline is not None:
        old = task.deadline
        task.deadline = deadline
        for a in task.assignments:
            a.deadline = a.original_deadline = deadline
            a.due_on = due_on
        before = f"{old:%d/%m/%Y}" if old else "không có"
        changes.append(f"hạn: {before} → {deadline:%d/%m/%Y}")
        event(
            session,
            "edited",
            now=now,
            on=on,
            actor=actor,
            task_id=task.id,
            old_deadline=old,
            new_deadline=deadline,
        )
    if report_to is not None:
        task.report_to = report_to
        changes.append(f"báo cáo về: {report_to}")
    if not changes:
        raise BadInput("không có gì để sửa (dùng --owner, --deadline hoặc --report-to)")
    event(
        session, "edited", now=now, on=on, actor=actor, task_id=task.id, detail="; ".join(changes)
    )


def rename_unit(
    session: Session, unit: Unit, new_name: str, *, now: datetime, on: date, actor: str | None
) -> str:
    """A unit's new name; the old one stays as an alias (documents still use it) and
    its history stays with the unit. Returns the old name."""
    name = " ".join(new_name.split())
    check_text(name, label="tên mới", limit=UNIT_NAME_MAX)
    if not name:
        raise BadInput("tên mới trống")
    k = unit_key(name)
    taken = session.scalars(select(Unit).where(Unit.name_key == k, Unit.id != unit.id)).first()
    alias = session.scalars(select(UnitAlias).where(UnitAlias.alias_key == k)).first()
    if taken is not None or (alias is not None and alias.unit_id != unit.id):
        raise BadInput(f"tên {name!r} đã dùng cho đơn vị khác")
    old = unit.name
    if k == unit.name_key and name == old:
        raise BadInput(f"đơn vị đã mang tên {name!r}")
    if alias is not None:  # the new name was one of its aliases: now it is the name
        unit.aliases.remove(alias)
        session.flush()
    old_key = unit.name_key
    unit.name, unit.name_key = name, k
    session.flush()
    if old_key != k:
        unit.aliases.append(UnitAlias(alias=old, alias_key=old_key))
    event(
        session,
        "unit_renamed",
        now=now,
        on=on,
        actor=actor,
        unit_id=unit.id,
        detail=f"{old} → {name}",
    )
    return old


@dataclass(frozen=True, slots=True)
class Carried:
    """What a retirement did: open assignments moved to the successor, merged into
    one it already had, child units attached to it."""

    moved: int = 0
    merged: int = 0
    children: int = 0


def open_assignments(session: Session, unit: Unit) -> list[Assignment]:
    """A unit's assignments not done yet (and not already carried into another)."""
    return list(
        session.scalars(
            select(Assignment)
            .where(
                Assignment.unit_id == unit.id,
                Assignment.done_on.is_(None),
                Assignment.merged_into_id.is_(None),
            )
            .order_by(Assignment.id)
        )
    )


def retire_unit(
    session: Session,
    unit: Unit,
    successor: Unit | None,
    *,
    on: date,
    now: datetime,
    actor: str | None,
    kind: str = "unit_retired",
) -> Carried:
    """Retire ``unit`` (merged, abolished) on ``on``; its successor takes over.

    Open assignments go to the successor: moved, or — when the successor already
    has the same task (same role and period; "các xã" gave it to both communes) —
    closed into the successor's own (``merged_into_id``), so the work is counted
    once. Done assignments stay with the unit: the history of who did what is
    kept. Active child units are attached to the successor.
    """
    if not unit.active:
        raise BadInput(f"đơn vị {unit.name!r} đã thôi hoạt động")
    opened = open_assignments(session, unit)
    children = list(session.scalars(select(Unit).where(Unit.parent_id == unit.id, Unit.active)))
    if successor is None and (opened or children):
        what = (
            f"{len(opened)} lượt giao chưa hoàn thành"
            if opened
            else (f"{len(children)} đơn vị trực thuộc")
        )
        raise BadInput(f"đơn vị {unit.name!r} còn {what}: chỉ rõ đơn vị kế thừa (--successor)")
    moved = merged = 0
    for assignment in opened:
        assert successor is not None
        if _carry(session, assignment, unit, successor, on=on, now=now, actor=actor):
            moved += 1
        else:
            merged += 1
    for child in children:
        assert successor is not None
        child.parent_id = successor.id
        event(
            session,
            "unit_moved",
            now=now,
            on=on,
            actor=actor,
            unit_id=child.id,
            detail=f"trực thuộc {successor.name} (thay {unit.name})",
        )
    unit.active, unit.retired_on = False, on
    unit.successor_id = successor.id if successor is not None else None
    event(
        session,
        kind,
        now=now,
        on=on,
        actor=actor,
        unit_id=unit.id,
        detail=f"{unit.name} → {successor.name}" if successor is not None else unit.name,
    )
    session.flush()
    return Carried(moved, merged, len(children))


def _carry(
    session: Session,
    assignment: Assignment,
    source: Unit,
    target: Unit,
    *,
    on: date,
    now: datetime,
    actor: str | None,
) -> bool:
    """Move one open assignment to ``target`` (True), or close it into the one
    ``target`` already has for the same task, role and period (False)."""
    same = session.scalars(
        select(Assignment)
        .where(
            Assignment.task_id == assignment.task_id,
            Assignment.unit_id == target.id,
            Assignment.role == assignment.role,
            Assignment.period == assignment.period,
        )
        .order_by(Assignment.merged_into_id.is_not(None), Assignment.id)
    ).first()
    if same is not None:
        into = same.merged_into_id or same.id
        assignment.merged_into_id = into
        event(
            session,
            "merged",
            now=now,
            on=on,
            actor=actor,
            task_id=assignment.task_id,
            assignment_id=assignment.id,
            unit_id=source.id,
            detail=f"{source.name} → {target.name}: một lượt giao với mã {into}",
        )
        return False
    assignment.unit_id, assignment.unit_key = target.id, str(target.id)
    session.flush()  # the next assignment of the same task sees this one
    event(
        session,
        "carried",
        now=now,
        on=on,
        actor=actor,
        task_id=assignment.task_id,
        assignment_id=assignment.id,
        unit_id=target.id,
        detail=f"{source.name} → {target.name}",
    )
    return True


def add_alias(session: Session, unit: Unit, alias: str) -> None:
    """Another way of writing a unit's name; refused when another unit has it."""
    check_text(alias, label="tên gọi khác", limit=UNIT_NAME_MAX)
    if not alias.strip():
        raise BadInput("tên gọi khác trống")
    k = unit_key(alias)
    taken = session.scalars(select(Unit).where(Unit.name_key == k)).first()
    other = session.scalars(select(UnitAlias).where(UnitAlias.alias_key == k)).first()
    if (taken is not None and taken.id != unit.id) or (
        other is not None and other.unit_id != unit.id
    ):
        raise BadInput(f"tên {alias!r} đã dùng cho đơn vị khác")
    if other is None and k != unit.name_key:
        unit.aliases.append(UnitAlias(alias=alias.strip(), alias_key=k))
