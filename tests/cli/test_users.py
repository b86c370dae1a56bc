"""``tracker users``: accounts of the web app; passwords from stdin, never options;
argon2id hashes; the login throttle; events naming the actor."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from tracker.app import Context
from tracker.app.users import LoginRefused, authenticate
from tracker.config import load_config
from tracker.store.engine import make_engine
from tracker.store.models import Event, User


def _ctx(url: str, now: datetime) -> Context:
    return Context(load_config(None, database_url=url), make_engine(url), lambda: now)


def test_add_list_passwd_disable(ws):
    runner = ws.runner
    from tracker.cli import app

    added = runner.invoke(
        app,
        ["users", "add", "Lan", "--role", "unit", "--unit", "Công an huyện", "--db", ws.url],
        input="mat-khau-1\n",
    )
    assert added.exit_code == 0, added.stderr
    assert "Đã tạo tài khoản Lan" in added.stderr
    rows = ws.jsonl("users", "list")
    assert [(r["name"], r["role"], r["unit"], r["active"]) for r in rows] == [
        ("Lan", "unit", "Công an huyện", True)
    ]
    table = ws.run("users", "list")
    assert "đơn vị" in table.stdout
    assert "True" not in table.stdout
    assert " có " in table.stdout
    engine = make_engine(ws.url)
    with engine.connect() as connection:
        hashed = connection.execute(select(User.password_hash)).scalar_one()
    assert hashed.startswith("$argon2id$")
    assert "mat-khau-1" not in hashed

    changed = runner.invoke(app, ["users", "passwd", "lan", "--db", ws.url], input="khac-han-2\n")
    assert changed.exit_code == 0, changed.stderr
    ctx = _ctx(ws.url, datetime.now(UTC))
    assert authenticate(ctx, "Lan", "khac-han-2").name == "Lan"
    with pytest.raises(LoginRefused):
        authenticate(ctx, "Lan", "mat-khau-1")

    disabled = runner.invoke(app, ["users", "disable", "Lan", "--db", ws.url])
    assert disabled.exit_code == 0, disabled.stderr
    assert ws.jsonl("users", "list")[0]["active"] is False
    with pytest.raises(LoginRefused):
        authenticate(ctx, "Lan", "khac-han-2")
    with engine.connect() as connection:
        kinds = connection.execute(
            select(Event.kind, Event.actor).where(Event.kind.like("user_%"))
        ).all()
    engine.dispose()
    assert [k for k, _ in kinds] == ["user_added", "user_password", "user_disabled"]
    assert all(actor.startswith("cli:") for _, actor in kinds)


@pytest.mark.parametrize(
    ("args", "stdin", "words"),
    [
        (["--role", "boss"], "mat-khau-1\n", "vai trò không hợp lệ"),
        (["--role", "unit"], "mat-khau-1\n", "cần --unit"),
        (["--role", "unit", "--unit", "Phòng Không Có"], "mat-khau-1\n", "không có đơn vị"),
        (["--role", "admin", "--unit", "Công an huyện"], "mat-khau-1\n", "chỉ tài khoản"),
        (["--role", "admin"], "ngan\n", "quá ngắn"),
        (["--role", "admin"], "", "không đọc được mật khẩu"),
    ],
)
def test_bad_input_is_one_line_and_writes_nothing(ws, args, stdin, words):
    from tracker.cli import app

    result = ws.runner.invoke(app, ["users", "add", "An", *args, "--db", ws.url], input=stdin)
    assert result.exit_code == 2
    assert words in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert ws.jsonl("users", "list") == []


def test_password_is_no_option(ws):
    from tracker.cli import app

    result = ws.runner.invoke(
        app, ["users", "add", "An", "--role", "admin", "--password", "x", "--db", ws.url]
    )
    assert result.exit_code == 2


def test_duplicate_name_refused(ws):
    from tracker.cli import app

    first = ws.runner.invoke(
        app, ["users", "add", "An", "--role", "admin", "--db", ws.url], input="mat-khau-1\n"
    )
    assert first.exit_code == 0, first.stderr
    again = ws.runner.invoke(
        app, ["users", "add", "an", "--role", "supervisor", "--db", ws.url], input="mat-khau-1\n"
    )
    assert again.exit_code == 2
    assert "đã có" in again.stderr


def test_five_failures_lock_the_account_for_fifteen_minutes(sqlite_url):
    from tracker.app.users import add_user
    from tracker.store.engine import ensure_schema

    start = datetime(2026, 12, 7, 8, 0, tzinfo=UTC)
    engine = make_engine(sqlite_url, create=True)
    ensure_schema(engine, auto_upgrade=True)
    engine.dispose()
    ctx = _ctx(sqlite_url, start)
    add_user(ctx, "An", role="admin", unit=None, password="dung-roi-1", actor="test")
    for _ in range(5):
        with pytest.raises(LoginRefused, match="sai tên"):
            authenticate(ctx, "An", "sai-mat-khau")
    with pytest.raises(LoginRefused, match="tạm khóa"):
        authenticate(ctx, "An", "dung-roi-1")
    later = _ctx(sqlite_url, start + timedelta(minutes=15, seconds=1))
    assert authenticate(later, "An", "dung-roi-1").name == "An"


def test_at_a_terminal_the_password_is_asked_twice(ws, monkeypatch):
    import getpass
    import sys

    from tracker.errors import BadInput

    answers = iter(["mot-hai-ba-4", "mot-hai-ba-5", "mot-hai-ba-4", "mot-hai-ba-4"])
    prompts = []

    def fake_getpass(prompt=""):
        prompts.append(prompt)
        return next(answers)

    class Terminal:
        def isatty(self):
            return True

        def readline(self):  # never read: a terminal is asked through getpass
            raise AssertionError("read the terminal directly")

    monkeypatch.setattr(getpass, "getpass", fake_getpass)
    monkeypatch.setattr(sys, "stdin", Terminal())
    from tracker.cli import users as users_cli

    with pytest.raises(BadInput, match="không khớp"):
        users_cli.read_password()
    assert users_cli.read_password() == "mot-hai-ba-4"
    assert prompts == ["Mật khẩu: ", "Nhập lại mật khẩu: "] * 2
