"""Use cases of the review queue: list drafts, accept, reject, edit.

Imports ``app.context``, ``extract.types``, ``store``, ``tracking``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date

from sqlalchemy import select

from tracker.app.context import Context
from tracker.errors import BadInput
from tracker.extract.types import Span, TaskCandidate
from tracker.limits import SEARCH_MAX, check_deadline, check_text
from tracker.store import writes
from tracker.store.engine import session_scope
from tracker.store.models import Document, Task
from tracker.tracking.actions import live_task
from tracker.tracking.intake import plan_task
from tracker.tracking.registry import Registry, load_registry


class OwnerUnknown(BadInput):
    """A draft's lead owner is not a registered unit (the accept asks for one)."""


@dataclass(frozen=True, slots=True)
class Draft:
    """A task waiting for review."""

    task_id: int
    owners: tuple[str, ...]
    action: str
    deadline: date | None
    deadline_text: str | None
    report_to: str | None
    confidence: float
    rule: str
    sentence: str
    document: str


@dataclass(frozen=True, slots=True)
class Reviewed:
    """A review decision: the task and its new state."""

    task_id: int
    review: str


def list_drafts(ctx: Context) -> list[Draft]:
    """The drafts waiting for review, oldest first."""
    with ctx.read() as session:
        drafts = session.scalars(
            select(Task)
            .join(Document, Document.id == Task.document_id)
            .where(Task.review == "draft", Document.deleted_at.is_(None))
            .order_by(Task.id)
        )
        return [
            Draft(
                t.id,
                tuple(dict.fromkeys(a.owner_text for a in t.assignments if a.role == "lead")),
                t.action,
                t.deadline,
                t.deadline_text,
                t.report_to,
                t.confidence,
                t.rule,
                t.sentence,
                t.document.number or t.document.file_name,
            )
            for t in drafts
        ]


def _set(ctx: Context, task_id: int, state: str, *, today: date, actor: str) -> Reviewed:
    with session_scope(ctx.engine) as session:
        task = live_task(session, task_id)
        writes.set_review(session, task, state, now=ctx.now(), on=today, actor=actor)
    return Reviewed(task_id, state)


def review_accept(
    ctx: Context,
    task_id: int,
    *,
    today: date,
    actor: str,
    owners: Sequence[str] | None = None,
) -> Reviewed:
    """Confirm a draft: it counts from now on.

    Every lead owner must be a registered unit, so that no phantom unit (an owner
    text nobody registered) enters the lists: owner texts the registry has learnt
    since the ingest (``units add``/``alias``) are resolved now; ``owners`` names
    the registered units that lead instead. Otherwise the accept is refused.
    """
    for owner in owners or ():
        check_text(owner, label="--owner", limit=SEARCH_MAX)
    with session_scope(ctx.engine) as session:
        task = live_task(session, task_id)
        if task.review == "confirmed":
            raise BadInput(f"nhiệm vụ {task_id} đã được duyệt")
        registry = load_registry(session)
        wanted = list(owners) if owners else _unresolved_leads(task, registry)
        if wanted:
            writes.edit_task(
                session,
                task,
                owners=_owner_specs(ctx, task, wanted, None, registry),
                deadline=None,
                due_on=None,
                report_to=None,
                now=ctx.now(),
                on=today,
                actor=actor,
            )
        writes.set_review(session, task, "confirmed", now=ctx.now(), on=today, actor=actor)
    return Reviewed(task_id, "confirmed")


def _unresolved_leads(task: Task, registry: Registry) -> list[str]:
    """The lead owner texts to resolve again ([] when every lead has its unit).

    Refused when a lead names no registered unit, or when there is no lead.
    """
    leads = [a for a in task.assignments if a.role == "lead"]
    texts = list(dict.fromkeys(a.owner_text for a in leads))
    unknown = [t for t in texts if not registry.resolve(t).resolved]
    if not texts or unknown:
        what = f"chủ trì {unknown[0]!r} chưa có trong danh mục" if unknown else "chưa có chủ trì"
        raise OwnerUnknown(
            f"nhiệm vụ {task.id}: {what}: thêm đơn vị ('tracker units add', "
            "'tracker units alias') hoặc chỉ rõ đơn vị chủ trì bằng --owner"
        )
    return [] if all(a.unit_id is not None for a in leads) else texts


def review_reject(ctx: Context, task_id: int, *, today: date, actor: str) -> Reviewed:
    """Reject a draft (not a task); the history keeps it."""
    return _set(ctx, task_id, "rejected", today=today, actor=actor)


def _owner_specs(
    ctx: Context, task: Task, owners: Sequence[str], deadline: date | None, registry: Registry
) -> list[writes.AssignmentSpec]:
    """Lead assignments for ``owners`` (each must be a registered unit)."""
    unknown = [o for o in owners if not registry.resolve(o).resolved]
    if unknown:
        raise BadInput(f"không có đơn vị {unknown[0]!r} trong danh mục (xem 'tracker units list')")
    candidate = TaskCandidate(
        task.sentence,
        Span(task.span_start, task.span_end),
        task.action,
        tuple(owners),
        deadline or task.deadline,
        task.deadline_text,
        task.recurrence,
        task.report_to,
        task.confidence,
        task.rule,
    )
    plan = plan_task(
        candidate,
        registry=registry,
        policy=ctx.policy,
        threshold=0.0,
        confirm=True,
        scope=registry.scope(task.document.issuer),
    )
    return [replace(s) for s in plan.assignments if s.role == "lead"]


def review_edit(
    ctx: Context,
    task_id: int,
    *,
    owners: Sequence[str] | None = None,
    deadline: date | None = None,
    report_to: str | None = None,
    today: date,
    actor: str,
) -> Reviewed:
    """Correct a task's owners (registered units), deadline or report-to; each an event."""
    policy = ctx.policy
    check_text(report_to, label="--report-to", limit=SEARCH_MAX)
    for owner in owners or ():
        check_text(owner, label="--owner", limit=SEARCH_MAX)
    with session_scope(ctx.engine) as session:
        task = live_task(session, task_id)
        if deadline is not None:
            check_deadline(deadline, issued=task.document.issued, fallback=today, label="hạn")
        specs = None
        if owners:
            specs = _owner_specs(ctx, task, owners, deadline, load_registry(session))
        writes.edit_task(
            session,
            task,
            owners=specs,
            deadline=deadline,
            due_on=policy.last_day(deadline) if deadline else None,
            report_to=report_to,
            now=ctx.now(),
            on=today,
            actor=actor,
        )
        return Reviewed(task_id, task.review)
