"""The command line as a whole: help, version, documentation, the error translator,
lazy imports."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from tracker import __version__
from tracker.cli import app

ROOT = Path(__file__).resolve().parents[2]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def _commands():
    # Typer vendors Click; groups are recognised by their ``commands`` mapping.
    root = typer.main.get_command(app)
    assert hasattr(root, "commands")

    def walk(group, prefix: str):
        for name, command in group.commands.items():
            path = f"{prefix} {name}".strip()
            if hasattr(command, "commands"):
                yield from walk(command, path)
            else:
                yield path, command

    return list(walk(root, ""))


COMMANDS = _commands()


def test_help_lists_commands():
    result = CliRunner().invoke(app, ["--help"])
    assert result.exit_code == 0
    for name in ("extract", "demo", "init", "db"):
        assert name in result.stdout


def test_version():
    result = CliRunner().invoke(app, ["--version"])
    assert result.exit_code == 0
    assert result.stdout.strip() == f"tracker {__version__}"


@pytest.mark.parametrize(("path", "command"), COMMANDS, ids=[p for p, _ in COMMANDS])
def test_every_command_has_help_with_an_example(path, command):
    assert command.help, path
    assert "Ví dụ: tracker " in command.help, path


@pytest.mark.parametrize(("path", "command"), COMMANDS, ids=[p for p, _ in COMMANDS])
def test_every_command_is_in_the_readme(path, command):
    assert f"tracker {path}" in README, path


@pytest.mark.parametrize(("path", "command"), COMMANDS, ids=[p for p, _ in COMMANDS])
def test_every_command_translates_errors(path, command):
    assert getattr(command.callback, "__catches_errors__", False), path


@pytest.mark.parametrize(("path", "command"), COMMANDS, ids=[p for p, _ in COMMANDS])
def test_every_command_takes_config_and_db(path, command):
    options = {opt for param in command.params for opt in getattr(param, "opts", [])}
    assert {"--config", "--db"} <= options or path == "demo", path


def test_help_imports_nothing_heavy():
    code = (
        "import sys\n"
        "from typer.testing import CliRunner\n"
        "from tracker.cli import app\n"
        "r = CliRunner().invoke(app, ['--help'])\n"
        "assert r.exit_code == 0, r.output\n"
        "heavy = ['dateparser', 'apscheduler', 'docx', 'openpyxl', 'icalendar', 'sqlalchemy',"
        " 'alembic', 'holidays', 'tracker.export', 'tracker.scheduler']\n"
        "loaded = [m for m in heavy if any(k == m or k.startswith(m + '.') for k in sys.modules)]\n"
        "print(','.join(loaded))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == ""


def test_python_dash_m_runs():
    done = subprocess.run(
        [sys.executable, "-m", "tracker", "--version"], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0
    assert done.stdout.strip() == f"tracker {__version__}"


def test_bad_config_is_one_line_and_exit_2(tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text("[general]\ntimezone = 'Mars/Olympus'\n", encoding="utf-8")
    doc = tmp_path / "a.txt"
    doc.write_text("Đề nghị các xã báo cáo trước ngày 5/5/2024.", encoding="utf-8")
    result = CliRunner().invoke(app, ["extract", str(doc), "--config", str(bad)])
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.count("\n") == 1
    assert "general.timezone" in result.stderr
