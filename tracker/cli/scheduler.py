"""``tracker send`` and ``tracker scheduler run``: delivery and the long-running scheduler."""

from __future__ import annotations

from typing import Annotated

import typer

from tracker.cli import ConfigOption, DbOption, app, catch_errors, context
from tracker.cli.output import FORMATS, say, write_rows

scheduler_app = typer.Typer(
    help=(
        "Bộ lập lịch: kiểm tra hằng ngày, gửi thư, sao lưu, báo cáo định kỳ.\n\n"
        "Ví dụ: tracker scheduler run --config /etc/tracker/config.toml"
    ),
    no_args_is_help=True,
)
app.add_typer(scheduler_app, name="scheduler")


@app.command("send")
@catch_errors
def send_command(
    ctx: typer.Context,
    fmt: Annotated[
        str, typer.Option("--format", help="Dạng đầu ra: table (bảng), json hoặc jsonl.")
    ] = "table",
    config: ConfigOption = None,
    db: DbOption = None,
) -> None:
    """Gửi các thư nhắc việc đang chờ qua kênh đã cấu hình, mỗi mục nhiều nhất một lần.

    Thư bị máy chủ từ chối không chặn các thư khác: được thử lại sau (notify.retry_minutes,
    gấp đôi mỗi lần) và ghi là thất bại sau notify.max_attempts lần ('tracker outbox
    list'). Mã thoát 1 khi có thư chưa gửi được, 3 khi không kết nối được máy chủ.

    Ví dụ: tracker send --format jsonl
    """
    from tracker.app.daily import send_reminders
    from tracker.errors import BadInput
    from tracker.notify.channels import channel_from_config
    from tracker.notify.outbox import kind_label, problem_line

    if fmt not in FORMATS:
        raise BadInput(f"định dạng không hỗ trợ: {fmt!r} (chọn {', '.join(FORMATS)})")
    app_ctx = context(ctx, config, db)
    channel = channel_from_config(app_ctx.config)
    report = send_reminders(app_ctx.app(), channel, actor=app_ctx.actor)
    sent = report.sent
    rows = [{"to": s.to, "subject": s.subject, "kind": s.kind, "items": s.items} for s in sent]
    if fmt == "table":  # the contract's JSON keeps the English key; people read Vietnamese
        rows = [{**row, "kind": kind_label(str(row["kind"]))} for row in rows]
    write_rows(
        rows,
        fmt,
        columns=(
            ("to", "Người nhận"),
            ("subject", "Tiêu đề"),
            ("kind", "Loại"),
            ("items", "Số mục"),
        ),
    )
    say(f"Đã gửi {len(rows)} thư")
    for problem in report.problems:
        say(problem_line(problem, app_ctx.config.timezone))
    if report.problems:
        raise typer.Exit(1)


@scheduler_app.command("run")
@catch_errors
def run_command(ctx: typer.Context, config: ConfigOption = None, db: DbOption = None) -> None:
    """Chạy bộ lập lịch: kiểm tra hằng ngày, gửi thư, tổng hợp hằng tuần, sao lưu hằng
    ngày, báo cáo định kỳ, thư mục nhận văn bản (mỗi lúc chỉ một bộ chạy).

    Ví dụ: tracker scheduler run --config /etc/tracker/config.toml
    """
    from tracker import scheduler

    app_ctx = context(ctx, config, db)
    app_ctx.engine()
    scheduler.run(app_ctx.config, app_ctx.config_path, app_ctx.config.database_url, say=say)
