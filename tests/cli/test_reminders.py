"""The reminder ladder as a secretariat lives it (issue 16 items 2 and 4): the first
late day is reminded, a step missed while nothing ran is sent once by the next run,
an overdue task with no report-to unit escalates to the supervisors, and the unit
that receives the reports is neither a reporter nor told about itself."""

from __future__ import annotations

import email
from collections import defaultdict
from pathlib import Path

import pytest
from sqlalchemy import select

from tracker.store.engine import make_engine
from tracker.store.models import Assignment, Notification, Unit

# Written for these tests: item 1 for "các xã, thị trấn" (no report-to), item 2 for
# "các cơ quan, đơn vị" reporting to Công an huyện, itself a cơ quan of the registry.
NOTICE = Path(__file__).parent / "data" / "41-tb-ubnd.txt"
COMMUNES = {"Thị trấn An Hòa", "Xã An Bình", "Xã An Phú", "Xã Tân Lập", "Xã Hòa Sơn"}
SUPERVISOR = "chanhvp@anhoa.example.vn"


@pytest.fixture
def notice(ws):
    rows = ws.jsonl("ingest", str(NOTICE), "--confirm")
    assert rows[0]["tasks"] == 3
    assert rows[0]["drafts"] == 0
    return ws


def _config(tmp_path: Path, *, supervisors: bool) -> str:
    path = tmp_path / "config.toml"
    lines = ["[notify]", 'outbox = "outbox"']
    if supervisors:
        lines += ["[reminders]", f'supervisors = ["{SUPERVISOR}"]']
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return str(path)


def _queued(url: str, task_id: int, kind: str) -> dict[str, list[str]]:
    """unit name → periods queued for that unit's assignment of ``task_id``, in order."""
    engine = make_engine(url)
    with engine.connect() as connection:
        rows = connection.execute(
            select(Unit.name, Notification.period)
            .join(Assignment, Assignment.id == Notification.assignment_id)
            .join(Unit, Unit.id == Assignment.unit_id)
            .where(Assignment.task_id == task_id, Notification.kind == kind)
            .order_by(Notification.id)
        ).all()
    engine.dispose()
    found: dict[str, list[str]] = defaultdict(list)
    for unit, period in rows:
        found[unit].append(period)
    return dict(found)


def _check(ws, day: str, config: str):
    result = ws.run("check", "--as-of", day, "--config", config)
    assert result.exit_code in (0, 1), result.stderr
    return result


def test_newly_overdue_units_are_reminded_on_their_first_late_day(notice, tmp_path):
    config = _config(tmp_path, supervisors=True)
    _check(notice, "2024-04-11", config)  # item 1 was due 10/4: its first late day
    sent = {row["to"].split("@")[0]: row for row in notice.jsonl("send", "--config", config)}
    communes = ("tt.anhoa", "anbinh", "anphu", "tanlap", "hoason")
    assert all(sent[name]["kind"] == "overdue" for name in communes)
    assert all(sent[name]["subject"] == "Nhắc việc quá hạn" for name in communes)


def test_overdue_reminders_come_on_day_one_then_every_n_days(notice, tmp_path):
    config = _config(tmp_path, supervisors=False)
    for day in range(11, 19):  # 11/4 (1 day late) … 18/4 (8 days late)
        _check(notice, f"2024-04-{day:02d}", config)
    queued = _queued(notice.url, 1, "overdue")
    assert set(queued) == COMMUNES
    assert all(p == ["overdue:2024-04-10:1", "overdue:2024-04-10:8"] for p in queued.values())


def test_a_step_missed_while_down_is_sent_once_by_the_next_run(notice, tmp_path):
    config = _config(tmp_path, supervisors=False)
    _check(notice, "2024-04-03", config)  # 5 working days before 10/4: step 5
    # down on 4/4 and 5/4 (5/4 was step 3's day); back on Monday 8/4
    result = _check(notice, "2024-04-08", config)
    assert "không có nơi nhận" not in result.stderr  # nothing is overdue yet
    again = _check(notice, "2024-04-08", config)
    assert "0 mục nhắc việc mới" in again.stderr
    # down on 9/4 (step 1's day) too: on the deadline day only step 0, not 1 and 0
    _check(notice, "2024-04-10", config)
    queued = _queued(notice.url, 1, "reminder")
    assert set(queued) == COMMUNES
    assert all(
        periods == ["step:2024-04-10:5", "step:2024-04-10:3", "step:2024-04-10:0"]
        for periods in queued.values()
    )


def test_overdue_task_without_report_to_escalates_to_supervisors(notice, tmp_path):
    config = _config(tmp_path, supervisors=True)
    result = _check(notice, "2024-04-11", config)
    assert "không có nơi nhận" not in result.stderr
    escalated = _queued(notice.url, 1, "escalation")
    assert set(escalated) == COMMUNES
    sent = {row["to"]: row for row in notice.jsonl("send", "--config", config)}
    assert sent[SUPERVISOR]["kind"] == "escalation"
    assert sent[SUPERVISOR]["items"] == 5


def test_check_says_when_an_escalation_has_nobody_to_go_to(notice, tmp_path):
    result = _check(notice, "2024-04-11", _config(tmp_path, supervisors=False))
    warning = [line for line in result.stderr.splitlines() if "không có nơi nhận" in line]
    assert len(warning) == 1
    assert "5 lượt" in warning[0]
    assert "reminders.supervisors" in warning[0]


def test_the_report_to_unit_is_not_a_reporter_nor_told_about_itself(notice, tmp_path):
    rows = notice.jsonl("tasks", "--as-of", "2024-04-03")
    task2 = {row["unit"] for row in rows if row["task_id"] == 2}
    assert "Công an huyện" not in task2
    assert "Hạt Kiểm lâm" in task2
    assert all(row["report_to"] == "Công an huyện" for row in rows if row["task_id"] == 2)

    config = _config(tmp_path, supervisors=False)
    _check(notice, "2024-04-15", config)  # item 2 (due 12/4) is late
    notice.jsonl("send", "--config", config)
    by_recipient = {}
    for path in (tmp_path / "outbox").glob("*.eml"):
        message = email.message_from_bytes(path.read_bytes())
        by_recipient[message["To"]] = message.get_payload(decode=True).decode("utf-8")
    to_police = by_recipient["congan@anhoa.example.vn"]
    assert "Hạt Kiểm lâm:" in to_police  # the late cơ quan, escalated to the receiver
    assert "Công an huyện:" not in to_police


def test_send_table_names_kinds_in_vietnamese(notice, tmp_path):
    config = _config(tmp_path, supervisors=True)
    _check(notice, "2024-04-11", config)
    result = notice.run("send", "--config", config)
    assert result.exit_code == 0, result.stderr
    assert "nhắc quá hạn" in result.stdout
    assert "báo cáo quá hạn" in result.stdout
    assert "overdue" not in result.stdout
    assert "escalation" not in result.stdout
