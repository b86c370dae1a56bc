"""Reminders and digests: planned by ``check``, delivered by ``send`` — through the
file channel and a real SMTP server — at most once; one scheduler at a time."""

from __future__ import annotations

import email
import socket
import stat
import threading
import time
from email.header import decode_header, make_header
from pathlib import Path

import pytest

from tracker.notify.channels import FileChannel, Message
from tracker.notify.outbox import send
from tracker.store.engine import make_engine
from tracker.store.models import Notification

UNIT_EMAILS = {"anbinh", "anphu", "hoason", "tanlap", "tt.anhoa"}


def _config(tmp_path: Path, **smtp: object) -> Path:
    path = tmp_path / "config.toml"
    lines = [
        "[notify]",
        'outbox = "outbox"',
        "[reminders]",
        'supervisors = ["chanhvp@anhoa.example.vn"]',
    ]
    if smtp:
        lines[1:1] = ['channel = "smtp"']
        lines += ["[smtp]"] + [
            f"{k} = {v!r}" if isinstance(v, int) else f'{k} = "{v}"' for k, v in smtp.items()
        ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_check_then_send_one_message_per_unit_once(ingested, tmp_path):
    config = _config(tmp_path)
    result = ingested.run("check", "--as-of", "2024-03-18", "--config", str(config))
    # each commune: item 1 (due 25/3, 5 working days: step 5) and the March report of
    # item 4 (due 20/3, 2 working days left: step 3, never sent before)
    assert "10 mục nhắc việc mới" in result.stderr
    again = ingested.run("check", "--as-of", "2024-03-18", "--config", str(config))
    assert "0 mục nhắc việc mới" in again.stderr
    sent = ingested.jsonl("send", "--config", str(config))
    assert {row["to"].split("@")[0] for row in sent} == UNIT_EMAILS
    assert all(row["kind"] == "reminder" and row["items"] == 2 for row in sent)
    files = sorted((tmp_path / "outbox").glob("*.eml"))
    assert len(files) == 5
    assert all(stat.S_IMODE(f.stat().st_mode) == 0o600 for f in files)
    message = email.message_from_bytes(files[0].read_bytes())
    assert str(make_header(decode_header(message["Subject"]))) == "Nhắc hạn thực hiện nhiệm vụ"
    assert "85/TB-VP" in message.get_payload(decode=True).decode("utf-8")
    assert ingested.jsonl("send", "--config", str(config)) == []


def test_overdue_units_escalate_to_report_to_and_supervisors(ingested, tmp_path):
    config = _config(tmp_path)
    ingested.run("check", "--as-of", "2024-04-01", "--config", str(config))
    sent = {row["to"]: row for row in ingested.jsonl("send", "--config", str(config))}
    supervisor = sent["chanhvp@anhoa.example.vn"]
    assert supervisor["kind"] == "escalation"
    assert supervisor["items"] >= 5
    assert "kiemlam@anhoa.example.vn" in sent  # the unit the communes report to


class Crashing:
    """Delivers, then dies before the outbox is marked (a kill between the two)."""

    def __init__(self, inner: FileChannel) -> None:
        self.inner = inner

    def deliver(self, message: Message) -> None:
        self.inner.deliver(message)
        raise SystemExit("killed")


def test_crash_between_delivery_and_marking_delivers_once(ingested, tmp_path):
    config = _config(tmp_path)
    ingested.run("check", "--as-of", "2024-03-18", "--config", str(config))
    engine = make_engine(ingested.url)
    outbox = tmp_path / "outbox"
    with pytest.raises(SystemExit):
        send(engine, Crashing(FileChannel(outbox)), sender="t@x", now=_now())
    assert len(list(outbox.glob("*.eml"))) == 1
    assert ingested.count(Notification) == 10
    delivered = send(engine, FileChannel(outbox), sender="t@x", now=_now())
    engine.dispose()
    assert len(delivered) == 5
    assert len(list(outbox.glob("*.eml"))) == 5  # the first one overwritten, not doubled


class Slow:
    """A channel that takes its time and counts what it delivered, across threads."""

    def __init__(self) -> None:
        self.delivered: list[str] = []
        self.lock = threading.Lock()

    def deliver(self, message: Message) -> None:
        time.sleep(0.05)  # long enough for the other sender to reach the same rows
        with self.lock:
            self.delivered.append(message.recipient)


def test_two_senders_at_once_deliver_each_item_once(ingested, tmp_path):
    """Two ``send`` runs racing (cron and a user, or two machines): on SQLite the
    write lock taken at BEGIN, on PostgreSQL FOR UPDATE SKIP LOCKED."""
    config = _config(tmp_path)
    ingested.run("check", "--as-of", "2024-03-18", "--config", str(config))
    channel = Slow()
    errors: list[BaseException] = []

    def sender() -> None:
        engine = make_engine(ingested.url)
        try:
            send(engine, channel, sender="t@x", now=_now())
        except BaseException as error:  # reported below, not lost in the thread
            errors.append(error)
        finally:
            engine.dispose()

    threads = [threading.Thread(target=sender) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert errors == []
    assert sorted(r.split("@")[0] for r in channel.delivered) == sorted(UNIT_EMAILS)
    engine = make_engine(ingested.url)
    with engine.connect() as connection:
        unsent = connection.execute(
            Notification.__table__.select().where(Notification.sent_at.is_(None))
        ).all()
    engine.dispose()
    assert unsent == []


@pytest.mark.parametrize("db_url", ["postgresql"], indirect=True)  # SQLite: BEGIN IMMEDIATE
def test_a_recipient_another_sender_has_in_hand_is_passed_by(ingested, tmp_path):
    """PostgreSQL: row locks alone could split one recipient's rows between two
    senders (two messages); the recipient's advisory lock makes the second pass it by."""
    from sqlalchemy import func, select

    from tracker.notify.outbox import RECIPIENT_LOCK

    config = _config(tmp_path)
    ingested.run("check", "--as-of", "2024-03-18", "--config", str(config))
    engine = make_engine(ingested.url)
    with engine.connect() as connection:
        recipient = (
            connection.execute(
                select(Notification.recipient).where(Notification.recipient.like("anbinh@%"))
            )
            .scalars()
            .first()
        )
    channel = Slow()
    other = make_engine(ingested.url)
    try:
        with other.begin() as held:  # another sender, in the middle of anbinh's message
            held.execute(
                select(func.pg_advisory_xact_lock(RECIPIENT_LOCK, func.hashtext(recipient)))
            )
            first = send(engine, channel, sender="t@x", now=_now())
        assert sorted(s.to.split("@")[0] for s in first) == sorted(UNIT_EMAILS - {"anbinh"})
        second = send(engine, channel, sender="t@x", now=_now())  # the lock is gone
        assert [s.to for s in second] == [recipient]
        assert second[0].items == 2  # all of its rows, in one message
    finally:
        other.dispose()
        engine.dispose()


def _now():
    from datetime import UTC, datetime

    return datetime.now(UTC)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_real_smtp_server_receives_the_digests(ingested, tmp_path):
    from aiosmtpd.controller import Controller
    from aiosmtpd.handlers import Message as MessageHandler

    received: list[email.message.Message] = []

    class Collect(MessageHandler):
        def handle_message(self, message):
            received.append(message)

    port = _free_port()
    controller = Controller(Collect(), hostname="127.0.0.1", port=port)
    controller.start()
    try:
        config = _config(tmp_path, host="127.0.0.1", port=port, security="none")
        ingested.run("check", "--as-of", "2024-03-18", "--config", str(config))
        result = ingested.run("send", "--config", str(config), "--format", "json")
        assert result.exit_code == 0, result.stderr
    finally:
        controller.stop()
    assert len(received) == 5
    subjects = {str(make_header(decode_header(m["Subject"]))) for m in received}
    assert subjects == {"Nhắc hạn thực hiện nhiệm vụ"}
    assert {m["To"].split("@")[0] for m in received} == UNIT_EMAILS


def test_unreachable_smtp_server_exits_3_and_keeps_the_queue(ingested, tmp_path):
    config = _config(tmp_path, host="127.0.0.1", port=_free_port(), security="none", timeout=2)
    ingested.run("check", "--as-of", "2024-03-18", "--config", str(config))
    result = ingested.run("send", "--config", str(config))
    assert result.exit_code == 3
    assert result.stderr.count("\n") == 1
    engine = make_engine(ingested.url)
    from sqlalchemy import select

    with engine.connect() as connection:
        unsent = connection.execute(
            select(Notification.id).where(Notification.sent_at.is_(None))
        ).all()
    engine.dispose()
    assert len(unsent) == 10


def test_only_one_scheduler_acts(db_url):
    from tracker.scheduler import single_instance

    engine_a, engine_b = make_engine(db_url, create=True), make_engine(db_url)
    order: list[str] = []
    waited: list[str] = []

    def first() -> None:
        with single_instance(engine_a, wait=waited.append, poll=0.05):
            order.append("a-in")
            time.sleep(0.6)
            order.append("a-out")

    thread = threading.Thread(target=first)
    thread.start()
    while not order:
        time.sleep(0.01)
    with single_instance(engine_b, wait=waited.append, poll=0.05):
        order.append("b-in")
    thread.join()
    engine_a.dispose()
    engine_b.dispose()
    assert order == ["a-in", "a-out", "b-in"]
    assert len(waited) == 1


def test_scheduler_jobs_are_fixed_and_coalesced(sqlite_url):
    from tracker.config import load_config
    from tracker.scheduler import build
    from tracker.store.engine import ensure_schema

    engine = make_engine(sqlite_url, create=True)
    ensure_schema(engine)
    engine.dispose()
    config = load_config(database_url=sqlite_url)
    for _ in range(2):  # built twice: the same jobs, replaced, not added
        scheduler = build(config, None, sqlite_url, background=True)
        scheduler.start(paused=True)
        jobs = {job.id: job for job in scheduler.get_jobs()}
        scheduler.shutdown(wait=False)
    assert set(jobs) == {
        "daily-check",
        "sender",
        "sender-retry",
        "weekly-digest",
        "daily-backup",
        "period-report",
    }
    assert all(job.coalesce and job.misfire_grace_time is None for job in jobs.values())


def test_scheduler_process_stops_cleanly_on_sigterm(sqlite_url, tmp_path):
    import signal
    import subprocess
    import sys

    from tracker.store.engine import ensure_schema

    engine = make_engine(sqlite_url, create=True)
    ensure_schema(engine)
    engine.dispose()
    process = subprocess.Popen(
        [sys.executable, "-m", "tracker", "scheduler", "run", "--db", sqlite_url],
        stderr=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        text=True,
        cwd=tmp_path,
    )
    try:
        assert process.stderr is not None
        started = time.monotonic()
        line = ""
        while "đang chạy" not in line and time.monotonic() - started < 30:
            line = process.stderr.readline()
        assert "đang chạy" in line
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=20) == 0
    finally:
        if process.poll() is None:
            process.kill()
