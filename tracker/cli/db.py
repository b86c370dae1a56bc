"""``tracker init`` and ``tracker db …``: configuration file and database schema."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from tracker.cli import ConfigOption, DbOption, app, catch_errors, context
from tracker.cli.output import say

db_app = typer.Typer(
    help=(
        "Cơ sở dữ liệu: nâng cấp lược đồ, sao lưu, xem phiên bản.\n\n"
        "Ví dụ: tracker db backup --output sao-luu.db"
    ),
    no_args_is_help=True,
)
app.add_typer(db_app, name="db")


@app.command("init")
@catch_errors
def init(
    ctx: typer.Context,
    path: Annotated[Path, typer.Option("--path", help="Nơi ghi tệp cấu hình ban đầu.")] = Path(
        "config.toml"
    ),
    force: Annotated[bool, typer.Option("--force", help="Ghi đè tệp đã có.")] = False,
    config: ConfigOption = None,
    db: DbOption = None,
) -> None:
    """Ghi tệp cấu hình ban đầu config.toml và tạo cơ sở dữ liệu ở lược đồ mới nhất.

    Địa chỉ cho bằng --db được lưu vào tệp, nên các lệnh sau dùng cùng cơ sở dữ liệu.
    Chỉ 'tracker init' và 'tracker db upgrade' tạo cơ sở dữ liệu mới.

    Ví dụ: tracker init --db sqlite:///tracker.db
    """
    from tracker.config import render_config_toml
    from tracker.messages import message

    app_ctx = context(ctx, config, db)
    url = _saved_url(app_ctx.db_url)
    if path.exists() and not force:
        say(message("init.config_exists", app_ctx.language, path=path))
        if url is not None:
            say(f"Lưu ý: {path} không được sửa; dùng --force để lưu --db vào đó")
    else:
        path.write_text(render_config_toml(database_url=url), encoding="utf-8")
        say(message("init.config_written", app_ctx.language, path=path))
        if app_ctx.db_url is not None and _has_password(app_ctx.db_url):
            say(
                "Mật khẩu trong --db không được lưu vào tệp cấu hình: đặt PGPASSWORD hoặc "
                "~/.pgpass, hoặc dùng TRACKER_DATABASE_URL"
            )
    app_ctx.engine(create=True)
    _report(app_ctx)


def _has_password(url: str) -> bool:
    from tracker.store.engine import normalise_url

    return normalise_url(url).password is not None


def _saved_url(url: str | None) -> str | None:
    """The ``--db`` URL as the config file keeps it: an SQLite path made absolute, so
    the file names the same database from any working directory."""
    if url is None:
        return None
    from sqlalchemy.engine import URL

    from tracker.store.engine import normalise_url

    parsed = normalise_url(url)
    database = parsed.database
    if parsed.drivername.startswith("sqlite") and database and database != ":memory:":
        if not database.startswith("file:"):
            parsed = parsed.set(database=str(Path(database).expanduser().resolve()))
        return parsed.render_as_string(hide_password=False)
    # secrets are read from the environment only, never from the config file
    without = URL.create(
        parsed.drivername,
        username=parsed.username,
        host=parsed.host,
        port=parsed.port,
        database=parsed.database,
        query=parsed.query,
    )
    return without.render_as_string(hide_password=False)


@db_app.command("upgrade")
@catch_errors
def upgrade(ctx: typer.Context, config: ConfigOption = None, db: DbOption = None) -> None:
    """Nâng cấp lược đồ cơ sở dữ liệu lên phiên bản mới nhất (SQLite: sao lưu trước).

    Ví dụ: tracker db upgrade --db postgresql+psycopg://postgres@127.0.0.1/tracker
    """
    from tracker.messages import message
    from tracker.store.engine import make_engine, upgrade_with_backup

    app_ctx = context(ctx, config, db)
    backup = upgrade_with_backup(make_engine(app_ctx.config.database_url, create=True))
    if backup is not None:
        say(message("db.backup", app_ctx.language, path=backup))
    _report(app_ctx)


@db_app.command("backup")
@catch_errors
def backup_command(
    ctx: typer.Context,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            help=("Tệp cần ghi (không bao giờ ghi đè) hoặc thư mục; mặc định: backup.folder."),
        ),
    ] = None,
    config: ConfigOption = None,
    db: DbOption = None,
) -> None:
    """Sao lưu cơ sở dữ liệu: sao lưu trực tuyến của SQLite, hoặc pg_dump với PostgreSQL.

    Không có --output thì bản sao lưu vào backup.folder, nơi giữ backup.keep bản mới
    nhất. README hướng dẫn cách khôi phục.

    Ví dụ: tracker db backup --output /mnt/usb/tracker-truoc-nang-cap.db
    """
    from datetime import UTC, datetime

    from tracker.app.backup import back_up

    app_ctx = context(ctx, config, db)
    result = back_up(app_ctx.config, now=datetime.now(UTC), output=output)
    path, removed = result.path, len(result.removed)
    say(f"Đã sao lưu cơ sở dữ liệu vào {path} ({result.size / 1_048_576:.1f} MB)")
    if removed:
        say(f"Đã xóa {removed} bản sao lưu cũ (giữ {app_ctx.config.get('backup', 'keep')} bản)")


@db_app.command("current")
@catch_errors
def current(ctx: typer.Context, config: ConfigOption = None, db: DbOption = None) -> None:
    """In phiên bản lược đồ của cơ sở dữ liệu.

    Ví dụ: tracker db current
    """
    _report(context(ctx, config, db))


def _report(app_ctx: object) -> None:
    from tracker.cli import AppContext
    from tracker.messages import message
    from tracker.store.engine import current_revision, safe_url

    assert isinstance(app_ctx, AppContext)
    engine = app_ctx.engine()
    say(
        message(
            "db.ready",
            app_ctx.language,
            url=safe_url(app_ctx.config.database_url),
            revision=current_revision(engine),
        )
    )
