"""Use cases on documents: ingest (load → extract → header → plan → store, one
transaction each), list, show, delete (taken back, nothing destroyed) and restore.

``ingest_documents`` is the one ingest: ``tracker ingest``, the drop folder
(``app.dropfolder``: ``tracker intake run`` and the scheduler's intake job) and the
demo call it. For each loaded document (``tracker.load``: text, PDF, scan, .doc,
e-mail parts): extract its tasks, read its header (``extract.header``: số/ký hiệu,
issuer, date, trích yếu, Nơi nhận), plan the tasks — group owners fan out under the
issuing body, an owner "các đơn vị" becomes the Nơi nhận units, every task read by
OCR waits for review — and store them with the header and where the text came from,
an event naming the actor. The same content again (by the hash of the canonical
text) is a duplicate and not stored twice; a duplicate of a deleted document points
to ``restore``; the same số/ký hiệu and issuer as a stored one is stored and flagged.
The body of an e-mail is stored only when tasks are found in it.

Imports ``app.context``, ``extract``, ``limits``, ``load``, ``store``, ``tracking``.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from tracker.app.context import Context
from tracker.errors import BadInput
from tracker.extract import extract
from tracker.extract.header import Header, parse_header
from tracker.extract.types import DocumentFacts, Extraction
from tracker.limits import HEADER_LIMITS, NOTE_MAX, check_id, check_text, clip
from tracker.load import LoadedDocument, Progress, quiet
from tracker.store import writes
from tracker.store.engine import session_scope
from tracker.store.models import Document, Task
from tracker.store.queries import document_events
from tracker.store.writes import TaskPlan
from tracker.tracking.intake import plan_tasks
from tracker.tracking.recipients import assignable
from tracker.tracking.registry import Registry, Scope, load_registry

# What storing one document gave (docs/contract.md ingest row), as the store reports it.
Ingested = writes.IngestResult


def header_facts(facts: DocumentFacts, header: Header) -> DocumentFacts:
    """The header's số/ký hiệu, issuer (both lines of it), kind and trích yếu over the
    extractor's guesses; the date stays the extractor's (``--issued`` overrides it)."""
    return replace(
        facts,
        number=header.number or facts.number,
        issuer=header.issuer or facts.issuer,
        issued=facts.issued or header.issued,
        kind=header.kind or facts.kind,
        title=header.abstract or facts.title,
    )


def document_columns(document: LoadedDocument, header: Header) -> dict[str, Any]:
    """The ``documents`` columns of migration 0004 for one loaded document (texts
    clipped to their columns)."""
    return {
        "place": clip(header.place, HEADER_LIMITS["place"]),
        "abstract": header.abstract,
        "recipients": json.dumps(list(header.recipients), ensure_ascii=False)
        if header.recipients
        else None,
        "source_kind": document.source,
        "ocr_confidence": document.ocr_confidence,
        "mail_from": clip(document.sender, HEADER_LIMITS["mail_from"]),
        "mail_subject": document.subject,
    }


def _scope(registry: Registry, header: Header, facts: DocumentFacts) -> Scope:
    """Where group owners fan out: the first of the header's issuer, the body above it
    ("ỦY BAN NHÂN DÂN HUYỆN AN HÒA" above its "VĂN PHÒNG HĐND VÀ UBND") and the
    extractor's issuer that is a registered unit; else no area (``Registry.members``)."""
    for issuer in (header.issuer, header.parent, facts.issuer):
        scope = registry.scope(issuer)
        if scope.area is not None:
            return scope
    return Scope()


def _plan(
    ctx: Context,
    registry: Registry,
    document: LoadedDocument,
    extraction: Extraction,
    *,
    confirm: bool,
) -> tuple[Header, DocumentFacts, list[TaskPlan]]:
    """The header, facts and task plans of an extracted document, as stored."""
    header = parse_header(document.text)
    plans = plan_tasks(
        extraction.tasks,
        registry=registry,
        policy=ctx.policy,
        threshold=ctx.threshold,
        confirm=confirm,
        scope=_scope(registry, header, extraction.facts),
        recipients=assignable(header),
        review=document.source == "ocr",
    )
    return header, header_facts(extraction.facts, header), plans


def ingest_documents(
    ctx: Context,
    documents: Sequence[LoadedDocument],
    *,
    actor: str,
    issued: date | None = None,
    confirm: bool = False,
    dry_run: bool = False,
    progress: Progress = quiet,
) -> list[Ingested]:
    """Extract each document and store its tasks, one transaction per document.

    The same content again is reported as a duplicate and not stored twice.
    ``dry_run`` plans everything and writes nothing. ``progress`` hears one line per
    document when there are more than three, and of an e-mail body left out.
    """
    with ctx.read() as session:  # ingesting never changes the registry
        registry = load_registry(session)
    results: list[Ingested] = []
    for number, document in enumerate(documents, 1):
        if len(documents) > 3:
            progress(f"[{number}/{len(documents)}] {document.name}")
        extraction = extract(document.text, issued=issued)
        if document.part == "body" and not extraction.tasks:
            progress(f"{document.name}: không có nhiệm vụ, không lưu")
            continue
        header, facts, plans = _plan(ctx, registry, document, extraction, confirm=confirm)
        if dry_run:
            with ctx.read() as session:
                found = writes.find_document(session, document.text)
                results.append(
                    Ingested(
                        document.name,
                        found.id if found else 0,
                        len(plans),
                        found is not None,
                        sum(p.review == "draft" for p in plans),
                        sum(len(p.assignments) for p in plans),
                    )
                )
            continue
        with session_scope(ctx.engine) as session:
            stored = writes.ingest(
                session,
                doc=document.name,
                text=document.text,
                facts=facts,
                plans=plans,
                now=ctx.now(),
                actor=actor,
                source=str(Path(document.name)),
                extra=document_columns(document, header),
            )
        results.append(stored)
    return results


@dataclass(frozen=True, slots=True)
class DocumentTask:
    """One task of a document, in the document's order."""

    task_id: int
    ordinal: int
    action: str
    owners: tuple[str, ...]
    deadline: date | None
    review: str


@dataclass(frozen=True, slots=True)
class DocumentEvent:
    """A document's own event: ingested, likely duplicate, deleted, restored."""

    at: datetime
    kind: str
    actor: str | None
    detail: str | None


@dataclass(frozen=True, slots=True)
class DocumentSummary:
    """A stored document: its header facts, how many tasks it gave, whether deleted."""

    document_id: int
    doc: str
    number: str | None
    kind: str | None
    issuer: str | None
    issued: date | None
    title: str | None
    ingested_at: datetime
    tasks: int
    drafts: int
    deleted_at: datetime | None


@dataclass(frozen=True, slots=True)
class DocumentOrigin:
    """Where a document came from and what its header says beyond the summary
    (migration 0004; None for documents stored before it)."""

    place: str | None = None
    abstract: str | None = None
    recipients: tuple[str, ...] = ()  # the Nơi nhận items as written
    source_kind: str | None = None  # text, pdf or ocr
    ocr_confidence: float | None = None
    mail_from: str | None = None
    mail_subject: str | None = None


@dataclass(frozen=True, slots=True)
class DocumentDetail:
    """A document with its tasks and its own events."""

    summary: DocumentSummary
    tasks: tuple[DocumentTask, ...]
    events: tuple[DocumentEvent, ...]
    origin: DocumentOrigin = DocumentOrigin()


def _origin(document: Document) -> DocumentOrigin:
    recipients: tuple[str, ...] = ()
    if document.recipients:
        try:
            recipients = tuple(str(r) for r in json.loads(document.recipients))
        except (ValueError, TypeError):  # written by hand: shown as it is
            recipients = (document.recipients,)
    return DocumentOrigin(
        document.place,
        document.abstract,
        recipients,
        document.source_kind,
        document.ocr_confidence,
        document.mail_from,
        document.mail_subject,
    )


def _summary(document: Document, tasks: int, drafts: int) -> DocumentSummary:
    return DocumentSummary(
        document.id,
        document.file_name,
        document.number,
        document.kind,
        document.issuer,
        document.issued,
        document.title,
        document.ingested_at,
        tasks,
        drafts,
        document.deleted_at,
    )


def _document(session: Session, document_id: int) -> Document:
    document = session.get(Document, check_id(document_id, "văn bản"))
    if document is None:
        raise BadInput(f"không có văn bản mã {document_id} (xem 'tracker documents list')")
    return document


def list_documents(ctx: Context, *, include_deleted: bool = False) -> list[DocumentSummary]:
    """Stored documents, newest first, with their task and draft counts."""
    counts = (
        select(
            Task.document_id,
            func.count().label("tasks"),
            func.sum(case((Task.review == "draft", 1), else_=0)).label("drafts"),
        )
        .group_by(Task.document_id)
        .subquery()
    )
    query = (
        select(Document, counts.c.tasks, counts.c.drafts)
        .outerjoin(counts, counts.c.document_id == Document.id)
        .order_by(Document.id.desc())
    )
    if not include_deleted:
        query = query.where(Document.deleted_at.is_(None))
    with ctx.read() as session:
        return [
            _summary(document, int(tasks or 0), int(drafts or 0))
            for document, tasks, drafts in session.execute(query)
        ]


def show_document(ctx: Context, document_id: int) -> DocumentDetail:
    """One document: header facts, its tasks in order, its own events."""
    with ctx.read() as session:
        document = _document(session, document_id)
        tasks = sorted(document.tasks, key=lambda t: t.ordinal)
        return DocumentDetail(
            _summary(document, len(tasks), sum(t.review == "draft" for t in tasks)),
            tuple(
                DocumentTask(
                    t.id,
                    t.ordinal,
                    t.action,
                    tuple(dict.fromkeys(a.owner_text for a in t.assignments if a.role == "lead")),
                    t.deadline,
                    t.review,
                )
                for t in tasks
            ),
            tuple(
                DocumentEvent(e.at, e.kind, e.actor, e.detail)
                for e in document_events(session, document.id)
            ),
            _origin(document),
        )


def delete_document(
    ctx: Context, document_id: int, *, today: date, reason: str | None, actor: str
) -> DocumentSummary:
    """Take a document back: its tasks leave every list, report, reminder and count.

    Nothing is removed: the document, its tasks and their history stay, and
    ``restore_document`` undoes this. An event records who, when and why.
    """
    check_text(reason, label="lý do", limit=NOTE_MAX)
    with session_scope(ctx.engine) as session:
        document = _document(session, document_id)
        if document.deleted_at is not None:
            raise BadInput(
                f"văn bản mã {document_id} đã xóa ngày {_local(ctx, document.deleted_at)}"
            )
        document.deleted_at = ctx.now()
        writes.event(
            session,
            "document_deleted",
            now=ctx.now(),
            on=today,
            actor=actor,
            document_id=document.id,
            detail=reason,
        )
        tasks = document.tasks
        return _summary(document, len(tasks), sum(t.review == "draft" for t in tasks))


def restore_document(ctx: Context, document_id: int, *, today: date, actor: str) -> DocumentSummary:
    """Undo ``delete_document``: the tasks count again, as they were."""
    with session_scope(ctx.engine) as session:
        document = _document(session, document_id)
        if document.deleted_at is None:
            raise BadInput(f"văn bản mã {document_id} chưa bị xóa")
        document.deleted_at = None
        writes.event(
            session,
            "document_restored",
            now=ctx.now(),
            on=today,
            actor=actor,
            document_id=document.id,
        )
        tasks = document.tasks
        return _summary(document, len(tasks), sum(t.review == "draft" for t in tasks))


def _local(ctx: Context, instant: datetime) -> str:
    return f"{instant.astimezone(ZoneInfo(ctx.config.timezone)):%d/%m/%Y}"


@dataclass(frozen=True, slots=True)
class PreviewTask:
    """One task the extractor found, as it would be stored (before any correction)."""

    ordinal: int
    sentence: str
    start: int
    end: int
    action: str
    owners: tuple[str, ...]
    unresolved: tuple[str, ...]  # owners no registered unit matches
    deadline: date | None
    deadline_text: str | None
    recurrence: str | None
    report_to: str | None
    confidence: float
    review: str


@dataclass(frozen=True, slots=True)
class Preview:
    """What ingesting a document would store: its header facts and tasks; a
    duplicate names the stored document."""

    name: str
    text: str
    number: str | None
    kind: str | None
    issuer: str | None
    issued: date | None
    title: str | None
    tasks: tuple[PreviewTask, ...]
    duplicate_of: int | None


def preview_document(ctx: Context, document: LoadedDocument) -> Preview:
    """Extract and plan one document as ``ingest_documents`` would, writing nothing."""
    with ctx.read() as session:
        registry = load_registry(session)
        found = writes.find_document(session, document.text)
        duplicate = found.id if found is not None else None
    extraction = extract(document.text)
    _, facts, plans = _plan(ctx, registry, document, extraction, confirm=False)
    tasks = []
    for ordinal, plan in enumerate(plans):
        c = plan.candidate
        unresolved = tuple(
            dict.fromkeys(
                a.owner_text for a in plan.assignments if a.unit_id is None and a.role == "lead"
            )
        )
        tasks.append(
            PreviewTask(
                ordinal,
                c.sentence,
                c.span.start,
                c.span.end,
                c.action,
                c.owners,
                unresolved,
                c.deadline,
                c.deadline_text,
                c.recurrence,
                c.report_to,
                c.confidence,
                plan.review,
            )
        )
    return Preview(
        document.name,
        document.text,
        facts.number,
        facts.kind,
        facts.issuer,
        facts.issued,
        facts.title,
        tuple(tasks),
        duplicate,
    )


@dataclass(frozen=True, slots=True)
class TaskEdit:
    """A correction made in the preview: owners (registered units), deadline, report-to
    (None: as extracted)."""

    owners: tuple[str, ...] | None = None
    deadline: date | None = None
    report_to: str | None = None


@dataclass(frozen=True, slots=True)
class Saved:
    """What "Lưu" did: the ingest row, the corrected tasks, the confirmed ones and
    the drafts left for review (an owner no unit matches)."""

    ingested: Ingested
    edited: int
    confirmed: int
    drafts: int


def ingest_reviewed(
    ctx: Context,
    document: LoadedDocument,
    *,
    edits: dict[int, TaskEdit],
    confirm: bool,
    today: date,
    actor: str,
) -> Saved:
    """Store a document as ``tracker ingest`` does, then apply the preview's
    corrections (by task ordinal) and, with ``confirm``, accept every task whose
    owners are registered units (the others wait in the review queue)."""
    from tracker.app.review import OwnerUnknown, review_accept, review_edit

    for edit in edits.values():
        check_text(edit.report_to, label="báo cáo về", limit=NOTE_MAX)
    # every correction checked before anything is written
    with ctx.read() as session:
        registry = load_registry(session)
        for edit in edits.values():
            for owner in edit.owners or ():
                if not registry.resolve(owner).resolved:
                    raise BadInput(f"không có đơn vị {owner!r} trong danh mục")
    [ingested] = ingest_documents(ctx, [document], actor=actor)
    if ingested.duplicate:
        return Saved(ingested, 0, 0, 0)
    with ctx.read() as session:
        ids = dict(
            session.execute(
                select(Task.ordinal, Task.id).where(Task.document_id == ingested.document_id)
            ).all()
        )
    edited = 0
    for ordinal, edit in sorted(edits.items()):
        if ordinal not in ids or edit == TaskEdit():
            continue
        review_edit(
            ctx,
            ids[ordinal],
            owners=edit.owners,
            deadline=edit.deadline,
            report_to=edit.report_to,
            today=today,
            actor=actor,
        )
        edited += 1
    confirmed = drafts = 0
    with ctx.read() as session:
        states = dict(
            session.execute(
                select(Task.id, Task.review).where(Task.document_id == ingested.document_id)
            ).all()
        )
    for task_id, state in sorted(states.items()):
        if state != "draft":
            continue
        if not confirm:
            drafts += 1
            continue
        try:
            review_accept(ctx, task_id, today=today, actor=actor)
            confirmed += 1
        except OwnerUnknown:
            drafts += 1
    return Saved(ingested, edited, confirmed, drafts)
