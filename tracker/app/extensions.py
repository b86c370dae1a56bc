"""Use cases of extension requests (xin gia hạn): a unit asks for a later deadline
with a reason; the secretariat accepts it (the extension is recorded as ``tracker
extend`` records it, in the same transaction) or refuses it, with a word of why.

Events: ``extension_requested`` and ``extension_refused`` (an accepted request is
the ``extended`` event itself, its ``detail`` the unit's reason), each naming the actor.

Imports ``app.context``, ``limits``, ``store``, ``tracking``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from tracker.app.context import Context
from tracker.errors import BadInput
from tracker.limits import DOCUMENT_NUMBER_MAX, NOTE_MAX, check_deadline, check_id, check_text
from tracker.store import writes
from tracker.store.engine import session_scope
from tracker.store.models import Assignment, ExtensionRequest, Unit
from tracker.tracking.actions import live_task


@dataclass(frozen=True, slots=True)
class RequestRow:
    """An extension request as the faces list it."""

    request_id: int
    task_id: int
    unit: str
    unit_id: int
    action: str
    deadline: date | None
    requested_deadline: date
    reason: str
    requested_by: str
    requested_at: datetime
    state: str
    answered_by: str | None
    answer: str | None


def _leads(session: Session, task_id: int, unit_id: int) -> list[Assignment]:
    task = live_task(session, task_id)
    rows = [
        a
        for a in task.assignments
        if a.unit_id == unit_id and a.merged_into_id is None and a.role == "lead"
    ]
    if not rows:
        raise BadInput(f"nhiệm vụ {task_id} không giao cho đơn vị này chủ trì")
    return rows


def request_extension(
    ctx: Context,
    task_id: int,
    *,
    unit_id: int,
    to: date,
    reason: str,
    today: date,
    actor: str,
) -> RequestRow:
    """A unit asks for the deadline ``to`` (later than its deadline) giving a reason."""
    check_id(task_id)
    reason = " ".join(reason.split())
    if not reason:
        raise BadInput("cần ghi lý do xin gia hạn")
    check_text(reason, label="lý do", limit=NOTE_MAX)
    with session_scope(ctx.engine) as session:
        rows = _leads(session, task_id, unit_id)
        task = rows[0].task
        check_deadline(to, issued=task.document.issued, fallback=today, label="hạn đề nghị")
        current = max((a.deadline for a in rows if a.deadline is not None), default=None)
        if current is not None and to <= current:
            raise BadInput(f"hạn đề nghị {to:%d/%m/%Y} phải sau hạn hiện tại {current:%d/%m/%Y}")
        if any(a.done_on is not None for a in rows):
            raise BadInput(f"nhiệm vụ {task_id} đã hoàn thành")
        pending = session.scalars(
            select(ExtensionRequest).where(
                ExtensionRequest.task_id == task_id,
                ExtensionRequest.unit_id == unit_id,
                ExtensionRequest.state == "pending",
            )
        ).first()
        if pending is not None:
            raise BadInput(f"nhiệm vụ {task_id} đã có đề nghị gia hạn đang chờ trả lời")
        request = ExtensionRequest(
            task_id=task_id,
            unit_id=unit_id,
            requested_deadline=to,
            reason=reason,
            requested_by=actor,
            requested_at=ctx.now(),
            state="pending",
        )
        session.add(request)
        writes.event(
            session,
            "extension_requested",
            now=ctx.now(),
            on=today,
            actor=actor,
            task_id=task_id,
            assignment_id=rows[0].id,
            unit_id=unit_id,
            old_deadline=current,
            new_deadline=to,
            detail=reason,
        )
        session.flush()
        return _row(request, rows[0])


def _row(request: ExtensionRequest, assignment: Assignment | None) -> RequestRow:
    unit = assignment.unit if assignment is not None else None
    return RequestRow(
        request.id,
        request.task_id,
        unit.name if unit is not None else "",
        request.unit_id,
        assignment.task.action if assignment is not None else "",
        assignment.deadline if assignment is not None else None,
        request.requested_deadline,
        request.reason,
        request.requested_by,
        request.requested_at,
        request.state,
        request.answered_by,
        request.answer,
    )


def list_requests(
    ctx: Context,
    *,
    state: str | None = "pending",
    unit_id: int | None = None,
    task_id: int | None = None,
) -> list[RequestRow]:
    """Extension requests (by default the pending ones), oldest first."""
    query = select(ExtensionRequest).order_by(ExtensionRequest.id)
    if state is not None:
        query = query.where(ExtensionRequest.state == state)
    if unit_id is not None:
        query = query.where(ExtensionRequest.unit_id == unit_id)
    if task_id is not None:
        query = query.where(ExtensionRequest.task_id == task_id)
    with ctx.read() as session:
        found = []
        for request in session.scalars(query):
            lead = session.scalars(
                select(Assignment).where(
                    Assignment.task_id == request.task_id,
                    Assignment.unit_id == request.unit_id,
                    Assignment.role == "lead",
                )
            ).first()
            found.append(_row(request, lead))
        return found


def answer_request(
    ctx: Context,
    request_id: int,
    *,
    accept: bool,
    today: date,
    actor: str,
    by: str | None = None,
    answer: str | None = None,
) -> RequestRow:
    """Accept (record the extension, granted today) or refuse a pending request."""
    check_id(request_id, "đề nghị")
    check_text(by, label="số văn bản gia hạn", limit=DOCUMENT_NUMBER_MAX)
    check_text(answer, label="trả lời", limit=NOTE_MAX)
    with session_scope(ctx.engine) as session:
        request = session.get(ExtensionRequest, request_id)
        if request is None:
            raise BadInput(f"không có đề nghị gia hạn mã {request_id}")
        if request.state != "pending":
            raise BadInput(f"đề nghị gia hạn mã {request_id} đã được trả lời")
        rows = _leads(session, request.task_id, request.unit_id)
        unit = session.get(Unit, request.unit_id)
        if accept:
            to = request.requested_deadline
            check_deadline(to, issued=rows[0].task.document.issued, fallback=today, label="hạn mới")
            writes.extend(
                session,
                rows,
                to=to,
                due_on=ctx.policy.last_day(to),
                by=by,
                reason=request.reason,
                on=today,
                now=ctx.now(),
                actor=actor,
            )
        else:
            writes.event(
                session,
                "extension_refused",
                now=ctx.now(),
                on=today,
                actor=actor,
                task_id=request.task_id,
                assignment_id=rows[0].id,
                unit_id=unit.id if unit else None,
                new_deadline=request.requested_deadline,
                detail=answer,
            )
        request.state = "accepted" if accept else "refused"
        request.answered_by = actor
        request.answered_at = ctx.now()
        request.answer = answer
        session.flush()
        return _row(request, rows[0])
