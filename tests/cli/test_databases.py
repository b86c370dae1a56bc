"""Which commands may create a database, ``init --db`` remembered, and a database that
can only be read (file mode, read-only file system) still serving every read command.

The read-only cases run tracker as a real process: on a read-only bind mount made in
a private mount namespace (``unshare -rm``), and as another user (``setpriv``, when
the tests run as root; ``chmod`` otherwise, root ignoring file modes).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tracker.cli import app
from tracker.config import load_config
from tracker.demo import copy_samples

IN_CI = os.environ.get("CI", "").lower() == "true"
NOBODY = 65534


def _missing(reason: str) -> None:
    if IN_CI:
        pytest.fail(f"CI=true but {reason}")
    pytest.skip(reason)


@pytest.mark.parametrize(
    "args",
    [
        ("tasks",),
        ("overdue",),
        ("units", "list"),
        ("units", "add", "Xã Mới", "--kind", "xã"),
        ("check", "--as-of", "2024-04-20"),
        ("db", "current"),
        ("export", "all", "--output", "dump.jsonl"),
    ],
    ids=" ".join,
)
def test_a_missing_sqlite_file_is_one_line_and_creates_nothing(tmp_path, args):
    typo = tmp_path / "dâta" / "trackr.db"
    result = CliRunner().invoke(app, [*args, "--db", f"sqlite:///{typo}"])
    assert result.exit_code == 3, result.output
    assert result.stdout == ""
    assert result.stderr.count("\n") == 1
    assert "Không có cơ sở dữ liệu" in result.stderr
    assert "tracker init" in result.stderr
    assert not (tmp_path / "dâta").exists()
    assert not Path("dump.jsonl").exists()


def test_init_saves_the_url_and_later_commands_use_that_database(tmp_path):
    runner = CliRunner()
    result = runner.invoke(app, ["init", "--db", "sqlite:///data/cong-viec.db"])
    assert result.exit_code == 0, result.stderr
    saved = load_config("config.toml").database_url
    assert saved == f"sqlite:///{Path('data/cong-viec.db').resolve()}"  # absolute: any folder
    added = runner.invoke(app, ["units", "add", "Xã An Bình", "--kind", "xã"])
    assert added.exit_code == 0, added.stderr
    os.chdir(tmp_path)  # elsewhere, with --config: the same database
    listed = runner.invoke(app, ["units", "list", "--config", str(Path("work/config.toml"))])
    assert listed.exit_code == 0, listed.stderr
    assert "Xã An Bình" in listed.stdout
    assert not (Path.home() / ".local" / "share" / "tracker").exists()


def test_init_does_not_save_a_password(tmp_path, monkeypatch):
    from tracker.cli import db as db_cli

    assert db_cli._saved_url("postgresql://u:bí-mật@h/d") == "postgresql+psycopg://u@h/d"
    assert db_cli._saved_url("sqlite:///x.db") == f"sqlite:///{Path('x.db').resolve()}"


# --- read-only databases ------------------------------------------------------------


@pytest.fixture
def filled() -> Iterator[Path]:
    """A folder others may enter, with an SQLite database holding the sample."""
    folder = Path(tempfile.mkdtemp(prefix="tracker-ro-", dir="/tmp"))
    folder.chmod(0o755)
    database = folder / "tracker.db"
    url = f"sqlite:///{database}"
    samples = folder / "samples"
    samples.mkdir()
    document, units = copy_samples(samples)
    runner = CliRunner()
    for args in (
        ("db", "upgrade"),
        ("units", "import", str(units)),
        ("ingest", str(document), "--confirm"),
        ("done", "1", "--unit", "Xã An Bình", "--on", "2024-03-22"),
    ):
        result = runner.invoke(app, [*args, "--db", url])
        assert result.exit_code == 0, (args, result.stderr)
    try:
        yield database
    finally:
        subprocess.run(["chmod", "-R", "u+rwX", str(folder)], check=False)
        shutil.rmtree(folder, ignore_errors=True)


READS = [
    ("tasks", "--as-of", "2024-04-20", "--format", "jsonl"),
    ("overdue", "--as-of", "2024-04-20", "--format", "jsonl"),
    ("show", "1", "--format", "json"),
    ("history", "1", "--format", "jsonl"),
    ("units", "list", "--format", "jsonl"),
    ("stats", "--from", "2024-01-01", "--to", "2024-04-20", "--format", "json"),
]
WRITE = ("done", "1", "--unit", "Xã An Phú", "--on", "2024-03-24")


def _run_all(prefix: list[str], database: Path, out: Path) -> list[subprocess.CompletedProcess]:
    """Every read command, an export to a writable folder, then one write, each a process
    (``prefix`` makes it run on a read-only mount or as another user)."""
    url = f"sqlite:///{database}"
    commands = [*READS, ("export", "overdue", "--format", "json", "--output", str(out)), WRITE]
    return [
        subprocess.run(
            [*prefix, sys.executable, "-m", "tracker", *command, "--db", url],
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
            cwd=out.parent,
        )
        for command in commands
    ]


def _check(results: list[subprocess.CompletedProcess], out: Path) -> None:
    *reads, export, write = results
    for result in reads:
        assert result.returncode == 0, (result.args, result.stderr)
        assert result.stdout.strip(), result.args
    overdue = [json.loads(line) for line in reads[1].stdout.splitlines()]
    assert {r["unit"] for r in overdue if r["task_id"] == 1} == {
        "Xã An Phú",
        "Xã Tân Lập",
        "Xã Hòa Sơn",
        "Thị trấn An Hòa",
    }
    assert export.returncode == 0, export.stderr
    assert json.loads(out.read_text(encoding="utf-8"))
    assert write.returncode == 3, write.stderr
    assert write.stderr.count("\n") == 1
    assert "chỉ đọc" in write.stderr
    assert "Traceback" not in write.stderr


def _unchanged(database: Path) -> None:
    runner = CliRunner()
    rows = runner.invoke(
        app, ["tasks", "--unit", "Xã An Phú", "--format", "jsonl", "--db", f"sqlite:///{database}"]
    )
    assert rows.exit_code == 0, rows.stderr
    assert all(json.loads(line)["done_on"] is None for line in rows.stdout.splitlines())


def test_a_read_only_file_system_serves_reads_and_refuses_writes_in_one_line(filled, tmp_path):
    if shutil.which("unshare") is None:
        _missing("unshare (util-linux) is not installed")
    folder = str(filled.parent)
    probe = subprocess.run(
        [
            "unshare",
            "-rm",
            "sh",
            "-c",
            f"mount --bind {folder} {folder} && "
            f"mount -o remount,bind,ro {folder} && ! touch {folder}/probe",
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    if probe.returncode != 0:
        _missing(f"no private read-only bind mount here: {probe.stderr.strip()}")
    out = tmp_path / "out" / "overdue.json"
    out.parent.mkdir()
    prefix = [
        "unshare",
        "-rm",
        "sh",
        "-c",
        f'mount --bind {folder} {folder} && mount -o remount,bind,ro {folder} && exec "$@"',
        "ro",
    ]
    _check(_run_all(prefix, filled, out), out)
    _unchanged(filled)


def test_a_database_its_owner_made_read_only_serves_reads(filled):
    """The owner took write permission away from the file and its folder (``chmod a-w``).

    Run as that owner: root ignores file modes, so as root the folder is given to
    ``nobody`` and the commands run as ``nobody``.
    """
    out_folder = Path(tempfile.mkdtemp(prefix="tracker-out-", dir="/tmp"))
    out_folder.chmod(0o777)
    out = out_folder / "overdue.json"
    folder = filled.parent
    prefix: list[str] = []
    try:
        if os.geteuid() == 0:
            if shutil.which("setpriv") is None:
                _missing("setpriv (util-linux) is not installed")
            subprocess.run(["chown", "-R", f"{NOBODY}:{NOBODY}", str(folder)], check=True)
            prefix = ["setpriv", f"--reuid={NOBODY}", f"--regid={NOBODY}", "--clear-groups"]
            check = subprocess.run(
                [*prefix, sys.executable, "-c", "import tracker.cli"],
                capture_output=True,
                text=True,
                check=False,
                cwd=out_folder,
            )
            if check.returncode != 0:
                _missing(f"another user cannot run this Python: {check.stderr.strip()[-200:]}")
        subprocess.run(["chmod", "-R", "a-w", str(folder)], check=True)
        _check(_run_all(prefix, filled, out), out)
    finally:
        subprocess.run(["chmod", "-R", "u+w", str(folder)], check=False)
        subprocess.run(["chown", "-R", f"{os.geteuid()}:{os.getegid()}", str(folder)], check=False)
        shutil.rmtree(out_folder, ignore_errors=True)
    _unchanged(filled)
