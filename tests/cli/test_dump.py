"""``tracker export all`` / ``tracker import all``: a lossless round trip of the whole
database, across SQLite and PostgreSQL both ways, and refusals that write nothing."""

from __future__ import annotations

import json
import stat

import pytest
from typer.testing import CliRunner

from tracker.cli import app
from tracker.store.engine import head_revision
from tracker.store.models import Assignment, Document, Unit


def _rows(path) -> list[str]:
    """The dump without its header line (which carries the export time)."""
    lines = path.read_text(encoding="utf-8").splitlines()
    assert json.loads(lines[0])["format"] == "tracker-dump"
    return lines[1:]


@pytest.fixture
def busy(ingested, tmp_path):
    """The sample after a month of work: done, extended, checked, a reminder queued."""
    for args in (
        ("done", "1", "--unit", "Xã An Bình", "--on", "2024-03-22"),
        ("extend", "2", "--to", "2024-05-15", "--by", "12/QĐ-UBND", "--as-of", "2024-04-10"),
        ("review", "reject", "8"),
        ("check", "--as-of", "2024-04-20"),
    ):
        result = ingested.run(*args)
        assert result.exit_code in (0, 1), (args, result.stderr)
    return ingested


@pytest.fixture
def other_url(db_url, tmp_path, request):
    """A fresh database on the other backend than ``db_url``, created empty at the head."""
    if db_url.startswith("sqlite"):
        url = str(request.getfixturevalue("fresh_pg_url"))
    else:
        url = f"sqlite:///{tmp_path / 'other.db'}"
    created = CliRunner().invoke(app, ["db", "upgrade", "--db", url])
    assert created.exit_code == 0, created.stderr
    return url


def test_round_trip_to_the_other_database_is_lossless(busy, other_url, tmp_path):
    first, second = tmp_path / "a.jsonl", tmp_path / "b.jsonl"
    result = busy.run("export", "all", "--output", str(first))
    assert result.exit_code == 0, result.stderr
    assert stat.S_IMODE(first.stat().st_mode) == 0o600
    counts = json.loads(first.read_text(encoding="utf-8").splitlines()[-1])["counts"]
    assert counts["documents"] == 1
    assert counts["assignments"] == busy.count(Assignment)
    assert counts["events"] > 0
    assert counts["notifications"] > 0

    runner = busy.runner
    loaded = runner.invoke(app, ["import", "all", str(first), "--db", other_url])
    assert loaded.exit_code == 0, loaded.stderr
    again = runner.invoke(app, ["export", "all", "--output", str(second), "--db", other_url])
    assert again.exit_code == 0, again.stderr
    assert _rows(second) == _rows(first)

    # the copy is a working database: reports agree, and new rows get new ids
    def jsonl(url, *args):
        out = runner.invoke(app, [*args, "--db", url, "--format", "jsonl"])
        assert out.exit_code == 0, out.stderr
        return [json.loads(line) for line in out.stdout.splitlines()]

    day = ("--as-of", "2024-04-20")
    assert jsonl(other_url, "overdue", *day) == jsonl(busy.url, "overdue", *day)
    added = runner.invoke(app, ["units", "add", "Xã Mới Lập", "--kind", "xã", "--db", other_url])
    assert added.exit_code == 0, added.stderr


def test_import_into_a_database_with_data_is_refused(busy, tmp_path):
    dump = tmp_path / "a.jsonl"
    assert busy.run("export", "all", "--output", str(dump)).exit_code == 0
    before = busy.counts()
    result = busy.run("import", "all", str(dump))
    assert result.exit_code == 2
    assert "đã có dữ liệu" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert busy.counts() == before


@pytest.mark.parametrize(
    ("damage", "needle"),
    [
        (lambda lines: lines[:-1], "thiếu dòng kết thúc"),
        (lambda lines: lines[:-3] + lines[-1:], "không khớp"),
        (lambda lines: [lines[0].replace(f'"{head_revision()}"', '"0000"'), *lines[1:]], "lược đồ"),
        (lambda lines: ['{"format": "other"}', *lines[1:]], "không phải tệp"),
        (lambda lines: [lines[0], "{not json", *lines[1:]], ":2:"),
        (lambda lines: [lines[0], '{"table": "secrets", "row": {}}', *lines[1:]], "secrets"),
        (lambda lines: [lines[0], *reversed(lines[1:-1]), lines[-1]], "thứ tự"),
        (lambda lines: [], "rỗng"),
    ],
)
def test_a_damaged_dump_is_refused_and_writes_nothing(busy, other_url, tmp_path, damage, needle):
    dump = tmp_path / "a.jsonl"
    assert busy.run("export", "all", "--output", str(dump)).exit_code == 0
    lines = dump.read_text(encoding="utf-8").splitlines()
    dump.write_text("\n".join(damage(lines)) + "\n", encoding="utf-8")
    result = busy.runner.invoke(app, ["import", "all", str(dump), "--db", other_url])
    assert result.exit_code == 2, result.stderr
    assert needle in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    (tmp_path / "probe").mkdir()
    probe = type(busy)(other_url, tmp_path / "probe")
    assert (probe.count(Document), probe.count(Unit)) == (0, 0)


def test_export_to_a_missing_folder_is_refused(busy, tmp_path):
    result = busy.run("export", "all", "--output", str(tmp_path / "no" / "a.jsonl"))
    assert result.exit_code == 2
    assert "không tồn tại" in result.stderr
