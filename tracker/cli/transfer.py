"""``tracker import all``: load a dump made by ``tracker export all`` into an empty database."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from tracker.cli import ConfigOption, DbOption, app, catch_errors, context
from tracker.cli.output import say

import_app = typer.Typer(
    help=(
        "Nạp dữ liệu: toàn bộ cơ sở dữ liệu từ tệp của 'tracker export all'.\n\n"
        "Ví dụ: tracker import all sao-luu.jsonl"
    ),
    no_args_is_help=True,
)
app.add_typer(import_app, name="import")


@import_app.command("all")
@catch_errors
def all_command(
    ctx: typer.Context,
    source: Annotated[Path, typer.Argument(help="Tệp do 'tracker export all' ghi.")],
    config: ConfigOption = None,
    db: DbOption = None,
) -> None:
    """Nạp toàn bộ dữ liệu đã xuất vào một cơ sở dữ liệu trống, trong một giao dịch.

    Tệp không phải bản xuất đầy đủ của lược đồ phiên bản này, hoặc cơ sở dữ liệu đã có
    dữ liệu, bị từ chối và không gì được ghi.

    Ví dụ: tracker import all sao-luu.jsonl --db postgresql+psycopg://user@host/tracker
    """
    from tracker.app.transfer import import_all
    from tracker.errors import BadInput

    if not source.is_file():
        raise BadInput(f"tệp '{source}' không tồn tại hoặc không phải tệp thường")
    app_ctx = context(ctx, config, db)
    try:
        with source.open(encoding="utf-8") as lines:
            counts = import_all(app_ctx.app(), lines, source=str(source), actor=app_ctx.actor)
    except UnicodeDecodeError:
        raise BadInput(f"{source}: không phải văn bản UTF-8") from None
    total = sum(counts.values())
    say(f"Đã nạp {total} dòng ({counts.get('documents', 0)} văn bản) từ {source}")
