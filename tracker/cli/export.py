"""``tracker export …``: the overdue report, the scoreboard and the periodic report as
files (DOCX, PDF, HTML, XLSX, CSV, JSON, ICS), the whole database as JSON Lines, and
the periodic report mailed as the scheduler does.

Every ``--output`` is written whole or not at all (``export/files.py``): a temporary
file beside it, renamed when complete; an existing file only with ``--force``.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from tracker.cli import AsOfOption, ConfigOption, DbOption, app, catch_errors, context
from tracker.cli.output import say

if TYPE_CHECKING:
    from tracker.cli import AppContext
    from tracker.export.layout import Template

export_app = typer.Typer(
    help=(
        "Xuất báo cáo: đơn vị quá hạn, bảng theo dõi, báo cáo định kỳ và toàn bộ dữ liệu.\n\n"
        "Ví dụ: tracker export overdue --format pdf --output bao-cao.pdf"
    ),
    no_args_is_help=True,
)
app.add_typer(export_app, name="export")
EXPORT_FORMATS = ("docx", "pdf", "xlsx", "csv", "json", "html", "ics")

OutputOption = Annotated[Path, typer.Option("--output", help="Tệp cần ghi.")]
ForceOption = Annotated[
    bool, typer.Option("--force", help="Ghi đè tệp đã có (không có thì từ chối).")
]
TemplateOption = Annotated[
    str | None,
    typer.Option(
        "--template",
        help=(
            "Mẫu trình bày: state (Nghị định 30/2020) hoặc party (Hướng dẫn 36-HD/VPTW); "
            "mặc định: office.template."
        ),
    ),
]


def _check_output(output: Path, *, force: bool = False) -> None:
    """Refuse a target that cannot or must not be written, before any work (exit 2)."""
    from tracker.export.files import check_target

    check_target(output, force=force)


def _template(app_ctx: AppContext, template: str | None) -> Template:
    from tracker.errors import BadInput

    chosen = template or str(app_ctx.config.get("office", "template"))
    if chosen not in ("state", "party"):
        raise BadInput(f"mẫu không hỗ trợ: {chosen!r} (chọn state hoặc party)")
    return "party" if chosen == "party" else "state"


def _format(fmt: str, allowed: tuple[str, ...]) -> None:
    from tracker.errors import BadInput

    if fmt not in allowed:
        raise BadInput(f"định dạng không hỗ trợ: {fmt!r} (chọn {', '.join(allowed)})")


def _need_converter(fmt: str) -> None:
    """PDF needs LibreOffice: say so before reading anything."""
    if fmt == "pdf":
        from tracker.export.pdf import soffice

        soffice()


@export_app.command("overdue")
@catch_errors
def overdue_command(
    ctx: typer.Context,
    fmt: Annotated[
        str, typer.Option("--format", help="Định dạng: docx, pdf, xlsx, csv, json, html hoặc ics.")
    ],
    output: OutputOption,
    unit: Annotated[str | None, typer.Option("--unit", help="Chỉ đơn vị này.")] = None,
    template: TemplateOption = None,
    force: ForceOption = False,
    as_of: AsOfOption = None,
    config: ConfigOption = None,
    db: DbOption = None,
) -> None:
    """Xuất báo cáo đơn vị quá hạn: văn bản theo thể thức (DOCX, PDF, HTML) kèm biểu đồ
    thời gian quá hạn, hoặc XLSX, CSV, JSON, ICS.

    Ví dụ: tracker export overdue --format pdf --output bao-cao.pdf --as-of 2024-04-20
    """
    import importlib

    from tracker.app.reports import overdue_report
    from tracker.export.files import output_file

    _format(fmt, EXPORT_FORMATS)
    app_ctx = context(ctx, config, db)
    chosen = _template(app_ctx, template)
    _check_output(output, force=force)
    _need_converter(fmt)
    day = app_ctx.as_of(as_of)
    report = overdue_report(app_ctx.app(), as_of=day, unit=unit, layout=chosen)
    renderer = importlib.import_module(f"tracker.export.{fmt}")
    with output_file(output, force=force) as temporary:
        renderer.render(report, temporary)
    say(f"Đã xuất {len(report.lines)} dòng ({len(report.groups)} đơn vị) vào {output}")


@export_app.command("stats")
@catch_errors
def stats_command(
    ctx: typer.Context,
    fmt: Annotated[
        str, typer.Option("--format", help="Định dạng: xlsx, docx, pdf, html, csv hoặc json.")
    ],
    output: OutputOption,
    start: Annotated[
        str | None, typer.Option("--from", help="Ngày đầu kỳ (mặc định: 1 tháng 1).")
    ] = None,
    end: Annotated[
        str | None, typer.Option("--to", help="Ngày cuối kỳ (mặc định: ngày --as-of).")
    ] = None,
    template: TemplateOption = None,
    force: ForceOption = False,
    as_of: AsOfOption = None,
    config: ConfigOption = None,
    db: DbOption = None,
) -> None:
    """Xuất bảng theo dõi theo đơn vị của một kỳ; DOCX, PDF và HTML là báo cáo theo thể
    thức, kèm biểu đồ tỷ lệ đúng hạn và trạng thái của từng đơn vị.

    Ví dụ: tracker export stats --from 2024-01-01 --to 2024-06-30 --format pdf --output kq.pdf
    """
    from tracker.app.tasks import stats as unit_stats
    from tracker.export import stats as stats_export
    from tracker.export.files import output_file
    from tracker.export.layout import Office

    _format(fmt, stats_export.FORMATS)
    app_ctx = context(ctx, config, db)
    chosen = _template(app_ctx, template)
    _check_output(output, force=force)
    _need_converter(fmt)
    first, last = app_ctx.period(start, end, as_of)
    day = app_ctx.as_of(as_of)
    stats = unit_stats(app_ctx.app(), start=first, end=last)
    with output_file(output, force=force) as temporary:
        stats_export.render(
            stats,
            temporary,
            fmt,
            start=first,
            end=last,
            office=Office.from_config(app_ctx.config),
            template=chosen,
            issued=day,
        )
    say(f"Đã xuất bảng theo dõi {len(stats)} đơn vị vào {output}")


@export_app.command("period")
@catch_errors
def period_command(
    ctx: typer.Context,
    period: Annotated[
        str,
        typer.Option(
            "--period",
            help="Kỳ báo cáo: 2024-03 (tháng), 2024-Q1 (quý), 2024-H1 (6 tháng), 2024 (năm).",
        ),
    ],
    fmt: Annotated[
        str, typer.Option("--format", help="Định dạng: docx, pdf, html, xlsx, csv hoặc json.")
    ],
    output: OutputOption,
    template: TemplateOption = None,
    force: ForceOption = False,
    as_of: AsOfOption = None,
    config: ConfigOption = None,
    db: DbOption = None,
) -> None:
    """Xuất báo cáo kết quả thực hiện nhiệm vụ được giao của một tháng, quý, 6 tháng hoặc
    năm: theo từng đơn vị, tồn kỳ trước, giao trong kỳ, hoàn thành đúng hạn, quá hạn,
    chưa hoàn thành, đang quá hạn; sau đó danh sách quá hạn vào ngày cuối kỳ. Kỳ chưa
    kết thúc được tính đến ngày --as-of.

    Ví dụ: tracker export period --period 2024-Q1 --format pdf --output bao-cao-quy-1.pdf
    """
    from tracker.app.reports import period_report
    from tracker.export import period as period_export
    from tracker.export.files import output_file

    _format(fmt, period_export.FORMATS)
    key = period_export.parse_period(period)
    app_ctx = context(ctx, config, db)
    chosen = _template(app_ctx, template)
    _check_output(output, force=force)
    _need_converter(fmt)
    day = app_ctx.as_of(as_of)
    report = period_report(app_ctx.app(), period=key, as_of=day, layout=chosen)
    with output_file(output, force=force) as temporary:
        period_export.render(report, temporary, fmt, issued=day)
    say(
        f"Đã xuất báo cáo {key.label}: {len(report.rows)} đơn vị, "
        f"{len(report.overdue.lines)} lượt quá hạn, vào {output}"
    )


@export_app.command("send-period")
@catch_errors
def send_period_command(
    ctx: typer.Context,
    as_of: AsOfOption = None,
    config: ConfigOption = None,
    db: DbOption = None,
) -> None:
    """Gửi báo cáo định kỳ đến hạn vào ngày --as-of (đính kèm PDF) cho
    reminders.supervisors, như bộ lập lịch làm vào ngày làm việc đầu tiên sau mỗi kỳ;
    mỗi kỳ chỉ gửi một lần.

    Ví dụ: tracker export send-period --as-of 2024-04-01
    """
    from tracker.app.reports import send_period_reports
    from tracker.notify.channels import channel_from_config

    app_ctx = context(ctx, config, db)
    day = app_ctx.as_of(as_of)
    channel = channel_from_config(app_ctx.config)
    mailed = send_period_reports(app_ctx.app(), channel, as_of=day, actor=app_ctx.actor)
    for item in mailed:
        say(f"Đã gửi {item.attachment} cho {item.to}")
    if not mailed:
        say(f"Ngày {day:%d/%m/%Y}: không có báo cáo định kỳ nào cần gửi")


@export_app.command("all")
@catch_errors
def all_command(
    ctx: typer.Context,
    output: Annotated[Path, typer.Option("--output", help="Tệp cần ghi (.jsonl).")],
    force: ForceOption = False,
    config: ConfigOption = None,
    db: DbOption = None,
) -> None:
    """Xuất toàn bộ cơ sở dữ liệu (văn bản, đơn vị, nhiệm vụ, lượt giao, sự kiện, thư)
    dạng JSON Lines, để sao lưu hoặc chuyển sang cơ sở dữ liệu khác.

    Tệp được ghi bên cạnh rồi đổi tên khi xong, chỉ chủ tệp đọc được. 'tracker import
    all' nạp tệp này vào một cơ sở dữ liệu trống.

    Ví dụ: tracker export all --output sao-luu.jsonl
    """
    from tracker.app.transfer import export_all
    from tracker.export.files import output_file

    _check_output(output, force=force)
    app_ctx = context(ctx, config, db)
    use_cases = app_ctx.app()
    with (
        output_file(output, force=force, private=True) as temporary,
        temporary.open("w", encoding="utf-8") as out,
    ):
        counts = export_all(use_cases, out)
    total = sum(counts.values())
    say(f"Đã xuất {total} dòng ({counts.get('documents', 0)} văn bản) vào {output}")
