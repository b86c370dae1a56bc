"""E-mail addresses checked where they enter, and a queue that one bad message cannot
block (issue 16 item 3): refused messages retried with backoff, failed after N tries,
``tracker outbox list|retry|drop`` to see and mend the queue."""

from __future__ import annotations

import json
import socket
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select, update

from tracker.notify.channels import Message, MessageRefused
from tracker.notify.outbox import Retries, send_all
from tracker.store.engine import make_engine
from tracker.store.models import Event, Notification, Unit

INJECTION = "a@b.vn\nBcc: x@evil.example"


def _one_line(result) -> str:
    assert result.exit_code == 2, result.stderr
    assert result.stderr.count("\n") == 1, result.stderr
    assert "Traceback" not in result.stderr
    return result.stderr


# --- where addresses enter ----------------------------------------------------------------


def test_units_add_refuses_a_header_injection_and_writes_nothing(ws):
    before = ws.counts()
    result = ws.run("units", "add", "Xã Thử", "--kind", "xã", "--email", INJECTION)
    assert "địa chỉ thư không hợp lệ" in _one_line(result)
    assert ws.counts() == before


def test_units_import_refuses_a_bad_address_and_writes_nothing(ws, tmp_path):
    path = tmp_path / "don-vi.csv"
    path.write_text(
        "name,kind,parent,aliases,email\n"
        "Xã Mới,xã,,,moi@anhoa.example.vn\n"
        f'Xã Lạ,xã,,,"{INJECTION}"\n',
        encoding="utf-8",
    )
    before = ws.counts()
    stderr = _one_line(ws.run("units", "import", str(path)))
    assert "dòng 3" in stderr
    assert ws.counts() == before


@pytest.mark.parametrize(
    ("section", "key", "value", "named"),
    [
        # TOML's "\n" is the line break of the injection
        (
            "reminders",
            "supervisors",
            r'["ok@anhoa.gov.vn", "a@b.vn\nBcc: x@evil.example"]',
            "supervisors",
        ),
        ("notify", "sender", '"Văn phòng <vp@anhoa.gov.vn>"', "notify.sender"),
    ],
)
def test_config_refuses_bad_addresses_naming_the_key(ws, tmp_path, section, key, value, named):
    config = tmp_path / "config.toml"
    config.write_text(f"[{section}]\n{key} = {value}\n", encoding="utf-8")
    stderr = _one_line(ws.run("tasks", "--config", str(config)))
    assert named in stderr
    assert str(config) in stderr


# --- one bad message does not stop the others ---------------------------------------------


def _config(tmp_path: Path, **notify: object) -> Path:
    path = tmp_path / "config.toml"
    lines = ["[notify]", 'outbox = "outbox"'] + [f"{k} = {v!r}" for k, v in notify.items()]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _set_email(url: str, unit: str, email: str) -> None:
    """An address stored before addresses were checked (an older registry)."""
    engine = make_engine(url)
    with engine.begin() as connection:
        connection.execute(update(Unit).where(Unit.name == unit).values(email=email))
    engine.dispose()


def _outbox(ws, *args: str) -> list[dict]:
    return ws.jsonl("outbox", "list", *args)


def test_a_stored_bad_address_fails_alone_and_the_rest_is_sent(ingested, tmp_path):
    _set_email(ingested.url, "Xã An Bình", INJECTION)
    config = str(_config(tmp_path))
    ingested.run("check", "--as-of", "2024-03-18", "--config", config)
    result = ingested.run("send", "--config", config, "--format", "jsonl")
    assert result.exit_code == 1, result.stderr
    assert "Traceback" not in result.stderr
    said = result.stderr.splitlines()
    assert len(said) == 2  # "sent 4" and one line for the bad address, escaped
    assert repr(INJECTION) in said[1]
    assert "tracker outbox drop" in said[1]
    sent = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(sent) == 4  # the other communes
    assert INJECTION not in {row["to"] for row in sent}
    assert len(list((tmp_path / "outbox").glob("*.eml"))) == 4
    failed = _outbox(ingested, "--state", "failed")
    assert len(failed) == 2
    assert {row["recipient"] for row in failed} == {INJECTION}
    assert all("địa chỉ không hợp lệ" in row["last_error"] for row in failed)
    # the next run sends nothing and says nothing: the failed rows wait for a person
    again = ingested.run("send", "--config", config)
    assert again.exit_code == 0, again.stderr


class Refusing:
    """A server that refuses one mailbox and delivers the rest."""

    def __init__(self, refused: str) -> None:
        self.refused = refused
        self.delivered: list[str] = []

    def deliver(self, message: Message) -> None:
        if message.recipient == self.refused:
            raise MessageRefused("máy chủ từ chối thư: 550 5.1.1 hộp thư không tồn tại")
        self.delivered.append(message.recipient)


def test_a_refused_message_is_retried_with_backoff_then_failed(ingested, tmp_path):
    ingested.run("check", "--as-of", "2024-03-18", "--config", str(_config(tmp_path)))
    engine = make_engine(ingested.url)
    channel = Refusing("anbinh@anhoa.example.vn")
    retries = Retries(max_attempts=3, first_wait=timedelta(minutes=15))
    start = datetime(2024, 3, 18, 0, 15, tzinfo=UTC)

    def run(minutes: int):
        return send_all(
            engine,
            channel,
            sender="t@x.vn",
            now=start + timedelta(minutes=minutes),
            retries=retries,
        )

    first = run(0)
    assert len(first.sent) == 4  # the others went
    [problem] = first.problems
    assert (problem.attempts, problem.failed) == (1, False)
    assert problem.next_attempt_at == start + timedelta(minutes=15)
    assert run(10).problems == []  # held back: not tried before its time
    second = run(16).problems[0]
    assert (second.attempts, second.next_attempt_at) == (2, start + timedelta(minutes=46))
    assert run(40).problems == []
    third = run(47).problems[0]
    assert (third.attempts, third.failed) == (3, True)
    assert run(60 * 24 * 3).problems == []  # failed: never tried again by itself
    assert channel.delivered.count("anbinh@anhoa.example.vn") == 0
    with engine.connect() as connection:
        rows = connection.execute(
            select(Notification.attempts, Notification.failed_at).where(
                Notification.recipient == "anbinh@anhoa.example.vn"
            )
        ).all()
    engine.dispose()
    assert rows == [(3, start + timedelta(minutes=47))] * 2


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_real_smtp_server_refusing_one_mailbox(ingested, tmp_path):
    """aiosmtpd answers 550 for one recipient: the others are delivered, that one fails
    after notify.max_attempts (1 here), and 'outbox retry --failed' sends it once the
    mailbox exists."""
    from aiosmtpd.controller import Controller

    refused = {"anbinh@anhoa.example.vn"}
    received: list[str] = []

    class Handler:
        async def handle_RCPT(self, server, session, envelope, address, rcpt_options):  # noqa: N802  # aiosmtpd's hook name
            if address in refused:
                return "550 5.1.1 mailbox unavailable"
            envelope.rcpt_tos.append(address)
            return "250 OK"

        async def handle_DATA(self, server, session, envelope):  # noqa: N802  # aiosmtpd's hook name
            received.extend(envelope.rcpt_tos)
            return "250 Message accepted"

    port = _free_port()
    controller = Controller(Handler(), hostname="127.0.0.1", port=port)
    controller.start()
    try:
        config = tmp_path / "config.toml"
        config.write_text(
            '[notify]\nchannel = "smtp"\nmax_attempts = 1\n'
            f'[smtp]\nhost = "127.0.0.1"\nport = {port}\nsecurity = "none"\n',
            encoding="utf-8",
        )
        ingested.run("check", "--as-of", "2024-03-18", "--config", str(config))
        result = ingested.run("send", "--config", str(config))
        assert result.exit_code == 1, result.stderr
        assert len(received) == 4
        [line] = [x for x in result.stderr.splitlines() if "anbinh@" in x]
        assert "550" in line
        assert "tracker outbox list --state failed" in line

        listed = ingested.run("outbox", "list", "--config", str(config))
        assert listed.exit_code == 0, listed.stderr
        assert "thất bại" in listed.stdout
        assert "Lỗi gần nhất" in listed.stdout

        refused.clear()  # the mailbox was created
        retried = ingested.run("outbox", "retry", "--failed", "--config", str(config))
        assert retried.exit_code == 0, retried.stderr
        assert "2 thư" in retried.stderr
        again = ingested.run("send", "--config", str(config))
        assert again.exit_code == 0, again.stderr
    finally:
        controller.stop()
    assert sorted(received).count("anbinh@anhoa.example.vn") == 1
    assert _outbox(ingested) == []  # nothing left waiting


# --- tracker outbox list | retry | drop ---------------------------------------------------


def test_outbox_list_drop_and_retry(ingested, tmp_path):
    config = str(_config(tmp_path))
    ingested.run("check", "--as-of", "2024-03-18", "--config", config)
    queued = _outbox(ingested)
    assert len(queued) == 10
    assert set(queued[0]) == {
        "id",
        "recipient",
        "kind",
        "subject",
        "state",
        "attempts",
        "next_attempt_at",
        "last_error",
        "created_at",
        "sent_at",
    }
    assert {row["state"] for row in queued} == {"queued"}
    anbinh = [row["id"] for row in queued if row["recipient"].startswith("anbinh@")]

    dropped = ingested.run("outbox", "drop", *map(str, anbinh), "--config", config)
    assert dropped.exit_code == 0, dropped.stderr
    sent = ingested.jsonl("send", "--config", config)
    assert "anbinh@anhoa.example.vn" not in {row["to"] for row in sent}
    assert [row["id"] for row in _outbox(ingested, "--state", "dropped")] == anbinh
    assert len(_outbox(ingested, "--state", "sent")) == 8

    # a sent message cannot be dropped; an unknown id is one line too
    sent_id = str(_outbox(ingested, "--state", "sent")[0]["id"])
    _one_line(ingested.run("outbox", "drop", sent_id, "--config", config))
    _one_line(ingested.run("outbox", "drop", "999999", "--config", config))
    _one_line(ingested.run("outbox", "list", "--state", "lost", "--config", config))
    _one_line(ingested.run("outbox", "retry", "--config", config))

    retried = ingested.run("outbox", "retry", *map(str, anbinh), "--config", config)
    assert retried.exit_code == 0, retried.stderr
    assert [row["to"] for row in ingested.jsonl("send", "--config", config)] == [
        "anbinh@anhoa.example.vn"
    ]
    engine = make_engine(ingested.url)
    with engine.connect() as connection:
        kinds = connection.execute(
            select(Event.kind).where(Event.kind.like("outbox_%")).order_by(Event.id)
        ).all()
    engine.dispose()
    assert [k for (k,) in kinds] == ["outbox_dropped", "outbox_retry"]


def test_outbox_table_is_vietnamese(ingested, tmp_path):
    config = str(_config(tmp_path))
    ingested.run("check", "--as-of", "2024-03-18", "--config", config)
    result = ingested.run("outbox", "list", "--config", config)
    assert result.exit_code == 0, result.stderr
    header = result.stdout.splitlines()[0]
    for heading in ("Mã thư", "Người nhận", "Loại", "Trạng thái", "Số lần thử"):
        assert heading in header
    assert "chờ gửi" in result.stdout
    assert "nhắc hạn" in result.stdout
    assert "queued" not in result.stdout
