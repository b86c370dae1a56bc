"""``tracker init``, ``db upgrade``, ``db current``, ``demo``; usage errors in one line."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from sqlalchemy import inspect
from typer.testing import CliRunner

from tracker.cli import app
from tracker.config import render_config_toml
from tracker.store.engine import head_revision, make_engine

TRACKER = [sys.executable, "-m", "tracker"]


def test_init_writes_the_config_and_creates_the_database(db_url):
    result = CliRunner().invoke(app, ["init", "--db", db_url])
    assert result.exit_code == 0, result.stderr
    # the URL is saved: later commands without --db use this database
    assert Path("config.toml").read_text(encoding="utf-8") == render_config_toml(
        database_url=db_url
    )
    assert head_revision() in result.stderr
    engine = make_engine(db_url)
    assert "assignments" in inspect(engine).get_table_names()
    engine.dispose()


def test_init_keeps_an_existing_config(sqlite_url):
    Path("config.toml").write_text("[office]\nplace = 'Giữ nguyên'\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["init", "--db", sqlite_url])
    assert result.exit_code == 0
    assert "Giữ nguyên" in Path("config.toml").read_text(encoding="utf-8")
    assert "--force" in result.stderr


def test_default_database_lives_in_the_user_data_dir():
    result = CliRunner().invoke(app, ["init"])
    assert result.exit_code == 0, result.stderr
    assert (Path.home() / ".local" / "share" / "tracker" / "tracker.db").is_file()
    current = CliRunner().invoke(app, ["db", "current"])
    assert current.exit_code == 0, current.stderr
    assert head_revision() in current.stderr


def test_db_upgrade_backs_up_an_older_sqlite_file(sqlite_url, tmp_path):
    engine = make_engine(sqlite_url, create=True)
    from tracker.store.engine import downgrade, migrate

    migrate(engine)
    downgrade(engine, revision="base")
    with engine.begin() as connection:
        connection.exec_driver_sql("CREATE TABLE keepme (id INTEGER)")
    engine.dispose()
    result = CliRunner().invoke(app, ["db", "upgrade", "--db", sqlite_url])
    assert result.exit_code == 0, result.stderr
    backups = list(tmp_path.glob("tracker.db.bak-*"))
    assert len(backups) == 1
    assert str(backups[0]) in result.stderr


def test_unreachable_database_exits_3():
    result = CliRunner().invoke(
        app, ["db", "current", "--db", "postgresql+psycopg://u:pw@127.0.0.1:1/x"]
    )
    assert result.exit_code == 3
    assert result.stderr.count("\n") == 1
    assert "pw" not in result.stderr


WIDE = {"COLUMNS": "250"}  # tables unwrapped, one line per row


def test_demo_in_process():
    result = CliRunner().invoke(app, ["demo"], env=WIDE)
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""  # one stream: headings and tables on stdout
    assert "Hạt Kiểm lâm" in result.stdout
    assert "Xã Tân Lập" in result.stdout  # an overdue commune
    heading = result.stdout.index("== 4. Đơn vị quá hạn")
    table = result.stdout.index("Mã NV  Đơn vị")
    assert heading < table < result.stdout.index("== 5.")
    assert "Quá hạn (ngày)" in result.stdout[table:]


def test_demo_says_its_folder_stays_and_where(tmp_path):
    folder = tmp_path / "chay-thu"
    result = CliRunner().invoke(app, ["demo", "--keep", str(folder)], env=WIDE)
    assert result.exit_code == 0, result.stderr
    last = result.stdout.strip().splitlines()[-1]
    assert "được giữ lại" in last
    assert str(folder.resolve()) in last
    assert (folder / "demo.db").is_file()


def test_demo_as_a_real_process():
    # piped: stdout alone holds every heading, each before its own table
    done = subprocess.run(
        [*TRACKER, "demo"],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
        env={**os.environ, **WIDE},
    )
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    headings = [line for line in done.stdout.splitlines() if line.startswith("== ")]
    assert [h.split(".")[0] for h in headings] == [f"== {n}" for n in range(1, 8)]
    overdue_table = done.stdout.split("== 4.")[1].split("== 5.")[0]
    assert "Mã NV" in overdue_table
    assert "Xã An Phú" in overdue_table
    assert "Xã An Bình  kiện toàn" not in overdue_table  # done on time in the demo


def test_usage_errors_are_one_line_with_exit_2():
    done = subprocess.run(
        [*TRACKER, "tasks", "--no-such-flag"], capture_output=True, text=True, check=False
    )
    assert done.returncode == 2
    assert done.stdout == ""
    assert done.stderr.count("\n") == 1
    assert "--no-such-flag" in done.stderr
