"""APScheduler wiring only: the jobs call the same functions as ``tracker check``,
``tracker send``, ``tracker db backup``, ``tracker export send-period`` and ``tracker
intake run``; logic that cannot run from the command line does not live here.

* Every job body is one use case of ``tracker.app`` (``daily``, ``backup``,
  ``reports``, ``dropfolder``: the same functions as the commands), recorded with
  ``record_run``.
* BlockingScheduler with a SQLAlchemyJobStore in the project's own database; fixed
  job ids, ``replace_existing=True``, ``coalesce=True``, ``misfire_grace_time=None``:
  a scheduler that was down past a run time runs it once on start — never zero
  times, never many. Times come from config, in the configured time zone.
  Re-adding a job at start computes its next run time from *now* and overwrites
  the stored one (APScheduler's ``_real_add_job``), which would silently skip the
  run missed while down: a stored next run time already in the past is read first
  and passed back to ``add_job``, so the misfire is seen and coalesced into one run.
* Jobs: the daily check (``schedule.check_time``), the sender (``schedule.send_time``
  and every 15 minutes, so a failed delivery is retried), the weekly supervisor
  digest (``schedule.digest_weekday``/``digest_time``), the daily backup
  (``backup.time``; empty: none) with ``backup.keep`` backups kept, the periodic report
  (``schedule.report_time`` daily; it mails only on the first working day after a
  period, once per period), and when ``intake.folder`` is set the drop folder every
  ``intake.every_minutes`` (``app.dropfolder``, the same call as ``tracker intake
  run``). Each run is logged to stderr and as a ``scheduler_run`` event.
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
from tracker.app import Context
from tracker.app.daily import daily_check, queue_weekly_digest, record_run, send_reminders
from tracker.config import Config
from tracker.notify.channels import DeliveryError, channel_from_config
from tracker.notify.outbox import problem_line
from tracker.notify.plan import unrouted_warning
from tracker.store.engine import ensure_schema, make_engine

log = logging.getLogger("tracker.scheduler")
LOCK_KEY = 0x7472616B  # "trak": the advisory lock every tracker scheduler shares
JOB_CHECK, JOB_SEND, JOB_SEND_RETRY, JOB_WEEKLY = (
    "daily-check",
    "sender",
    "sender-retry",
    "weekly-digest",
)
JOB_BACKUP = "daily-backup"
JOB_PERIOD = "period-report"
JOB_INTAKE = "intake-folder"
# what the log calls each job (the ids stay: the job store and the events keep them)
JOB_LABELS = {
    JOB_CHECK: "kiểm tra hằng ngày",
    JOB_SEND: "gửi thư",
    JOB_SEND_RETRY: "gửi lại thư",
    JOB_WEEKLY: "tổng hợp tuần",
    JOB_BACKUP: "sao lưu hằng ngày",
    JOB_PERIOD: "báo cáo định kỳ",
    JOB_INTAKE: "thư mục nhận văn bản",
}
# APScheduler's own log lines (its format strings) in Vietnamese; None: not shown
# (bookkeeping a person does not need). Unknown lines below WARNING are not shown.
APSCHEDULER_LINES: dict[str, str | None] = {
    "Adding job tentatively -- it will be properly scheduled when the scheduler starts": None,
    'Added job "%s" to job store "%s"': None,
    "Removed job %s": None,
    "Scheduler started": "Bộ lập lịch đã khởi động",
    "Scheduler has been shut down": "Bộ lập lịch đã dừng",
    'Running job "%s" (scheduled at %s)': "Bắt đầu việc {job} (theo lịch lúc {time})",
    'Job "%s" executed successfully': "Xong việc {job}",
    'Run time of job "%s" was missed by %s': "Việc {job} lỡ giờ chạy (trễ {time})",
    'Job "%s" raised an exception': "Việc {job} gặp lỗi",
    'Execution of job "%s" skipped: maximum number of running instances reached (%d)': (
        "Bỏ qua một lần chạy việc {job}: lần trước chưa xong"
    ),
}


def job_label(job: object) -> str:
    """The Vietnamese name of a job (an APScheduler ``Job`` or its id)."""
    job_id = str(getattr(job, "id", job))
    return JOB_LABELS.get(job_id, job_id)


class VietnameseLog(logging.Filter):
    """Puts APScheduler's log lines in Vietnamese and drops its bookkeeping."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not record.name.startswith("apscheduler"):
            return True
        template = str(record.msg)
        args = record.args if isinstance(record.args, tuple) else ()
        if template not in APSCHEDULER_LINES:
            if record.levelno < logging.WARNING:
                return False
            record.msg, record.args = f"Bộ lập lịch: {record.getMessage()}", ()
            return True
        wording = APSCHEDULER_LINES[template]
        if wording is None:
            return False
        job = job_label(args[0]) if args else ""
        when = args[1] if len(args) > 1 else ""
        if isinstance(when, datetime):
            when = f"{when:%d/%m/%Y %H:%M}"
        record.msg, record.args = wording.format(job=job, time=when), ()
        return True


def _context(config: Config, engine: Engine) -> Context:
    return Context(config, engine, lambda: datetime.now(UTC))


def _record(context: Context, job: str, detail: str) -> None:
    log.info("%s: %s", job_label(job), detail)
    record_run(context, job=job, detail=detail)


# --- job bodies: module-level functions (the job store pickles references) ------------


def check_job(config_path: str | None, database_url: str) -> None:
    """The daily check: the same call as ``tracker check``."""
    from tracker.config import load_config

    config = load_config(config_path, database_url=database_url)
    engine = make_engine(database_url)
    context = _context(config, engine)
    as_of = dates.today(config.timezone)
    result = daily_check(context, as_of=as_of, actor=f"scheduler:{JOB_CHECK}")
    if result.unrouted:
        log.warning("%s", unrouted_warning(result.unrouted))
    _record(
        context,
        JOB_CHECK,
        f"{as_of:%d/%m/%Y}: {result.flagged} quá hạn mới, {result.queued} mục nhắc việc",
    )
    engine.dispose()


def send_job(config_path: str | None, database_url: str) -> None:
    """The sender: the same call as ``tracker send``."""
    from tracker.config import load_config

    config = load_config(config_path, database_url=database_url)
    engine = make_engine(database_url)
    context = _context(config, engine)
    try:
        report = send_reminders(context, channel_from_config(config), actor=f"scheduler:{JOB_SEND}")
    except DeliveryError as error:  # the server is down: the queue waits for the next run
        _record(context, JOB_SEND, str(error))
        engine.dispose()
        return
    for problem in report.problems:
        log.warning("%s", problem_line(problem, config.timezone))
    _record(
        context, JOB_SEND, f"đã gửi {len(report.sent)} thư, {len(report.problems)} chưa gửi được"
    )
    engine.dispose()


def weekly_job(config_path: str | None, database_url: str) -> None:
    """The weekly digest to supervisors."""
    from tracker.config import load_config

    config = load_config(config_path, database_url=database_url)
    engine = make_engine(database_url)
    context = _context(config, engine)
    as_of = dates.today(config.timezone)
    queued = queue_weekly_digest(context, as_of=as_of, actor=f"scheduler:{JOB_WEEKLY}")
    _record(context, JOB_WEEKLY, f"{queued} thư tổng hợp tuần")
    engine.dispose()


def backup_job(config_path: str | None, database_url: str) -> None:
    """The daily backup into ``backup.folder``, keeping ``backup.keep`` backups: the
    same call as ``tracker db backup``."""
    from tracker.app.backup import back_up
    from tracker.config import load_config
    from tracker.errors import TrackerError

    config = load_config(config_path, database_url=database_url)
    engine = make_engine(database_url)
    context = _context(config, engine)
    try:
        result = back_up(config, now=context.now())
    except TrackerError as error:  # said in the log and the events; tried again tomorrow
        log.warning("%s: %s", job_label(JOB_BACKUP), error)
        _record(context, JOB_BACKUP, f"sao lưu thất bại: {error}")
    else:
        _record(context, JOB_BACKUP, f"{result.path} (xóa {len(result.removed)} bản cũ)")
    engine.dispose()


def period_job(config_path: str | None, database_url: str) -> None:
    """The periodic report due today (if any), mailed once to the supervisors: the
    same call as ``tracker export send-period``."""
    from tracker.app.reports import send_period_reports
    from tracker.config import load_config

    config = load_config(config_path, database_url=database_url)
    engine = make_engine(database_url)
    context = _context(config, engine)
    as_of = dates.today(config.timezone)
    mailed = send_period_reports(
        context, channel_from_config(config), as_of=as_of, actor=f"scheduler:{JOB_PERIOD}"
    )
    periods = sorted({m.period for m in mailed})
    _record(context, JOB_PERIOD, f"{as_of}: {len(mailed)} thư báo cáo định kỳ {' '.join(periods)}")
    engine.dispose()


def intake_job(config_path: str | None, database_url: str) -> None:
    """The drop folder: the same call as ``tracker intake run``."""
    from tracker.app.dropfolder import run_once
    from tracker.config import load_config

    config = load_config(config_path, database_url=database_url)
    engine = make_engine(database_url)
    context = _context(config, engine)
    outcomes = run_once(context, actor=f"scheduler:{JOB_INTAKE}")
    if outcomes:
        failed = sum(o.status == "failed" for o in outcomes)
        _record(context, JOB_INTAKE, f"{len(outcomes)} tệp, {failed} lỗi")
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


def missed_runs(store: Any, *, now: datetime) -> dict[str, datetime]:
    """The stored jobs whose next run time passed while no scheduler ran (job id →
    that time). Read from the job store's table before the jobs are re-added."""
    from sqlalchemy import inspect, select

    table = store.jobs_t
    if not inspect(store.engine).has_table(table.name, schema=table.schema):
        return {}
    with store.engine.connect() as connection:
        rows = connection.execute(
            select(table.c.id, table.c.next_run_time).where(
                table.c.next_run_time.is_not(None), table.c.next_run_time < now.timestamp()
            )
        ).all()
    return {str(job_id): datetime.fromtimestamp(when, UTC) for job_id, when in rows}


def forget(store: Any, job_id: str) -> None:
    """Remove a stored job (before the scheduler starts), if the store has it."""
    from sqlalchemy import delete, inspect

    table = store.jobs_t
    if inspect(store.engine).has_table(table.name, schema=table.schema):
        with store.engine.begin() as connection:
            connection.execute(delete(table).where(table.c.id == job_id))


def _keep(missed: dict[str, datetime], job_id: str) -> dict[str, datetime]:
    """``add_job`` keyword that keeps a missed run time (none: APScheduler computes it)."""
    return {"next_run_time": missed[job_id]} if job_id in missed else {}


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
    store = SQLAlchemyJobStore(
        url=normalise_url(database_url).render_as_string(hide_password=False)
    )
    missed = missed_runs(store, now=datetime.now(UTC))
    scheduler = kind(
        jobstores={"default": store},
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
        **_keep(missed, JOB_CHECK),
    )
    scheduler.add_job(
        send_job,
        CronTrigger(hour=send_h, minute=send_m, timezone=tz),
        args=args,
        id=JOB_SEND,
        replace_existing=True,
        **_keep(missed, JOB_SEND),
    )
    scheduler.add_job(
        send_job,
        IntervalTrigger(minutes=15, timezone=tz),
        args=args,
        id=JOB_SEND_RETRY,
        replace_existing=True,
        **_keep(missed, JOB_SEND_RETRY),
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
        **_keep(missed, JOB_WEEKLY),
    )
    backup_time = str(config.get("backup", "time"))
    if backup_time:
        backup_h, backup_m = (int(x) for x in backup_time.split(":")[:2])
        scheduler.add_job(
            backup_job,
            CronTrigger(hour=backup_h, minute=backup_m, timezone=tz),
            args=args,
            id=JOB_BACKUP,
            replace_existing=True,
            **_keep(missed, JOB_BACKUP),
        )
    else:  # switched off: a job stored by an earlier start must not run
        forget(store, JOB_BACKUP)
    report_h, report_m = at("report_time")
    scheduler.add_job(
        period_job,
        CronTrigger(hour=report_h, minute=report_m, timezone=tz),
        args=args,
        id=JOB_PERIOD,
        replace_existing=True,
        **_keep(missed, JOB_PERIOD),
    )
    if str(config.get("intake", "folder")):
        scheduler.add_job(
            intake_job,
            IntervalTrigger(minutes=int(config.get("intake", "every_minutes")), timezone=tz),
            args=args,
            id=JOB_INTAKE,
            replace_existing=True,
            **_keep(missed, JOB_INTAKE),
        )
    else:  # no folder: a job stored by an earlier start must not run
        forget(store, JOB_INTAKE)
    return scheduler


def run(
    config: Config, config_path: str | None, database_url: str, *, say: Callable[[str], None]
) -> None:
    """Run the scheduler until SIGTERM/SIGINT, as the only active instance."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(asctime)s %(message)s", "%d/%m/%Y %H:%M:%S"))
    handler.addFilter(VietnameseLog())
    root = logging.getLogger()
    root.addHandler(handler)
    root.setLevel(min(root.level or logging.INFO, logging.INFO))
    try:
        _run(config, config_path, database_url, say=say)
    finally:
        root.removeHandler(handler)


def _run(
    config: Config, config_path: str | None, database_url: str, *, say: Callable[[str], None]
) -> None:
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
