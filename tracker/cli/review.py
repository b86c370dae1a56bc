"""``tracker review``: the queue of draft tasks — list, accept, reject, edit."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any

import typer

from tracker.cli import AsOfOption, ConfigOption, DbOption, app, catch_errors, context
from tracker.cli.output import FORMATS, say, write_rows

if TYPE_CHECKING:
    from tracker.app.review import Draft

review_app = typer.Typer(
    help=(
        "Hàng chờ duyệt nhiệm vụ: xem, duyệt, loại, sửa.\n\n"
        'Ví dụ: tracker review accept 12 --owner "Phòng Kinh tế - Hạ tầng"'
    ),
    invoke_without_command=True,
)
app.add_typer(review_app, name="review")

TaskId = Annotated[int, typer.Argument(help="Mã nhiệm vụ (cột Mã NV).")]
COLUMNS = (
    ("task_id", "Mã NV"),
    ("owners", "Chủ thể"),
    ("action", "Nhiệm vụ"),
    ("deadline", "Hạn"),
    ("confidence", "Độ tin cậy"),
    ("rule", "Quy tắc"),
    ("sentence", "Câu gốc"),
)


def _draft_row(d: Draft) -> dict[str, Any]:
    return {
        "task_id": d.task_id,
        "owners": list(d.owners),
        "action": d.action,
        "deadline": d.deadline.isoformat() if d.deadline else None,
        "deadline_text": d.deadline_text,
        "report_to": d.report_to,
        "confidence": d.confidence,
        "rule": d.rule,
        "sentence": d.sentence,
        "document": d.document,
    }


@review_app.callback()
@catch_errors
def review_list(
    ctx: typer.Context,
    fmt: Annotated[
        str, typer.Option("--format", help="Dạng đầu ra: table (bảng), json hoặc jsonl.")
    ] = "table",
    interactive: Annotated[
        bool, typer.Option("--interactive", "-i", help="Hỏi lần lượt từng nhiệm vụ chờ duyệt.")
    ] = False,
    as_of: AsOfOption = None,
    config: ConfigOption = None,
    db: DbOption = None,
) -> None:
    """Các nhiệm vụ chờ duyệt (với --interactive: duyệt hoặc loại từng nhiệm vụ).

    Ví dụ: tracker review --interactive
    """
    if ctx.invoked_subcommand is not None:
        context(ctx, config, db)
        return
    from tracker.app.review import list_drafts, review_reject
    from tracker.errors import BadInput

    if fmt not in FORMATS:
        raise BadInput(f"định dạng không hỗ trợ: {fmt!r} (chọn {', '.join(FORMATS)})")
    app_ctx = context(ctx, config, db)
    use_cases = app_ctx.app()
    rows = [_draft_row(d) for d in list_drafts(use_cases)]
    if not interactive:
        write_rows(rows, fmt, columns=COLUMNS)
        return
    day = app_ctx.as_of(as_of)
    for row in rows:
        say(f"[{row['task_id']}] {row['sentence']}")
        say(f"    chủ thể: {', '.join(row['owners']) or '—'}; hạn: {row['deadline'] or '—'}")
        answer = typer.prompt("Duyệt (c), loại (r), bỏ qua (s)?", default="s", err=True)
        choice = answer.strip().lower()[:1]
        # each decision is its own transaction: an interruption keeps the earlier ones
        try:
            if choice == "c":
                _accept_asking(use_cases, row["task_id"], day, app_ctx.actor)
            elif choice == "r":
                review_reject(use_cases, row["task_id"], today=day, actor=app_ctx.actor)
                say(f"    đã loại nhiệm vụ {row['task_id']}")
        except BadInput as error:  # one refused decision does not end the session
            say(f"    không ghi: {error}")


def _accept_asking(use_cases: Any, task_id: int, day: Any, actor: str) -> None:
    """Accept; when a lead owner is not a registered unit, ask which unit leads."""
    from tracker.app.review import OwnerUnknown, review_accept

    try:
        review_accept(use_cases, task_id, today=day, actor=actor)
    except OwnerUnknown as error:
        say(f"    {error}")
        owner = typer.prompt(
            "    Đơn vị chủ trì (tên trong danh mục; Enter: bỏ qua)", default="", err=True
        ).strip()
        if not owner:
            return
        review_accept(use_cases, task_id, today=day, actor=actor, owners=[owner])
    say(f"    đã duyệt nhiệm vụ {task_id}")


def _change(
    ctx: typer.Context, task_id: int, state: str, as_of: str | None, owners: list[str] | None
) -> None:
    from tracker.app.review import review_accept, review_reject

    app_ctx = context(ctx)
    day = app_ctx.as_of(as_of)
    if state == "confirmed":
        review_accept(app_ctx.app(), task_id, today=day, actor=app_ctx.actor, owners=owners)
    else:
        review_reject(app_ctx.app(), task_id, today=day, actor=app_ctx.actor)
    say(f"Nhiệm vụ {task_id}: {'đã duyệt' if state == 'confirmed' else 'đã loại'}")


@review_app.command("accept")
@catch_errors
def accept(
    ctx: typer.Context,
    task_id: TaskId,
    owner: Annotated[
        list[str] | None,
        typer.Option(
            "--owner", help="Đơn vị chủ trì có trong danh mục (lặp lại khi nhiều đơn vị)."
        ),
    ] = None,
    as_of: AsOfOption = None,
    config: ConfigOption = None,
    db: DbOption = None,
) -> None:
    """Duyệt một nhiệm vụ chờ duyệt: từ nay nhiệm vụ được theo dõi.

    Mỗi đơn vị chủ trì phải có trong danh mục: chủ thể danh mục không biết bị từ chối
    (thêm bằng 'tracker units add' hoặc 'tracker units alias', hoặc chỉ đơn vị chủ trì
    bằng --owner).

    Ví dụ: tracker review accept 12 --owner "Phòng Kinh tế - Hạ tầng"
    """
    context(ctx, config, db)
    _change(ctx, task_id, "confirmed", as_of, owner)


@review_app.command("reject")
@catch_errors
def reject(
    ctx: typer.Context,
    task_id: TaskId,
    as_of: AsOfOption = None,
    config: ConfigOption = None,
    db: DbOption = None,
) -> None:
    """Loại một nhiệm vụ chờ duyệt (không phải nhiệm vụ); lịch sử vẫn giữ.

    Ví dụ: tracker review reject 12
    """
    context(ctx, config, db)
    _change(ctx, task_id, "rejected", as_of, None)


@review_app.command("edit")
@catch_errors
def edit(
    ctx: typer.Context,
    task_id: TaskId,
    owner: Annotated[
        list[str] | None, typer.Option("--owner", help="Đơn vị chủ trì (lặp lại khi nhiều đơn vị).")
    ] = None,
    deadline: Annotated[str | None, typer.Option("--deadline", help="Hạn mới.")] = None,
    report_to: Annotated[
        str | None, typer.Option("--report-to", help="Đơn vị nhận báo cáo kết quả.")
    ] = None,
    as_of: AsOfOption = None,
    config: ConfigOption = None,
    db: DbOption = None,
) -> None:
    """Sửa đơn vị chủ trì, hạn hoặc nơi nhận báo cáo của nhiệm vụ (mỗi thay đổi được ghi
    vào lịch sử).

    Ví dụ: tracker review edit 12 --owner "Phòng Nội vụ" --deadline 2024-06-30
    """
    from tracker.app.review import review_edit

    app_ctx = context(ctx, config, db)
    review_edit(
        app_ctx.app(),
        task_id,
        owners=owner,
        deadline=app_ctx.day(deadline, "--deadline") if deadline else None,
        report_to=report_to,
        today=app_ctx.as_of(as_of),
        actor=app_ctx.actor,
    )
    say(f"Đã sửa nhiệm vụ {task_id}")
