"""Engines, sessions and migrations.

``make_engine(url)`` gives SQLite its pragmas (WAL, foreign keys, a busy timeout) in
a ``connect`` event and creates its file readable by the owner only; PostgreSQL
goes through psycopg 3. ``ensure_schema`` creates a new database at the newest
revision or upgrades an older one (or refuses: ``MigrationRequired``). Alembic's
scripts are found from the package (``tracker.migrations`` = the top-level ``db/``
folder), never from the working directory. Connection failures become
``DatabaseUnavailable``.

Imports ``errors`` and ``store.models``.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from importlib import resources
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, event, inspect
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.engine.url import URL
from sqlalchemy.exc import ArgumentError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from tracker.errors import ConfigError, DatabaseUnavailable, MigrationRequired

SQLITE_BUSY_TIMEOUT_MS = 30_000


def normalise_url(url: str) -> URL:
    """Parse a database URL; plain ``postgresql://`` uses psycopg 3."""
    try:
        parsed = make_url(url)
    except ArgumentError as error:
        raise ConfigError(f"khóa database.url không hợp lệ: {url!r}") from error
    if parsed.drivername in ("postgresql", "postgres"):
        parsed = parsed.set(drivername="postgresql+psycopg")
    if not parsed.drivername.startswith(("sqlite", "postgresql")):
        raise ConfigError(f"khóa database.url: không hỗ trợ {parsed.drivername!r}")
    return parsed


def safe_url(url: str | URL) -> str:
    """The URL with its password hidden, for messages and logs."""
    try:
        parsed = url if isinstance(url, URL) else make_url(url)
    except ArgumentError:
        return "<URL không hợp lệ>"
    return parsed.render_as_string(hide_password=True)


def _sqlite_file(url: URL) -> Path | None:
    database = url.database
    if not database or database == ":memory:" or database.startswith("file:"):
        return None
    return Path(database).expanduser()


def _prepare_sqlite_file(path: Path) -> None:
    """Create the folder (0700) and an empty file (0600) before SQLite does."""
    if not path.parent.exists():
        path.parent.mkdir(parents=True, mode=0o700)
    if not path.exists():
        fd = os.open(path, os.O_CREAT | os.O_WRONLY, 0o600)
        os.close(fd)


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def make_engine(url: str) -> Engine:
    """An engine for ``url`` (SQLite file or PostgreSQL), checked to connect."""
    parsed = normalise_url(url)
    if parsed.drivername.startswith("sqlite"):
        path = _sqlite_file(parsed)
        if path is not None:
            try:
                _prepare_sqlite_file(path)
            except OSError as error:
                raise DatabaseUnavailable(
                    f"Không tạo được tệp cơ sở dữ liệu {path}: {error.strerror}"
                ) from None
        engine = create_engine(parsed, connect_args={"timeout": SQLITE_BUSY_TIMEOUT_MS / 1000})
        event.listen(engine, "connect", _sqlite_pragmas)
    else:
        engine = create_engine(parsed, pool_pre_ping=True, connect_args={"connect_timeout": 5})
    try:
        with engine.connect():
            pass
    except (OperationalError, sqlite3.Error) as error:
        engine.dispose()
        reason = (
            str(getattr(error, "orig", error)).strip().splitlines()[0]
            if str(error)
            else type(error).__name__
        )
        raise DatabaseUnavailable(
            f"Không kết nối được cơ sở dữ liệu {safe_url(parsed)}: {reason}"
        ) from None
    return engine


@contextmanager
def session_scope(engine: Engine) -> Iterator[Session]:
    """One transaction: commit on success, roll back on any error."""
    factory = sessionmaker(bind=engine, expire_on_commit=False)
    session = factory()
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()


def _alembic_config(connection: Any = None) -> Any:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(resources.files("tracker.migrations")))
    if connection is not None:
        config.attributes["connection"] = connection
    return config


def head_revision() -> str:
    """The newest migration revision shipped with the package."""
    from alembic.script import ScriptDirectory

    head = ScriptDirectory.from_config(_alembic_config()).get_current_head()
    assert head is not None, "no migration shipped"
    return head


def current_revision(engine: Engine) -> str | None:
    """The database's revision (None for an empty database)."""
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def migrate(engine: Engine, *, revision: str = "head") -> None:
    """Upgrade the schema to ``revision``."""
    from alembic import command

    with engine.begin() as connection:
        command.upgrade(_alembic_config(connection), revision)


def downgrade(engine: Engine, *, revision: str = "base") -> None:
    """Downgrade the schema to ``revision``."""
    from alembic import command

    with engine.begin() as connection:
        command.downgrade(_alembic_config(connection), revision)


def _has_data(engine: Engine) -> bool:
    return bool(inspect(engine).get_table_names())


def backup_sqlite(engine: Engine) -> Path | None:
    """Copy an SQLite file to ``<name>.bak-YYYYMMDD-HHMMSS`` beside it (0600)."""
    path = _sqlite_file(engine.url) if engine.url.drivername.startswith("sqlite") else None
    if path is None or not path.exists() or not _has_data(engine):
        return None
    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
    target = path.with_name(f"{path.name}.bak-{stamp}")
    with engine.connect() as connection:
        connection.exec_driver_sql("PRAGMA wal_checkpoint(FULL)")
    shutil.copy2(path, target)
    target.chmod(0o600)
    return target


def upgrade_with_backup(engine: Engine) -> Path | None:
    """Upgrade to head; an SQLite database behind head is backed up first."""
    if current_revision(engine) == head_revision():
        return None
    backup = backup_sqlite(engine)
    migrate(engine)
    return backup


def ensure_schema(engine: Engine, *, auto_upgrade: bool = True) -> None:
    """A new database is created at head; an older one upgraded or refused."""
    current = current_revision(engine)
    if current == head_revision():
        return
    if current is None and not _has_data(engine):
        migrate(engine)
        return
    if not auto_upgrade:
        raise MigrationRequired(
            f"Cơ sở dữ liệu ở phiên bản {current}, cần {head_revision()}: chạy 'tracker db upgrade'"
        )
    upgrade_with_backup(engine)
