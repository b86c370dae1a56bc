"""``tracker review``: the queue of draft tasks — list, accept, reject, edit."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Any

import typer

from tracker.cli import AsOfOption, ConfigOption, DbOption, app, catch_errors, context
from tracker.cli.output import FORMATS, say, write_rows

review_app = typer.Typer(
    help="Hàng chờ duyệt nhiệm vụ (review queue).", invoke_without_command=True
)
app.add_typer(review_app, name="review")

TaskId = Annotated[int, typer.Argument(help="Task number (task_id).")]
COLUMNS = (
    ("task_id", "Số"),
    ("owners", "Chủ thể"),
    ("action", "Nhiệm vụ"),
    ("deadline", "Hạn"),
    ("confidence", "Độ tin cậy"),
    ("rule", "Quy tắc"),
    ("sentence", "Câu gốc"),
)


def _draft_rows(session: Any) -> list[dict[str, Any]]:
    from sqlalchemy import select

    from tracker.store.models import Task

    drafts = session.scalars(select(Task).where(Task.review == "draft").order_by(Task.id))
    return [
        {
            "task_id": t.id,
            "owners": list(dict.fromkeys(a.owner_text for a in t.assignments if a.role == "lead")),
            "action": t.action,
            "deadline": t.deadline.isoformat() if t.deadline else None,
            "deadline_text": t.deadline_text,
            "report_to": t.report_to,
            "confidence": t.confidence,
            "rule": t.rule,
            "sentence": t.sentence,
            "document": t.document.number or t.document.file_name,
        }
        for t in drafts
    ]


@review_app.callback()
@catch_errors
def review_list(
    ctx: typer.Context,
    fmt: Annotated[str, typer.Option("--format", help="table, json or jsonl.")] = "table",
    interactive: Annotated[
        bool, typer.Option("--interactive", "-i", help="Ask for each draft.")
    ] = False,
    as_of: AsOfOption = None,
    config: ConfigOption = None,
    db: DbOption = None,
) -> None:
    """List draft tasks waiting for review (with --interactive: accept/reject each).

    Example: tracker review --format jsonl
    """
    if ctx.invoked_subcommand is not None:
        context(ctx, config, db)
        return
    from tracker.errors import BadInput
    from tracker.store.engine import session_scope
    from tracker.store.models import Task
    from tracker.store.writes import set_review

    if fmt not in FORMATS:
        raise BadInput(f"định dạng không hỗ trợ: {fmt!r} (chọn {', '.join(FORMATS)})")
    app_ctx = context(ctx, config, db)
    with session_scope(app_ctx.engine(), write=False) as session:
        rows = _draft_rows(session)
        if not interactive:
            write_rows(rows, fmt, columns=COLUMNS)
            return
        day = app_ctx.as_of(as_of)
        for row in rows:
            say(f"[{row['task_id']}] {row['sentence']}")
            say(f"    chủ thể: {', '.join(row['owners']) or '—'}; hạn: {row['deadline'] or '—'}")
            answer = typer.prompt("Duyệt (c), loại (r), bỏ qua (s)?", default="s", err=True)
            choice = {"c": "confirmed", "r": "rejected"}.get(answer.strip().lower()[:1])
            if choice:
                task = session.get(Task, row["task_id"])
                assert task is not None
                set_review(session, task, choice, now=datetime.now(UTC), on=day)


def _change(ctx: typer.Context, task_id: int, state: str, as_of: str | None) -> None:
    from tracker.errors import BadInput
    from tracker.store.engine import session_scope
    from tracker.store.models import Task
    from tracker.store.writes import set_review

    app_ctx = context(ctx)
    with session_scope(app_ctx.engine()) as session:
        task = session.get(Task, task_id)
        if task is None:
            raise BadInput(f"không có nhiệm vụ số {task_id}")
        set_review(session, task, state, now=datetime.now(UTC), on=app_ctx.as_of(as_of))
    say(f"Nhiệm vụ {task_id}: {state}")


@review_app.command("accept")
@catch_errors
def accept(
    ctx: typer.Context,
    task_id: TaskId,
    as_of: AsOfOption = None,
    config: ConfigOption = None,
    db: DbOption = None,
) -> None:
    """Confirm a draft: it counts from now on.

    Example: tracker review accept 12
    """
    context(ctx, config, db)
    _change(ctx, task_id, "confirmed", as_of)


@review_app.command("reject")
@catch_errors
def reject(
    ctx: typer.Context,
    task_id: TaskId,
    as_of: AsOfOption = None,
    config: ConfigOption = None,
    db: DbOption = None,
) -> None:
    """Reject a draft (not a task); the history keeps it.

    Example: tracker review reject 12
    """
    context(ctx, config, db)
    _change(ctx, task_id, "rejected", as_of)


@review_app.command("edit")
@catch_errors
def edit(
    ctx: typer.Context,
    task_id: TaskId,
    owner: Annotated[
        list[str] | None, typer.Option("--owner", help="Owner (repeat for several).")
    ] = None,
    deadline: Annotated[str | None, typer.Option("--deadline", help="New deadline.")] = None,
    report_to: Annotated[
        str | None, typer.Option("--report-to", help="Unit that receives the result.")
    ] = None,
    as_of: AsOfOption = None,
    config: ConfigOption = None,
    db: DbOption = None,
) -> None:
    """Correct a task's owners, deadline or report-to (each change is an event).

    Example: tracker review edit 12 --owner "Phòng Nội vụ" --deadline 2024-06-30
    """
    from dataclasses import replace

    from tracker.dates import parse_cli_date
    from tracker.errors import BadInput
    from tracker.extract.types import Span, TaskCandidate
    from tracker.store.engine import session_scope
    from tracker.store.models import Task
    from tracker.store.writes import edit_task
    from tracker.tracking.intake import plan_task
    from tracker.tracking.registry import load_registry

    app_ctx = context(ctx, config, db)
    new_deadline = parse_cli_date(deadline) if deadline else None
    policy = app_ctx.policy()
    with session_scope(app_ctx.engine()) as session:
        task = session.get(Task, task_id)
        if task is None:
            raise BadInput(f"không có nhiệm vụ số {task_id}")
        specs = None
        if owner:
            registry = load_registry(session)
            unknown = [o for o in owner if not registry.resolve(o).resolved]
            if unknown:
                raise BadInput(
                    f"không có đơn vị {unknown[0]!r} trong danh mục (xem 'tracker units list')"
                )
            candidate = TaskCandidate(
                task.sentence,
                Span(task.span_start, task.span_end),
                task.action,
                tuple(owner),
                new_deadline or task.deadline,
                task.deadline_text,
                task.recurrence,
                task.report_to,
                task.confidence,
                task.rule,
            )
            plan = plan_task(
                candidate, registry=registry, policy=policy, threshold=0.0, confirm=True
            )
            specs = [replace(s) for s in plan.assignments if s.role == "lead"]
        edit_task(
            session,
            task,
            owners=specs,
            deadline=new_deadline,
            due_on=policy.last_day(new_deadline) if new_deadline else None,
            report_to=report_to,
            now=datetime.now(UTC),
            on=app_ctx.as_of(as_of),
        )
    say(f"Đã sửa nhiệm vụ {task_id}")
