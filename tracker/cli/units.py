"""``tracker units …``: the unit registry."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from pathlib import Path
from typing import Annotated

import typer

from tracker.cli import AsOfOption, ConfigOption, DbOption, app, catch_errors, context
from tracker.cli.output import FORMATS, say, write_rows

units_app = typer.Typer(
    help=(
        "Danh mục đơn vị: nạp, xem, thêm, đổi tên, sáp nhập, cho thôi hoạt động.\n\n"
        "Ví dụ: tracker units import danh-muc-don-vi.csv"
    ),
    no_args_is_help=True,
)
app.add_typer(units_app, name="units")

FormatOption = Annotated[
    str, typer.Option("--format", help="Dạng đầu ra: table (bảng), json hoặc jsonl.")
]


def _check_format(fmt: str) -> None:
    from tracker.errors import BadInput

    if fmt not in FORMATS:
        raise BadInput(f"định dạng không hỗ trợ: {fmt!r} (chọn {', '.join(FORMATS)})")


@units_app.command("import")
@catch_errors
def import_command(
    ctx: typer.Context,
    file: Annotated[
        Path | None, typer.Argument(help="Tệp danh mục: .csv, .xlsx hoặc .toml.")
    ] = None,
    config: ConfigOption = None,
    db: DbOption = None,
) -> None:
    """Nạp danh mục đơn vị từ tệp CSV, Excel (.xlsx) hoặc TOML.

    Các cột: name,kind,parent,aliases,email (tên khác cách nhau bằng dấu ;). Đơn vị đã
    có được cập nhật; tên khác chỉ được thêm, không bị xóa; đơn vị đã sáp nhập vẫn giữ
    nguyên.

    Ví dụ: tracker units import danh-muc-don-vi.xlsx
    """
    from tracker.app.units import import_units
    from tracker.errors import BadInput
    from tracker.store.unitfile import read_units

    app_ctx = context(ctx, config, db)
    if file is None:
        configured = str(app_ctx.config.get("units", "file"))
        if not configured:
            raise BadInput("chưa chỉ tệp đơn vị (tham số FILE hoặc khóa units.file)")
        file = app_ctx.config.resolve_path("units", "file")
    rows = read_units(file)
    result = import_units(app_ctx.app(), rows, source=str(file), actor=app_ctx.actor)
    say(f"Đã nạp {result.rows} đơn vị từ {file}: {result.created} mới, {result.updated} cập nhật")


@units_app.command("list")
@catch_errors
def list_command(
    ctx: typer.Context,
    fmt: FormatOption = "table",
    config: ConfigOption = None,
    db: DbOption = None,
) -> None:
    """Danh sách đơn vị trong danh mục: loại, cấp trên, tên khác, thư điện tử, tình trạng.

    Ví dụ: tracker units list --format jsonl
    """
    from tracker.app.units import list_units

    _check_format(fmt)
    app_ctx = context(ctx, config, db)
    rows = [
        {
            "name": u.name,
            "kind": u.kind,
            "parent": u.parent,
            "aliases": list(u.aliases),
            "email": u.email,
            "active": u.active,
            "successor": u.successor,
            "retired_on": u.retired_on.isoformat() if u.retired_on else None,
        }
        for u in list_units(app_ctx.app())
    ]
    if fmt == "table":
        rows = [{**r, "state": _state(r)} for r in rows]
    write_rows(
        rows,
        fmt,
        columns=(
            ("name", "Đơn vị"),
            ("kind", "Loại"),
            ("parent", "Cấp trên"),
            ("aliases", "Tên khác"),
            ("email", "Thư điện tử"),
            ("state", "Tình trạng"),
        ),
    )


def _state(row: Mapping[str, object]) -> str:
    if row["active"]:
        return "đang hoạt động"
    day = f" từ {date.fromisoformat(str(row['retired_on'])):%d/%m/%Y}" if row["retired_on"] else ""
    heir = f", kế thừa: {row['successor']}" if row["successor"] else ""
    return f"thôi hoạt động{day}{heir}"


@units_app.command("unresolved")
@catch_errors
def unresolved_command(
    ctx: typer.Context,
    fmt: FormatOption = "table",
    config: ConfigOption = None,
    db: DbOption = None,
) -> None:
    """Các chủ thể gặp trong nhiệm vụ mà không khớp đơn vị nào trong danh mục, kèm số lần.

    Ví dụ: tracker units unresolved
    """
    from tracker.app.units import list_unresolved

    _check_format(fmt)
    app_ctx = context(ctx, config, db)
    rows = [{"owner": text, "count": n} for text, n in list_unresolved(app_ctx.app())]
    write_rows(rows, fmt, columns=(("owner", "Chủ thể (như trong văn bản)"), ("count", "Số lần")))


@units_app.command("add")
@catch_errors
def add_command(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="Tên chính thức, ví dụ 'Xã An Bình'.")],
    kind: Annotated[
        str, typer.Option("--kind", help="Loại: xã, thị trấn, phường, phòng, ban, sở, …")
    ],
    parent: Annotated[str | None, typer.Option("--parent", help="Đơn vị cấp trên.")] = None,
    alias: Annotated[
        list[str] | None, typer.Option("--alias", help="Tên khác (lặp lại được).")
    ] = None,
    email: Annotated[
        str | None, typer.Option("--email", help="Thư điện tử nhận nhắc việc.")
    ] = None,
    config: ConfigOption = None,
    db: DbOption = None,
) -> None:
    """Thêm (hoặc cập nhật) một đơn vị trong danh mục.

    Ví dụ: tracker units add "Xã An Bình" --kind xã --alias "UBND xã An Bình"
    """
    from tracker.app.units import add_unit

    app_ctx = context(ctx, config, db)
    result = add_unit(
        app_ctx.app(),
        name,
        kind=kind,
        parent=parent,
        aliases=tuple(alias or ()),
        email=email,
        actor=app_ctx.actor,
    )
    say(f"Đã {'thêm' if result.created else 'cập nhật'} đơn vị {name}")


@units_app.command("alias")
@catch_errors
def alias_command(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="Đơn vị (tên hoặc một tên khác đã có).")],
    alias: Annotated[str, typer.Argument(help="Tên khác mới.")],
    config: ConfigOption = None,
    db: DbOption = None,
) -> None:
    """Thêm một cách viết khác của tên đơn vị ("CA huyện").

    Ví dụ: tracker units alias "Công an huyện" "CA huyện"
    """
    from tracker.app.units import add_alias

    app_ctx = context(ctx, config, db)
    unit_name = add_alias(app_ctx.app(), name, alias, actor=app_ctx.actor)
    say(f"{unit_name}: thêm tên gọi khác {alias!r}")


OnOption = Annotated[
    str | None,
    typer.Option("--on", help="Ngày có hiệu lực, ví dụ 2025-07-01 (mặc định: hôm nay)."),
]


@units_app.command("rename")
@catch_errors
def rename_command(
    ctx: typer.Context,
    old: Annotated[str, typer.Argument(help="Tên hiện tại (hoặc một tên khác) của đơn vị.")],
    new: Annotated[str, typer.Argument(help="Tên mới.")],
    as_of: AsOfOption = None,
    config: ConfigOption = None,
    db: DbOption = None,
) -> None:
    """Đổi tên một đơn vị; tên cũ được giữ làm tên khác.

    Văn bản cũ vẫn nhận ra đơn vị; lịch sử nhiệm vụ giữ nguyên.

    Ví dụ: tracker units rename "Phòng Tài nguyên và Môi trường" "Phòng Nông nghiệp và Môi trường"
    """
    from tracker.app.units import rename_unit

    app_ctx = context(ctx, config, db)
    before = rename_unit(app_ctx.app(), old, new, today=app_ctx.as_of(as_of), actor=app_ctx.actor)
    say(f"Đã đổi tên {before!r} thành {new!r}; tên cũ vẫn được nhận ra")


@units_app.command("merge")
@catch_errors
def merge_command(
    ctx: typer.Context,
    units: Annotated[list[str], typer.Argument(help="Các đơn vị được sáp nhập.")],
    into: Annotated[str, typer.Option("--into", help="Đơn vị sau sáp nhập (có sẵn hoặc mới).")],
    kind: Annotated[
        str | None, typer.Option("--kind", help="Loại của đơn vị mới (mặc định: loại chung).")
    ] = None,
    parent: Annotated[
        str | None, typer.Option("--parent", help="Cấp trên của đơn vị mới (mặc định: chung).")
    ] = None,
    email: Annotated[str | None, typer.Option("--email", help="Thư của đơn vị mới.")] = None,
    on: OnOption = None,
    config: ConfigOption = None,
    db: DbOption = None,
) -> None:
    """Sáp nhập đơn vị (như sáp nhập xã từ 01/7/2025).

    Các đơn vị cũ thôi hoạt động, đơn vị sau sáp nhập là đơn vị kế thừa; nhiệm vụ chưa
    hoàn thành chuyển sang đơn vị đó (một lượt cho mỗi nhiệm vụ), việc đã làm giữ trong
    lịch sử; văn bản mới giao cho tên cũ được giao cho đơn vị kế thừa.

    Ví dụ: tracker units merge "Xã Tân Lập" "Xã Hòa Sơn" --into "Xã Tân Hòa" --on 2025-07-01
    """
    from tracker.app.units import merge_units

    app_ctx = context(ctx, config, db)
    done = merge_units(
        app_ctx.app(),
        units,
        into,
        kind=kind,
        parent=parent,
        email=email,
        on=app_ctx.as_of(on, "--on"),
        actor=app_ctx.actor,
    )
    new = " (đơn vị mới)" if done.created else ""
    say(
        f"Đã sáp nhập {', '.join(done.retired)} vào {done.into}{new}: chuyển {done.moved} "
        f"lượt giao chưa hoàn thành, gộp {done.merged} lượt trùng nhiệm vụ"
    )


@units_app.command("retire")
@catch_errors
def retire_command(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="Đơn vị thôi hoạt động.")],
    successor: Annotated[
        str | None,
        typer.Option("--successor", help="Đơn vị kế thừa (bắt buộc khi còn việc hoặc cấp dưới)."),
    ] = None,
    on: OnOption = None,
    config: ConfigOption = None,
    db: DbOption = None,
) -> None:
    """Cho một đơn vị thôi hoạt động (như cấp huyện từ 01/7/2025), chỉ đơn vị kế thừa.

    Việc chưa hoàn thành và các đơn vị trực thuộc còn hoạt động chuyển sang đơn vị kế
    thừa; văn bản mới giao cho tên cũ được giao cho đơn vị kế thừa.

    Ví dụ: tracker units retire "UBND huyện An Hòa" --successor "UBND tỉnh Sông Mây" --on 2025-07-01
    """
    from tracker.app.units import retire_unit

    app_ctx = context(ctx, config, db)
    done = retire_unit(
        app_ctx.app(),
        name,
        successor=successor,
        on=app_ctx.as_of(on, "--on"),
        actor=app_ctx.actor,
    )
    heir = f"; kế thừa: {done.into}" if done.into else ""
    say(
        f"{done.retired[0]} thôi hoạt động{heir}: chuyển {done.moved} lượt giao, gộp "
        f"{done.merged}, {done.children} đơn vị trực thuộc"
    )
