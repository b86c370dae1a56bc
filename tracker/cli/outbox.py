"""``tracker outbox list|retry|drop``: see and mend the queue of messages."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

import typer

from tracker.cli import ConfigOption, DbOption, app, catch_errors, context
from tracker.cli.output import FORMATS, say, write_rows

outbox_app = typer.Typer(
    help=(
        "Hàng đợi thư nhắc việc: xem, gửi lại, bỏ (outbox).\n\n"
        "Ví dụ: tracker outbox list --state failed"
    ),
    no_args_is_help=True,
)
app.add_typer(outbox_app, name="outbox")

COLUMNS = (
    ("id", "Mã thư"),
    ("recipient", "Người nhận"),
    ("kind", "Loại"),
    ("subject", "Tiêu đề"),
    ("state", "Trạng thái"),
    ("attempts", "Số lần thử"),
    ("next_attempt_at", "Thử lại lúc"),
    ("last_error", "Lỗi gần nhất"),
    ("created_at", "Tạo lúc"),
    ("sent_at", "Gửi lúc"),
)
DEFAULT_STATES = ("queued", "retrying", "failed")
Ids = Annotated[list[int] | None, typer.Argument(help="Mã thư (cột Mã thư).", show_default=False)]


@outbox_app.command("list")
@catch_errors
def list_command(
    ctx: typer.Context,
    state: Annotated[
        list[str] | None,
        typer.Option(
            "--state",
            help=(
                "Trạng thái (lặp lại được): chờ gửi (queued), chờ thử lại (retrying), thất "
                "bại (failed), đã bỏ (dropped), đã rút (withdrawn), đã gửi (sent); mặc định: "
                "chờ gửi, chờ thử lại, thất bại."
            ),
        ),
    ] = None,
    every: Annotated[bool, typer.Option("--all", help="Mọi trạng thái, kể cả đã gửi.")] = False,
    fmt: Annotated[
        str, typer.Option("--format", help="Dạng đầu ra: table (bảng), json hoặc jsonl.")
    ] = "table",
    config: ConfigOption = None,
    db: DbOption = None,
) -> None:
    """Các thư trong hàng đợi: người nhận, nội dung, trạng thái, số lần thử, lỗi gần nhất.

    Ví dụ: tracker outbox list --state failed --format jsonl
    """
    from tracker.app.outbox import list_outbox
    from tracker.errors import BadInput
    from tracker.notify.outbox import STATES, check_states

    if fmt not in FORMATS:
        raise BadInput(f"định dạng không hỗ trợ: {fmt!r} (chọn {', '.join(FORMATS)})")
    states = STATES if every else tuple(state or DEFAULT_STATES)
    check_states(states)
    app_ctx = context(ctx, config, db)
    found = list_outbox(app_ctx.app(), states=states)
    rows = [_row(r) for r in found]
    if fmt == "table":
        rows = [_readable(row, app_ctx.config.timezone) for row in rows]
    write_rows(rows, fmt, columns=COLUMNS)
    if fmt == "table":
        say(f"{len(rows)} thư")


def _row(r: Any) -> dict[str, Any]:
    def instant(value: datetime | None) -> str | None:
        return value.isoformat() if value is not None else None

    return {
        "id": r.id,
        "recipient": r.recipient,
        "kind": r.kind,
        "subject": r.subject,
        "state": r.state,
        "attempts": r.attempts,
        "next_attempt_at": instant(r.next_attempt_at),
        "last_error": r.last_error,
        "created_at": instant(r.created_at),
        "sent_at": instant(r.sent_at),
    }


def _readable(row: dict[str, Any], timezone: str) -> dict[str, Any]:
    """Vietnamese states and kinds, local times: what a person reads in the table."""
    from zoneinfo import ZoneInfo

    from tracker.notify.address import shown
    from tracker.notify.outbox import STATE_LABELS, kind_label

    def local(value: str | None) -> str | None:
        if value is None:
            return None
        return f"{datetime.fromisoformat(value).astimezone(ZoneInfo(timezone)):%d/%m/%Y %H:%M}"

    return {
        **row,
        "recipient": shown(str(row["recipient"])),
        "kind": kind_label(str(row["kind"])),
        "state": STATE_LABELS[str(row["state"])],
        "next_attempt_at": local(row["next_attempt_at"]) if row["state"] == "retrying" else None,
        "created_at": local(row["created_at"]),
        "sent_at": local(row["sent_at"]),
    }


@outbox_app.command("retry")
@catch_errors
def retry_command(
    ctx: typer.Context,
    ids: Ids = None,
    failed: Annotated[bool, typer.Option("--failed", help="Mọi thư thất bại.")] = False,
    config: ConfigOption = None,
    db: DbOption = None,
) -> None:
    """Đưa thư vào hàng đợi lại (thất bại, đã bỏ hoặc đang chờ): 'tracker send' lần sau gửi.

    Ví dụ: tracker outbox retry --failed
    """
    from tracker.app.outbox import retry_messages

    app_ctx = context(ctx, config, db)
    count = retry_messages(app_ctx.app(), list(ids or ()), failed=failed, actor=app_ctx.actor)
    say(f"Đã đưa {count} thư vào hàng đợi gửi lại")


@outbox_app.command("drop")
@catch_errors
def drop_command(
    ctx: typer.Context,
    ids: Ids = None,
    config: ConfigOption = None,
    db: DbOption = None,
) -> None:
    """Bỏ thư khỏi hàng đợi (giữ lại ở trạng thái đã bỏ; 'retry' đưa vào lại).

    Ví dụ: tracker outbox drop 12 13
    """
    from tracker.app.outbox import drop_messages

    app_ctx = context(ctx, config, db)
    count = drop_messages(app_ctx.app(), list(ids or ()), actor=app_ctx.actor)
    say(f"Đã bỏ {count} thư khỏi hàng đợi")
