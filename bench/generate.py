"""A synthetic but realistic database for the benchmarks.

Documents over the five years before ``--today``, tasks fanned out to ~10 units each
(a commune-heavy registry), and a mix that ages like a real register: what fell due
long ago is nearly all done (on time or late, some after a gia hạn), the last
months are still open; a few stragglers stay overdue for years. 0.6 % of the tasks
recur monthly or quarterly, and their instances up to ``--today`` are created by
the project's own ``create_instances``. Rows go in through the models' tables in
batched executemany inserts; on PostgreSQL the id sequences are moved past them
before the project's code inserts anything.

    .venv/bin/python bench/generate.py --db sqlite:///bench.db [--assignments 1000000]
"""

from __future__ import annotations

import argparse
import random
import time
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import insert, text, update
from sqlalchemy.engine import Engine

from tracker.store.dump import move_sequences
from tracker.store.engine import ensure_schema, make_engine, session_scope
from tracker.store.models import Assignment, Document, Event, Task, Unit
from tracker.tracking.recurrence import create_instances
from tracker.tracking.status import Policy

KINDS = ("xã", "xã", "xã", "xã", "thị trấn", "phòng", "cơ quan")
BATCH = 20_000
TODAY = date(2025, 1, 15)
UNITS_PER_TASK = 10


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--db", required=True)
    parser.add_argument("--assignments", type=int, default=1_000_000)
    parser.add_argument("--units", type=int, default=1_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--today", type=date.fromisoformat, default=TODAY)
    args = parser.parse_args()
    started = time.perf_counter()
    engine = make_engine(args.db, create=True)
    ensure_schema(engine)
    counts = generate(engine, args.assignments, args.units, random.Random(args.seed), args.today)
    print(
        f"{counts['documents']:,} documents, {counts['tasks']:,} tasks, "
        f"{counts['assignments']:,} assignments (+{counts['instances']:,} recurring "
        f"instances), {args.units:,} units in {time.perf_counter() - started:.1f} s"
    )


def generate(
    engine: Engine, assignments: int, units: int, rng: random.Random, today: date
) -> dict[str, int]:
    """Fill an empty database at head; returns what was written."""
    now = datetime.now(UTC)
    tasks_n = max(1, assignments // UNITS_PER_TASK)
    docs_n = max(1, tasks_n // 10)
    first_day = today - timedelta(days=5 * 365)
    with engine.begin() as connection:
        connection.execute(
            insert(Unit),
            [
                {
                    "id": i,
                    "name": f"Đơn vị {i}",
                    "name_key": f"đơn vị {i}",
                    "kind": KINDS[i % len(KINDS)],
                    "active": True,
                    "email": f"u{i}@example.vn",
                }
                for i in range(1, units + 1)
            ],
        )
        documents = [
            {
                "id": i,
                "content_hash": f"{i:064x}",
                "file_name": f"vb-{i}.txt",
                "number": f"{i}/TB-VP",
                "issued": first_day + timedelta(days=rng.randrange(5 * 365)),
                "text": "…",
                "ingested_at": now,
            }
            for i in range(1, docs_n + 1)
        ]
        connection.execute(insert(Document), documents)
    issued_of = {d["id"]: d["issued"] for d in documents}
    task_rows: list[dict[str, object]] = []
    assignment_rows: list[dict[str, object]] = []
    assignment_id = 0
    ordinals: dict[int, int] = {}
    for task_id in range(1, tasks_n + 1):
        document_id = rng.randrange(1, docs_n + 1)
        ordinals[document_id] = ordinals.get(document_id, 0) + 1
        deadline = issued_of[document_id] + timedelta(days=rng.randrange(5, 90))
        roll = rng.random()
        recurrence = "monthly:20" if roll < 0.003 else "quarterly" if roll < 0.006 else None
        task_rows.append(
            {
                "id": task_id,
                "document_id": document_id,
                "ordinal": ordinals[document_id],
                "sentence": f"Đề nghị các đơn vị thực hiện nhiệm vụ số {task_id}.",
                "span_start": 0,
                "span_end": 40,
                "action": f"Thực hiện nhiệm vụ số {task_id}",
                "deadline": deadline,
                "deadline_text": f"trước ngày {deadline:%d/%m/%Y}",
                "recurrence": recurrence,
                "report_to": "Văn phòng UBND huyện",
                "confidence": 0.9,
                "rule": "bench",
                "review": "confirmed",
                "created_at": now,
            }
        )
        age = (today - deadline).days
        for unit in rng.sample(range(1, units + 1), UNITS_PER_TASK):
            assignment_id += 1
            assignment_rows.append(
                _assignment(assignment_id, task_id, unit, deadline, age, recurrence, rng, today)
            )
        if len(assignment_rows) >= BATCH:
            _flush(engine, task_rows, assignment_rows)
    _flush(engine, task_rows, assignment_rows)
    with session_scope(engine) as session:
        move_sequences(session)
    with session_scope(engine) as session:
        instances = create_instances(session, as_of=today, last_day=Policy().last_day)
        # the units sent most of those reports (on the last day); 2 % never did
        session.execute(
            update(Assignment)
            .where(
                Assignment.period != "",
                Assignment.done_on.is_(None),
                Assignment.due_on < today - timedelta(days=30),
                Assignment.id % 50 != 0,
            )
            .values(done_on=Assignment.due_on)
        )
    with engine.begin() as connection:
        connection.execute(text("ANALYZE"))
    return {
        "documents": docs_n,
        "tasks": tasks_n,
        "assignments": assignment_id,
        "instances": instances,
    }


def _assignment(
    assignment_id: int,
    task_id: int,
    unit: int,
    deadline: date,
    age: int,
    recurrence: str | None,
    rng: random.Random,
    today: date,
) -> dict[str, object]:
    """One assignment whose state fits how long ago its deadline was."""
    current, done, extended = deadline, None, None
    if rng.random() < 0.08:  # gia hạn granted before the deadline
        current = deadline + timedelta(days=rng.randrange(10, 60))
        extended = deadline - timedelta(days=rng.randrange(1, 5))
    past = (today - current).days
    finished = 0.985 if age > 120 else 0.9 if age > 30 else 0.5 if age > 0 else 0.15
    if rng.random() < finished:
        late = rng.random() < 0.2
        done = current + timedelta(days=rng.randrange(1, 30) if late else -rng.randrange(0, 10))
        if done > today:
            done = None if past < 0 else today
    return {
        "id": assignment_id,
        "task_id": task_id,
        "unit_id": unit,
        "unit_key": str(unit),
        "owner_text": f"Đơn vị {unit}",
        "role": "lead" if rng.random() < 0.9 else "support",
        "period": (f"{deadline:%Y-%m}" if recurrence.startswith("monthly") else _quarter(deadline))
        if recurrence
        else "",
        "original_deadline": deadline,
        "deadline": current,
        "due_on": current,
        "extended_on": extended,
        "done_on": done,
    }


def _quarter(day: date) -> str:
    return f"{day.year}-Q{(day.month - 1) // 3 + 1}"


def _flush(
    engine: Engine, task_rows: list[dict[str, object]], rows: list[dict[str, object]]
) -> None:
    now = datetime.now(UTC)
    extensions = [
        {
            "kind": "extended",
            "at": now,
            "on": row["extended_on"],
            "actor": "bench",
            "task_id": row["task_id"],
            "assignment_id": row["id"],
            "old_deadline": row["original_deadline"],
            "new_deadline": row["deadline"],
            "document_number": "1/CV-VP",
        }
        for row in rows
        if row["extended_on"] is not None
    ]
    with engine.begin() as connection:
        if task_rows:
            connection.execute(insert(Task), task_rows)
        if rows:
            connection.execute(insert(Assignment), rows)
        if extensions:
            connection.execute(insert(Event), extensions)
    task_rows.clear()
    rows.clear()


if __name__ == "__main__":
    main()
