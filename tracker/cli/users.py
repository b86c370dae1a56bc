"""``tracker users …``: the accounts of the web app (``tracker serve``).

Passwords are never options: asked twice at a terminal (hidden), else read from the
first line of standard input (``echo "$PW" | tracker users add …`` in a script).
"""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from tracker.cli import ConfigOption, DbOption, app, catch_errors, context
from tracker.cli.output import FORMATS, say, write_rows

users_app = typer.Typer(
    help=(
        "Tài khoản đăng nhập ứng dụng web (users): admin, secretariat, supervisor, unit.\n\n"
        "Ví dụ: tracker users add admin --role admin"
    ),
    no_args_is_help=True,
)
app.add_typer(users_app, name="users")


def read_password() -> str:
    """The new password: typed twice at a terminal, else the first line of stdin."""
    from tracker.errors import BadInput

    if sys.stdin.isatty():
        import getpass

        first = getpass.getpass("Mật khẩu: ")
        second = getpass.getpass("Nhập lại mật khẩu: ")
        if first != second:
            raise BadInput("hai lần nhập mật khẩu không khớp")
        return first
    line = sys.stdin.readline()
    password = line.rstrip("\r\n")
    if not password:
        raise BadInput("không đọc được mật khẩu từ đầu vào chuẩn (stdin)")
    return password


@users_app.command("add")
@catch_errors
def add_command(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="Tên đăng nhập.")],
    role: Annotated[
        str, typer.Option("--role", help="Vai trò: admin, secretariat, supervisor hoặc unit.")
    ],
    unit: Annotated[
        str | None, typer.Option("--unit", help="Đơn vị của tài khoản vai trò unit.")
    ] = None,
    config: ConfigOption = None,
    db: DbOption = None,
) -> None:
    """Tạo tài khoản; mật khẩu được hỏi hai lần (hoặc đọc từ stdin), không bao giờ ghi
    trên dòng lệnh.

    Ví dụ: tracker users add nguyenvana --role unit --unit "Phòng Tư pháp"
    """
    from tracker.app.users import ROLE_LABELS, add_user, check_password

    app_ctx = context(ctx, config, db)
    password = check_password(read_password())
    row = add_user(
        app_ctx.app(), name, role=role, unit=unit, password=password, actor=app_ctx.actor
    )
    where = f", đơn vị {row.unit}" if row.unit else ""
    say(f"Đã tạo tài khoản {row.name} (vai trò {ROLE_LABELS[row.role]}{where})")


@users_app.command("list")
@catch_errors
def list_command(
    ctx: typer.Context,
    fmt: Annotated[str, typer.Option("--format", help="table, json hoặc jsonl.")] = "table",
    config: ConfigOption = None,
    db: DbOption = None,
) -> None:
    """Liệt kê các tài khoản: tên, vai trò, đơn vị, còn hoạt động hay đã khóa.

    Ví dụ: tracker users list --format jsonl
    """
    from tracker.app.users import ROLE_LABELS, list_users
    from tracker.errors import BadInput

    if fmt not in FORMATS:
        raise BadInput(f"định dạng không hỗ trợ: {fmt!r} (chọn {', '.join(FORMATS)})")
    app_ctx = context(ctx, config, db)
    rows = [
        {
            "name": u.name,
            # a person reads Vietnamese; JSON keeps the keys
            "role": ROLE_LABELS.get(u.role, u.role) if fmt == "table" else u.role,
            "unit": u.unit,
            "active": ("có" if u.active else "không") if fmt == "table" else u.active,
            "created": f"{u.created_at:%d/%m/%Y}" if fmt == "table" else u.created_at.isoformat(),
        }
        for u in list_users(app_ctx.app())
    ]
    write_rows(
        rows,
        fmt,
        columns=[
            ("name", "Tài khoản"),
            ("role", "Vai trò"),
            ("unit", "Đơn vị"),
            ("active", "Hoạt động"),
            ("created", "Ngày tạo"),
        ],
    )


@users_app.command("passwd")
@catch_errors
def passwd_command(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="Tên đăng nhập.")],
    config: ConfigOption = None,
    db: DbOption = None,
) -> None:
    """Đặt mật khẩu mới cho tài khoản (và mở khóa nếu đang tạm khóa).

    Ví dụ: tracker users passwd nguyenvana
    """
    from tracker.app.users import check_password, set_password

    app_ctx = context(ctx, config, db)
    password = check_password(read_password())
    row = set_password(app_ctx.app(), name, password=password, actor=app_ctx.actor)
    say(f"Đã đổi mật khẩu của {row.name}")


@users_app.command("disable")
@catch_errors
def disable_command(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="Tên đăng nhập.")],
    config: ConfigOption = None,
    db: DbOption = None,
) -> None:
    """Khóa tài khoản: không đăng nhập được nữa, phiên đang mở cũng hết hiệu lực.

    Ví dụ: tracker users disable nguyenvana
    """
    from tracker.app.users import disable_user

    app_ctx = context(ctx, config, db)
    row = disable_user(app_ctx.app(), name, actor=app_ctx.actor)
    say(f"Đã khóa tài khoản {row.name}")
