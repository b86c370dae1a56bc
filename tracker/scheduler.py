"""APScheduler wiring only: the jobs call the same functions as ``tracker check`` and
``tracker send``; logic that cannot run from the command line does not live here.

* BlockingScheduler with a SQLAlchemyJobStore in the project's own database; fixed
  job ids, ``replace_existing=True``, ``coalesce=True``, ``misfire_grace_time=None``:
  a scheduler that was down past a run time runs it once on start — never zero
  times, never many. Times come from config, in the configured time zone.
* Jobs: the daily check (``schedule.check_time``), the sender (``schedule.send_time``
  and every 15 minutes, so a failed delivery is retried), the weekly supervisor
  digest (``schedule.digest_weekday``/``digest_time``), and when ``intake.folder`` is
  set the drop folder every ``intake.every_minutes`` (``tracker.dropfolder``, the same
  call as ``tracker intake run``). Each run is logged to stderr
  and as a ``scheduler_run`` event.
* One scheduler acts at a time: a PostgreSQL session advisory lock, or an exclusive
  lock file beside an SQLite database; a second instance waits and says so.
* SIGTERM/SIGINT stop it cleanly (the job in hand finishes).
"""

from __future__ import annotations

import contextlib
import fcntl
import logging
import signal
import sys
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import text
from sqlalchemy.engine import Engine

from tracker import dates
from tracker.config import Config
from tracker.notify.channels import channel_from_config
from tracker.notify.outbox import send
from tracker.notify.plan import Ladder, daily, weekly_digest
from tracker.store.engine import ensure_schema, make_engine, session_scope
from tracker.store.writes import event
from tracker.tracking.status import Policy

log = logging.getLogger("tracker.scheduler")
LOCK_KEY = 0x7472616B  # "trak": the advisory lock every tracker scheduler shares
JOB_CHECK, JOB_SEND, JOB_SEND_RETRY, JOB_WEEKLY = (
    "daily-check",
    "sender",
    "sender-retry",
    "weekly-digest",
)
JOB_INTAKE = "intake-folder"


def _policy(config: Config) -> Policy:
    return Policy.from_config(config)


def _ladder(config: Config) -> Ladder:
    return Ladder.from_config(config)


def _record(engine: Engine, job: str, detail: str) -> None:
    log.info("%s: %s", job, detail)
    with session_scope(engine) as session:
        event(session, "scheduler_run", now=datetime.now(UTC), on=None, actor=job, detail=detail)


# --- job bodies: module-level functions (the job store pickles references) ------------


def check_job(config_path: str | None, database_url: str) -> None:
    """The daily check: the same calls as ``tracker check``."""
    from tracker.config import load_config

    config = load_config(config_path, database_url=database_url)
    engine = make_engine(database_url)
    as_of = dates.today(config.timezone)
    now = datetime.now(UTC)
    with session_scope(engine) as session:
        result, queued = daily(
            session, as_of=as_of, policy=_policy(config), ladder=_ladder(config), now=now
        )
    _record(engine, JOB_CHECK, f"{as_of}: {result.flagged} quá hạn mới, {queued} mục nhắc việc")
    engine.dispose()


def send_job(config_path: str | None, database_url: str) -> None:
    """The sender: the same call as ``tracker send``."""
    from tracker.config import load_config

    config = load_config(config_path, database_url=database_url)
    engine = make_engine(database_url)
    sent = send(
        engine,
        channel_from_config(config),
        sender=str(config.get("notify", "sender")),
        now=datetime.now(UTC),
    )
    _record(engine, JOB_SEND, f"đã gửi {len(sent)} thư")
    engine.dispose()


def weekly_job(config_path: str | None, database_url: str) -> None:
    """The weekly digest to supervisors."""
    from tracker.config import load_config

    config = load_config(config_path, database_url=database_url)
    engine = make_engine(database_url)
    as_of = dates.today(config.timezone)
    with session_scope(engine) as session:
        queued = weekly_digest(
            session,
            as_of=as_of,
            policy=_policy(config),
            ladder=_ladder(config),
            now=datetime.now(UTC),
        )
    _record(engine, JOB_WEEKLY, f"{queued} thư tổng hợp tuần")
    engine.dispose()


def intake_job(config_path: str | None, database_url: str) -> None:
    """The drop folder: the same call as ``tracker intake run``."""
    from tracker.config import load_config
    from tracker.dropfolder import run_once

    config = load_config(config_path, database_url=database_url)
    engine = make_engine(database_url)
    outcomes = run_once(engine, config, now=datetime.now(UTC))
    if outcomes:
        failed = sum(o.status == "failed" for o in outcomes)
        _record(engine, JOB_INTAKE, f"{len(outcomes)} tệp, {failed} lỗi")
    engine.dispose()


# --- one scheduler at a time ------------------------------------------------------------


@contextlib.contextmanager
def single_instance(
    engine: Engine, *, wait: Callable[[str], None], poll: float = 5.0
) -> Iterator[None]:
    """Hold the scheduler lock for the block; wait (saying so) while another holds it."""
    if engine.dialect.name == "postgresql":
        with engine.connect() as connection:
            told = False
            while not connection.execute(
                text("SELECT pg_try_advisory_lock(:k)"), {"k": LOCK_KEY}
            ).scalar():
                if not told:
                    wait("Một bộ lập lịch khác đang chạy trên cơ sở dữ liệu này; đang chờ…")
                    told = True
                time.sleep(poll)
            try:
                yield
            finally:
                connection.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": LOCK_KEY})
        return
    path = Path(str(engine.url.database or "tracker.db") + ".scheduler.lock")
    with open(path, "a+") as handle:
        told = False
        while True:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if not told:
                    wait(f"Một bộ lập lịch khác đang giữ {path}; đang chờ…")
                    told = True
                time.sleep(poll)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def build(
    config: Config, config_path: str | None, database_url: str, *, background: bool = False
) -> Any:
    """A BlockingScheduler (or, for tests and embedding, a BackgroundScheduler) with
    the jobs, not started."""
    from apscheduler.jobstores.sqlalchemy import SQLAlchemyJobStore
    from apscheduler.schedulers.background import BackgroundScheduler
    from apscheduler.schedulers.blocking import BlockingScheduler
    from apscheduler.triggers.cron import CronTrigger
    from apscheduler.triggers.interval import IntervalTrigger

    from tracker.store.engine import normalise_url

    tz = config.timezone
    kind = BackgroundScheduler if background else BlockingScheduler
    scheduler = kind(
        jobstores={
            "default": SQLAlchemyJobStore(
                url=normalise_url(database_url).render_as_string(hide_password=False)
            )
        },
        job_defaults={"coalesce": True, "misfire_grace_time": None, "max_instances": 1},
        timezone=tz,
    )
    args = [config_path, database_url]

    def at(option: str) -> tuple[int, int]:
        hour, minute = str(config.get("schedule", option)).split(":")[:2]
        return int(hour), int(minute)

    check_h, check_m = at("check_time")
    send_h, send_m = at("send_time")
    digest_h, digest_m = at("digest_time")
    scheduler.add_job(
        check_job,
        CronTrigger(hour=check_h, minute=check_m, timezone=tz),
        args=args,
        id=JOB_CHECK,
        replace_existing=True,
    )
    scheduler.add_job(
        send_job,
        CronTrigger(hour=send_h, minute=send_m, timezone=tz),
        args=args,
        id=JOB_SEND,
        replace_existing=True,
    )
    scheduler.add_job(
        send_job,
        IntervalTrigger(minutes=15, timezone=tz),
        args=args,
        id=JOB_SEND_RETRY,
        replace_existing=True,
    )
    scheduler.add_job(
        weekly_job,
        CronTrigger(
            day_of_week=str(config.get("schedule", "digest_weekday")),
            hour=digest_h,
            minute=digest_m,
            timezone=tz,
        ),
        args=args,
        id=JOB_WEEKLY,
        replace_existing=True,
    )
    if str(config.get("intake", "folder")):
        scheduler.add_job(
            intake_job,
            IntervalTrigger(minutes=int(config.get("intake", "every_minutes")), timezone=tz),
            args=args,
            id=JOB_INTAKE,
            replace_existing=True,
        )
    return scheduler


def run(
    config: Config, config_path: str | None, database_url: str, *, say: Callable[[str], None]
) -> None:
    """Run the scheduler until SIGTERM/SIGINT, as the only active instance."""
    logging.basicConfig(
        stream=sys.stderr, level=logging.INFO, format="%(asctime)s %(name)s: %(message)s"
    )
    engine = make_engine(database_url)
    ensure_schema(engine)
    with single_instance(engine, wait=say):
        scheduler = build(config, config_path, database_url)

        from apscheduler.events import EVENT_SCHEDULER_STARTED

        def stop(signum: int, _frame: object) -> None:
            say(f"Nhận tín hiệu {signal.Signals(signum).name}: dừng sau việc đang làm")
            if not scheduler.running:
                raise SystemExit(0)
            scheduler.shutdown(wait=True)

        signal.signal(signal.SIGTERM, stop)
        signal.signal(signal.SIGINT, stop)
        scheduler.add_listener(
            lambda _event: say("Bộ lập lịch đang chạy (Ctrl+C để dừng)"), EVENT_SCHEDULER_STARTED
        )
        scheduler.start()
    engine.dispose()
