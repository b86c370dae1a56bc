"""``tracker export overdue``: the overdue report in DOCX, XLSX, CSV, JSON, HTML or ICS."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from tracker.cli import AsOfOption, ConfigOption, DbOption, app, catch_errors, context
from tracker.cli.output import say

export_app = typer.Typer(help="Xuất báo cáo (exports).", no_args_is_help=True)
app.add_typer(export_app, name="export")
EXPORT_FORMATS = ("docx", "xlsx", "csv", "json", "html", "ics")


def _check_output(output: Path) -> None:
    """An output path must be a file in a folder that exists (exit 2 otherwise)."""
    from tracker.errors import BadInput

    if not output.parent.is_dir():
        raise BadInput(f"thư mục '{output.parent}' không tồn tại")
    if output.is_dir():
        raise BadInput(f"'{output}' là một thư mục")


@export_app.command("overdue")
@catch_errors
def overdue_command(
    ctx: typer.Context,
    fmt: Annotated[str, typer.Option("--format", help="docx, xlsx, csv, json, html or ics.")],
    output: Annotated[Path, typer.Option("--output", help="File to write.")],
    unit: Annotated[str | None, typer.Option("--unit", help="Only this unit.")] = None,
    template: Annotated[
        str | None, typer.Option("--template", help="state or party (else config).")
    ] = None,
    as_of: AsOfOption = None,
    config: ConfigOption = None,
    db: DbOption = None,
) -> None:
    """Export the overdue report (official DOCX, XLSX, CSV, JSON, HTML, ICS).

    Example: tracker export overdue --format docx --output bao-cao.docx --as-of 2024-04-20
    """
    import importlib

    from tracker.errors import BadInput
    from tracker.export.report import Office, build_report
    from tracker.store.engine import session_scope
    from tracker.store.queries import Filters
    from tracker.tracking.registry import load_registry
    from tracker.tracking.status import status_rows

    if fmt not in EXPORT_FORMATS:
        raise BadInput(f"định dạng không hỗ trợ: {fmt!r} (chọn {', '.join(EXPORT_FORMATS)})")
    app_ctx = context(ctx, config, db)
    chosen = template or str(app_ctx.config.get("office", "template"))
    if chosen not in ("state", "party"):
        raise BadInput(f"mẫu không hỗ trợ: {chosen!r} (chọn state hoặc party)")
    _check_output(output)
    day = app_ctx.as_of(as_of)
    office = Office.from_config(app_ctx.config)
    with session_scope(app_ctx.engine(), write=False) as session:
        unit_ids = None
        if unit is not None:
            unit_ids = frozenset(u.id for u in load_registry(session).resolve(unit).units)
            if not unit_ids:
                raise BadInput(
                    f"không có đơn vị {unit!r} trong danh mục (xem 'tracker units list')"
                )
        filters = Filters(
            statuses=frozenset({"overdue"}),
            include_support=False,
            unit_ids=unit_ids,
            unit_text=unit,
        )
        rows = list(status_rows(session, as_of=day, policy=app_ctx.policy(), filters=filters))
    report = build_report(rows, as_of=day, office=office, template=chosen)  # type: ignore[arg-type]  # checked above
    renderer = importlib.import_module(f"tracker.export.{fmt}")
    renderer.render(report, output)
    say(f"Đã xuất {len(report.lines)} dòng ({len(report.groups)} đơn vị) vào {output}")


@export_app.command("stats")
@catch_errors
def stats_command(
    ctx: typer.Context,
    fmt: Annotated[str, typer.Option("--format", help="xlsx, docx, csv or json.")],
    output: Annotated[Path, typer.Option("--output", help="File to write.")],
    start: Annotated[
        str | None, typer.Option("--from", help="First day (default: 1 January).")
    ] = None,
    end: Annotated[
        str | None, typer.Option("--to", help="Last day (default: the as-of day).")
    ] = None,
    as_of: AsOfOption = None,
    config: ConfigOption = None,
    db: DbOption = None,
) -> None:
    """Export the per-unit scoreboard of a period.

    Example: tracker export stats --from 2024-01-01 --to 2024-06-30 --format xlsx --output kq.xlsx
    """
    from tracker.errors import BadInput
    from tracker.export import stats as stats_export
    from tracker.store.engine import session_scope
    from tracker.store.queries import stats_by_unit
    from tracker.tracking.status import soon_cutoff

    if fmt not in ("xlsx", "docx", "csv", "json"):
        raise BadInput(f"định dạng không hỗ trợ: {fmt!r} (chọn xlsx, docx, csv, json)")
    _check_output(output)
    app_ctx = context(ctx, config, db)
    first, last = app_ctx.period(start, end, as_of)
    with session_scope(app_ctx.engine(), write=False) as session:
        stats = stats_by_unit(
            session, start=first, end=last, soon=soon_cutoff(last, app_ctx.policy())
        )
    stats_export.render(stats, output, fmt, start=first, end=last)
    say(f"Đã xuất bảng theo dõi {len(stats)} đơn vị vào {output}")


@export_app.command("all")
@catch_errors
def all_command(
    ctx: typer.Context,
    output: Annotated[Path, typer.Option("--output", help="File to write (.jsonl).")],
    config: ConfigOption = None,
    db: DbOption = None,
) -> None:
    """Export the whole database (documents, units, tasks, assignments, events,
    notifications) as JSON Lines, for a backup or a move to another database.

    The file is written beside its final name and renamed when complete, readable by
    its owner only. 'tracker import all' loads it into an empty database.

    Example: tracker export all --output sao-luu.jsonl
    """
    import os
    import tempfile
    from datetime import UTC, datetime

    from tracker.errors import BadInput
    from tracker.store.dump import dump
    from tracker.store.engine import head_revision, session_scope

    _check_output(output)
    app_ctx = context(ctx, config, db)
    engine = app_ctx.engine()
    if engine.dialect.name == "postgresql":  # one snapshot for every table
        engine = engine.execution_options(isolation_level="REPEATABLE READ")
    try:
        fd, temporary = tempfile.mkstemp(prefix=f".{output.name}.", dir=output.parent)
    except OSError as error:
        raise BadInput(f"không ghi được vào '{output.parent}': {error.strerror}") from None
    try:
        with (
            os.fdopen(fd, "w", encoding="utf-8") as out,
            session_scope(engine, write=False) as session,
        ):
            counts = dump(session, out, schema=head_revision(), now=datetime.now(UTC))
            out.flush()
            os.fsync(out.fileno())
        os.replace(temporary, output)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    total = sum(counts.values())
    say(f"Đã xuất {total} dòng ({counts.get('documents', 0)} văn bản) vào {output}")
