"""The scheduler across a real restart: ``tracker scheduler run`` as a process,
stopped, its daily check time passed while it was down, started again — the missed
check runs exactly once (issue 16 item 1), on SQLite and PostgreSQL."""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlalchemy import func, select

from tracker.store.engine import make_engine
from tracker.store.models import Event

TZ = "Asia/Ho_Chi_Minh"


def _runs(url: str, job: str) -> int:
    engine = make_engine(url)
    with engine.connect() as connection:
        count = connection.execute(
            select(func.count())
            .select_from(Event)
            .where(Event.kind == "scheduler_run", Event.actor == job)
        ).scalar_one()
    engine.dispose()
    return int(count)


def _config(tmp_path: Path) -> Path:
    """Check and send times six hours away: no run falls due during the test."""
    later = datetime.now(ZoneInfo(TZ)) + timedelta(hours=6)
    path = tmp_path / "scheduler.toml"
    path.write_text(
        "[schedule]\n"
        f'check_time = "{later:%H:%M}"\n'
        f'send_time = "{later:%H:%M}"\n'
        "[notify]\n"
        'outbox = "outbox"\n',
        encoding="utf-8",
    )
    return path


class Process:
    """``tracker scheduler run`` in a child process."""

    def __init__(self, url: str, config: Path, cwd: Path) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-m", "tracker", "scheduler", "run", "--db", url],
            stderr=subprocess.PIPE,
            stdout=subprocess.DEVNULL,
            text=True,
            cwd=cwd,
            env={**_env(), "TRACKER_CONFIG": str(config)},
        )
        self.lines: list[str] = []

    def wait_running(self) -> None:
        assert self.process.stderr is not None
        started = time.monotonic()
        while time.monotonic() - started < 60:
            line = self.process.stderr.readline()
            if not line:
                break
            self.lines.append(line)
            if "đang chạy" in line:
                return
        raise AssertionError("scheduler did not start:\n" + "".join(self.lines))

    def stop(self) -> None:
        self.process.send_signal(signal.SIGTERM)
        try:
            assert self.process.wait(timeout=30) == 0
        finally:
            if self.process.poll() is None:
                self.process.kill()
            assert self.process.stderr is not None
            self.process.stderr.close()


def _env() -> dict[str, str]:
    import os

    return {k: v for k, v in os.environ.items() if not k.startswith("TRACKER_")} | {
        k: v for k, v in os.environ.items() if k == "TRACKER_TEST_PG_ADMIN"
    }


def _move_next_run(url: str, job: str, when: datetime) -> datetime | None:
    """While no scheduler runs: set the stored job's next run time through the job
    store's own API (it keeps the time twice: a column and the pickled state). No
    scheduler is started here, so nothing can run in the test process."""
    from apscheduler.jobstores.sqlalchemy import SQLAlchemyJobStore
    from apscheduler.schedulers.background import BackgroundScheduler

    from tracker.store.engine import normalise_url

    store = SQLAlchemyJobStore(url=normalise_url(url).render_as_string(hide_password=False))
    store.start(BackgroundScheduler(timezone=TZ), "default")
    try:
        stored = store.lookup_job(job)
        before = stored.next_run_time
        stored.next_run_time = when
        store.update_job(stored)
    finally:
        store.shutdown()
    return before


def _next_run(url: str, job: str) -> datetime:
    from apscheduler.jobstores.sqlalchemy import SQLAlchemyJobStore

    from tracker.store.engine import normalise_url

    store = SQLAlchemyJobStore(url=normalise_url(url).render_as_string(hide_password=False))
    engine = store.engine
    with engine.connect() as connection:
        value = connection.execute(
            select(store.jobs_t.c.next_run_time).where(store.jobs_t.c.id == job)
        ).scalar_one()
    engine.dispose()
    return datetime.fromtimestamp(value, UTC)


def test_check_missed_while_down_runs_once_after_a_real_restart(ingested, tmp_path):
    config = _config(tmp_path)
    first = Process(ingested.url, config, tmp_path)
    first.wait_running()
    first.stop()
    assert _runs(ingested.url, "daily-check") == 0  # its time had not come

    # down for three days: three daily check times passed
    scheduled = _move_next_run(
        ingested.url, "daily-check", datetime.now(UTC) - timedelta(days=3, minutes=5)
    )
    assert scheduled is not None
    assert scheduled > datetime.now(UTC)

    second = Process(ingested.url, config, tmp_path)
    second.wait_running()
    try:
        deadline = time.monotonic() + 60
        while _runs(ingested.url, "daily-check") == 0 and time.monotonic() < deadline:
            time.sleep(0.3)
        time.sleep(2.0)  # a second (or fourth) run would come right after the first
    finally:
        second.stop()
    assert _runs(ingested.url, "daily-check") == 1
    # and the next one is at the configured time again, in the future
    upcoming = _next_run(ingested.url, "daily-check")
    assert datetime.now(UTC) < upcoming <= datetime.now(UTC) + timedelta(days=1)

    # a third start with nothing missed runs nothing
    third = Process(ingested.url, config, tmp_path)
    third.wait_running()
    time.sleep(2.0)
    third.stop()
    assert _runs(ingested.url, "daily-check") == 1
