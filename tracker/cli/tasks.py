"""``tracker ingest``, ``tasks``, ``overdue``, ``show``, ``history``, ``done``,
``extend``, ``reopen``: the secretariat's daily work."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from tracker.cli import AppContext, AsOfOption, ConfigOption, DbOption, app, catch_errors, context
from tracker.cli.output import FORMATS, say, write_rows
from tracker.cli.rows import assignment_row, ingest_row

if TYPE_CHECKING:
    from tracker.app.tasks import EventRow

FormatOption = Annotated[str, typer.Option("--format", help="table, json or jsonl.")]
UnitOption = Annotated[str | None, typer.Option("--unit", help="Unit name, alias or owner text.")]
TaskId = Annotated[int, typer.Argument(help="Task number (task_id).")]

ASSIGNMENT_COLUMNS = (
    ("task_id", "Mã NV"),
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


def _date(app_ctx: AppContext, text: str | None, option: str) -> Any:
    return app_ctx.day(text, option) if text else None


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
    from tracker.app.documents import ingest_documents
    from tracker.load import limits_from_config, load_files
    from tracker.messages import message

    _format(fmt)
    app_ctx = context(ctx, config, db)
    issued_date = _date(app_ctx, issued, "--issued")
    # every file is read before anything is stored: a missing one stops the command
    documents = load_files(files, limits=limits_from_config(app_ctx.config), progress=say)
    for document in documents:
        if document.source == "ocr":
            confidence = f"{document.ocr_confidence or 0:.0f}"
            say(message("load.ocr", app_ctx.language, doc=document.name, confidence=confidence))
    results = ingest_documents(
        app_ctx.app(),
        documents,
        actor=app_ctx.actor,
        issued=issued_date,
        confirm=confirm,
        dry_run=dry_run,
        progress=say,
    )
    for r in results:
        if r.likely_duplicate_of is not None:
            say(
                f"Cảnh báo: {r.doc} (mã {r.document_id}) có cùng số/ký hiệu và cơ quan ban hành "
                f"với văn bản mã {r.likely_duplicate_of} đã lưu: có thể trùng; xem "
                f"'tracker documents show {r.likely_duplicate_of}', xóa bản thừa bằng "
                f"'tracker documents delete {r.document_id}'"
            )
        if r.duplicate and r.deleted:
            say(
                f"{r.doc}: trùng văn bản mã {r.document_id} đã xóa; khôi phục bằng "
                f"'tracker documents restore {r.document_id}'"
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
    from tracker.app.tasks import list_assignments

    _format(fmt)
    app_ctx = context(ctx, config, db)
    day = app_ctx.as_of(as_of)
    found = list_assignments(
        app_ctx.app(),
        as_of=day,
        unit=unit,
        statuses=status,
        due_before=_date(app_ctx, due_before, "--due-before"),
        due_after=_date(app_ctx, due_after, "--due-after"),
        document=document,
        search=search,
    )
    _render([assignment_row(r) for r in found], fmt)


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
    from tracker.app.tasks import overdue

    _format(fmt)
    app_ctx = context(ctx, config, db)
    found = overdue(app_ctx.app(), as_of=app_ctx.as_of(as_of), unit=unit)
    _render([assignment_row(r) for r in found], fmt)


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
    from tracker.app.tasks import task_detail

    _format(fmt)
    app_ctx = context(ctx, config, db)
    task = task_detail(app_ctx.app(), task_id, as_of=app_ctx.as_of(as_of))
    rows = [assignment_row(r) for r in task.assignments]
    detail = {
        "task_id": task.task_id,
        "document": task.document,
        "sentence": task.sentence,
        "start": task.start,
        "end": task.end,
        "action": task.action,
        "deadline": task.deadline.isoformat() if task.deadline else None,
        "deadline_text": task.deadline_text,
        "recurrence": task.recurrence,
        "report_to": task.report_to,
        "review": task.review,
        "confidence": task.confidence,
        "rule": task.rule,
        "assignments": rows,
        "history": [_event_row(e) for e in task.history],
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


def _event_row(e: EventRow) -> dict[str, Any]:
    return {
        "at": e.at.isoformat(),
        "on": e.on.isoformat() if e.on else None,
        "kind": e.kind,
        "assignment_id": e.assignment_id,
        "old_deadline": e.old_deadline.isoformat() if e.old_deadline else None,
        "new_deadline": e.new_deadline.isoformat() if e.new_deadline else None,
        "document_number": e.document_number,
        "detail": e.detail,
        "unit": e.unit,
        "actor": e.actor,
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
    from tracker.app.tasks import task_history

    _format(fmt)
    app_ctx = context(ctx, config, db)
    rows = [_event_row(e) for e in task_history(app_ctx.app(), task_id)]
    write_rows(
        rows,
        fmt,
        columns=(
            ("on", "Ngày"),
            ("kind", "Sự kiện"),
            ("unit", "Đơn vị"),
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
    from tracker.app.tasks import mark_done

    app_ctx = context(ctx, config, db)
    day = app_ctx.as_of(on, "--on")
    done = mark_done(
        app_ctx.app(),
        task_id,
        unit=unit,
        on=day,
        today=app_ctx.today(),
        note=note,
        actor=app_ctx.actor,
    )
    say(f"Đã ghi nhận hoàn thành nhiệm vụ {task_id}: {', '.join(done.units)} ({day:%d/%m/%Y})")


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
    from tracker.app.tasks import reopen

    app_ctx = context(ctx, config, db)
    day = app_ctx.as_of(as_of)
    opened = reopen(
        app_ctx.app(), task_id, unit=unit, today=day, reason=reason, actor=app_ctx.actor
    )
    say(f"Đã mở lại nhiệm vụ {task_id}: {', '.join(opened.units)}")


@app.command("extend")
@catch_errors
def extend_command(
    ctx: typer.Context,
    task_id: TaskId,
    to: Annotated[str, typer.Option("--to", help="The new deadline.")],
    unit: UnitOption = None,
    granted_on: Annotated[
        str | None,
        typer.Option("--granted-on", help="Day the extension was granted (default: today)."),
    ] = None,
    by: Annotated[
        str | None, typer.Option("--by", help="Approving document, e.g. 123/QĐ-UBND.")
    ] = None,
    reason: Annotated[str | None, typer.Option("--reason", help="Why.")] = None,
    as_of: AsOfOption = None,
    config: ConfigOption = None,
    db: DbOption = None,
) -> None:
    """Extend a deadline (gia hạn); the original deadline is kept.

    --granted-on is the day the extension was granted (default: today, or --as-of):
    lists and reports as of an earlier day still show, and judge by, the deadline
    that was in force then.

    Example: tracker extend 3 --to 2024-05-15 --granted-on 2024-04-12 --unit "Hạt Kiểm lâm"
    """
    from tracker.app.tasks import extend

    app_ctx = context(ctx, config, db)
    new = app_ctx.day(to, "--to")
    today = app_ctx.as_of(as_of)
    granted = app_ctx.day(granted_on, "--granted-on") if granted_on else today
    extended = extend(
        app_ctx.app(),
        task_id,
        to=new,
        unit=unit,
        granted_on=granted,
        today=today,
        by=by,
        reason=reason,
        actor=app_ctx.actor,
    )
    say(
        f"Đã gia hạn nhiệm vụ {task_id} đến {new:%d/%m/%Y} (cho phép ngày {granted:%d/%m/%Y}): "
        f"{', '.join(extended.units)}"
    )


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

    from tracker.app.tasks import stats as scoreboard

    _format(fmt)
    app_ctx = context(ctx, config, db)
    first, last = app_ctx.period(start, end, as_of)
    stats = scoreboard(app_ctx.app(), start=first, end=last)
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
    from tracker.app.daily import daily_check

    app_ctx = context(ctx, config, db)
    day = app_ctx.as_of(as_of)
    result = daily_check(app_ctx.app(), as_of=day, actor=app_ctx.actor)
    say(
        f"Kiểm tra ngày {day:%d/%m/%Y}: {result.instances} lượt giao định kỳ mới, "
        f"{result.flagged} lượt mới quá hạn, {result.queued} mục nhắc việc mới; đang quá hạn: "
        f"{result.overdue} lượt, {result.overdue_units} đơn vị"
    )
    if result.unrouted:
        from tracker.notify.plan import unrouted_warning

        say(unrouted_warning(result.unrouted))
    if result.overdue:
        raise typer.Exit(1)
