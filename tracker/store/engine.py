"""Engines, sessions and migrations.

``make_engine(url)`` gives SQLite its pragmas (WAL, foreign keys, a busy timeout,
``synchronous=NORMAL``) in a ``connect`` event and creates its file readable by the
owner only; PostgreSQL goes through psycopg 3 with ``pool_pre_ping`` and a short
connect timeout. A failure to connect — at ``make_engine`` or later — becomes
``DatabaseUnavailable`` with the URL (password hidden); a malformed URL is a
``ConfigError`` naming ``database.url``.

``ensure_schema`` creates a new database at the newest revision, upgrades an older
one (an SQLite file is copied to ``<name>.bak-YYYYMMDD-HHMMSS`` first) or refuses
with ``MigrationRequired``. Alembic is configured here, in code: its scripts are
found from the package (``tracker.migrations`` = the top-level ``db/`` folder),
never from the working directory, and ``db/env.py`` receives the open connection.

Imports ``errors`` and ``store.models``; Alembic is imported only when a migration
function runs, so opening a database at head costs one query.
"""

from __future__ import annotations

import logging
import os
import re
import sqlite3
from collections.abc import Iterator
from contextlib import closing, contextmanager, suppress
from datetime import UTC, datetime
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import create_engine, event, inspect
from sqlalchemy.engine import Connection, Engine, ExceptionContext, make_url
from sqlalchemy.engine.url import URL
from sqlalchemy.exc import ArgumentError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from tracker.errors import (
    ConfigError,
    DatabaseBusy,
    DatabaseReadOnly,
    DatabaseUnavailable,
    MigrationRequired,
)
from tracker.store.models import Base

if TYPE_CHECKING:
    from alembic.config import Config

log = logging.getLogger(__name__)

SQLITE_BUSY_TIMEOUT_MS = 30_000
PG_CONNECT_TIMEOUT_S = 5
# PostgreSQL advisory lock held while migrating, so two processes starting on a new
# database (the scheduler and a CLI command) do not both create the tables.
PG_MIGRATION_LOCK = 0x7472_6B72  # "trkr"
# Tables in our database that are not ours to migrate (APScheduler's job store).
FOREIGN_TABLES = frozenset({"apscheduler_jobs"})
VERSION_TABLE = "alembic_version"
# execution option read by _sqlite_begin: "IMMEDIATE" (default) or "DEFERRED"
BEGIN_OPTION = "tracker_sqlite_begin"
# execution option set on an engine opened read-only (an SQLite file we may not write)
READ_ONLY_OPTION = "tracker_read_only"

_POSTGRES_ALIASES = ("postgres", "postgresql", "postgresql+psycopg")
_SQLITE_DRIVERS = ("sqlite", "sqlite+pysqlite")
_PASSWORD_IN_TEXT = re.compile(r"(//[^/:@\s]*:)[^@/\s]*@")


# --- URLs -------------------------------------------------------------------------


def normalise_url(url: str | URL) -> URL:
    """Parse a database URL; ``postgresql://`` and ``postgres://`` use psycopg 3.

    Raises ``ConfigError`` (naming ``database.url``) for a malformed URL or a
    database other than SQLite and PostgreSQL.
    """
    try:
        parsed = url if isinstance(url, URL) else make_url(url)
    except (ArgumentError, ValueError):
        raise ConfigError(
            f"khóa database.url không hợp lệ: {_mask_text(str(url))!r} "
            "(ví dụ sqlite:///tracker.db hoặc postgresql+psycopg://user@host/db)"
        ) from None
    if parsed.drivername in _POSTGRES_ALIASES:
        return parsed.set(drivername="postgresql+psycopg")
    if parsed.drivername in _SQLITE_DRIVERS:
        return parsed
    raise ConfigError(
        f"khóa database.url: không hỗ trợ {parsed.drivername!r} (chỉ sqlite và postgresql+psycopg)"
    )


def _mask_text(text: str) -> str:
    """Hide a password in a URL that could not be parsed."""
    return _PASSWORD_IN_TEXT.sub(r"\1***@", text)


def safe_url(url: str | URL) -> str:
    """The URL with its password hidden, for messages and logs."""
    try:
        parsed = url if isinstance(url, URL) else make_url(url)
    except (ArgumentError, ValueError):
        return _mask_text(str(url))
    return parsed.render_as_string(hide_password=True)


# --- engines ----------------------------------------------------------------------


def _sqlite_file(url: URL) -> Path | None:
    """The file of an SQLite URL; None for in-memory and ``file:`` URI databases."""
    database = url.database
    if not database or database == ":memory:" or database.startswith("file:"):
        return None
    return Path(database).expanduser()


def _prepare_sqlite_file(path: Path) -> None:
    """Create the folder (0700) and an empty file (0600) before SQLite does.

    SQLite creates its -wal and -shm files with the main file's mode, so they are
    private too. An existing folder or file keeps the mode its owner chose.
    """
    if not path.parent.exists():
        path.parent.mkdir(parents=True, mode=0o700)
        path.parent.chmod(0o700)  # mkdir's mode is filtered by the umask
    if not path.exists():
        fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
        os.close(fd)
        path.chmod(0o600)


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    # the driver must not open transactions on its own: _sqlite_begin does
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    try:
        # a read-only connection cannot change the mode: it reads in the file's mode
        with suppress(sqlite3.OperationalError):
            cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
        # safe with WAL: a power cut may lose the last commit, never corrupt the file
        cursor.execute("PRAGMA synchronous=NORMAL")
    finally:
        cursor.close()


def _reason(error: BaseException) -> str:
    """The first line of a driver's error, without psycopg's generic prefix."""
    original = getattr(error, "orig", None) or error
    lines = [line.strip() for line in str(original).splitlines() if line.strip()]
    if not lines:
        return type(original).__name__
    return lines[0].removeprefix("connection failed: ")


def _unavailable(url: URL, error: BaseException) -> DatabaseUnavailable:
    return DatabaseUnavailable(
        f"Không kết nối được cơ sở dữ liệu {safe_url(url)}: {_reason(error)}"
    )


def _read_only(url: URL) -> DatabaseReadOnly:
    return DatabaseReadOnly(
        f"Cơ sở dữ liệu {safe_url(url)} chỉ đọc được (quyền của tệp hoặc thư mục, hệ thống tệp "
        "chỉ đọc): lệnh này cần ghi nên không làm gì; các lệnh xem và xuất báo cáo vẫn dùng được"
    )


def _is_read_only_error(error: BaseException) -> bool:
    """SQLite's "attempt to write a readonly database"; PostgreSQL's read-only
    transaction (SQLSTATE 25006, e.g. a hot standby)."""
    if isinstance(error, sqlite3.OperationalError):
        return "readonly database" in str(error)
    return getattr(error, "sqlstate", None) == "25006"


def _connection_errors(engine: Engine) -> None:
    """Turn failures to reach the database into ``DatabaseUnavailable``, everywhere.

    ``context.connection`` is None only when connecting failed (refused, bad host,
    wrong password, unopenable file); ``is_disconnect`` is the server going away
    mid-work. Other errors (constraints, "database is locked") pass through.
    """
    url = engine.url

    @event.listens_for(engine, "handle_error")
    def _translate(context: ExceptionContext) -> None:
        if context.is_pre_ping:
            return  # the pool retries with a new connection
        if context.connection is None or context.is_disconnect:
            raise _unavailable(url, context.original_exception) from None
        original = context.original_exception
        if _is_read_only_error(original):
            raise _read_only(url) from None
        if isinstance(original, sqlite3.OperationalError) and str(original) == "database is locked":
            raise DatabaseBusy(
                f"Cơ sở dữ liệu {safe_url(url)} đang bận: một tiến trình khác giữ quyền ghi "
                f"quá {SQLITE_BUSY_TIMEOUT_MS // 1000} giây; không có gì được ghi, hãy chạy lại"
            ) from None


def make_engine(url: str | URL, *, create: bool = False) -> Engine:
    """An engine for ``url`` (SQLite file or PostgreSQL), checked to connect.

    An SQLite file that does not exist is created only with ``create`` (``tracker
    init``, ``tracker db upgrade``, the demo); otherwise a typo in its path is
    ``DatabaseUnavailable`` and no folder or file appears. An SQLite file this
    process may not write (its mode, its folder, a read-only file system) opens
    read-only: reading works, ``session_scope(write=True)`` raises
    ``DatabaseReadOnly`` before anything runs.

    Raises ``ConfigError`` for a malformed URL and ``DatabaseUnavailable`` when the
    database cannot be reached (or its SQLite file cannot be created).
    """
    parsed = normalise_url(url)
    if parsed.drivername.startswith("sqlite"):
        engine = _sqlite_engine(parsed, create=create)
    else:
        engine = create_engine(
            parsed,
            pool_pre_ping=True,
            connect_args={"connect_timeout": PG_CONNECT_TIMEOUT_S},
        )
    _connection_errors(engine)
    try:
        with engine.connect():
            pass
    except DatabaseUnavailable:
        engine.dispose()
        raise
    except (OperationalError, sqlite3.Error) as error:
        engine.dispose()
        raise _unavailable(parsed, error) from None
    return engine


def is_read_only(engine: Engine) -> bool:
    """Whether ``engine`` was opened read-only (an SQLite file we may not write)."""
    return bool(engine.get_execution_options().get(READ_ONLY_OPTION))


def _sqlite_engine(url: URL, *, create: bool) -> Engine:
    path = _sqlite_file(url)
    if path is None:  # in memory, or a file: URI the user spelled out
        engine = create_engine(url, connect_args={"timeout": SQLITE_BUSY_TIMEOUT_MS / 1000})
    else:
        if not path.exists():
            if not create:
                raise DatabaseUnavailable(
                    f"Không có cơ sở dữ liệu {path}: kiểm tra đường dẫn (--db, "
                    "TRACKER_DATABASE_URL, database.url), hoặc tạo mới bằng 'tracker init'"
                )
            try:
                _prepare_sqlite_file(path)
            except FileExistsError:
                pass  # another process created it in between: fine
            except OSError as error:
                raise DatabaseUnavailable(
                    f"Không tạo được tệp cơ sở dữ liệu {path}: {error.strerror or error}"
                ) from None
        engine = _sqlite_file_engine(url, path.resolve())
    event.listen(engine, "connect", _sqlite_pragmas)
    event.listen(engine, "begin", _sqlite_begin)
    return engine


def _sqlite_file_engine(url: URL, path: Path) -> Engine:
    """An engine on an existing file, opened through an SQLite URI that never creates it:
    ``mode=rw``, or ``mode=ro`` when this process may not write it."""
    folder_writable = os.access(path.parent, os.W_OK | os.X_OK)
    writable = path.is_file() and os.access(path, os.W_OK) and folder_writable
    if writable:
        mode = "rw"
    elif folder_writable or path.with_name(path.name + "-shm").exists():
        mode = "ro"
    else:
        # a read-only folder with no -shm file: no process writes this database now
        # (a WAL writer keeps one), and SQLite cannot create one to read in WAL mode
        mode = "ro&immutable=1"
    uri = f"{path.as_uri()}?mode={mode}"

    def connect() -> sqlite3.Connection:
        return sqlite3.connect(
            uri, uri=True, timeout=SQLITE_BUSY_TIMEOUT_MS / 1000, check_same_thread=False
        )

    engine = create_engine(url, creator=connect)
    return engine if writable else engine.execution_options(**{READ_ONLY_OPTION: True})


def _sqlite_begin(connection: Connection) -> None:
    """Start SQLite transactions ourselves: IMMEDIATE unless the scope only reads.

    A deferred transaction that reads, then writes after another process committed,
    fails at once with "database is locked" whatever the busy timeout (its snapshot
    is stale). Taking the write lock at BEGIN makes writers queue on the busy
    timeout instead (SQLite's busy handler retries with backoff). Readers
    (``session_scope(engine, write=False)``) stay deferred and never wait in WAL mode.
    """
    options = connection.get_execution_options()
    default = "DEFERRED" if options.get(READ_ONLY_OPTION) else "IMMEDIATE"
    connection.exec_driver_sql(f"BEGIN {options.get(BEGIN_OPTION, default)}")


@contextmanager
def session_scope(engine: Engine, *, write: bool = True) -> Iterator[Session]:
    """One transaction: commit on success, roll back on any error.

    ``write=False`` for a scope that only reads: on SQLite it does not take the
    write lock, so reports never wait for (or hold up) a writer. A scope that may
    write, on a database opened read-only, is refused before it begins.
    """
    if write and is_read_only(engine):
        raise _read_only(engine.url)
    bind = engine if write else engine.execution_options(**{BEGIN_OPTION: "DEFERRED"})
    session = sessionmaker(bind=bind, expire_on_commit=False)()
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()


# --- Alembic ----------------------------------------------------------------------


def script_location() -> str:
    """The migrations folder, from the installed package (never the working directory)."""
    return str(resources.files("tracker.migrations"))


def alembic_config(connection: Connection | None = None) -> Config:
    """Alembic's configuration in code: scripts from the package, our connection."""
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", script_location())
    if connection is not None:
        config.attributes["connection"] = connection
    return config


def include_object(
    obj: Any, name: str | None, type_: str, reflected: bool, compare_to: Any
) -> bool:
    """Autogenerate and drift checks leave tables that are not ours alone."""
    return not (type_ == "table" and name in FOREIGN_TABLES)


def _known_revisions() -> set[str]:
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(alembic_config())
    return {s.revision for s in script.walk_revisions()}


def head_revision() -> str:
    """The newest migration revision shipped with the package.

    Revisions are numbered: a file ``versions/NNNN_slug.py`` holds revision
    ``NNNN`` revising the one before (db/README), so the head is the highest number,
    read from the file names without importing Alembic: every command asks, and
    Alembic's script loading costs more than the command. ``tests/db`` checks this
    against Alembic's own answer.
    """
    numbers = [
        entry.name.split("_", 1)[0]
        for entry in (Path(script_location()) / "versions").iterdir()
        if entry.name.endswith(".py") and entry.name.split("_", 1)[0].isdigit()
    ]
    if not numbers:
        raise RuntimeError(f"no migration in {script_location()}")
    return max(numbers)


def alembic_head_revision() -> str | None:
    """Alembic's own idea of the head (for the test that keeps ``head_revision`` true)."""
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(alembic_config()).get_current_head()


def current_revision(engine: Engine) -> str | None:
    """The database's revision; None for a database tracker never migrated.

    Read from Alembic's version table with one query, without importing Alembic.
    """
    with engine.connect() as connection:
        if not inspect(connection).has_table(VERSION_TABLE):
            return None
        versions = connection.exec_driver_sql(f"SELECT version_num FROM {VERSION_TABLE}")
        found = [row[0] for row in versions]
    if len(found) > 1:
        raise MigrationRequired(
            f"Cơ sở dữ liệu {safe_url(engine.url)} có nhiều phiên bản lược đồ {found}"
        )
    return found[0] if found else None


@contextmanager
def _migration_connection(engine_or_url: Engine | str) -> Iterator[Connection]:
    """One transaction for a migration; PostgreSQL migrations wait for each other.

    On SQLite foreign keys are off while the schema changes, as SQLite's manual
    prescribes for table rebuilds (batch mode drops a table and renames its copy:
    with foreign keys on, dropping it would delete its children's rows through ON
    DELETE CASCADE, or refuse); ``PRAGMA foreign_key_check`` must then find nothing
    before the commit.
    """
    engine = (
        engine_or_url
        if isinstance(engine_or_url, Engine)
        else make_engine(engine_or_url, create=True)
    )
    try:
        with engine.connect() as connection:
            sqlite = connection.dialect.name == "sqlite"
            if sqlite:  # on the driver, outside the transaction (a pragma inside is ignored)
                connection.connection.driver_connection.execute("PRAGMA foreign_keys=OFF")  # type: ignore[union-attr]  # sqlite3.Connection
            try:
                with connection.begin():
                    if connection.dialect.name == "postgresql":
                        connection.exec_driver_sql(
                            f"SELECT pg_advisory_xact_lock({PG_MIGRATION_LOCK})"
                        )
                    yield connection
                    if sqlite:
                        _check_foreign_keys(connection)
            finally:
                if sqlite:
                    connection.connection.driver_connection.execute("PRAGMA foreign_keys=ON")  # type: ignore[union-attr]  # sqlite3.Connection
    finally:
        if engine is not engine_or_url:
            engine.dispose()


def _check_foreign_keys(connection: Connection) -> None:
    broken = connection.exec_driver_sql("PRAGMA foreign_key_check").all()
    if broken:
        table, rowid, parent = broken[0][0], broken[0][1], broken[0][2]
        raise MigrationRequired(
            f"Nâng cấp lược đồ dừng lại, không ghi gì: dòng {rowid} của bảng {table} "
            f"trỏ tới {parent} không tồn tại"
        )


def migrate(engine_or_url: Engine | str, *, revision: str = "head") -> None:
    """Upgrade the schema to ``revision`` (no backup: see ``upgrade_with_backup``)."""
    from alembic import command

    with _migration_connection(engine_or_url) as connection:
        command.upgrade(alembic_config(connection), revision)


def downgrade(engine_or_url: Engine | str, *, revision: str = "base") -> None:
    """Downgrade the schema to ``revision`` ("base" drops every table of ours)."""
    from alembic import command

    with _migration_connection(engine_or_url) as connection:
        command.downgrade(alembic_config(connection), revision)


def _our_tables(engine: Engine) -> set[str]:
    """Tables of ours present in the database (foreign ones and alembic_version aside)."""
    return set(inspect(engine).get_table_names()) & set(Base.metadata.tables)


# --- backups and ensure_schema ----------------------------------------------------


def backup_sqlite(engine: Engine) -> Path | None:
    """Copy an SQLite file with data to ``<name>.bak-YYYYMMDD-HHMMSS`` beside it (0600).

    Uses SQLite's online backup, so the copy is consistent even with the WAL not
    yet checkpointed or another process writing. Any table counts as data, ours
    or not (a user's own table must survive a failed upgrade too). Returns None
    for PostgreSQL, in-memory databases and files without tables.
    """
    if not engine.url.drivername.startswith("sqlite"):
        return None
    path = _sqlite_file(engine.url)
    if path is None or not path.exists() or not inspect(engine).get_table_names():
        return None
    target = _backup_path(path, datetime.now(UTC))
    fd = os.open(target, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    os.close(fd)
    target.chmod(0o600)
    with closing(sqlite3.connect(path)) as source, closing(sqlite3.connect(target)) as copy:
        source.backup(copy)
    log.info("copied %s to %s before upgrading", path, target)
    return target


def _backup_path(path: Path, now: datetime) -> Path:
    """``tracker.db.bak-20240312-010203``; ``-2``, ``-3`` … within the same second."""
    stem = f"{path.name}.bak-{now:%Y%m%d-%H%M%S}"
    target = path.with_name(stem)
    counter = 1
    while target.exists():
        counter += 1
        target = path.with_name(f"{stem}-{counter}")
    return target


def upgrade_with_backup(engine: Engine) -> Path | None:
    """Upgrade to head; an SQLite file with data is backed up first. Returns the copy."""
    if current_revision(engine) == head_revision():
        return None
    backup = backup_sqlite(engine)
    migrate(engine)
    return backup


def ensure_schema(engine: Engine, *, auto_upgrade: bool = True) -> Path | None:
    """Make the schema current: create a new database at head, upgrade an older one.

    Returns the backup of an upgraded SQLite file (else None). Raises
    ``MigrationRequired`` when the database is behind and ``auto_upgrade`` is off,
    newer than this version of tracker, or holds our tables without a revision.
    """
    current = current_revision(engine)
    head = head_revision()
    if current == head:
        return None
    where = safe_url(engine.url)
    if is_read_only(engine):
        raise MigrationRequired(
            f"Cơ sở dữ liệu {where} chỉ đọc được và ở phiên bản lược đồ {current}, cần {head}: "
            "nâng cấp bằng 'tracker db upgrade' từ một tài khoản được ghi"
        )
    if current is None:
        present = _our_tables(engine)
        if present:
            raise MigrationRequired(
                f"Cơ sở dữ liệu {where} có bảng {', '.join(sorted(present))} nhưng không có "
                "phiên bản lược đồ: không phải do tracker tạo, không tự nâng cấp"
            )
        migrate(engine)
        return None
    if current not in _known_revisions():
        raise MigrationRequired(
            f"Cơ sở dữ liệu {where} ở phiên bản lược đồ {current}, mới hơn bản tracker này "
            f"(mới nhất {head}): hãy cập nhật tracker"
        )
    if not auto_upgrade:
        raise MigrationRequired(
            f"Cơ sở dữ liệu {where} ở phiên bản lược đồ {current}, cần {head}: "
            "chạy 'tracker db upgrade'"
        )
    return upgrade_with_backup(engine)
