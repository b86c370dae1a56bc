"""Everything a person reads is Vietnamese: every command's and option's help, Click's and
Typer's own words (usage line, panel titles, usage errors), review states, history
events, ``show``, the ``send`` table, the scheduler's log; ``--status`` takes the
Vietnamese names as well as the keys."""

from __future__ import annotations

import logging
import re
import subprocess
import sys
import unicodedata
from datetime import datetime
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from tracker.cli import app

WIDE = {"COLUMNS": "200"}
# Common English words of help texts and messages; none is a Vietnamese word.
ENGLISH = {
    "the", "and", "or", "of", "with", "for", "from", "is", "are", "be", "each", "every",
    "else", "default", "file", "files", "show", "list", "print", "write", "run", "database",
    "unit", "units", "task", "tasks", "example", "new", "only", "this", "that", "day",
    "when", "not", "missing", "invalid", "usage", "options", "commands", "arguments",
    "try", "help", "such", "option", "argument", "value", "message", "exit", "required",
    "got", "unexpected", "extra", "requires", "possible", "error", "none", "confirmed",
    "rejected", "created", "done", "extended", "reopened",
}  # fmt: skip


def _walk():
    root = typer.main.get_command(app)

    def walk(command, path):
        yield path, command
        for name, sub in getattr(command, "commands", {}).items():
            yield from walk(sub, [*path, name])

    return list(walk(root, []))


COMMANDS = _walk()
IDS = [" ".join(p) or "tracker" for p, _ in COMMANDS]


def _has_diacritics(text: str) -> bool:
    return any(
        c in "đĐ" or (ord(c) > 127 and c.isalpha() and unicodedata.decomposition(c)) for c in text
    )


def _english_words(text: str) -> set[str]:
    """English words of ``text``, leaving out examples, options, keys, paths, file names."""
    prose = "\n".join(line for line in text.splitlines() if "Ví dụ:" not in line)
    prose = re.sub(r"'[^']*'|\"[^\"]*\"", " ", prose)  # quoted commands and names
    # a key after its Vietnamese name is a value to type: "quá hạn (overdue)"
    prose = re.sub(r"\([a-z_]+\)", " ", prose)
    words = re.findall(r"[^\s,;:()\[\]]+", prose)
    plain = [w.strip(".…!?") for w in words if not re.search(r"[-_./=@0-9]", w)]
    return {w.lower() for w in plain} & ENGLISH


def _texts(command) -> list[tuple[str, str]]:
    texts = [("help", command.help or "")]
    for param in command.params:
        if getattr(param, "help", None):
            texts.append((param.name, param.help))
    return texts


@pytest.mark.parametrize(("path", "command"), COMMANDS, ids=IDS)
def test_every_help_text_is_vietnamese(path, command):
    for name, text in _texts(command):
        assert text, (path, name)
        assert _has_diacritics(text), (path, name, text)
        assert not _english_words(text), (path, name, _english_words(text))


@pytest.mark.parametrize(
    ("path", "command"),
    [(p, c) for p, c in COMMANDS if hasattr(c, "commands")],
    ids=[i for i, (_, c) in zip(IDS, COMMANDS, strict=True) if hasattr(c, "commands")],
)
def test_every_group_shows_an_example(path, command):
    assert "Ví dụ: tracker " in (command.help or ""), path
    shown = CliRunner().invoke(app, [*path, "--help"], env=WIDE)
    assert shown.exit_code == 0
    assert "Ví dụ: tracker " in shown.stdout


@pytest.mark.parametrize(("path", "command"), COMMANDS, ids=IDS)
def test_help_screens_have_no_english_chrome(path, command):
    shown = CliRunner().invoke(app, [*path, "--help"], env=WIDE)
    assert shown.exit_code == 0, shown.output
    screen = shown.stdout
    assert "Cách dùng: tracker" in screen
    assert "Tùy chọn" in screen
    for english in ("Usage:", "Options", "Commands", "Arguments", "Show this", "[default:"):
        assert english not in screen, (path, english)
    assert "[OPTIONS]" not in screen
    for english_type in ("<str>", "<bool>", "<int>", "<path>", "<list["):
        assert english_type not in screen, (path, english_type)
    if hasattr(command, "commands"):
        assert "─ Lệnh " in screen


def test_defaults_and_required_marks_are_vietnamese():
    tasks = CliRunner().invoke(app, ["tasks", "--help"], env=WIDE).stdout
    assert "[mặc định: table]" in tasks
    add = CliRunner().invoke(app, ["units", "add", "--help"], env=WIDE).stdout
    assert "─ Tham số " in add
    assert "[bắt buộc]" in add
    assert "[required]" not in add


MISTAKES = [
    (["tasks", "--no-such-flag"], "không có tùy chọn --no-such-flag", "tracker tasks --help"),
    (["tasks", "--st"], "có phải: --status", "tracker tasks --help"),
    (["show"], "thiếu tham số", "tracker show --help"),
    (["show", "abc"], "giá trị không hợp lệ", "tracker show --help"),
    (["extend", "3"], "thiếu tùy chọn '--to'", "tracker extend --help"),
    (["extend", "3", "--to"], "tùy chọn --to cần một giá trị", "--help"),
    (["tasks", "thua"], "thừa tham số: thua", "tracker tasks --help"),
    (["khong-co"], "không có lệnh 'khong-co'", "tracker --help"),
    (["units", "khong-co"], "không có lệnh 'khong-co'", "tracker units --help"),
]


def _one_vietnamese_line(stderr: str, expected: str, hint: str) -> None:
    assert stderr.count("\n") == 1, stderr
    assert stderr.startswith("Lỗi: ")
    assert expected in stderr
    assert f"xem '{hint}'" in stderr or hint in stderr
    assert not _english_words(stderr.split("(xem")[0]), stderr


@pytest.mark.parametrize(
    ("args", "expected", "hint"), MISTAKES, ids=[" ".join(a) for a, *_ in MISTAKES]
)
def test_usage_errors_are_vietnamese_in_process(args, expected, hint):
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 2
    assert result.stdout == ""
    _one_vietnamese_line(result.stderr, expected, hint)


@pytest.mark.parametrize(
    ("args", "expected", "hint"), MISTAKES[:4], ids=[" ".join(a) for a, *_ in MISTAKES[:4]]
)
def test_usage_errors_are_vietnamese_from_the_console_script(args, expected, hint):
    done = subprocess.run(
        [sys.executable, "-m", "tracker", *args], capture_output=True, text=True, check=False
    )
    assert done.returncode == 2
    assert done.stdout == ""
    _one_vietnamese_line(done.stderr, expected, hint)


def test_every_usage_error_message_we_translate_has_no_english_left():
    from tracker.cli.chrome import translate

    english = [
        "Got unexpected extra argument (x)",
        "Got unexpected extra arguments (x y)",
        "Missing command.",
        "No such command 'x'.",
        "Option '--to' requires an argument.",
        "Option '--to' requires 2 arguments.",
        "Option '--all' does not take a value.",
        "Input should be a valid integer, unable to parse string as an integer",
        "Input should be a valid number",
        "'x' is not a valid integer.",
    ]
    for text in english:
        assert translate(text) != text
        assert _has_diacritics(translate(text)), text
        assert not _english_words(translate(text)), text


# --- what commands print -------------------------------------------------------------


def test_review_decisions_and_history_are_vietnamese(ws):
    ingest = ws.run("ingest", str(ws.document))
    assert ingest.exit_code == 0, ingest.stderr
    accepted = ws.run("review", "accept", "2")
    assert accepted.exit_code == 0, accepted.stderr
    assert accepted.stderr.strip() == "Nhiệm vụ 2: đã duyệt"
    rejected = ws.run("review", "reject", "3")
    assert rejected.stderr.strip() == "Nhiệm vụ 3: đã loại"
    again = ws.run("review", "reject", "3")
    assert again.exit_code == 2
    assert "đã loại" in again.stderr
    assert "rejected" not in again.stderr
    edited = ws.run("review", "edit", "4", "--deadline", "2024-07-15", "--report-to", "UBND huyện")
    assert edited.exit_code == 0, edited.stderr
    history = ws.runner.invoke(app, ["history", "4", "--db", ws.url], env=WIDE)
    assert history.exit_code == 0, history.stderr
    assert "tạo" in history.stdout
    assert "sửa" in history.stdout
    assert "hạn:" in history.stdout
    assert "15/07/2024" in history.stdout
    assert "báo cáo về: UBND huyện" in history.stdout
    history_2 = ws.runner.invoke(app, ["history", "2", "--db", ws.url], env=WIDE).stdout
    assert "chờ duyệt → đã duyệt" in history_2
    for english in ("created", "confirmed", "edited", "deadline=", "report_to=", "draft"):
        assert english not in history.stdout + history_2, english
    # the JSON keeps the contract's keys
    kinds = {row["kind"] for row in ws.jsonl("history", "2")}
    assert {"created", "confirmed"} <= kinds


def test_show_is_vietnamese_and_never_says_none(ingested):
    shown = ingested.runner.invoke(app, ["show", "6", "--db", ingested.url], env=WIDE)
    assert shown.exit_code == 0, shown.stderr
    header = dict(line.split(": ", 1) for line in shown.stderr.splitlines())
    assert header["Mã NV"] == "6"
    assert header["Duyệt"] == "đã duyệt"
    assert header["Hạn"] == "—"  # task 6 has no deadline
    assert "None" not in shown.stderr + shown.stdout
    assert "review" not in header
    assert "Mã NV" in shown.stdout.splitlines()[0]


@pytest.mark.parametrize(
    ("typed", "key"),
    [("quá hạn", "overdue"), ("Quá Hạn", "overdue"), ("đang thực hiện", "open"),
     ("hoàn thành đúng hạn", "done_on_time"), ("due-soon", "due_soon"), ("overdue", "overdue")],
)  # fmt: skip
def test_status_takes_the_vietnamese_names_and_the_keys(ingested, typed, key):
    by_name = ingested.jsonl("tasks", "--status", typed, "--as-of", "2024-04-20")
    by_key = ingested.jsonl("tasks", "--status", key, "--as-of", "2024-04-20")
    assert by_name == by_key
    assert all(row["status"] == key for row in by_name)


def test_an_unknown_status_is_one_vietnamese_line(ingested):
    result = ingested.run("tasks", "--status", "trễ")
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1
    assert "trạng thái không hợp lệ 'trễ'" in result.stderr
    assert "quá hạn (overdue)" in result.stderr


def test_status_names_in_tables_are_vietnamese(ingested):
    table = ingested.runner.invoke(
        app, ["overdue", "--as-of", "2024-04-20", "--db", ingested.url], env=WIDE
    ).stdout
    assert "quá hạn" in table
    assert " overdue" not in table


def test_the_send_table_names_kinds_in_vietnamese(ingested, tmp_path):
    config = tmp_path / "config.toml"
    config.write_text('[notify]\noutbox = "outbox"\n', encoding="utf-8")
    ingested.run("check", "--as-of", "2024-03-18", "--config", str(config))
    sent = ingested.runner.invoke(
        app, ["send", "--config", str(config), "--db", ingested.url], env=WIDE
    )
    assert sent.exit_code == 0, sent.stderr
    lines = sent.stdout.splitlines()
    assert lines[0].split()[-3:] == ["Loại", "Số", "mục"]
    assert all("nhắc hạn" in line for line in lines[2:])
    assert "reminder" not in sent.stdout


def _record(name: str, msg: str, args: tuple, level: int = logging.INFO) -> logging.LogRecord:
    return logging.LogRecord(name, level, __file__, 1, msg, args, None)


def test_the_scheduler_log_is_vietnamese():
    from tracker.scheduler import JOB_CHECK, VietnameseLog

    class Job:
        id = JOB_CHECK

    keep = VietnameseLog()
    started = _record("apscheduler.scheduler", "Scheduler started", ())
    assert keep.filter(started)
    assert started.getMessage() == "Bộ lập lịch đã khởi động"
    running = _record(
        "apscheduler.executors.default",
        'Running job "%s" (scheduled at %s)',
        (Job(), datetime(2026, 12, 7, 7, 0)),
    )
    assert keep.filter(running)
    assert (
        running.getMessage() == "Bắt đầu việc kiểm tra hằng ngày (theo lịch lúc 07/12/2026 07:00)"
    )
    missed = _record(
        "apscheduler.executors.default",
        'Run time of job "%s" was missed by %s',
        (Job(), "0:05:00"),
        logging.WARNING,
    )
    assert keep.filter(missed)
    assert missed.getMessage().startswith("Việc kiểm tra hằng ngày lỡ giờ chạy")
    # bookkeeping is not shown; our own lines pass unchanged
    assert not keep.filter(
        _record("apscheduler.scheduler", 'Added job "%s" to job store "%s"', (Job(), "default"))
    )
    assert not keep.filter(_record("apscheduler.scheduler", "Looking for jobs to run", ()))
    ours = _record("tracker.scheduler", "%s: %s", ("gửi thư", "đã gửi 2 thư"))
    assert keep.filter(ours)
    assert ours.getMessage() == "gửi thư: đã gửi 2 thư"


def test_a_running_scheduler_logs_in_vietnamese(tmp_path):
    url = f"sqlite:///{tmp_path / 't.db'}"
    created = CliRunner().invoke(app, ["db", "upgrade", "--db", url])
    assert created.exit_code == 0, created.stderr
    config = tmp_path / "config.toml"
    config.write_text('[notify]\noutbox = "outbox"\n', encoding="utf-8")
    process = subprocess.Popen(
        [sys.executable, "-m", "tracker", "scheduler", "run", "--db", url, "--config", str(config)],
        stderr=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        text=True,
        cwd=tmp_path,
    )
    assert process.stderr is not None
    lines = []
    try:
        for line in process.stderr:
            lines.append(line)
            if "đang chạy" in line:
                break
    finally:
        process.terminate()
        _, rest = process.communicate(timeout=30)
    log = "".join(lines) + rest
    assert "Bộ lập lịch đã khởi động" in log
    assert "Bộ lập lịch đã dừng" in log
    for english in ("Scheduler", "Added job", "Adding job", "apscheduler", "shut down"):
        assert english not in log, log
    assert Path(tmp_path / "t.db").is_file()
