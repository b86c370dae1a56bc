"""Models round-trip on both backends; unique keys refuse duplicates."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from tracker.store.models import Assignment, Document, Event, Notification, Task, Unit, UnitAlias

NOW = datetime(2024, 3, 12, 1, 0, tzinfo=UTC)


def _document(content_hash: str = "a" * 64) -> Document:
    return Document(
        content_hash=content_hash,
        file_name="tb.txt",
        kind="thông báo",
        number="85/TB-VP",
        issuer="UBND HUYỆN",
        issued=date(2024, 3, 12),
        title="Kết luận",
        source="test",
        text="Đề nghị các xã báo cáo.",
        ingested_at=NOW,
    )


def _task(document: Document, ordinal: int = 0) -> Task:
    return Task(
        document=document,
        ordinal=ordinal,
        sentence="Đề nghị các xã báo cáo.",
        span_start=0,
        span_end=23,
        action="báo cáo",
        deadline=date(2024, 3, 25),
        deadline_text="trước ngày 25/3/2024",
        recurrence=None,
        report_to="Hạt Kiểm lâm",
        confidence=0.9,
        rule="cue:đề nghị",
        review="confirmed",
        created_at=NOW,
    )


def test_round_trip(session):
    huyen = Unit(name="UBND huyện An Hòa", name_key="ủy ban nhân dân huyện an hòa", kind="huyện")
    xa = Unit(name="Xã An Bình", name_key="xã an bình", kind="xã", email="anbinh@example.vn")
    xa.aliases.append(UnitAlias(alias="UBND xã An Bình", alias_key="ủy ban nhân dân xã an bình"))
    session.add_all([huyen, xa])
    session.flush()
    xa.parent_id = huyen.id
    document = _document()
    task = _task(document)
    assignment = Assignment(
        task=task,
        unit=xa,
        unit_key=str(xa.id),
        owner_text="các xã",
        role="lead",
        original_deadline=date(2024, 3, 25),
        deadline=date(2024, 3, 25),
    )
    session.add_all([document, assignment])
    session.flush()
    session.add(
        Event(
            task_id=task.id,
            assignment_id=assignment.id,
            kind="created",
            at=NOW,
            on=date(2024, 3, 12),
        )
    )
    session.add(
        Notification(
            assignment_id=assignment.id,
            assignment_key=str(assignment.id),
            unit_id=xa.id,
            kind="reminder",
            period="2024-03-20",
            recipient="anbinh@example.vn",
            subject="Nhắc hạn",
            body="…",
            created_at=NOW,
        )
    )
    session.flush()
    session.expire_all()
    loaded = session.scalars(select(Assignment)).one()
    assert loaded.deadline == date(2024, 3, 25)
    assert loaded.unit is not None
    assert loaded.unit.aliases[0].alias == "UBND xã An Bình"
    assert loaded.task.document.number == "85/TB-VP"
    assert isinstance(loaded.task.deadline, date)
    assert not isinstance(loaded.task.deadline, datetime)
    assert session.scalars(select(Event)).one().kind == "created"


def test_same_content_hash_twice_is_refused(session):
    session.add(_document())
    session.flush()
    session.add(_document())
    with pytest.raises(IntegrityError):
        session.flush()


def test_duplicate_assignment_key_is_refused(session):
    task = _task(_document())
    for _ in range(2):
        task.assignments.append(
            Assignment(owner_text="Công an huyện", unit_key="", role="lead", period="")
        )
    session.add(task)
    with pytest.raises(IntegrityError):
        session.flush()


def test_duplicate_notification_is_refused(session):
    for _ in range(2):
        session.add(
            Notification(
                assignment_key="",
                kind="digest",
                period="2024-03-20",
                recipient="x@example.vn",
                subject="s",
                body="b",
                created_at=NOW,
            )
        )
    with pytest.raises(IntegrityError):
        session.flush()


def test_review_state_is_checked(session):
    task = _task(_document())
    task.review = "maybe"
    session.add(task)
    with pytest.raises(IntegrityError):
        session.flush()
