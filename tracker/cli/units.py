"""``tracker units …``: the unit registry."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from tracker.cli import ConfigOption, DbOption, app, catch_errors, context
from tracker.cli.output import FORMATS, say, write_rows

units_app = typer.Typer(help="Danh mục đơn vị (unit registry).", no_args_is_help=True)
app.add_typer(units_app, name="units")

FormatOption = Annotated[str, typer.Option("--format", help="table, json or jsonl.")]


def _check_format(fmt: str) -> None:
    from tracker.errors import BadInput

    if fmt not in FORMATS:
        raise BadInput(f"định dạng không hỗ trợ: {fmt!r} (chọn {', '.join(FORMATS)})")


@units_app.command("import")
@catch_errors
def import_command(
    ctx: typer.Context,
    file: Annotated[Path | None, typer.Argument(help="CSV or TOML units file.")] = None,
    config: ConfigOption = None,
    db: DbOption = None,
) -> None:
    """Load the unit registry from CSV (name,kind,parent,aliases,email) or TOML.

    Example: tracker units import don-vi.csv
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
    """List the registered units with kind, parent, aliases and e-mail.

    Example: tracker units list --format jsonl
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
        }
        for u in list_units(app_ctx.app())
    ]
    write_rows(
        rows,
        fmt,
        columns=(
            ("name", "Đơn vị"),
            ("kind", "Loại"),
            ("parent", "Cấp trên"),
            ("aliases", "Tên khác"),
            ("email", "Thư điện tử"),
        ),
    )


@units_app.command("unresolved")
@catch_errors
def unresolved_command(
    ctx: typer.Context,
    fmt: FormatOption = "table",
    config: ConfigOption = None,
    db: DbOption = None,
) -> None:
    """Owner texts seen in tasks that match no registered unit, with counts.

    Example: tracker units unresolved
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
    name: Annotated[str, typer.Argument(help="Canonical name, e.g. 'Xã An Bình'.")],
    kind: Annotated[str, typer.Option("--kind", help="xã, thị trấn, phường, phòng, ban, sở, …")],
    parent: Annotated[str | None, typer.Option("--parent", help="Parent unit.")] = None,
    alias: Annotated[
        list[str] | None, typer.Option("--alias", help="Another name (repeat).")
    ] = None,
    email: Annotated[str | None, typer.Option("--email", help="Contact e-mail.")] = None,
    config: ConfigOption = None,
    db: DbOption = None,
) -> None:
    """Add (or update) one unit of the registry.

    Example: tracker units add "Xã An Bình" --kind xã --alias "UBND xã An Bình"
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
    name: Annotated[str, typer.Argument(help="The unit (name or an existing alias).")],
    alias: Annotated[str, typer.Argument(help="The new alias.")],
    config: ConfigOption = None,
    db: DbOption = None,
) -> None:
    """Teach the registry another way of writing a unit's name.

    Example: tracker units alias "Công an huyện" "CA huyện"
    """
    from tracker.app.units import add_alias

    app_ctx = context(ctx, config, db)
    unit_name = add_alias(app_ctx.app(), name, alias, actor=app_ctx.actor)
    say(f"{unit_name}: thêm tên gọi khác {alias!r}")
