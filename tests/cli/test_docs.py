"""The repository stands alone: ``docs/contract.md`` and ``docs/layout.md`` ship with it
and stay true to the code — every command and option, exit code, JSON field, registry
column, configuration key and default, module and measurement they name — and the
README links to them, never to a folder outside the repository. ``.ci/run`` runs the
README's two set-up commands exactly."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from tracker.cli import app
from tracker.config import CONFIG_SPEC, _toml_value

ROOT = Path(__file__).resolve().parents[2]
CONTRACT = (ROOT / "docs" / "contract.md").read_text(encoding="utf-8")
LAYOUT = (ROOT / "docs" / "layout.md").read_text(encoding="utf-8")
README = (ROOT / "README.md").read_text(encoding="utf-8")


def _commands() -> dict[str, object]:
    root = typer.main.get_command(app)
    found: dict[str, object] = {}

    def walk(command, path):
        if path:
            found[" ".join(path)] = command
        for name, sub in getattr(command, "commands", {}).items():
            walk(sub, [*path, name])

    walk(root, [])
    return found


COMMANDS = _commands()


def _sections(text: str, level: str) -> dict[str, str]:
    """Markdown sections of one heading level: heading text → body."""
    parts = re.split(rf"^{level} (.+)$", text, flags=re.MULTILINE)
    return {parts[i].strip(): parts[i + 1] for i in range(1, len(parts), 2)}


def _command_sections() -> dict[str, str]:
    """``### `tracker units add NAME``` sections by command path (``units add``)."""
    sections = {}
    for heading, body in _sections(CONTRACT, "###").items():
        match = re.fullmatch(r"`tracker ((?:[a-z][a-z-]*)(?: [a-z][a-z-]*)*)(?: .*)?`", heading)
        if match:
            words = match.group(1).split()
            # the command path is the longest prefix of words that names a command
            for n in range(len(words), 0, -1):
                if " ".join(words[:n]) in COMMANDS:
                    sections[" ".join(words[:n])] = heading + "\n" + body
                    break
            else:
                sections[match.group(1)] = heading + "\n" + body
    return sections


SECTIONS = _command_sections()


@pytest.mark.parametrize("path", sorted(COMMANDS))
def test_every_command_has_its_section_with_every_option(path):
    command = COMMANDS[path]
    if hasattr(command, "commands") and not getattr(command, "invoke_without_command", False):
        # a plain group: its subcommands have the sections
        return
    assert path in SECTIONS, f"docs/contract.md has no section for 'tracker {path}'"
    section = SECTIONS[path]
    for param in command.params:
        for option in [*getattr(param, "opts", []), *getattr(param, "secondary_opts", [])]:
            if not option.startswith("-") or option in ("--config", "--db"):
                continue
            assert re.search(rf"`{re.escape(option)}[ `=|,]", section), (path, option)


def test_every_documented_command_exists():
    assert set(SECTIONS) <= set(COMMANDS), set(SECTIONS) - set(COMMANDS)


def test_global_options_are_documented():
    root = typer.main.get_command(app)
    for param in root.params:
        for option in param.opts:
            assert f"`{option}" in CONTRACT, option
    assert "`-h`/`--help`" in CONTRACT


def test_exit_codes_are_documented():
    from tracker import errors

    table = _sections(CONTRACT, "##")["Exit codes"]
    codes = {int(c) for c in re.findall(r"^\| (\d+) \|", table, flags=re.MULTILINE)}
    raised = {
        cls.exit_code
        for cls in vars(errors).values()
        if isinstance(cls, type) and issubclass(cls, errors.TrackerError)
    }
    # 0 done, 1 check/send, 130 interrupted: what the commands themselves return
    assert raised | {0, 1, 130} == codes


@pytest.mark.parametrize("option", CONFIG_SPEC, ids=[f"{o.section}.{o.key}" for o in CONFIG_SPEC])
def test_every_config_key_is_documented_with_its_default(option):
    row = re.search(
        rf"^\| `{re.escape(option.section)}\.{re.escape(option.key)}` \|[^|]*\| `([^`]*)` \|",
        CONTRACT,
        flags=re.MULTILINE,
    )
    assert row, f"{option.section}.{option.key}"
    assert row.group(1) == _toml_value(option.default)


def test_every_documented_config_key_exists():
    keys = set(re.findall(r"^\| `([a-z_]+\.[a-z_]+)` \|", CONTRACT, flags=re.MULTILINE))
    assert keys == {f"{o.section}.{o.key}" for o in CONFIG_SPEC}


def _fields(row_type: str) -> set[str]:
    """The fields of a ``### <Row type> row`` table of the contract."""
    body = _sections(CONTRACT, "###")[f"{row_type} row"]
    names = set()
    for cell in re.findall(r"^\| ([^|]+) \|", body, flags=re.MULTILINE):
        names.update(re.findall(r"`([a-z_]+)`", cell))
    return names


SAMPLE = (
    "ỦY BAN NHÂN DÂN HUYỆN HÒA LẠC\n"
    "Số: 12/TB-UBND\n"
    "Hòa Lạc, ngày 02 tháng 3 năm 2026\n\n"
    "THÔNG BÁO\nKết luận của Chủ tịch UBND huyện\n\n"
    "Giao Phòng Tài chính - Kế hoạch chủ trì rà soát nguồn vốn, báo cáo UBND huyện "
    "trước ngày 20/3/2026.\n"
)


def test_extract_rows_have_exactly_the_documented_fields(tmp_path):
    document = tmp_path / "thong-bao.txt"
    document.write_text(SAMPLE, encoding="utf-8")
    result = CliRunner().invoke(app, ["extract", str(document), "--format", "jsonl"])
    assert result.exit_code == 0, result.stderr
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert rows
    optional = {"ocr_confidence"}  # only in rows of a scan
    for row in rows:
        assert set(row) <= _fields("Task"), set(row) - _fields("Task")
        assert _fields("Task") - optional <= set(row)


def test_stored_rows_have_exactly_the_documented_fields(ingested):
    (ingest,) = ingested.jsonl("ingest", str(ingested.document))  # the same again
    assert set(ingest) == _fields("Ingest")
    for command in ("tasks", "overdue"):
        rows = ingested.jsonl(command, "--as-of", "2024-04-20")
        assert rows, command
        assert all(set(row) == _fields("Assignment") for row in rows), command
    history = ingested.jsonl("history", "1")
    assert history
    assert all(set(row) == _fields("History") for row in history)


def test_send_rows_have_exactly_the_documented_fields(ingested, tmp_path):
    config = tmp_path / "config.toml"
    config.write_text('[notify]\noutbox = "outbox"\n', encoding="utf-8")
    ingested.run("check", "--as-of", "2024-03-18", "--config", str(config))
    rows = ingested.jsonl("send", "--config", str(config))
    assert rows
    assert all(set(row) == _fields("Send") for row in rows)


def test_the_registry_columns_are_the_documented_ones():
    from tracker.store.unitfile import COLUMNS

    section = _sections(CONTRACT, "##")["Unit registry file"]
    assert f"{','.join(COLUMNS)}\n" in section  # the example's header line
    for column in COLUMNS:
        assert f"`{column}`" in section


def test_the_registry_example_imports(tmp_path):
    from tracker.store.unitfile import read_units

    section = _sections(CONTRACT, "##")["Unit registry file"]
    example = re.search(r"```csv\n(.*?)```", section, flags=re.DOTALL)
    assert example
    path = tmp_path / "units.csv"
    path.write_text(example.group(1), encoding="utf-8")
    units = read_units(path)
    assert [u.name for u in units] == ["UBND huyện Hòa Lạc", "Xã Đông Thành"]
    assert units[1].aliases == ("UBND xã Đông Thành", "xã Đông Thành")


# --- docs/layout.md -------------------------------------------------------------------


def test_every_module_the_layout_guide_names_exists():
    table = _sections(LAYOUT, "###")["Inside `tracker/`"]
    named = re.findall(r"^\| `([^`]+)`", table, flags=re.MULTILINE)
    assert len(named) > 10
    for cell in re.findall(r"^\| ([^|]+) \|", table, flags=re.MULTILINE)[2:]:
        for name in re.findall(r"`([a-z_]+(?:\.py|/))`", cell):
            assert (ROOT / "tracker" / name).exists(), name
    for folder in ("db", "tracker", "tests", "bench", "docs"):
        assert (ROOT / folder).is_dir()
    assert (ROOT / ".ci" / "run").is_file()


def test_the_report_measurements_are_the_codes():
    from tracker.export import layout

    page = _sections(LAYOUT, "###")["Page"]
    assert (
        f"top {layout.MARGIN_TOP_MM:.0f} mm, bottom {layout.MARGIN_BOTTOM_MM:.0f} mm, "
        f"left {layout.MARGIN_LEFT_MM:.0f} mm, right {layout.MARGIN_RIGHT_MM:.0f} mm"
    ) in page
    assert f"A4 ({layout.PAGE_SHORT_MM:.0f} × {layout.PAGE_LONG_MM:.0f} mm)" in page
    sizes = _sections(LAYOUT, "###")["Font sizes (points)"]
    rows = re.findall(r"^\| [^|]+ \| (\d+) \| (\d+) \|$", sizes, flags=re.MULTILINE)
    fields = layout.Sizes.__dataclass_fields__
    state = [getattr(layout.SIZES["state"], f) for f in fields]
    party = [getattr(layout.SIZES["party"], f) for f in fields]
    assert [(float(a), float(b)) for a, b in rows] == list(zip(state, party, strict=True))
    header = _sections(LAYOUT, "###")["Header (two columns)"]
    for template in ("state", "party"):
        shown = layout.number_line(template, "VP" if template == "state" else "HU")
        assert " ".join(shown.split()) in " ".join(header.replace("`", " ").split())


# --- the README ------------------------------------------------------------------------


def test_nothing_a_user_reads_links_outside_the_repository():
    readers = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
    readers += sorted((ROOT / "tracker" / "cli").glob("*.py"))
    for path in readers:
        text = path.read_text(encoding="utf-8")
        assert "../shared" not in text, path
    assert "](docs/contract.md)" in README
    assert "](docs/layout.md)" in README


def _readme_commands() -> list[str]:
    setup = _sections(README, "##")["Set-up"]
    return re.findall(r"```sh\n(.*?)\n```", setup, flags=re.DOTALL)[:2]


def test_the_readme_first_installs_the_runtime_and_runs_the_demo_then_the_tests():
    first, second = _readme_commands()
    assert "'.[test]'" not in first
    assert first.endswith(".venv/bin/tracker demo")
    assert "pip install -e . " in first
    assert second.startswith(".venv/bin/pip install -e '.[test]'")
    assert second.endswith("pytest -q -p no:cacheprovider")


def test_ci_runs_exactly_the_readme_commands():
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    lines = [line.strip() for line in ci.splitlines() if not line.lstrip().startswith("#")]
    first, second = _readme_commands()
    assert first in lines  # verbatim, one line
    install, tests = second.split(" && ")
    assert install in lines
    assert tests in lines
    assert lines.index(first) < lines.index(install) < lines.index(tests)
    # nothing else installs the project
    assert [line for line in lines if "pip install" in line] == [first, install]
