"""``tracker db backup`` and the scheduler's daily backup (issue 16 item 13): a backup
restored gives the same rows, on SQLite (online backup API) and PostgreSQL (pg_dump,
pg_restore); retention keeps the newest N; a missing pg_dump is one line naming the
package."""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
import uuid
from pathlib import Path

import pytest
import sqlalchemy as sa

from tracker.cli import app
from tracker.store.engine import make_engine
from tracker.store.models import Base

IN_CI = os.environ.get("CI", "").lower() == "true"


def _snapshot(url: str) -> dict[str, list[tuple]]:
    """Every row of every table of ours, in primary-key order."""
    engine = make_engine(url)
    with engine.connect() as connection:
        rows = {
            table.name: [
                tuple(row)
                for row in connection.execute(sa.select(table).order_by(*table.primary_key.columns))
            ]
            for table in Base.metadata.sorted_tables
        }
    engine.dispose()
    return rows


@pytest.fixture
def busy(ingested):
    """The sample after some work: done, extended, checked (reminders queued)."""
    for args in (
        ("done", "1", "--unit", "Xã An Bình", "--on", "2024-03-22"),
        ("extend", "2", "--to", "2024-05-15", "--by", "12/QĐ-UBND", "--as-of", "2024-04-10"),
        ("check", "--as-of", "2024-04-20"),
    ):
        result = ingested.run(*args)
        assert result.exit_code in (0, 1), (args, result.stderr)
    return ingested


def _pg_tools() -> None:
    missing = [tool for tool in ("pg_dump", "pg_restore") if shutil.which(tool) is None]
    if missing:
        reason = f"{', '.join(missing)} not installed (Debian package postgresql-client)"
        if IN_CI:
            pytest.fail(f"CI=true but {reason}")
        pytest.skip(reason)


def _restore(db_url: str, backup: Path, tmp_path: Path) -> str:
    """What README's restore steps do: SQLite, copy the file into place; PostgreSQL,
    pg_restore into a new, empty database."""
    if db_url.startswith("sqlite"):
        restored = tmp_path / "restored.db"
        shutil.copy2(backup, restored)
        return f"sqlite:///{restored}"
    name = f"tracker_restore_{uuid.uuid4().hex[:10]}"
    admin = sa.create_engine(_admin(db_url), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(sa.text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    url = sa.make_url(db_url).set(database=name).render_as_string(hide_password=False)
    libpq = sa.make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)
    subprocess.run(
        ["pg_restore", "--no-owner", f"--dbname={libpq}", str(backup)],
        check=True,
        capture_output=True,
    )
    return url


def _admin(url: str) -> str:
    """The same server's maintenance database."""
    return sa.make_url(url).set(database="postgres").render_as_string(hide_password=False)


def _drop(url: str) -> None:
    if url.startswith("sqlite"):
        return
    admin = sa.create_engine(_admin(url), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(
            sa.text(f'DROP DATABASE IF EXISTS "{sa.make_url(url).database}" WITH (FORCE)')
        )
    admin.dispose()


def test_a_backup_restored_gives_the_same_rows(busy, db_url, tmp_path):
    if db_url.startswith("postgresql"):
        _pg_tools()
    target = tmp_path / ("sao-luu.dump" if db_url.startswith("postgresql") else "sao-luu.db")
    result = busy.run("db", "backup", "--output", str(target))
    assert result.exit_code == 0, result.stderr
    assert str(target) in result.stderr
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert not list(tmp_path.glob(".*.part"))

    before = _snapshot(busy.url)
    assert before["notifications"]  # the snapshot covers the whole job, queue included
    restored = _restore(db_url, target, tmp_path)
    try:
        assert _snapshot(restored) == before
        # and tracker works on it: the same overdue list
        again = busy.runner.invoke(
            app, ["overdue", "--as-of", "2024-04-20", "--format", "jsonl", "--db", restored]
        )
        original = busy.run("overdue", "--as-of", "2024-04-20", "--format", "jsonl")
        assert again.stdout == original.stdout
        assert again.stdout.count("\n") > 0
    finally:
        _drop(restored)


def test_a_backup_never_overwrites(busy, tmp_path):
    target = tmp_path / "co-roi.db"
    target.write_bytes(b"a file of the user's")
    result = busy.run("db", "backup", "--output", str(target))
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1
    assert target.read_bytes() == b"a file of the user's"


def test_backups_into_the_folder_keep_the_newest(busy, tmp_path):
    folder = tmp_path / "backups"
    folder.mkdir()
    (folder / "ghi-chu.txt").write_text("not ours: never removed", encoding="utf-8")
    config = tmp_path / "config.toml"
    config.write_text(f'[backup]\nfolder = "{folder}"\nkeep = 2\n', encoding="utf-8")
    made = []
    for _ in range(3):
        result = busy.run("db", "backup", "--config", str(config))
        assert result.exit_code == 0, result.stderr
        made.append(result.stderr.split(" vào ")[1].split(" (")[0])
    left = sorted(p.name for p in folder.iterdir())
    assert "ghi-chu.txt" in left
    kept = sorted(str(folder / name) for name in left if name != "ghi-chu.txt")
    assert kept == sorted(made[1:])  # the oldest went
    assert "Đã xóa 1 bản sao lưu cũ" in result.stderr


def test_missing_pg_dump_is_one_line_naming_the_package(tmp_path, monkeypatch):
    from typer.testing import CliRunner

    monkeypatch.setenv("PATH", str(tmp_path))  # no pg_dump anywhere
    result = CliRunner().invoke(
        app,
        [
            "db",
            "backup",
            "--output",
            str(tmp_path / "x.dump"),
            "--db",
            "postgresql+psycopg://postgres@127.0.0.1:5432/test",
        ],
    )
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1
    assert "postgresql-client" in result.stderr
    assert not (tmp_path / "x.dump").exists()


def test_scheduler_runs_a_daily_backup_with_retention(busy, tmp_path):
    from tracker.config import load_config
    from tracker.scheduler import JOB_BACKUP, backup_job, build

    folder = tmp_path / "nightly"
    config = tmp_path / "config.toml"
    config.write_text(
        f'[backup]\nfolder = "{folder}"\ntime = "02:30"\nkeep = 1\n', encoding="utf-8"
    )
    settings = load_config(config, database_url=busy.url)
    scheduler = build(settings, str(config), busy.url, background=True)
    scheduler.start(paused=True)
    try:
        job = scheduler.get_job(JOB_BACKUP)
        assert job is not None
        assert str(job.trigger) == "cron[hour='2', minute='30']"
    finally:
        scheduler.shutdown(wait=False)

    backup_job(str(config), busy.url)  # what the job runs, twice on two nights
    backup_job(str(config), busy.url)
    assert len(list(folder.glob("tracker-*"))) == 1

    off = tmp_path / "off.toml"
    off.write_text('[backup]\ntime = ""\n', encoding="utf-8")
    scheduler = build(load_config(off, database_url=busy.url), str(off), busy.url, background=True)
    scheduler.start(paused=True)
    try:
        assert scheduler.get_job(JOB_BACKUP) is None  # switched off: the stored job is gone
    finally:
        scheduler.shutdown(wait=False)
