"""Review queue, scoreboard, daily check and recurring instances, on both backends."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import func, select

from tracker.store.engine import make_engine
from tracker.store.models import Assignment, Event

DRAFT_DOC = (
    "Ngày 2/5/2024, UBND huyện họp.\n"
    "Đề nghị Ban Quản lý chợ Trung tâm sửa mái che trước ngày 30/5/2024.\n"
)


def _draft(ws, tmp_path: Path) -> int:
    doc = tmp_path / "draft.txt"
    doc.write_text(DRAFT_DOC, encoding="utf-8")
    ws.jsonl("ingest", str(doc))
    (row,) = ws.jsonl("review")
    return int(row["task_id"])


def test_review_lists_drafts_and_accept_makes_them_count(ws, tmp_path):
    task_id = _draft(ws, tmp_path)
    assert ws.jsonl("tasks", "--as-of", "2024-06-01") == []
    # its owner is not a registered unit: accepting it would make a phantom unit
    before = ws.counts()
    refused = ws.run("review", "accept", str(task_id), "--as-of", "2024-05-03")
    assert refused.exit_code == 2
    assert refused.stderr.count("\n") == 1
    assert "Ban Quản lý chợ Trung tâm" in refused.stderr
    assert ws.counts() == before
    added = ws.run("units", "add", "Ban Quản lý chợ Trung tâm", "--kind", "ban")
    assert added.exit_code == 0, added.stderr
    result = ws.run("review", "accept", str(task_id), "--as-of", "2024-05-03")
    assert result.exit_code == 0, result.stderr
    assert ws.jsonl("review") == []
    rows = ws.jsonl("tasks", "--as-of", "2024-06-01")
    assert [(r["unit"], r["status"]) for r in rows] == [("Ban Quản lý chợ Trung tâm", "overdue")]
    assert "confirmed" in [e["kind"] for e in ws.jsonl("history", str(task_id))]


def test_review_edit_assigns_a_registered_unit(ws, tmp_path):
    task_id = _draft(ws, tmp_path)
    result = ws.run(
        "review", "edit", str(task_id), "--owner", "Xã An Bình", "--deadline", "2024-06-15"
    )
    assert result.exit_code == 0, result.stderr
    ws.run("review", "accept", str(task_id))
    rows = ws.jsonl("tasks", "--as-of", "2024-06-01")
    assert [(r["unit"], r["deadline"]) for r in rows] == [("Xã An Bình", "2024-06-15")]


def test_review_reject_and_errors(ws, tmp_path):
    task_id = _draft(ws, tmp_path)
    assert ws.run("review", "reject", str(task_id)).exit_code == 0
    again = ws.run("review", "reject", str(task_id))
    assert again.exit_code == 2
    assert again.stderr.count("\n") == 1
    unknown = ws.run("review", "edit", str(task_id), "--owner", "Xã Không Có")
    assert unknown.exit_code == 2
    assert ws.run("review", "accept", "999").exit_code == 2


def test_check_is_idempotent_and_exits_1_with_overdue_units(ingested):
    first = ingested.run("check", "--as-of", "2024-06-02")
    assert first.exit_code == 1
    counts = (ingested.count(Assignment), ingested.count(Event))
    second = ingested.run("check", "--as-of", "2024-06-02")
    assert second.exit_code == 1
    assert (ingested.count(Assignment), ingested.count(Event)) == counts
    assert "0 lượt giao định kỳ mới, 0 lượt mới quá hạn" in second.stderr


def test_check_before_any_deadline_exits_0(ingested):
    assert ingested.run("check", "--as-of", "2024-03-13").exit_code == 0


def test_recurring_task_gets_one_instance_per_unit_and_month(ingested):
    ingested.run("check", "--as-of", "2024-06-02")
    ingested.run("check", "--as-of", "2024-05-10")  # an earlier day adds nothing
    monthly = [r for r in ingested.jsonl("tasks", "--as-of", "2024-06-02") if r["task_id"] == 5]
    per_unit: dict[str, list[str]] = {}
    for r in monthly:
        per_unit.setdefault(r["unit"], []).append(r["deadline"])
    assert len(per_unit) == 5
    assert all(
        sorted(d) == ["2024-03-20", "2024-04-20", "2024-05-20", "2024-06-20"]
        for d in per_unit.values()
    )


def test_flagged_overdue_once_per_assignment(ingested):
    ingested.run("check", "--as-of", "2024-04-20")
    ingested.run("check", "--as-of", "2024-04-21")
    engine = make_engine(ingested.url)
    with engine.connect() as connection:
        repeated = connection.execute(
            select(Event.assignment_id, func.count())
            .where(Event.kind == "flagged_overdue")
            .group_by(Event.assignment_id)
            .having(func.count() > 1)
        ).all()
    engine.dispose()
    assert repeated == []


def test_stats_scoreboard(ingested):
    ingested.run("done", "1", "--unit", "Xã An Bình", "--on", "2024-03-22")
    ingested.run("done", "1", "--unit", "Xã An Phú", "--on", "2024-03-28")
    rows = {
        r["unit"]: r for r in ingested.jsonl("stats", "--from", "2024-03-01", "--to", "2024-04-20")
    }
    an_binh, an_phu = rows["Xã An Bình"], rows["Xã An Phú"]
    assert (an_binh["done_on_time"], an_binh["fell_due"], an_binh["on_time_in_period"]) == (1, 2, 1)
    assert an_binh["on_time_rate"] == 0.5
    assert (an_phu["done_late"], an_phu["on_time_rate"]) == (1, 0.0)
    assert an_binh["overdue_30"] + an_binh["overdue_60"] == an_binh["overdue"] == 1
    later = {
        r["unit"]: r for r in ingested.jsonl("stats", "--from", "2024-04-01", "--to", "2024-04-20")
    }
    assert later["Xã Tân Lập"]["carried_over"] == 2
    # done in March: not April's work, in neither the totals nor the done columns
    assert later["Xã An Bình"]["done_on_time"] == 0
    assert later["Xã An Phú"]["done_late"] == 0
    assert later["Xã An Bình"]["total"] == an_binh["total"] - 1


def test_stats_rejects_a_reversed_period(ingested):
    result = ingested.run("stats", "--from", "2024-05-01", "--to", "2024-04-01")
    assert result.exit_code == 2
