"""The review queue (issue 16 item 9): no phantom unit from an accepted draft, each
interactive decision kept as it is made, history naming the unit of each event."""

from __future__ import annotations

import json
from pathlib import Path

from tracker.cli import app
from tracker.store.models import Event, Unit

DRAFTS = (
    "Ngày 2/5/2024, UBND huyện họp giao ban.\n"
    "Đề nghị Ban Quản lý chợ Trung tâm sửa mái che trước ngày 30/5/2024.\n"
    "Giao Đội Trật tự đô thị dọn vỉa hè trước ngày 15/6/2024.\n"
)


def _drafts(ws, tmp_path: Path) -> list[int]:
    doc = tmp_path / "giao-ban.txt"
    doc.write_text(DRAFTS, encoding="utf-8")
    ws.jsonl("ingest", str(doc))
    ids = [int(r["task_id"]) for r in ws.jsonl("review")]
    assert len(ids) == 2
    return ids


def test_accepting_an_unknown_owner_is_refused_and_creates_no_unit(ws, tmp_path):
    first, _ = _drafts(ws, tmp_path)
    before = ws.counts()
    result = ws.run("review", "accept", str(first))
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.count("\n") == 1
    assert "--owner" in result.stderr
    assert ws.counts() == before
    assert ws.jsonl("tasks", "--as-of", "2024-06-01") == []
    assert [r["task_id"] for r in ws.jsonl("review")] == [first, first + 1]


def test_accept_with_a_registered_owner(ws, tmp_path):
    first, _ = _drafts(ws, tmp_path)
    units = ws.count(Unit)
    result = ws.run("review", "accept", str(first), "--owner", "UBND thị trấn An Hòa")
    assert result.exit_code == 0, result.stderr
    rows = ws.jsonl("tasks", "--as-of", "2024-06-01")
    assert [(r["unit"], r["status"], r["deadline"]) for r in rows] == [
        ("Thị trấn An Hòa", "overdue", "2024-05-30")
    ]
    assert ws.count(Unit) == units
    kinds = [(e["kind"], e["actor"][:4]) for e in ws.jsonl("history", str(first))]
    assert kinds[-2:] == [("edited", "cli:"), ("confirmed", "cli:")]
    unknown = ws.run("review", "accept", str(first + 1), "--owner", "Đội Không Có")
    assert unknown.exit_code == 2
    assert "Đội Không Có" in unknown.stderr


def test_interactive_review_keeps_each_decision_when_interrupted(ws, tmp_path):
    first, second = _drafts(ws, tmp_path)
    events = ws.count(Event)
    # reject the first, then the input ends (the terminal closed) at the second prompt
    result = ws.runner.invoke(app, ["review", "--interactive", "--db", ws.url], input="r\n")
    assert result.exit_code != 0
    assert ws.count(Event) == events + 1
    (left,) = ws.jsonl("review")
    assert left["task_id"] == second
    assert [e["kind"] for e in ws.jsonl("history", str(first))][-1] == "rejected"


def test_interactive_accept_asks_for_the_unit_that_leads(ws, tmp_path):
    first, second = _drafts(ws, tmp_path)
    result = ws.runner.invoke(
        app,
        ["review", "--interactive", "--db", ws.url],
        input="c\nXã An Phú\nc\n\n",  # the second: accept, then no unit given: skipped
    )
    assert result.exit_code == 0, result.output
    assert [r["task_id"] for r in ws.jsonl("review")] == [second]
    rows = ws.jsonl("tasks", "--as-of", "2024-06-01")
    assert [(r["task_id"], r["unit"]) for r in rows] == [(first, "Xã An Phú")]


def test_history_names_the_unit_of_each_event(ingested):
    assert (
        ingested.run("done", "1", "--unit", "UBND xã An Bình", "--on", "2024-03-22").exit_code == 0
    )
    assert ingested.run("check", "--as-of", "2024-03-27").exit_code == 1
    history = ingested.jsonl("history", "1")
    done = [e for e in history if e["kind"] == "done"]
    assert [e["unit"] for e in done] == ["Xã An Bình"]
    flagged = {e["unit"] for e in history if e["kind"] == "flagged_overdue"}
    assert flagged == {"Xã An Phú", "Xã Tân Lập", "Xã Hòa Sơn", "Thị trấn An Hòa"}
    created = [e for e in history if e["kind"] == "created"]
    assert created[0]["unit"] is None  # about the whole task
    table = ingested.run("history", "1")
    assert "Đơn vị" in table.stdout.splitlines()[0]
    assert "Xã An Bình" in table.stdout
    shown = json.loads(ingested.run("show", "1", "--format", "json").stdout)[0]
    assert any(e["unit"] == "Xã An Bình" for e in shown["history"])
