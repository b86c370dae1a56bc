"""Every benchmark, one after the other, into bench/RESULTS.md (date and machine included).

    .venv/bin/python bench/all.py [--assignments 1000000] [--repeat 3] [--regenerate]
        [--pg postgresql+psycopg://postgres@127.0.0.1:5432/tracker_bench]

Runs bench/startup.py, bench/extract_speed.py, bench/pdf_text.py and
bench/intake.py (PDF, OCR and loader limits on the dev corpus: much OCR), then
bench/queries.py on an SQLite file (bench/.data/bench.db) and on a PostgreSQL database, each made by
bench/generate.py when missing (or with --regenerate). PostgreSQL is skipped, and
the file says so, when the server cannot be reached. Each script runs as its own
process, so one's memory and caches do not colour the next.
"""

from __future__ import annotations

import argparse
import os
import platform
import subprocess
import sys
import time
from datetime import datetime
from pathlib import Path

HERE = Path(__file__).resolve().parent
DATA = HERE / ".data"
PG_DEFAULT = "postgresql+psycopg://postgres@127.0.0.1:5432/tracker_bench"


def run(*args: str) -> str:
    """A bench script's output (stdout), echoed as it is produced."""
    command = [sys.executable, *args]
    print("$", " ".join(Path(a).name if a.endswith(".py") else a for a in args), flush=True)
    started = time.perf_counter()
    result = subprocess.run(command, check=False, capture_output=True, text=True)
    if result.returncode != 0:
        sys.exit(f"{' '.join(args)} failed:\n{result.stderr}")
    print(result.stdout, f"({time.perf_counter() - started:.0f} s)", sep="", flush=True)
    return result.stdout.strip()


def machine() -> str:
    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = ""
    try:
        kib = int(Path("/proc/meminfo").read_text().split()[1])
        memory = f", {kib / 1024 / 1024:.0f} GiB"
    except (OSError, ValueError, IndexError):
        pass
    return (
        f"{platform.node()}: {os.cpu_count()} × {cpu}{memory}, {platform.system()} "
        f"{platform.release()}, Python {platform.python_version()}"
    )


def pg_database(url: str, regenerate: bool) -> str | None:
    """Create the benchmark database if needed; None when the server is unreachable."""
    import sqlalchemy as sa

    name = url.rsplit("/", 1)[1]
    admin_url = url.rsplit("/", 1)[0] + "/postgres"
    try:
        admin = sa.create_engine(admin_url, isolation_level="AUTOCOMMIT")
        with admin.connect() as connection:
            exists = connection.execute(
                sa.text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": name}
            ).scalar()
            if exists and regenerate:
                connection.execute(sa.text(f'DROP DATABASE "{name}"'))
                exists = None
            if not exists:
                connection.execute(sa.text(f'CREATE DATABASE "{name}"'))
        admin.dispose()
    except sa.exc.OperationalError as error:
        return f"PostgreSQL not reachable ({str(error.orig).splitlines()[0]}): skipped"
    return None


def has_data(url: str) -> bool:
    import sqlalchemy as sa

    engine = sa.create_engine(url.replace("postgresql://", "postgresql+psycopg://"))
    try:
        with engine.connect() as connection:
            return bool(connection.execute(sa.text("SELECT count(*) FROM assignments")).scalar())
    except sa.exc.DBAPIError:
        return False
    finally:
        engine.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--assignments", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--regenerate", action="store_true")
    parser.add_argument("--pg", default=PG_DEFAULT)
    args = parser.parse_args()
    sections = [
        "# Benchmark results",
        "",
        f"Generated {datetime.now():%Y-%m-%d %H:%M} by `bench/all.py` on {machine()}.",
        "Regenerate: `.venv/bin/python bench/all.py` (about 15 minutes).",
        "",
        "## Start-up (`bench/startup.py`)",
        "",
        "```",
        run(str(HERE / "startup.py")),
        "```",
        "",
        "## Extraction (`bench/extract_speed.py`)",
        "",
        "```",
        run(str(HERE / "extract_speed.py")),
        "```",
        "",
        "## PDF text layer: pdfplumber or pypdf (`bench/pdf_text.py`)",
        "",
        "```",
        run(str(HERE / "pdf_text.py")),
        "```",
        "",
        "## Documents as they arrive, whole dev corpus (`bench/intake.py`)",
        "",
        "```",
        run(str(HERE / "intake.py")),
        "```",
        "",
        f"## Operations at {args.assignments:,} assignments (`bench/queries.py`)",
        "",
    ]
    DATA.mkdir(exist_ok=True)
    sqlite_file = DATA / "bench.db"
    if args.regenerate:
        for leftover in DATA.glob("bench.db*"):
            leftover.unlink()
    databases = [f"sqlite:///{sqlite_file}"]
    skipped = pg_database(args.pg, args.regenerate)
    if skipped is None:
        databases.append(args.pg)
    for url in databases:
        if not has_data(url):
            sections += [
                run(str(HERE / "generate.py"), "--db", url, "--assignments", str(args.assignments)),
                "",
            ]
        sections += [run(str(HERE / "queries.py"), "--db", url, "--repeat", str(args.repeat)), ""]
    if skipped:
        sections += [skipped, ""]
    (HERE / "RESULTS.md").write_text("\n".join(sections), encoding="utf-8")
    print(f"wrote {HERE / 'RESULTS.md'}")


if __name__ == "__main__":
    main()
