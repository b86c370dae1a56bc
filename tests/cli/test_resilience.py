"""Crash safety and concurrency, as whole ``tracker`` processes on SQLite and PostgreSQL.

- kill -9 in the middle of an ingest of 500 documents, then the same ingest again:
  every document is stored exactly once, with all its tasks, and the database
  passes its integrity checks; kill -9 during ``tracker check``, then check again:
  every overdue assignment flagged exactly once;
- a scheduler running ``tracker check`` in a loop while four processes ingest (two
  of them the same documents at the same time), mark done and extend, for
  ``TRACKER_STRESS_SECONDS`` (default 60): no command fails, no "database is locked"
  reaches the user, and the counts reconcile with the operations that succeeded.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

from sqlalchemy import func, select

from tracker.store.engine import make_engine
from tracker.store.models import Assignment, Document, Event, Task

TRACKER = str(Path(sys.executable).parent / "tracker")
STRESS_SECONDS = float(os.environ.get("TRACKER_STRESS_SECONDS", "60"))

NOTICE = """ỦY BAN NHÂN DÂN HUYỆN AN HÒA
VĂN PHÒNG HĐND VÀ UBND

Số: {number}/TB-{tag}
An Hòa, ngày {day} tháng {month} năm 2024

THÔNG BÁO
Kết luận của Chủ tịch UBND huyện tại buổi làm việc về hồ sơ đất đai đợt {number}

1. Đề nghị UBND các xã, thị trấn rà soát hồ sơ cấp giấy chứng nhận đợt {number}, \
báo cáo UBND huyện trước ngày {first}.

2. Giao Phòng Tài chính - Kế hoạch tổng hợp kinh phí đo đạc đợt {number}, hoàn thành \
trước ngày {second}.
"""


def write_notices(folder: Path, count: int, tag: str) -> list[Path]:
    """``count`` distinct notices of our own, each with two directives."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(1, count + 1):
        issued = date(2024, 1, 2) + timedelta(days=i % 150)
        path = folder / f"tb-{tag}-{i:04d}.txt"
        path.write_text(
            NOTICE.format(
                number=i,
                tag=tag,
                day=issued.day,
                month=issued.month,
                first=f"{issued + timedelta(days=20):%d/%m/%Y}",
                second=f"{issued + timedelta(days=40):%d/%m/%Y}",
            ),
            encoding="utf-8",
        )
        paths.append(path)
    return paths


def tracker(url: str, *args: str, timeout: float = 300) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [TRACKER, *args, "--db", url], capture_output=True, text=True, timeout=timeout
    )


def scalar(url: str, query) -> int:
    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            return int(connection.execute(query).scalar_one())
    finally:
        engine.dispose()


def integrity_problems(url: str) -> list[str]:
    """What the database's own checks report, plus rows whose parent is missing."""
    engine = make_engine(url)
    problems: list[str] = []
    try:
        with engine.connect() as connection:
            if engine.dialect.name == "sqlite":
                verdict = connection.exec_driver_sql("PRAGMA integrity_check").scalar_one()
                if verdict != "ok":
                    problems.append(f"integrity_check: {verdict}")
                problems += [
                    f"foreign key: {row}"
                    for row in connection.exec_driver_sql("PRAGMA foreign_key_check")
                ]
            orphans = connection.execute(
                select(func.count())
                .select_from(Task)
                .where(~select(Document.id).where(Document.id == Task.document_id).exists())
            ).scalar_one()
            if orphans:
                problems.append(f"{orphans} tasks without their document")
    finally:
        engine.dispose()
    return problems


# --- kill -9 during an ingest -------------------------------------------------------------


def test_kill_9_during_ingest_then_ingest_again(ws, tmp_path):
    paths = write_notices(tmp_path / "docs", 500, "K")
    files = [str(p) for p in paths]
    process = subprocess.Popen(
        [TRACKER, "ingest", "--confirm", "--format", "jsonl", *files, "--db", ws.url],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    stored = 0
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and process.poll() is None:
        stored = scalar(ws.url, select(func.count()).select_from(Document))
        if stored >= 60:
            break
        time.sleep(0.05)
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=30)
    assert process.returncode == -signal.SIGKILL, "the ingest ended before it could be killed"
    before = scalar(ws.url, select(func.count()).select_from(Document))
    assert 0 < before < 500

    again = tracker(ws.url, "ingest", "--confirm", "--format", "jsonl", *files)
    assert again.returncode == 0, again.stderr
    rows = [json.loads(line) for line in again.stdout.splitlines()]
    assert len(rows) == 500
    assert sum(r["duplicate"] for r in rows) == before  # what landed stays, once
    assert scalar(ws.url, select(func.count()).select_from(Document)) == 500
    assert scalar(ws.url, select(func.count(func.distinct(Document.content_hash)))) == 500
    # every document has all its tasks: none was half-written by the killed process
    per_document = select(Task.document_id, func.count().label("n")).group_by(Task.document_id)
    engine = make_engine(ws.url)
    with engine.connect() as connection:
        counts = Counter(n for _, n in connection.execute(per_document))
    engine.dispose()
    assert counts == Counter({2: 500})
    assert integrity_problems(ws.url) == []


def test_kill_9_during_check_then_check_again(ws, tmp_path):
    """The daily check is one transaction: killed at any moment it leaves nothing
    half-done, and the next run flags each overdue assignment exactly once."""
    paths = write_notices(tmp_path / "docs", 150, "C")
    stored = tracker(ws.url, "ingest", "--confirm", "--format", "jsonl", *map(str, paths))
    assert stored.returncode == 0, stored.stderr
    day = "2024-12-31"  # every deadline has passed

    def flags() -> int:
        query = select(func.count()).select_from(Event).where(Event.kind == "flagged_overdue")
        return scalar(ws.url, query)

    seen = []
    for delay in (0.2, 0.4, 0.6, 0.8, 1.0):  # somewhere in start-up, reading, writing
        process = subprocess.Popen(
            [TRACKER, "check", "--as-of", day, "--db", ws.url],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        time.sleep(delay)
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=30)
        seen.append(flags())  # a killed run left all of its flags or none
    final = tracker(ws.url, "check", "--as-of", day)
    assert final.returncode == 1, final.stderr  # overdue units exist
    overdue = tracker(ws.url, "overdue", "--as-of", day, "--format", "jsonl")
    expected = len(overdue.stdout.splitlines())
    assert expected > 0
    assert set(seen) <= {0, expected}
    flagged = select(Event.assignment_id).where(Event.kind == "flagged_overdue")
    assert scalar(ws.url, select(func.count()).select_from(flagged.subquery())) == expected
    assert (
        scalar(ws.url, select(func.count(func.distinct(flagged.subquery().c.assignment_id))))
        == expected
    )
    assert integrity_problems(ws.url) == []


# --- concurrency -------------------------------------------------------------------------


@dataclass
class Tally:
    """What the workers did, and every failure they met."""

    lock: threading.Lock = field(default_factory=threading.Lock)
    ingested: set[str] = field(default_factory=set)
    done: int = 0
    extended: int = 0
    checks: int = 0
    failures: list[str] = field(default_factory=list)

    def fail(self, what: str, result: subprocess.CompletedProcess[str]) -> None:
        with self.lock:
            self.failures.append(f"{what}: exit {result.returncode}: {result.stderr.strip()}")


def test_scheduler_and_four_writers_at_once(ws, tmp_path):
    base = write_notices(tmp_path / "base", 12, "B")
    setup = tracker(ws.url, "ingest", "--confirm", "--format", "jsonl", *map(str, base))
    assert setup.returncode == 0, setup.stderr
    listing = tracker(ws.url, "tasks", "--format", "jsonl", "--as-of", "2024-01-01")
    assert listing.returncode == 0, listing.stderr
    pairs = sorted(
        {
            (r["task_id"], r["unit"], r["deadline"])
            for r in map(json.loads, listing.stdout.splitlines())
            if r["role"] == "lead"
        }
    )
    assert len(pairs) >= 40
    to_finish, to_extend = pairs[0::2], pairs[1::2]
    fresh = [str(p) for p in write_notices(tmp_path / "fresh", 400, "N")]
    tally = Tally()
    stop_at = time.monotonic() + STRESS_SECONDS

    def ingester() -> None:  # two of these race on the same documents
        for path in fresh:
            if time.monotonic() > stop_at:
                return
            result = tracker(ws.url, "ingest", "--confirm", "--format", "jsonl", path)
            if result.returncode != 0:
                tally.fail(f"ingest {path}", result)
                continue
            with tally.lock:
                tally.ingested.add(path)

    def finisher() -> None:
        for task_id, unit, _ in to_finish:
            if time.monotonic() > stop_at:
                return
            result = tracker(ws.url, "done", str(task_id), "--unit", unit, "--on", "2024-03-01")
            if result.returncode != 0:
                tally.fail(f"done {task_id} {unit}", result)
                continue
            with tally.lock:
                tally.done += 1

    def extender() -> None:
        for task_id, unit, deadline in to_extend:
            if time.monotonic() > stop_at:
                return
            later = date.fromisoformat(deadline) + timedelta(days=30)
            result = tracker(
                ws.url, "extend", str(task_id), "--unit", unit, "--to", later.isoformat(),
                "--as-of", "2024-02-01",
            )  # fmt: skip
            if result.returncode != 0:
                tally.fail(f"extend {task_id} {unit}", result)
                continue
            with tally.lock:
                tally.extended += 1

    def scheduler() -> None:
        while time.monotonic() <= stop_at:
            result = tracker(ws.url, "check", "--as-of", "2024-06-01")
            if result.returncode not in (0, 1):  # 1: overdue units found
                tally.fail("check", result)
                continue
            with tally.lock:
                tally.checks += 1

    workers = [
        threading.Thread(target=target)
        for target in (ingester, ingester, finisher, extender, scheduler)
    ]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=STRESS_SECONDS + 600)
    assert not any(worker.is_alive() for worker in workers)

    assert tally.failures == []
    assert tally.checks >= 2
    assert tally.done > 0
    assert tally.extended > 0
    assert len(tally.ingested) > 0
    documents = scalar(ws.url, select(func.count()).select_from(Document))
    assert documents == len(base) + len(tally.ingested)
    done = scalar(
        ws.url, select(func.count()).select_from(Assignment).where(Assignment.done_on.is_not(None))
    )
    assert done == tally.done
    extended = scalar(
        ws.url, select(func.count()).select_from(Event).where(Event.kind == "extended")
    )
    assert extended == tally.extended
    twice = scalar(
        ws.url,
        select(func.count()).select_from(
            select(Event.assignment_id)
            .where(Event.kind == "flagged_overdue")
            .group_by(Event.assignment_id)
            .having(func.count() > 1)
            .subquery()
        ),
    )
    assert twice == 0
    assert integrity_problems(ws.url) == []
