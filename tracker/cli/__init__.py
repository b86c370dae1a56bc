"""The ``tracker`` command line: Typer app, global options, the error translator.

Commands are thin: parse options, load config, call one function of the core,
render the result. Heavy modules (dateparser, exporters, APScheduler, python-docx,
openpyxl) are imported inside the commands that need them so that ``tracker --help``
stays fast; ``tests/cli/test_startup.py`` checks it.

Only this package turns ``TrackerError`` into a one-line message and exit code
(``catch_errors``); every command carries that decorator.
"""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Annotated, ParamSpec, TypeVar

import typer

from tracker import __version__
from tracker.errors import TrackerError

if TYPE_CHECKING:
    from sqlalchemy.engine import Engine

    from tracker.app import Context as UseCases
    from tracker.config import Config
    from tracker.notify.plan import Ladder
    from tracker.tracking.status import Policy

P = ParamSpec("P")
R = TypeVar("R")

app = typer.Typer(
    name="tracker",
    help=(
        "Theo dõi nhiệm vụ từ văn bản chỉ đạo: trích xuất, giao việc, nhắc hạn, "
        "báo cáo quá hạn.\n\n"
        "Ví dụ: tracker extract thong-bao.txt --format jsonl"
    ),
    pretty_exceptions_enable=False,
    no_args_is_help=True,
    add_completion=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


@dataclass
class AppContext:
    """What every command needs, built lazily from the global options."""

    config_path: str | None = None
    db_url: str | None = None
    _config: Config | None = field(default=None, repr=False)
    _engine: Engine | None = field(default=None, repr=False)

    @property
    def config(self) -> Config:
        """The resolved configuration (read on first use)."""
        if self._config is None:
            from tracker.config import load_config

            self._config = load_config(self.config_path, database_url=self.db_url)
        return self._config

    def engine(self, *, create: bool = False) -> Engine:
        """The database engine, at the schema head (upgraded on first use).

        Only ``create`` (``tracker init``, ``db upgrade``, the demo) makes a new
        SQLite file: anywhere else a missing one is a typo, refused in one line.
        """
        if self._engine is None:
            from tracker.store.engine import ensure_schema, make_engine

            engine = make_engine(self.config.database_url, create=create)
            ensure_schema(engine, auto_upgrade=bool(self.config.get("database", "auto_upgrade")))
            self._engine = engine
        return self._engine

    def today(self) -> date:
        """Today in the configured time zone (the clock read of the command line)."""
        from tracker import dates

        return dates.today(self.config.timezone)

    def day(self, text: str, option: str) -> date:
        """A date typed for ``option``, within ``limits``' window around today."""
        from tracker import dates
        from tracker.limits import check_day

        today = self.today()
        return check_day(dates.parse_cli_date(text, today), today=today, label=option)

    def as_of(self, text: str | None, option: str = "--as-of") -> date:
        """``--as-of`` parsed (within the limits' window), or today."""
        return self.day(text, option) if text else self.today()

    def period(self, start: str | None, end: str | None, as_of: str | None) -> tuple[date, date]:
        """``--from``/``--to``: by default from 1 January to the as-of day."""
        from tracker.errors import BadInput

        last = self.day(end, "--to") if end else self.as_of(as_of)
        first = self.day(start, "--from") if start else last.replace(month=1, day=1)
        if first > last:
            raise BadInput(f"--from {first:%d/%m/%Y} sau --to {last:%d/%m/%Y}")
        return first, last

    def policy(self) -> Policy:
        """The deadline policy of the configuration."""
        from tracker.tracking.status import Policy

        return Policy.from_config(self.config)

    def ladder(self) -> Ladder:
        """The reminder ladder of the configuration."""
        from tracker.notify.plan import Ladder

        return Ladder.from_config(self.config)

    def close(self) -> None:
        """Close the database connections (SQLite then folds its WAL file back in)."""
        if self._engine is not None:
            self._engine.dispose()
            self._engine = None

    @property
    def language(self) -> str:
        """Language of messages."""
        return str(self.config.get("general", "language"))

    def app(self) -> UseCases:
        """The context the use cases of ``tracker.app`` take (engine opened on demand)."""
        from datetime import UTC, datetime

        from tracker.app import Context

        return Context(self.config, self.engine(), lambda: datetime.now(UTC))

    @property
    def actor(self) -> str:
        """Who acts, as events record it: ``cli:<login>`` (the OS user)."""
        import getpass
        import os

        try:
            login = getpass.getuser()
        except (KeyError, OSError):  # no name for this uid (a bare container)
            login = f"uid{os.getuid()}"
        return f"cli:{login}"


def catch_errors(func: Callable[P, R]) -> Callable[P, R]:
    """Turn a ``TrackerError`` into one stderr line and its exit code (todoman's idiom)."""

    @functools.wraps(func)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return func(*args, **kwargs)
        except TrackerError as error:
            from tracker.messages import message

            detail = " ".join(str(error).split()) or type(error).__name__
            typer.echo(message("error", detail=detail), err=True)
            raise typer.Exit(error.exit_code) from None
        except KeyboardInterrupt:
            typer.echo("Đã dừng theo yêu cầu.", err=True)
            raise typer.Exit(130) from None

    wrapper.__catches_errors__ = True  # type: ignore[attr-defined]  # marker read by tests
    return wrapper


ConfigOption = Annotated[
    str | None,
    typer.Option(
        "--config",
        help="Tệp cấu hình (mặc định: biến TRACKER_CONFIG, rồi ./config.toml).",
    ),
]
DbOption = Annotated[
    str | None,
    typer.Option(
        "--db",
        help="Địa chỉ cơ sở dữ liệu (mặc định: biến TRACKER_DATABASE_URL, rồi database.url).",
    ),
]
AsOfOption = Annotated[
    str | None,
    typer.Option(
        "--as-of",
        help=(
            "Ngày coi là hôm nay: YYYY-MM-DD, DD/MM/YYYY, DD/MM hoặc "
            "'cuối tháng', 'thứ Sáu tuần trước' …"
        ),
    ),
]


def context(ctx: typer.Context, config: str | None = None, db: str | None = None) -> AppContext:
    """The app context, with a command's own ``--config``/``--db`` over the global ones."""
    root = ctx.find_root()
    if not isinstance(root.obj, AppContext):
        root.obj = AppContext()
    app_ctx: AppContext = root.obj
    if config is not None:
        app_ctx.config_path, app_ctx._config = config, None
    if db is not None:
        app_ctx.close()
        app_ctx.db_url, app_ctx._config = db, None
    return app_ctx


def _version(value: bool) -> None:
    if value:
        typer.echo(f"tracker {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    ctx: typer.Context,
    config: ConfigOption = None,
    db: DbOption = None,
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_version, is_eager=True, help="Hiện phiên bản rồi thoát."
        ),
    ] = False,
) -> None:
    """Theo dõi nhiệm vụ từ văn bản chỉ đạo (tracker)."""
    ctx.obj = AppContext(config_path=config, db_url=db)
    ctx.call_on_close(ctx.obj.close)


def _register() -> None:
    from tracker.cli import chrome

    chrome.install()
    # Importing the command modules registers their commands on ``app``; they import
    # nothing heavy at module level.
    from tracker.cli import (  # noqa: F401
        db,
        demo,
        documents,
        export,
        extract,
        intake,
        outbox,
        review,
        scheduler,
        serve,
        tasks,
        transfer,
        units,
        users,
    )


_register()


def main(argv: list[str] | None = None) -> None:
    """Console-script entry point: every error leaves as one line and an exit code.

    Usage errors (an unknown option, a missing argument) are Click's; they get the
    same one-line treatment as ``TrackerError`` instead of a boxed help screen.
    """
    from tracker.cli.chrome import error_line

    # Click's base exception, whether Typer vendors Click or depends on it.
    click_exception: type[Exception] = next(
        c for c in typer.BadParameter.__mro__ if c.__name__ == "ClickException"
    )
    command = typer.main.get_command(app)
    args = argv if argv is not None else sys.argv[1:]
    try:
        result = command.main(args=args, prog_name="tracker", standalone_mode=False)
    except click_exception as error:
        code = int(getattr(error, "exit_code", 2))
        if type(error).__name__ != "NoArgsIsHelpError":  # else the help is on the screen
            typer.echo(error_line(error), err=True)
        sys.exit(code)
    except typer.Abort:
        typer.echo("Đã dừng.", err=True)
        sys.exit(1)
    sys.exit(result if isinstance(result, int) else 0)
