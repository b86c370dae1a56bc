"""Engine set-up: SQLite pragmas and file mode, unreachable servers, bad URLs."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from tracker.errors import ConfigError, DatabaseUnavailable
from tracker.store.engine import backup_sqlite, make_engine, migrate, normalise_url, safe_url


def test_sqlite_pragmas(sqlite_url):
    engine = make_engine(sqlite_url)
    with engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert connection.exec_driver_sql("PRAGMA busy_timeout").scalar() == 30000
    engine.dispose()


def test_sqlite_file_and_folder_are_private(tmp_path):
    path = tmp_path / "new" / "tracker.db"
    engine = make_engine(f"sqlite:///{path}")
    engine.dispose()
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700


def test_unreachable_postgres_is_database_unavailable():
    with pytest.raises(DatabaseUnavailable) as caught:
        make_engine("postgresql+psycopg://postgres:secret@127.0.0.1:1/nothing")
    message = str(caught.value)
    assert "127.0.0.1:1" in message
    assert "secret" not in message


def test_sqlite_in_a_folder_that_cannot_be_created(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    with pytest.raises(DatabaseUnavailable):
        make_engine(f"sqlite:///{blocker}/sub/tracker.db")


@pytest.mark.parametrize("url", ["mysql://root@localhost/x", "not a url"])
def test_unsupported_url_is_a_config_error(url):
    with pytest.raises(ConfigError, match=r"database\.url"):
        normalise_url(url)


def test_plain_postgresql_url_uses_psycopg():
    assert normalise_url("postgresql://u@h/d").drivername == "postgresql+psycopg"


def test_safe_url_hides_password():
    assert "secret" not in safe_url("postgresql+psycopg://u:secret@h/d")


def test_backup_copies_a_migrated_sqlite_file(sqlite_url):
    engine = make_engine(sqlite_url)
    migrate(engine)
    backup = backup_sqlite(engine)
    engine.dispose()
    assert backup is not None
    assert backup.name.startswith("tracker.db.bak-")
    assert Path(backup).stat().st_size > 0
    assert stat.S_IMODE(backup.stat().st_mode) == 0o600
