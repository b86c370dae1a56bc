"""The secretariat's commands end to end, on SQLite and PostgreSQL: units import,
ingest (idempotent, fan-out), tasks/overdue as of a day, done/extend/reopen, and
bad input that writes nothing."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tracker.cli import app

COMMUNES = {"Thị trấn An Hòa", "Xã An Bình", "Xã An Phú", "Xã Tân Lập", "Xã Hòa Sơn"}


def test_ingest_twice_is_a_duplicate_and_writes_nothing(ingested):
    before = ingested.counts()
    rows = ingested.jsonl("ingest", str(ingested.document))
    assert rows[0]["duplicate"] is True
    assert rows[0]["tasks"] == 8
    assert ingested.counts() == before


def test_group_owner_fans_out_to_every_commune(ingested):
    rows = ingested.jsonl("tasks", "--as-of", "2024-03-13")
    task_one = [r for r in rows if r["task_id"] == 1]
    assert {r["unit"] for r in task_one} == COMMUNES
    assert all(r["deadline"] == "2024-03-25" for r in task_one)
    assert all(r["status"] == "open" for r in task_one)


def test_assignment_row_keys_are_the_contract(ingested):
    row = ingested.jsonl("tasks", "--as-of", "2024-03-13")[0]
    assert list(row) == [
        "task_id",
        "unit",
        "role",
        "action",
        "deadline",
        "original_deadline",
        "status",
        "days_overdue",
        "done_on",
        "document",
        "report_to",
    ]


def test_overdue_and_done_for_one_commune(ingested):
    assert (
        ingested.run("done", "1", "--unit", "UBND xã An Bình", "--on", "2024-03-22").exit_code == 0
    )
    overdue = ingested.jsonl("overdue", "--as-of", "2024-04-20")
    task_one = {r["unit"]: r for r in overdue if r["task_id"] == 1}
    assert set(task_one) == COMMUNES - {"Xã An Bình"}
    assert all(r["days_overdue"] == 26 and r["status"] == "overdue" for r in task_one.values())
    mine = ingested.jsonl("tasks", "--unit", "Xã An Bình", "--as-of", "2024-04-20")
    done = [r for r in mine if r["task_id"] == 1]
    assert done[0]["status"] == "done_on_time"
    assert done[0]["done_on"] == "2024-03-22"


def test_done_late_counts_against_the_deadline(ingested):
    ingested.run("done", "1", "--unit", "Xã An Phú", "--on", "2024-03-28")
    row = next(
        r
        for r in ingested.jsonl("tasks", "--unit", "Xã An Phú", "--as-of", "2024-04-01")
        if r["task_id"] == 1
    )
    assert (row["status"], row["days_overdue"]) == ("done_late", 3)


def test_as_of_before_done_shows_what_was_true_then(ingested):
    ingested.run("done", "1", "--unit", "Xã Tân Lập", "--on", "2024-04-02")
    row = next(
        r
        for r in ingested.jsonl("tasks", "--unit", "Xã Tân Lập", "--as-of", "2024-03-30")
        if r["task_id"] == 1
    )
    assert (row["status"], row["done_on"]) == ("overdue", None)


def test_due_soon_within_working_days(ingested):
    # 25/3/2024 is a Monday: from Thursday 21/3 it is 2 working days away
    row = next(r for r in ingested.jsonl("tasks", "--as-of", "2024-03-21") if r["task_id"] == 1)
    assert row["status"] == "due_soon"


def test_extend_keeps_the_original_and_history_answers_for_past_days(ingested):
    result = ingested.run(
        "extend", "2", "--to", "2024-05-15", "--by", "12/QĐ-UBND", "--as-of", "2024-04-18"
    )
    assert result.exit_code == 0, result.stderr
    now = next(
        r
        for r in ingested.jsonl("tasks", "--as-of", "2024-04-20")
        if r["task_id"] == 2 and r["role"] == "lead"
    )
    assert (now["deadline"], now["original_deadline"], now["status"]) == (
        "2024-05-15",
        "2024-04-15",
        "open",
    )
    then = next(
        r
        for r in ingested.jsonl("tasks", "--as-of", "2024-04-17")
        if r["task_id"] == 2 and r["role"] == "lead"
    )
    assert (then["status"], then["days_overdue"]) == ("overdue", 2)
    history = ingested.jsonl("history", "2")
    extended = [e for e in history if e["kind"] == "extended"]
    assert extended[0]["old_deadline"] == "2024-04-15"
    assert extended[0]["document_number"] == "12/QĐ-UBND"


def test_past_days_use_the_extension_then_in_force(ingested):
    """Three extensions: each past day is judged by the latest one granted by then."""
    for to, on in (
        ("2024-05-15", "2024-04-18"),
        ("2024-06-15", "2024-05-10"),
        ("2024-07-15", "2024-06-20"),
    ):
        result = ingested.run("extend", "2", "--to", to, "--as-of", on)
        assert result.exit_code == 0, result.stderr

    def lead(command: str, day: str) -> dict | None:
        rows = ingested.jsonl(command, "--as-of", day)
        return next((r for r in rows if r["task_id"] == 2 and r["role"] == "lead"), None)

    before = lead("overdue", "2024-04-17")  # the original 15/4 was in force
    assert before is not None
    assert before["days_overdue"] == 2
    assert lead("overdue", "2024-05-20") is None  # 15/6 in force, not the first 15/5
    assert lead("tasks", "2024-05-20")["status"] == "open"
    late = lead("overdue", "2024-06-18")  # 15/6 passed before the third extension
    assert late is not None
    assert late["days_overdue"] == 3


def test_reopen_makes_it_open_again(ingested):
    ingested.run("done", "3", "--on", "2024-04-10")
    assert ingested.run("reopen", "3", "--as-of", "2024-04-11").exit_code == 0
    row = next(r for r in ingested.jsonl("tasks", "--as-of", "2024-04-12") if r["task_id"] == 3)
    assert row["done_on"] is None
    assert [e["kind"] for e in ingested.jsonl("history", "3")][-2:] == ["done", "reopened"]


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (("done", "1", "--on", "2024-03-22"), "chỉ rõ --unit"),
        (("done", "99"), "không có nhiệm vụ số 99"),
        (("done", "1", "--unit", "Xã Không Có"), "không giao cho đơn vị"),
        (("done", "2", "--on", "31/02/2018"), "31/02/2018"),
        (("extend", "2", "--to", "2024-04-01"), "phải sau hạn hiện tại"),
        (("tasks", "--status", "late"), "trạng thái không hợp lệ"),
        (("tasks", "--unit", "Xã Không Có"), "không có đơn vị"),
        (("tasks", "--format", "xml"), "định dạng không hỗ trợ"),
        (("ingest", "missing.txt"), "không tồn tại"),
        (("units", "import", "missing.csv"), "không tồn tại"),
        (("show", "42"), "không có nhiệm vụ số 42"),
    ],
    ids=lambda v: " ".join(v) if isinstance(v, tuple) else None,
)
def test_bad_input_is_one_line_exit_2_and_writes_nothing(ingested, args, needle):
    before = ingested.counts()
    result = ingested.run(*args)
    assert result.exit_code == 2, result.output
    assert result.stdout == ""
    assert result.stderr.count("\n") == 1
    assert needle in result.stderr
    assert ingested.counts() == before


def test_units_import_rejects_a_bad_file_whole(ws, tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text(
        "name,kind,parent,aliases,email\nXã Mới,xã,,,moi@example.vn\nXã Lạ,hành tinh,,,\n",
        encoding="utf-8",
    )
    before = ws.counts()
    result = ws.run("units", "import", str(bad))
    assert result.exit_code == 2
    assert "dòng 3" in result.stderr
    assert ws.counts() == before


def test_units_import_toml_and_list(ws, tmp_path):
    file = tmp_path / "more.toml"
    file.write_text(
        '[[unit]]\nname = "Phòng Nội vụ"\nkind = "phòng"\nparent = "UBND huyện An Hòa"\n'
        'aliases = ["Phòng NV"]\n',
        encoding="utf-8",
    )
    assert ws.run("units", "import", str(file)).exit_code == 0
    listed = {r["name"]: r for r in ws.jsonl("units", "list")}
    assert listed["Phòng Nội vụ"]["parent"] == "UBND huyện An Hòa"
    assert listed["Phòng Nội vụ"]["aliases"] == ["Phòng NV"]


def test_unknown_owner_makes_a_draft_and_is_listed_unresolved(ws, tmp_path):
    doc = tmp_path / "tb.txt"
    doc.write_text(
        "Ngày 2/5/2024, UBND huyện họp.\n"
        "Đề nghị Ban Quản lý chợ Trung tâm sửa mái che trước ngày 30/5/2024.\n",
        encoding="utf-8",
    )
    row = ws.jsonl("ingest", str(doc))[0]
    assert row["drafts"] == 1
    assert ws.jsonl("tasks", "--as-of", "2024-06-01") == []  # drafts count nowhere
    assert ws.jsonl("units", "unresolved")[0]["owner"] == "Ban Quản lý chợ Trung tâm"


def _seed_units(seed: str, folder: Path) -> Path:
    """A registry of the communes the seed text lists among the participants."""
    listing = re.search(r"Công an xã, thị trấn:\s*([^.\n]+)", seed)
    assert listing, "the seed text lists its communes"
    names = [n.strip() for n in re.split(r",|\svà\s", listing.group(1)) if n.strip()]
    lines = ["name,kind,parent,aliases,email", "UBND huyện,huyện,,,", "Công an huyện,cơ quan,,,"]
    for name in names:
        if name.lower().startswith("thị trấn"):
            lines.append(f"Thị trấn {name[9:].strip()},thị trấn,,,")
        else:
            lines.append(f"Xã {name},xã,,,")
    path = folder / "seed-units.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_seed_004_as_of_16_april_2018(shared_dir, db_url, tmp_path):
    seed_path = shared_dir / "seeds" / "004_07b1298708a4d36a.txt"
    units = _seed_units(seed_path.read_text(encoding="utf-8"), tmp_path)
    runner = CliRunner()
    assert runner.invoke(app, ["db", "upgrade", "--db", db_url]).exit_code == 0
    assert runner.invoke(app, ["units", "import", str(units), "--db", db_url]).exit_code == 0
    result = runner.invoke(app, ["ingest", str(seed_path), "--confirm", "--db", db_url])
    assert result.exit_code == 0, result.stderr
    out = runner.invoke(
        app, ["overdue", "--as-of", "2018-04-16", "--format", "jsonl", "--db", db_url]
    )
    rows = [json.loads(line) for line in out.stdout.splitlines()]
    communes = {line.split(",")[0] for line in units.read_text(encoding="utf-8").splitlines()[3:]}
    assert len(communes) == 10
    for deadline in ("2018-04-05", "2018-04-10"):
        late = {r["unit"] for r in rows if r["deadline"] == deadline}
        assert communes <= late, deadline
    assert any(r["unit"] == "Công an huyện" and r["deadline"] == "2018-04-15" for r in rows)


def test_units_add_and_alias_resolve_owner_texts(ws):
    added = ws.run(
        "units", "add", "Phòng Nội vụ", "--kind", "phòng", "--parent", "UBND huyện An Hòa"
    )
    assert added.exit_code == 0, added.stderr
    assert ws.run("units", "alias", "Phòng Nội vụ", "Phòng NV").exit_code == 0
    listed = {r["name"]: r for r in ws.jsonl("units", "list")}
    assert listed["Phòng Nội vụ"]["aliases"] == ["Phòng NV"]
    clash = ws.run("units", "alias", "Xã An Bình", "Phòng NV")
    assert clash.exit_code == 2
    assert "đã dùng" in clash.stderr
    bad_kind = ws.run("units", "add", "Tổ Lạ", "--kind", "hành tinh")
    assert bad_kind.exit_code == 2


@pytest.mark.parametrize("day", ["2024-03-01", "2024-03-26", "2024-04-17", "2024-12-31"])
def test_the_sqlite_query_shape_lists_the_same_rows(ingested, day):
    """The rows-not-done-first shape used on SQLite gives exactly the plain query's rows."""
    from datetime import date

    from tracker.store.engine import make_engine, session_scope
    from tracker.store.queries import Filters, assignment_select

    ingested.run("done", "1", "--unit", "Xã An Bình", "--on", "2024-03-22")
    ingested.run("extend", "2", "--to", "2024-05-15", "--as-of", "2024-04-18")
    as_of = date.fromisoformat(day)
    engine = make_engine(ingested.url)
    listed = 0
    for statuses in ({"overdue"}, {"open", "due_soon"}, {"open", "due_soon", "overdue"}):
        filters = Filters(statuses=frozenset(statuses), include_support=False)
        with session_scope(engine, write=False) as session:
            shaped, plain = (
                session.execute(
                    assignment_select(as_of=as_of, soon=as_of, filters=filters, not_done_first=flag)
                ).all()
                for flag in (True, False)
            )
        assert shaped == plain
        listed += len(plain)
    engine.dispose()
    assert listed > 0  # the comparison was about real rows
