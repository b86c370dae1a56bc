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

FormatOption = Annotated[
    str, typer.Option("--format", help="Dạng đầu ra: table (bảng), json hoặc jsonl.")
]
UnitOption = Annotated[
    str | None, typer.Option("--unit", help="Đơn vị: tên, tên khác hoặc như viết trong văn bản.")
]
TaskId = Annotated[int, typer.Argument(help="Mã nhiệm vụ (cột Mã NV).")]

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
SHOW_LABELS = (
    ("task_id", "Mã NV"),
    ("document", "Văn bản"),
    ("sentence", "Câu gốc"),
    ("action", "Nhiệm vụ"),
    ("deadline", "Hạn"),
    ("deadline_text", "Căn cứ hạn"),
    ("report_to", "Báo cáo về"),
    ("review", "Duyệt"),
    ("rule", "Quy tắc"),
)


def _format(fmt: str) -> str:
    from tracker.errors import BadInput

    if fmt not in FORMATS:
        raise BadInput(f"định dạng không hỗ trợ: {fmt!r} (chọn {', '.join(FORMATS)})")
    return fmt


def _date(app_ctx: AppContext, text: str | None, option: str) -> Any:
    return app_ctx.day(text, option) if text else None


def _render(rows: list[dict[str, Any]], fmt: str) -> None:
    from tracker.messages import STATUS_LABELS, label

    if fmt == "table":
        rows = [{**r, "status": label(STATUS_LABELS, r["status"])} for r in rows]
    write_rows(rows, fmt, columns=ASSIGNMENT_COLUMNS)


@app.command("ingest")
@catch_errors
def ingest_command(
    ctx: typer.Context,
    files: Annotated[
        list[Path],
        typer.Argument(help="Văn bản: .txt, .html, .docx, .doc, .pdf, bản quét, thư .eml."),
    ],
    issued: Annotated[
        str | None, typer.Option("--issued", help="Ngày ban hành (thay ngày đọc được).")
    ] = None,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Chỉ cho xem sẽ lưu gì, không lưu.")
    ] = False,
    confirm: Annotated[
        bool, typer.Option("--confirm", help="Duyệt luôn mọi nhiệm vụ (trừ bản quét).")
    ] = False,
    fmt: FormatOption = "table",
    config: ConfigOption = None,
    db: DbOption = None,
) -> None:
    """Trích xuất văn bản và lưu các nhiệm vụ (mỗi văn bản một giao dịch).

    Cùng một nội dung lưu hai lần được nhận ra và không lưu lại. Thư điện tử (.eml)
    cho các tệp đính kèm (và phần thân khi có nhiệm vụ), kèm người gửi và tiêu đề;
    nhiệm vụ đọc từ bản quét (OCR) phải chờ duyệt.

    Ví dụ: tracker ingest thong-bao.txt --format jsonl
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
        list[str] | None,
        typer.Option(
            "--status",
            help=(
                "Trạng thái (lặp lại được): đang thực hiện (open), sắp đến hạn (due_soon), "
                "quá hạn (overdue), hoàn thành đúng hạn (done_on_time), hoàn thành quá hạn "
                "(done_late), không có hạn (no_deadline)."
            ),
        ),
    ] = None,
    due_before: Annotated[
        str | None, typer.Option("--due-before", help="Hạn vào hoặc trước ngày này.")
    ] = None,
    due_after: Annotated[
        str | None, typer.Option("--due-after", help="Hạn vào hoặc sau ngày này.")
    ] = None,
    document: Annotated[
        str | None, typer.Option("--document", help="Số/ký hiệu hoặc tên tệp của văn bản.")
    ] = None,
    search: Annotated[
        str | None, typer.Option("--search", help="Từ cần tìm trong nội dung nhiệm vụ.")
    ] = None,
    as_of: AsOfOption = None,
    fmt: FormatOption = "table",
    config: ConfigOption = None,
    db: DbOption = None,
) -> None:
    """Danh sách lượt giao việc và trạng thái tính đến một ngày.

    Ví dụ: tracker tasks --unit "Xã An Bình" --status overdue --as-of 2024-04-20
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
    """Các đơn vị quá hạn tính đến một ngày, hạn sớm nhất trước, kèm số ngày quá hạn.

    Ví dụ: tracker overdue --as-of 2024-04-20 --format jsonl
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
    """Một nhiệm vụ: văn bản, câu gốc, các lượt giao việc và lịch sử.

    Ví dụ: tracker show 3
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
    for line in _show_lines(detail):
        say(line)
    _render(rows, "table")


def _show_lines(detail: dict[str, Any]) -> list[str]:
    """``show``'s header as a person reads it: Vietnamese names and values, no "None"."""
    from datetime import date

    from tracker.messages import REVIEW_LABELS, label

    lines = []
    for key, name in SHOW_LABELS:
        value = detail[key]
        if value is None:
            text = "—"
        elif key == "review":
            text = label(REVIEW_LABELS, value)
        elif key == "deadline":
            text = f"{date.fromisoformat(value):%d/%m/%Y}"
        else:
            text = str(value)
        lines.append(f"{name}: {text}")
    return lines


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
    """Lịch sử một nhiệm vụ: tạo, duyệt, hoàn thành, gia hạn, mở lại …

    Ví dụ: tracker history 3 --format jsonl
    """
    from tracker.app.tasks import task_history

    _format(fmt)
    app_ctx = context(ctx, config, db)
    from tracker.messages import EVENT_LABELS, label

    rows = [_event_row(e) for e in task_history(app_ctx.app(), task_id)]
    if fmt == "table":
        rows = [{**r, "kind": label(EVENT_LABELS, r["kind"])} for r in rows]
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
        str | None, typer.Option("--on", help="Ngày hoàn thành (mặc định: hôm nay).")
    ] = None,
    note: Annotated[str | None, typer.Option("--note", help="Ghi chú.")] = None,
    config: ConfigOption = None,
    db: DbOption = None,
) -> None:
    """Ghi nhận một đơn vị đã hoàn thành nhiệm vụ (đã gửi báo cáo).

    Ví dụ: tracker done 3 --unit "Xã An Bình" --on 2024-03-24
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
    reason: Annotated[str | None, typer.Option("--reason", help="Lý do.")] = None,
    as_of: AsOfOption = None,
    config: ConfigOption = None,
    db: DbOption = None,
) -> None:
    """Mở lại một nhiệm vụ đã ghi là hoàn thành.

    Ví dụ: tracker reopen 3 --unit "Xã An Bình" --reason "báo cáo thiếu số liệu"
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
    to: Annotated[str, typer.Option("--to", help="Hạn mới.")],
    unit: UnitOption = None,
    granted_on: Annotated[
        str | None,
        typer.Option("--granted-on", help="Ngày cho phép gia hạn (mặc định: hôm nay)."),
    ] = None,
    by: Annotated[
        str | None, typer.Option("--by", help="Văn bản cho phép, ví dụ 123/QĐ-UBND.")
    ] = None,
    reason: Annotated[str | None, typer.Option("--reason", help="Lý do.")] = None,
    as_of: AsOfOption = None,
    config: ConfigOption = None,
    db: DbOption = None,
) -> None:
    """Gia hạn nhiệm vụ; hạn ban đầu vẫn được giữ.

    --granted-on là ngày cho phép gia hạn (mặc định: hôm nay, hoặc --as-of): danh sách
    và báo cáo tính đến một ngày trước đó vẫn hiện, và xét theo, hạn còn hiệu lực khi ấy.

    Ví dụ: tracker extend 3 --to 2024-05-15 --granted-on 2024-04-12 --unit "Hạt Kiểm lâm"
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
        str | None, typer.Option("--from", help="Ngày đầu kỳ (mặc định: 1 tháng 1).")
    ] = None,
    end: Annotated[
        str | None, typer.Option("--to", help="Ngày cuối kỳ (mặc định: ngày --as-of).")
    ] = None,
    as_of: AsOfOption = None,
    fmt: FormatOption = "table",
    config: ConfigOption = None,
    db: DbOption = None,
) -> None:
    """Bảng theo dõi theo đơn vị: trạng thái, tỷ lệ đúng hạn, tồn kỳ trước, thời gian quá hạn.

    Chỉ tính việc còn phải làm trong kỳ: việc đã xong trước --from không được tính.

    Ví dụ: tracker stats --from 2024-01-01 --to 2024-06-30 --format json
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
    """Việc hằng ngày: lượt giao định kỳ, đánh dấu quá hạn, xếp thư nhắc việc và báo cáo.

    Thư báo cáo gửi lên đơn vị nhận báo cáo và reminders.supervisors.

    Chạy hai lần cho cùng một ngày thì lần sau không thay đổi gì. Mã thoát 1 khi có
    đơn vị quá hạn (cho cron), 0 nếu không.

    Ví dụ: tracker check --as-of 2024-04-20
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
