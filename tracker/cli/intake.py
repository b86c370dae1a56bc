"""``tracker intake run``: ingest what is waiting in the drop folder, once."""

from __future__ import annotations

from typing import Annotated

import typer

from tracker.cli import ConfigOption, DbOption, app, catch_errors, context
from tracker.cli.output import FORMATS, say, write_rows

intake_app = typer.Typer(
    help=(
        "Thư mục nhận văn bản: lưu các tệp được thả vào.\n\n"
        "Ví dụ: tracker intake run --config /etc/tracker/config.toml"
    ),
    no_args_is_help=True,
)
app.add_typer(intake_app, name="intake")


@intake_app.command("run")
@catch_errors
def run_command(
    ctx: typer.Context,
    fmt: Annotated[
        str, typer.Option("--format", help="Dạng đầu ra: table (bảng), json hoặc jsonl.")
    ] = "table",
    config: ConfigOption = None,
    db: DbOption = None,
) -> None:
    """Lưu một lần các tệp đang chờ trong thư mục nhận văn bản (intake.folder), việc bộ
    lập lịch làm mỗi intake.every_minutes phút.

    Mỗi tệp được chuyển vào done/ hoặc failed/ (kèm tệp .error.txt bên cạnh).

    Ví dụ: tracker intake run --config /etc/tracker/config.toml
    """
    from tracker.app.dropfolder import folder_of, run_once
    from tracker.errors import BadInput

    if fmt not in FORMATS:
        raise BadInput(f"định dạng không hỗ trợ: {fmt!r} (chọn {', '.join(FORMATS)})")
    app_ctx = context(ctx, config, db)
    folder = folder_of(app_ctx.config)
    if folder is None:
        raise BadInput("chưa cấu hình thư mục nhận văn bản: đặt [intake] folder trong config.toml")
    if not folder.is_dir():
        raise BadInput(f"thư mục nhận văn bản '{folder}' không tồn tại")
    outcomes = run_once(app_ctx.app(), actor=app_ctx.actor)
    rows = [
        {
            "file": o.name,
            "status": o.status,
            "documents": o.documents,
            "tasks": o.tasks,
            "duplicates": o.duplicates,
            "error": o.error,
        }
        for o in outcomes
    ]
    if fmt == "table":  # the JSON keeps the keys; a person reads Vietnamese
        rows = [{**r, "status": "đã lưu" if r["status"] == "done" else "lỗi"} for r in rows]
    write_rows(
        rows,
        fmt,
        columns=(
            ("file", "Tệp"),
            ("status", "Kết quả"),
            ("tasks", "Nhiệm vụ"),
            ("duplicates", "Đã có"),
            ("error", "Lỗi"),
        ),
    )
    say(f"Đã xử lý {len(rows)} tệp trong {folder}")
