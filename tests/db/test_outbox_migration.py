"""Revision 0003 on a database that already queued reminders: old periods are
rewritten to name their deadline, so the first check after the upgrade does not
queue again what was queued before it (SQLite and PostgreSQL)."""

from __future__ import annotations

from datetime import UTC, date, datetime

import sqlalchemy as sa

from tracker.store.engine import make_engine, migrate

NOW = datetime(2024, 4, 1, 1, 0, tzinfo=UTC)


def _tables() -> dict[str, sa.TableClause]:
    return {
        "documents": sa.table(
            "documents",
            *(sa.column(c) for c in ("id", "content_hash", "file_name", "text", "ingested_at")),
        ),
        "tasks": sa.table(
            "tasks",
            *(
                sa.column(c)
                for c in (
                    "id", "document_id", "ordinal", "sentence", "span_start", "span_end",
                    "action", "confidence", "rule", "review", "created_at",
                )
            ),
        ),
        "assignments": sa.table(
            "assignments",
            *(sa.column(c) for c in ("id", "task_id", "unit_key", "owner_text", "role", "due_on")),
        ),
        "notifications": sa.table(
            "notifications",
            *(
                sa.column(c)
                for c in (
                    "id", "assignment_id", "assignment_key", "kind", "period", "recipient",
                    "subject", "body", "created_at",
                )
            ),
        ),
    }  # fmt: skip


def test_old_reminder_periods_name_their_deadline_after_the_upgrade(db_url):
    engine = make_engine(db_url, create=True)
    migrate(engine, revision="0001")
    t = _tables()
    with engine.begin() as connection:
        connection.execute(
            t["documents"].insert(),
            {"id": 1, "content_hash": "h", "file_name": "a.txt", "text": "…", "ingested_at": NOW},
        )
        connection.execute(
            t["tasks"].insert(),
            {
                "id": 1, "document_id": 1, "ordinal": 0, "sentence": "…", "span_start": 0,
                "span_end": 1, "action": "rà soát", "confidence": 0.9, "rule": "r",
                "review": "confirmed", "created_at": NOW,
            },
        )  # fmt: skip
        connection.execute(
            t["assignments"].insert(),
            {
                "id": 1, "task_id": 1, "unit_key": "1", "owner_text": "Xã An Bình",
                "role": "lead", "due_on": date(2024, 4, 10),
            },
        )  # fmt: skip
        for row_id, kind, period in (
            (1, "reminder", "step:5"),
            (2, "overdue", "overdue:7"),
            (3, "overdue", "overdue:14"),
            (4, "escalation", "escalation:2024-04-10"),
        ):
            connection.execute(
                t["notifications"].insert(),
                {
                    "id": row_id, "assignment_id": 1, "assignment_key": "1", "kind": kind,
                    "period": period, "recipient": "anbinh@anhoa.example.vn",
                    "subject": "s", "body": "b", "created_at": NOW,
                },
            )  # fmt: skip
    migrate(engine)
    with engine.connect() as connection:
        periods = connection.execute(
            sa.select(t["notifications"].c.period).order_by(t["notifications"].c.id)
        ).all()
        columns = {c["name"] for c in sa.inspect(connection).get_columns("notifications")}
    engine.dispose()
    assert [p for (p,) in periods] == [
        "step:2024-04-10:5",
        "overdue:2024-04-10:1",
        "overdue:2024-04-10:8",
        "escalation:2024-04-10",
    ]
    assert {"next_attempt_at", "failed_at", "dropped_at"} <= columns
