"""Engine set-up: SQLite pragmas and file mode, unreachable servers, bad URLs, sessions."""

from __future__ import annotations

import sqlite3
import stat
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import func, select

from tracker.errors import ConfigError, DatabaseBusy, DatabaseUnavailable
from tracker.store.engine import (
    _backup_path,
    backup_sqlite,
    make_engine,
    migrate,
    normalise_url,
    safe_url,
    session_scope,
)
from tracker.store.models import Unit


def test_sqlite_pragmas_are_set_on_every_connection(sqlite_url):
    engine = make_engine(sqlite_url, create=True)
    with engine.connect() as connection:
        pragma = connection.exec_driver_sql
        assert pragma("PRAGMA journal_mode").scalar() == "wal"
        assert pragma("PRAGMA foreign_keys").scalar() == 1
        assert pragma("PRAGMA busy_timeout").scalar() == 30000
        assert pragma("PRAGMA synchronous").scalar() == 1  # NORMAL
    engine.dispose()


def test_sqlite_file_and_new_folder_are_private(tmp_path):
    path = tmp_path / "new" / "deeper" / "tracker.db"
    engine = make_engine(f"sqlite:///{path}", create=True)
    migrate(engine)
    engine.dispose()
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700


def test_an_existing_folder_keeps_its_mode(tmp_path):
    folder = tmp_path / "shared"
    folder.mkdir(mode=0o755)
    folder.chmod(0o755)
    make_engine(f"sqlite:///{folder / 'tracker.db'}", create=True).dispose()
    assert stat.S_IMODE(folder.stat().st_mode) == 0o755
    assert stat.S_IMODE((folder / "tracker.db").stat().st_mode) == 0o600


def test_a_missing_sqlite_file_is_not_created_without_create(tmp_path):
    path = tmp_path / "typo" / "deeper" / "tracker.db"
    with pytest.raises(DatabaseUnavailable, match="Không có cơ sở dữ liệu") as caught:
        make_engine(f"sqlite:///{path}")
    assert str(path) in str(caught.value)
    assert "\n" not in str(caught.value)
    assert not (tmp_path / "typo").exists()


def test_sqlite_in_a_folder_that_cannot_be_created(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    with pytest.raises(DatabaseUnavailable, match="Không tạo được tệp cơ sở dữ liệu"):
        make_engine(f"sqlite:///{blocker}/sub/tracker.db", create=True)


def test_sqlite_path_that_is_a_folder_is_unavailable(tmp_path):
    with pytest.raises(DatabaseUnavailable, match="Không kết nối được cơ sở dữ liệu sqlite:///"):
        make_engine(f"sqlite:///{tmp_path}", create=True)


def test_unreachable_postgres_is_database_unavailable():
    with pytest.raises(DatabaseUnavailable) as caught:
        make_engine("postgresql+psycopg://postgres:secret@127.0.0.1:1/nothing")
    message = str(caught.value)
    assert message.startswith(
        "Không kết nối được cơ sở dữ liệu postgresql+psycopg://postgres:***@127.0.0.1:1/nothing: "
    )
    assert "refused" in message.lower()
    assert "secret" not in message
    assert "\n" not in message
    assert caught.value.exit_code == 3


def test_plain_postgres_url_is_rewritten_before_connecting():
    with pytest.raises(DatabaseUnavailable, match=r"^[^\n]*postgresql\+psycopg://postgres@127"):
        make_engine("postgres://postgres@127.0.0.1:1/x")


@pytest.mark.parametrize(
    "url",
    [
        pytest.param("not a url", id="not a URL at all"),
        pytest.param("mysql://root@localhost/x", id="a database we do not support"),
        pytest.param("postgresql+psycopg2://u@h/d", id="a driver that is not installed"),
        pytest.param("postgresql://u:secret@h:port/d", id="a port that is not a number"),
    ],
)
def test_malformed_url_is_a_config_error_naming_the_key(url):
    with pytest.raises(ConfigError, match=r"database\.url") as caught:
        make_engine(url)
    assert "secret" not in str(caught.value)
    assert caught.value.exit_code == 2


@pytest.mark.parametrize("scheme", ["postgresql", "postgres", "postgresql+psycopg"])
def test_postgresql_urls_use_psycopg_3(scheme):
    assert normalise_url(f"{scheme}://u@h/d").drivername == "postgresql+psycopg"


def test_safe_url_hides_password():
    assert safe_url("postgresql+psycopg://u:secret@h/d") == "postgresql+psycopg://u:***@h/d"
    assert "secret" not in safe_url("postgresql://u:secret@h:port/d")


def test_session_scope_commits_on_success(sqlite_migrated_url):
    engine = make_engine(sqlite_migrated_url)
    with session_scope(engine) as session:
        session.add(Unit(name="Xã An Bình", name_key="xa an binh", kind="xã"))
    with session_scope(engine) as session:
        assert session.scalar(select(func.count()).select_from(Unit)) == 1
    engine.dispose()


def test_session_scope_rolls_back_on_error(sqlite_migrated_url):
    engine = make_engine(sqlite_migrated_url)

    def fail_after_a_write() -> None:
        with session_scope(engine) as session:
            session.add(Unit(name="Xã An Bình", name_key="xa an binh", kind="xã"))
            session.flush()
            raise RuntimeError("boom")

    with pytest.raises(RuntimeError):
        fail_after_a_write()
    with session_scope(engine) as session:
        assert session.scalar(select(func.count()).select_from(Unit)) == 0
    engine.dispose()


def test_backup_copies_a_migrated_sqlite_file_with_its_data(sqlite_migrated_url):
    engine = make_engine(sqlite_migrated_url)
    with session_scope(engine) as session:  # left in the WAL, not yet checkpointed
        session.add(Unit(name="Xã An Bình", name_key="xa an binh", kind="xã"))
    backup = backup_sqlite(engine)
    engine.dispose()
    assert backup is not None
    assert backup.name.startswith("migrated.db.bak-")
    assert stat.S_IMODE(backup.stat().st_mode) == 0o600
    with sqlite3.connect(backup) as copy:
        assert copy.execute("SELECT name FROM units").fetchall() == [("Xã An Bình",)]


def test_no_backup_of_an_empty_file(sqlite_url):
    engine = make_engine(sqlite_url, create=True)
    assert backup_sqlite(engine) is None
    engine.dispose()


def test_backup_names_do_not_collide_within_a_second(tmp_path):
    path = tmp_path / "tracker.db"
    now = datetime(2024, 3, 12, 1, 2, 3, tzinfo=UTC)
    first = _backup_path(path, now)
    assert first.name == "tracker.db.bak-20240312-010203"
    first.touch()
    assert _backup_path(path, now).name == "tracker.db.bak-20240312-010203-2"


def test_make_engine_accepts_a_relative_sqlite_path():
    engine = make_engine("sqlite:///data/tracker.db", create=True)
    engine.dispose()
    assert Path("data/tracker.db").is_file()


def test_writers_queue_and_readers_do_not_wait(sqlite_migrated_url, monkeypatch):
    """Writers take the lock at BEGIN (queueing on the busy timeout, then one clear
    error); a read-only scope goes on while another process holds the write lock."""
    import tracker.store.engine as engine_module

    monkeypatch.setattr(engine_module, "SQLITE_BUSY_TIMEOUT_MS", 300)
    engine = make_engine(sqlite_migrated_url)
    path = sqlite_migrated_url.removeprefix("sqlite:///")
    other = sqlite3.connect(path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")  # another process is writing
    try:
        with session_scope(engine, write=False) as session:
            assert session.scalar(select(func.count()).select_from(Unit)) == 0
        with pytest.raises(DatabaseBusy) as caught, session_scope(engine) as session:
            session.add(Unit(name="Xã A", name_key="xã a", kind="xã"))
        assert caught.value.exit_code == 3
        assert "đang bận" in str(caught.value)
        assert "\n" not in str(caught.value)
    finally:
        other.execute("ROLLBACK")
        other.close()
    with session_scope(engine) as session:  # the lock is free: the write goes through
        session.add(Unit(name="Xã A", name_key="xã a", kind="xã"))
    with session_scope(engine, write=False) as session:
        assert session.scalar(select(func.count()).select_from(Unit)) == 1
    engine.dispose()
