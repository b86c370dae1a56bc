"""The web app on a generated database (bench/generate.py): p95 of the dashboard, a
filtered task list and a task page, then 20 concurrent users for 60 s (loopback),
counting errors. Figures go into bench/RESULTS.md (section "Web app").

    .venv/bin/python bench/web.py --db sqlite:///bench.db [--scale 1000000] [--users 20]
        [--seconds 60] [--repeat 40]

When the database does not exist it is generated first with ``--scale``
assignments; the scale reported is the database's own count. The app runs in one
uvicorn process (a thread of this one) with the clock at generate.py's --today.
"""

from __future__ import annotations

import argparse
import platform
import re
import socket
import statistics
import subprocess
import sys
import threading
import time
from datetime import UTC, date, datetime
from pathlib import Path

import httpx
from sqlalchemy import func, select

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tracker.app import Context
from tracker.app.users import add_user, list_users
from tracker.config import load_config
from tracker.store.engine import ensure_schema, make_engine
from tracker.store.models import Assignment, Unit

TODAY = date(2025, 1, 15)  # bench/generate.py's default --today
NOW = datetime(2025, 1, 15, 3, 0, tzinfo=UTC)  # 10:00 in Hà Nội
ACCOUNT, PASSWORD = "bench-vanphong", "bench-mat-khau-1"
TARGET = 0.200
RESULTS = Path(__file__).resolve().parent / "RESULTS.md"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _prepare(url: str, scale: int) -> tuple[int, str, int]:
    """The database (generated when missing), the bench account; returns the number
    of assignments, a unit with overdue work and one of its tasks."""
    engine = make_engine(url, create=True)
    ensure_schema(engine, auto_upgrade=True)
    with engine.connect() as connection:
        count = connection.execute(select(func.count()).select_from(Assignment)).scalar_one()
    if count == 0:
        import random

        from bench.generate import generate

        print(f"generating {scale:,} assignments …", flush=True)
        generate(engine, scale, 1_000, random.Random(7), TODAY)
        with engine.connect() as connection:
            count = connection.execute(select(func.count()).select_from(Assignment)).scalar_one()
    ctx = Context(load_config(None, database_url=url), engine, lambda: NOW)
    if ACCOUNT not in {u.name for u in list_users(ctx)}:
        add_user(ctx, ACCOUNT, role="secretariat", unit=None, password=PASSWORD, actor="bench")
    with engine.connect() as connection:
        unit, task = connection.execute(
            select(Unit.name, Assignment.task_id)
            .join(Assignment, Assignment.unit_id == Unit.id)
            .where(Assignment.done_on.is_(None), Assignment.due_on < TODAY)
            .limit(1)
        ).one()
    engine.dispose()
    return int(count), str(unit), int(task)


def _run_server(url: str, port: int) -> None:
    """The app in this process (``--serve PORT``), its clock at generate.py's today."""
    import uvicorn

    from tracker.web import create_app

    app = create_app(None, url, clock=lambda: NOW)
    uvicorn.run(app, host="127.0.0.1", port=port, log_level="warning", backlog=256)


def _serve(url: str) -> tuple[str, subprocess.Popen[bytes]]:
    """The app in a process of its own (the load's clients do not share its GIL)."""
    port = _free_port()
    process = subprocess.Popen([sys.executable, __file__, "--db", url, "--serve", str(port)])
    base = f"http://127.0.0.1:{port}"
    for _ in range(600):
        try:
            httpx.get(f"{base}/dang-nhap", timeout=2)
            return base, process
        except httpx.TransportError:
            time.sleep(0.1)
    process.kill()
    raise SystemExit("the web app did not start")


def _client(base: str) -> httpx.Client:
    client = httpx.Client(base_url=base, timeout=60)
    page = client.get("/dang-nhap")
    token = re.search(r'name="csrf" value="([^"]+)"', page.text)
    assert token, page.text[:300]
    done = client.post(
        "/dang-nhap", data={"csrf": token.group(1), "name": ACCOUNT, "password": PASSWORD}
    )
    assert done.status_code == 303, done.text[:300]
    return client


def _p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[max(0, round(0.95 * len(ordered)) - 1)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--db", required=True)
    parser.add_argument("--scale", type=int, default=1_000_000)
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--repeat", type=int, default=40)
    parser.add_argument("--no-write", action="store_true", help="print only")
    parser.add_argument("--serve", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()

    import os

    os.environ.setdefault("TRACKER_SECRET_KEY", "bench-secret-key")
    if args.serve:
        _run_server(args.db, args.serve)
        return
    count, unit, task = _prepare(args.db, args.scale)
    base, server = _serve(args.db)
    pages = {
        "dashboard (Tổng quan)": "/",
        "filtered task list (one unit, overdue)": "/nhiem-vu?"
        + httpx.QueryParams({"unit": unit, "status": "overdue"}).__str__(),
        "task page": f"/nhiem-vu/{task}",
    }
    client = _client(base)
    lines = []
    started = time.perf_counter()
    client.get("/")
    cold = time.perf_counter() - started  # the figures made once a minute per worker
    for name, path in pages.items():
        client.get(path)  # warm
        times = []
        for _ in range(args.repeat):
            started = time.perf_counter()
            response = client.get(path)
            times.append(time.perf_counter() - started)
            assert response.status_code == 200, (path, response.status_code)
        p95 = _p95(times)
        mark = "ok" if p95 <= TARGET else "MISSED"
        lines.append(
            f"| {name} | {statistics.median(times) * 1000:.0f} ms | {p95 * 1000:.0f} ms | {mark} |"
        )
        print(lines[-1], flush=True)

    # concurrent users, each logged in, cycling over the three pages
    stop = time.perf_counter() + args.seconds
    latencies: list[float] = []
    errors: list[str] = []
    lock = threading.Lock()

    def user(number: int) -> None:
        own = _client(base)
        paths = list(pages.values())
        i = number
        while time.perf_counter() < stop:
            path = paths[i % len(paths)]
            i += 1
            started = time.perf_counter()
            try:
                response = own.get(path)
                ok = response.status_code == 200
                problem = f"{path}: {response.status_code}"
            except httpx.HTTPError as error:
                ok, problem = False, f"{path}: {type(error).__name__}"
            spent = time.perf_counter() - started
            with lock:
                latencies.append(spent)
                if not ok:
                    errors.append(problem)
        own.close()

    threads = [threading.Thread(target=user, args=(n,)) for n in range(args.users)]
    begun = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - begun
    server.terminate()
    server.wait(timeout=30)
    load = (
        f"{args.users} concurrent users for {args.seconds:.0f} s: {len(latencies):,} requests "
        f"({len(latencies) / elapsed:.1f}/s), {len(errors)} errors, median "
        f"{statistics.median(latencies) * 1000:.0f} ms, p95 {_p95(latencies) * 1000:.0f} ms"
    )
    print(load, flush=True)
    backend = "postgresql" if args.db.startswith("postgres") else "sqlite"
    section = "\n".join(
        [
            f"## Web app (bench/web.py, {backend})",
            "",
            f"{datetime.now(UTC):%Y-%m-%d}, {platform.node()} ({platform.machine()}, "
            f"Python {platform.python_version()}), {backend}, {count:,} assignments "
            f"(measured scale), one uvicorn process (no workers), loopback, {os.cpu_count()} CPUs "
            f"(load average {os.getloadavg()[0]:.1f} at the end: other jobs shared the machine); "
            "target p95 ≤ 200 ms.",
            "",
            f"The dashboard's figures are made at most once a minute per worker (and after"
            f" any change made there); making them took {cold * 1000:.0f} ms (the first"
            " request); the rows below are the requests that follow.",
            "",
            "| page | median | p95 | target |",
            "|---|---|---|---|",
            *lines,
            "",
            load + ".",
            "",
        ]
    )
    if not args.no_write:
        text = RESULTS.read_text(encoding="utf-8") if RESULTS.exists() else ""
        heading = re.escape(f"## Web app (bench/web.py, {backend})")
        text = re.sub(heading + r"\n.*?(?=\n## |\Z)", "", text, flags=re.S)
        RESULTS.write_text(text.rstrip() + "\n\n" + section, encoding="utf-8")
        print(f"written to {RESULTS}")
    if errors:
        print("errors:", *sorted(set(errors))[:10], sep="\n  ")
        sys.exit(1)


if __name__ == "__main__":
    main()
