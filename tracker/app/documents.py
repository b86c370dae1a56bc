"""Use cases on documents: ingest (extract → plan → store, one transaction each).

Imports ``app.context``, ``extract``, ``store``, ``tracking``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy.orm import Session

from tracker.app.context import Context
from tracker.errors import BadInput
from tracker.extract import extract
from tracker.store import writes
from tracker.store.engine import session_scope
from tracker.store.models import Document
from tracker.tracking.intake import plan_tasks
from tracker.tracking.registry import load_registry


@dataclass(frozen=True, slots=True)
class Source:
    """A document to ingest: its name, its NFC text and where it came from."""

    name: str
    text: str
    origin: str | None = None


@dataclass(frozen=True, slots=True)
class Ingested:
    """CONTRACT.md ingest row: ``doc``, ``document_id``, ``tasks``, ``duplicate`` (+ counts)."""

    doc: str
    document_id: int
    tasks: int
    duplicate: bool
    drafts: int = 0
    assignments: int = 0


Progress = Callable[[int, int, str], None]


def ingest_documents(
    ctx: Context,
    sources: Sequence[Source],
    *,
    actor: str,
    issued: date | None = None,
    confirm: bool = False,
    dry_run: bool = False,
    progress: Progress | None = None,
) -> list[Ingested]:
    """Extract each document and store its tasks, one transaction per document.

    The same content again is reported as a duplicate and not stored twice.
    ``dry_run`` plans everything and writes nothing. ``progress(n, total, name)``
    is called before each document.
    """
    with ctx.read() as session:  # ingesting never changes the registry
        registry = load_registry(session)
    results: list[Ingested] = []
    for number, source in enumerate(sources, 1):
        if progress is not None:
            progress(number, len(sources), source.name)
        extraction = extract(source.text, issued=issued)
        plans = plan_tasks(
            extraction.tasks,
            registry=registry,
            policy=ctx.policy,
            threshold=ctx.threshold,
            confirm=confirm,
        )
        if dry_run:
            with ctx.read() as session:
                found = writes.find_document(session, source.text)
                results.append(
                    Ingested(
                        source.name,
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
                doc=source.name,
                text=source.text,
                facts=extraction.facts,
                plans=plans,
                now=ctx.now(),
                actor=actor,
                source=source.origin,
            )
        results.append(
            Ingested(
                stored.doc,
                stored.document_id,
                stored.tasks,
                stored.duplicate,
                stored.drafts,
                stored.assignments,
            )
        )
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
class DocumentSummary:
    """A stored document: its header facts and how many tasks it gave."""

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


@dataclass(frozen=True, slots=True)
class DocumentDetail:
    """A document with its tasks."""

    summary: DocumentSummary
    tasks: tuple[DocumentTask, ...]


def _summary(document: Document) -> DocumentSummary:
    return DocumentSummary(
        document.id,
        document.file_name,
        document.number,
        document.kind,
        document.issuer,
        document.issued,
        document.title,
        document.ingested_at,
        len(document.tasks),
        sum(t.review == "draft" for t in document.tasks),
    )


def _document(session: Session, document_id: int) -> Document:
    document = session.get(Document, document_id)
    if document is None:
        raise BadInput(f"không có văn bản mã {document_id} (xem 'tracker documents list')")
    return document


def show_document(ctx: Context, document_id: int) -> DocumentDetail:
    """One document: header facts and its tasks in order."""
    with ctx.read() as session:
        document = _document(session, document_id)
        tasks = sorted(document.tasks, key=lambda t: t.ordinal)
        return DocumentDetail(
            _summary(document),
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
        )
