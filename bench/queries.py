"""User-facing operations on a generated database (bench/generate.py), against the
performance issue's targets at 1 M assignments.

For each operation: median and p95 seconds over ``--repeat`` runs, and the peak
memory of one more run (Python allocations, tracemalloc; for the ingest, which runs
as a whole ``tracker ingest`` process, the child's peak RSS). Operations that write
(`tracker check`) run in a transaction that is rolled back, so every run is a first
run and the database stays as generated; the ingest adds 1,000 new documents per run.
Where an operation misses its target, the plan of its main query is printed
(EXPLAIN QUERY PLAN on SQLite, EXPLAIN ANALYZE on PostgreSQL).

    .venv/bin/python bench/queries.py --db sqlite:///bench.db [--repeat 5]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from sqlalchemy import delete, func, select, text
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session
from sqlalchemy.sql import Select

from tracker.config import load_config
from tracker.export import xlsx as xlsx_export
from tracker.export.report import Office, build_report
from tracker.notify import plan as notify
from tracker.notify.plan import Ladder
from tracker.store.engine import ensure_schema, make_engine, session_scope
from tracker.store.models import Assignment, Document, Event, Task, Unit
from tracker.store.queries import Filters, assignment_select, not_done_first, stats_by_unit
from tracker.tracking.status import Policy, soon_cutoff, status_rows

ROOT = Path(__file__).resolve().parents[1]
TODAY = date(2025, 1, 15)  # bench/generate.py's default --today
PAST = date(2022, 6, 30)
POLICY = Policy()
LADDER = Ladder.from_config(load_config())
OVERDUE = Filters(statuses=frozenset({"overdue"}), include_support=False)
OFFICE = Office("UBND HUYỆN AN HÒA", "VĂN PHÒNG", "An Hòa", "VP", "CHÁNH VĂN PHÒNG", "", ())
INGEST_DOCUMENTS = 1_000
# Runs a command and prints its peak RSS (KiB) on stderr, from a process small
# enough that the fork it starts from does not count.
PEAK_RSS = (
    "import resource, subprocess, sys; r = subprocess.run(sys.argv[1:]); "
    "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, file=sys.stderr); "
    "sys.exit(r.returncode)"
)


@dataclass
class Result:
    name: str
    median: float
    p95: float
    peak_mb: float
    target: str
    met: bool
    plan: str = ""


def timed(action: Callable[[], object], repeat: int) -> tuple[float, float, float]:
    """Median and p95 seconds of ``repeat`` runs, and the peak traced MB of one more."""
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        samples.append(time.perf_counter() - start)
    tracemalloc.start()
    action()
    peak = tracemalloc.get_traced_memory()[1] / 1e6
    tracemalloc.stop()
    samples.sort()
    p95 = samples[min(len(samples) - 1, round(0.95 * (len(samples) - 1)))]
    return statistics.median(samples), p95, peak


def explain(engine: Engine, query: Select) -> str:  # type: ignore[type-arg]
    """The plan of ``query`` with its parameters bound."""
    compiled = query.compile(dialect=engine.dialect, compile_kwargs={"render_postcompile": True})
    prefix = "EXPLAIN QUERY PLAN " if engine.dialect.name == "sqlite" else "EXPLAIN ANALYZE "
    parameters = (
        compiled.positiontup and tuple(compiled.params[name] for name in compiled.positiontup)
    ) or compiled.params
    try:
        with engine.connect() as connection:
            rows = connection.exec_driver_sql(prefix + str(compiled), parameters).all()
    except Exception as error:  # a plan is a diagnosis: never lose the figures for it
        return f"    (no plan: {type(error).__name__}: {str(error).splitlines()[0]})"
    return "\n".join("    " + " | ".join(str(c) for c in row) for row in rows)


def bench(engine: Engine, repeat: int) -> list[Result]:
    with session_scope(engine) as session:
        unit_id = session.scalar(
            select(Assignment.unit_id)
            .where(Assignment.unit_id.is_not(None))
            .group_by(Assignment.unit_id)
            .order_by(func.count().desc())
            .limit(1)
        )
    by_unit = Filters(statuses=frozenset({"overdue"}), unit_ids=frozenset({unit_id or 0}))
    results: list[Result] = []

    def add(name: str, action: Callable[[], object], target: float, query=None, n=repeat):
        median, p95, peak = timed(action, n)
        met = median <= target and peak <= 300
        plan = explain(engine, query) if query is not None and not met else ""
        results.append(Result(name, median, p95, peak, f"≤ {target:g} s", met, plan))

    def listing(day: date, filters: Filters) -> Callable[[], int]:
        def run() -> int:
            with session_scope(engine) as session:
                rows = status_rows(session, as_of=day, policy=POLICY, filters=filters)
                return sum(1 for _ in rows)

        return run

    def query_for(day: date, filters: Filters) -> Select:  # type: ignore[type-arg]
        with session_scope(engine, write=False) as session:  # the shape tracker would use
            first = not_done_first(session, day, filters)
        return assignment_select(
            as_of=day, soon=soon_cutoff(day, POLICY), filters=filters, not_done_first=first
        )

    add(
        f"tracker overdue (as of {TODAY})",
        listing(TODAY, OVERDUE),
        1.0,
        query_for(TODAY, OVERDUE),
    )
    add(f"tracker overdue (as of {PAST})", listing(PAST, OVERDUE), 1.0, query_for(PAST, OVERDUE))
    add(
        "tracker tasks --unit X --status overdue",
        listing(TODAY, by_unit),
        0.1,
        query_for(TODAY, by_unit),
    )

    def yearly_stats() -> int:
        end = date(TODAY.year - 1, 12, 31)
        with session_scope(engine) as session:
            start = date(end.year, 1, 1)
            return len(stats_by_unit(session, start=start, end=end, soon=soon_cutoff(end, POLICY)))

    add(f"tracker stats (year {TODAY.year - 1})", yearly_stats, 2.0)

    def daily(session: Session, now: datetime) -> None:
        """What ``tracker check`` runs: tracking, then the reminders it queues."""
        notify.daily(session, as_of=TODAY, policy=POLICY, ladder=LADDER, now=now)
        session.flush()

    def check(twice: bool) -> Callable[[], None]:
        def run() -> None:
            with engine.connect() as connection:
                transaction = connection.begin()
                with Session(bind=connection) as session:
                    now = datetime.now(UTC)
                    if twice:
                        daily(session, now)
                        started = time.perf_counter()
                    daily(session, now)
                    if twice:
                        second.append(time.perf_counter() - started)
                transaction.rollback()

        return run

    add("tracker check (first run)", check(twice=False), 15.0, query_for(TODAY, OVERDUE))
    second: list[float] = []
    _median, _p95, peak = timed(check(twice=True), repeat)
    second.sort()
    results.append(
        Result(
            "tracker check (second run, nothing changed)",
            statistics.median(second),
            second[min(len(second) - 1, round(0.95 * (len(second) - 1)))],
            peak,
            "≤ 2 s",
            statistics.median(second) <= 2.0 and peak <= 300,
        )
    )

    def export_xlsx() -> None:
        with session_scope(engine) as session:
            rows = []
            for row in status_rows(session, as_of=TODAY, policy=POLICY, filters=OVERDUE):
                rows.append(row)
                if len(rows) == 10_000:
                    break
        report = build_report(rows, as_of=TODAY, office=OFFICE, template="state")
        with tempfile.TemporaryDirectory() as folder:
            xlsx_export.render(report, Path(folder) / "r.xlsx")

    add("export overdue XLSX (10,000 rows)", export_xlsx, 3.0, n=max(1, repeat // 2))
    results.append(ingest(engine, max(1, repeat // 3)))
    return results


def ingest(engine: Engine, repeat: int) -> Result:
    """``tracker ingest`` of 1,000 new documents as one process; documents per second.

    The documents (bench/data/ingest_template.txt, six directives each to named
    units) are new on every run; they are deleted afterwards.
    """
    template = (ROOT / "bench" / "data" / "ingest_template.txt").read_text(encoding="utf-8")
    tracker = str(Path(sys.executable).parent / "tracker")
    url = engine.url.render_as_string(hide_password=False)
    rates: list[float] = []
    peaks: list[float] = []
    for _ in range(repeat):
        nonce = uuid.uuid4().hex[:8].upper()
        with tempfile.TemporaryDirectory() as folder:
            files = []
            for i in range(INGEST_DOCUMENTS):
                day = date(2024, 1, 1) + timedelta(days=i % 300)
                later = [(day + timedelta(days=7 * k)).strftime("%d/%m/%Y") for k in range(1, 7)]
                body = template.format(
                    number=f"{i + 1}/TB-{nonce}",
                    number_short=i + 1,
                    day=day.day,
                    month=day.month,
                    year=day.year,
                    d1=later[0],
                    d2=later[1],
                    d3=later[2],
                    m4=f"{(day + timedelta(days=31)):%m/%Y}",
                    d5=later[4],
                    d6=later[5],
                )
                path = Path(folder) / f"tb-{i:04d}.txt"
                path.write_text(body, encoding="utf-8")
                files.append(str(path))
            start = time.perf_counter()
            finished = subprocess.run(
                [sys.executable, "-c", PEAK_RSS, tracker, "ingest", "--db", url, "--confirm",
                 "--format", "jsonl", *files],
                check=True,
                capture_output=True,
                text=True,
            )  # fmt: skip
            rates.append(INGEST_DOCUMENTS / (time.perf_counter() - start))
            peaks.append(int(finished.stderr.strip().splitlines()[-1]) / 1024)
        _delete_documents(engine, f"%/TB-{nonce}")
    peak = max(peaks)
    rates.sort()
    rate = statistics.median(rates)
    return Result(
        f"tracker ingest ({INGEST_DOCUMENTS:,} documents), docs/s",
        rate,
        rates[0],
        peak,
        "≥ 100 docs/s",
        rate >= 100 and peak <= 300,
    )


def _delete_documents(engine: Engine, number_pattern: str) -> None:
    """Remove what a run ingested, so the database stays as generated."""
    documents = select(Document.id).where(Document.number.like(number_pattern))
    tasks = select(Task.id).where(Task.document_id.in_(documents))
    with engine.begin() as connection:
        connection.execute(delete(Event).where(Event.task_id.in_(tasks)))
        connection.execute(delete(Assignment).where(Assignment.task_id.in_(tasks)))
        connection.execute(delete(Task).where(Task.id.in_(tasks)))
        connection.execute(delete(Document).where(Document.id.in_(documents)))


def describe(engine: Engine) -> str:
    with session_scope(engine) as session:
        total = session.scalar(select(func.count()).select_from(Assignment)) or 0
        units = session.scalar(select(func.count()).select_from(Unit)) or 0
    version = ""
    with engine.connect() as connection:
        if engine.dialect.name == "sqlite":
            version = "SQLite " + connection.execute(text("select sqlite_version()")).scalar_one()
        else:
            version = str(connection.execute(text("show server_version")).scalar_one())
            version = "PostgreSQL " + version.split()[0]
    return f"{version}: {total:,} assignments, {units:,} units"


def table(engine: Engine, results: list[Result]) -> str:
    lines = [
        f"### {describe(engine)}",
        "",
        "| operation | median | p95 (ingest: slowest) | peak MB | target | met |",
        "|---|---|---|---|---|---|",
    ]
    for r in results:
        unit = "" if "docs/s" in r.name else " s"
        lines.append(
            f"| {r.name} | {r.median:.3f}{unit} | {r.p95:.3f}{unit} | {r.peak_mb:.0f} | "
            f"{r.target}, ≤ 300 MB | {'yes' if r.met else '**NO**'} |"
        )
    for r in results:
        if r.plan:
            lines += ["", f"Plan of the main query of “{r.name}” (missed its target):", "", r.plan]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--db", required=True, help="a database made by bench/generate.py")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    engine = make_engine(args.db)
    ensure_schema(engine)  # a database generated by an older version gets the new indexes
    print(table(engine, bench(engine, args.repeat)))


if __name__ == "__main__":
    main()
