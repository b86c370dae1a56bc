"""``tracker ingest``, ``tasks``, ``overdue``, ``show``, ``history``, ``done``,
``extend``, ``reopen``: the secretariat's daily work."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from tracker.cli import AppContext, AsOfOption, ConfigOption, DbOption, app, catch_errors, context
from tracker.cli.output import FORMATS, say, write_rows
from tracker.cli.rows import assignment_row, ingest_row

if TYPE_CHECKING:
    from tracker.store.queries import Filters

FormatOption = Annotated[str, typer.Option("--format", help="table, json or jsonl.")]
UnitOption = Annotated[str | None, typer.Option("--unit", help="Unit name, alias or owner text.")]
TaskId = Annotated[int, typer.Argument(help="Task number (task_id).")]

ASSIGNMENT_COLUMNS = (
    ("task_id", "Số"),
    ("unit", "Đơn vị"),
    ("action", "Nhiệm vụ"),
    ("deadline", "Hạn"),
    ("status", "Trạng thái"),
    ("days_overdue", "Quá hạn (ngày)"),
    ("done_on", "Hoàn thành"),
    ("document", "Văn bản"),
)
STATUS_VI = {
    "done_on_time": "hoàn thành đúng hạn",
    "done_late": "hoàn thành quá hạn",
    "open": "đang thực hiện",
    "due_soon": "sắp đến hạn",
    "overdue": "quá hạn",
    "no_deadline": "không có hạn",
}


def _format(fmt: str) -> str:
    from tracker.errors import BadInput

    if fmt not in FORMATS:
        raise BadInput(f"định dạng không hỗ trợ: {fmt!r} (chọn {', '.join(FORMATS)})")
    return fmt


def _date(text: str | None) -> Any:
    from tracker.dates import parse_cli_date

    return parse_cli_date(text) if text else None


def _now() -> datetime:
    return datetime.now(UTC)


def _render(rows: list[dict[str, Any]], fmt: str) -> None:
    if fmt == "table":
        rows = [{**r, "status": STATUS_VI.get(r["status"], r["status"])} for r in rows]
    write_rows(rows, fmt, columns=ASSIGNMENT_COLUMNS)


@app.command("ingest")
@catch_errors
def ingest_command(
    ctx: typer.Context,
    files: Annotated[
        list[Path],
        typer.Argument(help="Documents: .txt, .html, .docx, .doc, .pdf, scans, .eml."),
    ],
    issued: Annotated[str | None, typer.Option("--issued", help="Document date override.")] = None,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Show what would be stored.")] = False,
    confirm: Annotated[
        bool, typer.Option("--confirm", help="Confirm every task (no review).")
    ] = False,
    fmt: FormatOption = "table",
    config: ConfigOption = None,
    db: DbOption = None,
) -> None:
    """Extract documents and store their tasks (one transaction per document).

    The same content twice is recognised and not stored again. An e-mail (.eml) gives
    its attachments (and its body when it holds tasks), with sender and subject; tasks
    read from a scan (OCR) wait for review.

    Example: tracker ingest thong-bao.txt --format jsonl
    """
    from tracker.ingest import IngestSettings, ingest_documents, limits_from_config, load_files
    from tracker.messages import message

    _format(fmt)
    app_ctx = context(ctx, config, db)
    issued_date = _date(issued)
    documents = load_files(files, limits=limits_from_config(app_ctx.config), progress=say)
    for document in documents:
        if document.source == "ocr":
            confidence = f"{document.ocr_confidence or 0:.0f}"
            say(message("load.ocr", app_ctx.language, doc=document.name, confidence=confidence))
    results = ingest_documents(
        app_ctx.engine(),
        documents,
        settings=IngestSettings.from_config(app_ctx.config, confirm=confirm, issued=issued_date),
        now=_now(),
        dry_run=dry_run,
        progress=say,
    )
    rows = [ingest_row(r) for r in results]
    if fmt == "table":
        write_rows(
            [{**r, "duplicate": "đã có" if r["duplicate"] else "mới"} for r in rows],
            fmt,
            columns=(
                ("doc", "Văn bản"),
                ("document_id", "Mã"),
                ("tasks", "Nhiệm vụ"),
                ("drafts", "Chờ duyệt"),
                ("assignments", "Lượt giao"),
                ("duplicate", "Tình trạng"),
            ),
        )
    else:
        write_rows(rows, fmt)


def _filters(app_ctx: AppContext, session: Any, unit: str | None, **values: Any) -> Filters:
    from tracker.errors import BadInput
    from tracker.store.queries import Filters
    from tracker.tracking.registry import load_registry

    unit_ids = None
    if unit is not None:
        resolution = load_registry(session).resolve(unit)
        unit_ids = frozenset(u.id for u in resolution.units)
        if not unit_ids and not values.pop("allow_unknown_unit", False):
            raise BadInput(f"không có đơn vị {unit!r} trong danh mục (xem 'tracker units list')")
    values.pop("allow_unknown_unit", None)
    return Filters(unit_ids=unit_ids, unit_text=unit, **values)


@app.command("tasks")
@catch_errors
def tasks_command(
    ctx: typer.Context,
    unit: UnitOption = None,
    status: Annotated[
        list[str] | None, typer.Option("--status", help="open, due_soon, overdue, done_on_time, …")
    ] = None,
    due_before: Annotated[
        str | None, typer.Option("--due-before", help="Deadline on or before.")
    ] = None,
    due_after: Annotated[
        str | None, typer.Option("--due-after", help="Deadline on or after.")
    ] = None,
    document: Annotated[
        str | None, typer.Option("--document", help="Số/ký hiệu or file name.")
    ] = None,
    search: Annotated[str | None, typer.Option("--search", help="Words in the action.")] = None,
    as_of: AsOfOption = None,
    fmt: FormatOption = "table",
    config: ConfigOption = None,
    db: DbOption = None,
) -> None:
    """List assignments with their status as of a day.

    Example: tracker tasks --unit "Xã An Bình" --status overdue --as-of 2024-04-20
    """
    from tracker.errors import BadInput
    from tracker.store.engine import session_scope
    from tracker.tracking.status import STATUSES, status_rows

    _format(fmt)
    app_ctx = context(ctx, config, db)
    day = app_ctx.as_of(as_of)
    for value in status or []:
        if value not in STATUSES:
            raise BadInput(f"trạng thái không hợp lệ {value!r} (chọn {', '.join(STATUSES)})")
    before, after = _date(due_before), _date(due_after)
    with session_scope(app_ctx.engine(), write=False) as session:
        filters = _filters(
            app_ctx,
            session,
            unit,
            statuses=frozenset(status) if status else None,
            due_before=before,
            due_after=after,
            document=document,
            search=search,
        )
        rows = [
            assignment_row(r)
            for r in status_rows(session, as_of=day, policy=app_ctx.policy(), filters=filters)
        ]
    _render(rows, fmt)


@app.command("overdue")
@catch_errors
def overdue_command(
    ctx: typer.Context,
    unit: UnitOption = None,
    as_of: AsOfOption = None,
    fmt: FormatOption = "table",
    config: ConfigOption = None,
    db: DbOption = None,
) -> None:
    """The overdue units as of a day, oldest deadline first, with days overdue.

    Example: tracker overdue --as-of 2024-04-20 --format jsonl
    """
    from tracker.store.engine import session_scope
    from tracker.tracking.status import status_rows

    _format(fmt)
    app_ctx = context(ctx, config, db)
    day = app_ctx.as_of(as_of)
    with session_scope(app_ctx.engine(), write=False) as session:
        filters = _filters(
            app_ctx, session, unit, statuses=frozenset({"overdue"}), include_support=False
        )
        rows = [
            assignment_row(r)
            for r in status_rows(session, as_of=day, policy=app_ctx.policy(), filters=filters)
        ]
    rows.sort(key=lambda r: (-r["days_overdue"], r["task_id"], r["unit"]))
    _render(rows, fmt)


@app.command("show")
@catch_errors
def show_command(
    ctx: typer.Context,
    task_id: TaskId,
    as_of: AsOfOption = None,
    fmt: FormatOption = "table",
    config: ConfigOption = None,
    db: DbOption = None,
) -> None:
    """One task: its document, sentence, every assignment and the history.

    Example: tracker show 3
    """
    from tracker.errors import BadInput
    from tracker.store.engine import session_scope
    from tracker.store.models import Task
    from tracker.store.queries import Filters, history
    from tracker.tracking.status import status_rows

    _format(fmt)
    app_ctx = context(ctx, config, db)
    day = app_ctx.as_of(as_of)
    with session_scope(app_ctx.engine(), write=False) as session:
        task = session.get(Task, task_id)
        if task is None:
            raise BadInput(f"không có nhiệm vụ số {task_id}")
        rows = [
            assignment_row(r)
            for r in status_rows(
                session, as_of=day, policy=app_ctx.policy(), filters=Filters(task_id=task_id)
            )
        ]
        detail = {
            "task_id": task.id,
            "document": task.document.number or task.document.file_name,
            "sentence": task.sentence,
            "start": task.span_start,
            "end": task.span_end,
            "action": task.action,
            "deadline": task.deadline.isoformat() if task.deadline else None,
            "deadline_text": task.deadline_text,
            "recurrence": task.recurrence,
            "report_to": task.report_to,
            "review": task.review,
            "confidence": task.confidence,
            "rule": task.rule,
            "assignments": rows,
            "history": [_event_row(e) for e in history(session, task_id)],
        }
    if fmt != "table":
        write_rows([detail], fmt)
        return
    for key in (
        "task_id",
        "document",
        "sentence",
        "action",
        "deadline",
        "deadline_text",
        "report_to",
        "review",
        "rule",
    ):
        say(f"{key}: {detail[key]}")
    _render(rows, "table")


def _event_row(e: Any) -> dict[str, Any]:
    return {
        "at": e.at.isoformat(),
        "on": e.on.isoformat() if e.on else None,
        "kind": e.kind,
        "assignment_id": e.assignment_id,
        "old_deadline": e.old_deadline.isoformat() if e.old_deadline else None,
        "new_deadline": e.new_deadline.isoformat() if e.new_deadline else None,
        "document_number": e.document_number,
        "detail": e.detail,
    }


@app.command("history")
@catch_errors
def history_command(
    ctx: typer.Context,
    task_id: TaskId,
    fmt: FormatOption = "table",
    config: ConfigOption = None,
    db: DbOption = None,
) -> None:
    """The history of a task: created, confirmed, done, extended, reopened …

    Example: tracker history 3 --format jsonl
    """
    from tracker.errors import BadInput
    from tracker.store.engine import session_scope
    from tracker.store.models import Task
    from tracker.store.queries import history

    _format(fmt)
    app_ctx = context(ctx, config, db)
    with session_scope(app_ctx.engine(), write=False) as session:
        if session.get(Task, task_id) is None:
            raise BadInput(f"không có nhiệm vụ số {task_id}")
        rows = [_event_row(e) for e in history(session, task_id)]
    write_rows(
        rows,
        fmt,
        columns=(
            ("on", "Ngày"),
            ("kind", "Sự kiện"),
            ("old_deadline", "Hạn cũ"),
            ("new_deadline", "Hạn mới"),
            ("document_number", "Văn bản"),
            ("detail", "Ghi chú"),
        ),
    )


@app.command("done")
@catch_errors
def done_command(
    ctx: typer.Context,
    task_id: TaskId,
    unit: UnitOption = None,
    on: Annotated[
        str | None, typer.Option("--on", help="Day it was done (default: today).")
    ] = None,
    note: Annotated[str | None, typer.Option("--note", help="A note.")] = None,
    config: ConfigOption = None,
    db: DbOption = None,
) -> None:
    """Record that a unit finished a task (sent its report).

    Example: tracker done 3 --unit "Xã An Bình" --on 2024-03-24
    """
    from tracker.store.engine import session_scope
    from tracker.store.writes import mark_done, unit_name
    from tracker.tracking.actions import pick
    from tracker.tracking.registry import load_registry

    app_ctx = context(ctx, config, db)
    day = app_ctx.as_of(on)
    with session_scope(app_ctx.engine()) as session:
        rows = pick(session, task_id, unit, load_registry(session))
        mark_done(session, rows, on=day, note=note, now=_now())
        names = ", ".join(unit_name(a) for a in rows)
    say(f"Đã ghi nhận hoàn thành nhiệm vụ {task_id}: {names} ({day:%d/%m/%Y})")


@app.command("reopen")
@catch_errors
def reopen_command(
    ctx: typer.Context,
    task_id: TaskId,
    unit: UnitOption = None,
    reason: Annotated[str | None, typer.Option("--reason", help="Why.")] = None,
    as_of: AsOfOption = None,
    config: ConfigOption = None,
    db: DbOption = None,
) -> None:
    """Open a task again after it was marked done.

    Example: tracker reopen 3 --unit "Xã An Bình" --reason "báo cáo thiếu số liệu"
    """
    from tracker.store.engine import session_scope
    from tracker.store.writes import reopen, unit_name
    from tracker.tracking.actions import pick
    from tracker.tracking.registry import load_registry

    app_ctx = context(ctx, config, db)
    day = app_ctx.as_of(as_of)
    with session_scope(app_ctx.engine()) as session:
        rows = pick(session, task_id, unit, load_registry(session))
        reopen(session, rows, on=day, reason=reason, now=_now())
        names = ", ".join(unit_name(a) for a in rows)
    say(f"Đã mở lại nhiệm vụ {task_id}: {names}")


@app.command("extend")
@catch_errors
def extend_command(
    ctx: typer.Context,
    task_id: TaskId,
    to: Annotated[str, typer.Option("--to", help="The new deadline.")],
    unit: UnitOption = None,
    by: Annotated[
        str | None, typer.Option("--by", help="Approving document, e.g. 123/QĐ-UBND.")
    ] = None,
    reason: Annotated[str | None, typer.Option("--reason", help="Why.")] = None,
    as_of: AsOfOption = None,
    config: ConfigOption = None,
    db: DbOption = None,
) -> None:
    """Extend a deadline (gia hạn); the original deadline is kept.

    Example: tracker extend 3 --to 2024-05-15 --unit "Hạt Kiểm lâm" --by 123/QĐ-UBND
    """
    from tracker.store.engine import session_scope
    from tracker.store.writes import extend, unit_name
    from tracker.tracking.actions import pick
    from tracker.tracking.registry import load_registry

    app_ctx = context(ctx, config, db)
    new = _date(to)
    day = app_ctx.as_of(as_of)
    policy = app_ctx.policy()
    with session_scope(app_ctx.engine()) as session:
        rows = pick(session, task_id, unit, load_registry(session))
        extend(
            session,
            rows,
            to=new,
            due_on=policy.last_day(new),
            by=by,
            reason=reason,
            on=day,
            now=_now(),
        )
        names = ", ".join(unit_name(a) for a in rows)
    say(f"Đã gia hạn nhiệm vụ {task_id} đến {new:%d/%m/%Y}: {names}")


STATS_COLUMNS = (
    ("unit", "Đơn vị"),
    ("total", "Tổng"),
    ("done_on_time", "Đúng hạn"),
    ("done_late", "Quá hạn đã xong"),
    ("open", "Trong hạn"),
    ("overdue", "Quá hạn"),
    ("on_time_rate", "Tỷ lệ đúng hạn"),
    ("carried_over", "Tồn kỳ trước"),
    ("overdue_30", "≤30 ngày"),
    ("overdue_60", "31–60"),
    ("overdue_120", "61–120"),
    ("overdue_more", ">120"),
)


@app.command("stats")
@catch_errors
def stats_command(
    ctx: typer.Context,
    start: Annotated[
        str | None, typer.Option("--from", help="First day (default: 1 January).")
    ] = None,
    end: Annotated[
        str | None, typer.Option("--to", help="Last day (default: the as-of day).")
    ] = None,
    as_of: AsOfOption = None,
    fmt: FormatOption = "table",
    config: ConfigOption = None,
    db: DbOption = None,
) -> None:
    """Per-unit scoreboard: counts by status, on-time share, carry-over, overdue ages.

    Counts the work still to do in the period: what was done before --from is left out.

    Example: tracker stats --from 2024-01-01 --to 2024-06-30 --format json
    """
    from dataclasses import asdict

    from tracker.store.engine import session_scope
    from tracker.store.queries import stats_by_unit
    from tracker.tracking.status import soon_cutoff

    _format(fmt)
    app_ctx = context(ctx, config, db)
    first, last = app_ctx.period(start, end, as_of)
    with session_scope(app_ctx.engine(), write=False) as session:
        stats = stats_by_unit(
            session, start=first, end=last, soon=soon_cutoff(last, app_ctx.policy())
        )
    rows = [{**asdict(s), "on_time_rate": s.on_time_rate} for s in stats]
    if fmt == "table":
        rows = [
            {**r, "on_time_rate": "—" if r["on_time_rate"] is None else f"{r['on_time_rate']:.0%}"}
            for r in rows
        ]
    write_rows(rows, fmt, columns=STATS_COLUMNS)


@app.command("check")
@catch_errors
def check_command(
    ctx: typer.Context,
    as_of: AsOfOption = None,
    config: ConfigOption = None,
    db: DbOption = None,
) -> None:
    """The daily job: recurring instances, overdue flags, reminders and escalations queued.

    Running it twice for the same day changes nothing the second time. Exit code 1
    when overdue units exist (for cron), 0 otherwise.

    Example: tracker check --as-of 2024-04-20
    """
    from tracker.notify.plan import daily
    from tracker.store.engine import session_scope

    app_ctx = context(ctx, config, db)
    day = app_ctx.as_of(as_of)
    with session_scope(app_ctx.engine()) as session:
        result, queued = daily(
            session, as_of=day, policy=app_ctx.policy(), ladder=app_ctx.ladder(), now=_now()
        )
    say(
        f"Kiểm tra ngày {day:%d/%m/%Y}: {result.instances} lượt giao định kỳ mới, "
        f"{result.flagged} lượt mới quá hạn, {queued} mục nhắc việc mới; đang quá hạn: "
        f"{result.overdue} lượt, {result.overdue_units} đơn vị"
    )
    if result.overdue:
        raise typer.Exit(1)
