"""The ingest use case: documents → text → tasks → store, one transaction per document.

``tracker ingest`` and the drop folder (``tracker.dropfolder``) both call
``ingest_documents``. For each document: extract its tasks, read its header
(``extract.header``: số/ký hiệu, issuer, date, trích yếu, Nơi nhận), plan the tasks
(an owner "các đơn vị" becomes the Nơi nhận units; every task from OCR text is a
draft), and store them with the header and where the text came from. The body of an
e-mail is stored only when tasks are found in it.

Interim home: the app layer (``tracker/app``, one function per thing a person does)
takes this function over when it lands; callers then change one import.

Imports ``extract``, ``load``, ``store`` and ``tracking``.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tracker.load import Limits, LoadedDocument, Progress, load_documents
from tracker.load.base import quiet

if TYPE_CHECKING:
    from sqlalchemy.engine import Engine

    from tracker.config import Config
    from tracker.extract.header import Header
    from tracker.extract.types import DocumentFacts
    from tracker.store.writes import IngestResult
    from tracker.tracking.status import Policy


def limits_from_config(config: Config) -> Limits:
    """The loaders' resource limits from ``[input]``."""
    return Limits(
        max_bytes=int(config.get("input", "max_file_mb")) * 1_000_000,
        max_unpacked=int(config.get("input", "max_unpacked_mb")) * 1_000_000,
        max_pages=int(config.get("input", "max_pages")),
    )


def load_files(
    paths: Sequence[Path], *, limits: Limits, progress: Progress = quiet
) -> list[LoadedDocument]:
    """Every file read (an e-mail gives its parts) before anything is written."""
    documents: list[LoadedDocument] = []
    for path in paths:
        documents += load_documents(Path(path), limits=limits, progress=progress)
    return documents


@dataclass(frozen=True, slots=True)
class IngestSettings:
    """What decides how tasks are planned: policy, review threshold, --confirm, --issued."""

    policy: Policy
    threshold: float
    confirm: bool = False
    issued: date | None = None

    @classmethod
    def from_config(
        cls, config: Config, *, confirm: bool = False, issued: date | None = None
    ) -> IngestSettings:
        """Settings of a configuration."""
        from tracker.tracking.status import Policy

        threshold = float(config.get("review", "confidence_threshold"))
        return cls(Policy.from_config(config), threshold, confirm, issued)


def _facts(facts: DocumentFacts, header: Header) -> DocumentFacts:
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
    """The ``documents`` columns of migration 0004 for one loaded document."""
    return {
        "place": header.place,
        "abstract": header.abstract,
        "recipients": json.dumps(list(header.recipients), ensure_ascii=False)
        if header.recipients
        else None,
        "source_kind": document.source,
        "ocr_confidence": document.ocr_confidence,
        "mail_from": document.sender,
        "mail_subject": document.subject,
    }


def ingest_documents(
    engine: Engine,
    documents: Sequence[LoadedDocument],
    *,
    settings: IngestSettings,
    now: datetime,
    dry_run: bool = False,
    actor: str | None = None,
    progress: Progress = quiet,
) -> list[IngestResult]:
    """Extract and store each document in its own transaction; duplicates are reported."""
    from tracker.extract import extract
    from tracker.extract.header import parse_header
    from tracker.store.engine import session_scope
    from tracker.store.writes import IngestResult, find_document, ingest
    from tracker.tracking.intake import plan_tasks
    from tracker.tracking.recipients import assignable
    from tracker.tracking.registry import load_registry

    results: list[IngestResult] = []
    with session_scope(engine, write=False) as session:  # ingesting never changes the registry
        registry = load_registry(session)
    for number, document in enumerate(documents, 1):
        if len(documents) > 3:
            progress(f"[{number}/{len(documents)}] {document.name}")
        extraction = extract(document.text, issued=settings.issued)
        if document.part == "body" and not extraction.tasks:
            progress(f"{document.name}: không có nhiệm vụ, không lưu")
            continue
        header = parse_header(document.text)
        with session_scope(engine) as session:
            plans = plan_tasks(
                extraction.tasks,
                registry=registry,
                policy=settings.policy,
                threshold=settings.threshold,
                confirm=settings.confirm,
                recipients=assignable(header),
                review=document.source == "ocr",
            )
            if dry_run:
                found = find_document(session, document.text)
                results.append(
                    IngestResult(
                        document.name,
                        found.id if found else 0,
                        len(plans),
                        found is not None,
                        sum(p.review == "draft" for p in plans),
                        sum(len(p.assignments) for p in plans),
                    )
                )
                session.rollback()
                continue
            results.append(
                ingest(
                    session,
                    doc=document.name,
                    text=document.text,
                    facts=_facts(extraction.facts, header),
                    plans=plans,
                    now=now,
                    actor=actor,
                    source=str(Path(document.name)),
                    extra=document_columns(document, header),
                )
            )
    return results
