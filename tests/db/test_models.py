"""Models round-trip on both backends; unique keys refuse duplicates; instants are UTC."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

import pytest
from sqlalchemy import func, insert, select, text
from sqlalchemy.exc import IntegrityError, StatementError

from tracker.store.models import Assignment, Document, Event, Notification, Task, Unit, UnitAlias

NOW = datetime(2024, 3, 12, 1, 0, tzinfo=UTC)
HANOI = timezone(timedelta(hours=7))


def _document(content_hash: str = "a" * 64) -> Document:
    return Document(
        content_hash=content_hash,
        file_name="tb.txt",
        kind="thông báo",
        number="85/TB-VP",
        issuer="UBND HUYỆN AN HÒA",
        issued=date(2024, 3, 12),
        title="Kết luận của Chủ tịch UBND huyện",
        source="test",
        text="Đề nghị các xã báo cáo về Hạt Kiểm lâm trước ngày 25/3/2024.",
        ingested_at=NOW,
    )


def _task(document: Document, ordinal: int = 0) -> Task:
    return Task(
        document=document,
        ordinal=ordinal,
        sentence="Đề nghị các xã báo cáo về Hạt Kiểm lâm trước ngày 25/3/2024.",
        span_start=0,
        span_end=62,
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


def _notification(**values: object) -> Notification:
    defaults: dict[str, object] = {
        "assignment_key": "",
        "kind": "digest",
        "period": "2024-03-20",
        "recipient": "anbinh@example.vn",
        "subject": "Tổng hợp nhiệm vụ",
        "body": "…",
        "created_at": NOW,
    }
    return Notification(**(defaults | values))


def test_round_trip(session):
    huyen = Unit(name="UBND huyện An Hòa", name_key="uy ban nhan dan huyen an hoa", kind="huyện")
    xa = Unit(name="Xã An Bình", name_key="xa an binh", kind="xã", email="anbinh@example.vn")
    xa.aliases.append(UnitAlias(alias="UBND xã An Bình", alias_key="uy ban nhan dan xa an binh"))
    kiem_lam = Unit(name="Hạt Kiểm lâm", name_key="hat kiem lam", kind="cơ quan")
    session.add_all([huyen, xa, kiem_lam])
    session.flush()
    xa.parent_id = huyen.id
    document = _document()
    task = _task(document)
    task.report_to_unit_id = kiem_lam.id
    lead = Assignment(
        task=task,
        unit=xa,
        unit_key=str(xa.id),
        owner_text="các xã",
        role="lead",
        original_deadline=date(2024, 3, 25),
        deadline=date(2024, 3, 29),
        due_on=date(2024, 3, 28),
        extended_on=date(2024, 3, 20),
    )
    unresolved = Assignment(task=task, owner_text="Ban Quản lý dự án", role="support")
    session.add_all([document, lead, unresolved])
    session.flush()
    session.add_all(
        [
            Event(task_id=task.id, assignment_id=lead.id, kind="created", at=NOW, on=NOW.date()),
            Event(
                assignment_id=lead.id,
                kind="extended",
                at=NOW,
                on=date(2024, 3, 20),
                actor="chuyenvien",
                old_deadline=date(2024, 3, 25),
                new_deadline=date(2024, 3, 29),
                document_number="95/TB-VP",
                detail="gia hạn theo đề nghị của xã",
            ),
            _notification(
                assignment_id=lead.id,
                assignment_key=str(lead.id),
                unit_id=xa.id,
                kind="reminder",
            ),
        ]
    )
    session.flush()
    session.expire_all()

    loaded = session.scalars(select(Assignment).where(Assignment.role == "lead")).one()
    assert (loaded.original_deadline, loaded.deadline, loaded.due_on) == (
        date(2024, 3, 25),
        date(2024, 3, 29),
        date(2024, 3, 28),
    )
    assert type(loaded.deadline) is date  # a calendar date, never a midnight datetime
    assert type(loaded.task.deadline) is date
    assert loaded.unit is not None
    assert loaded.unit.aliases[0].alias == "UBND xã An Bình"
    assert loaded.unit.parent_id == huyen.id
    assert loaded.unit.active is True
    assert loaded.task.document.number == "85/TB-VP"
    assert loaded.task.report_to_unit_id == kiem_lam.id
    assert loaded.period == ""
    other = session.scalars(select(Assignment).where(Assignment.role == "support")).one()
    assert (other.unit_id, other.unit_key, other.owner_text) == (None, "", "Ban Quản lý dự án")
    extension = session.scalars(select(Event).where(Event.kind == "extended")).one()
    assert (extension.old_deadline, extension.new_deadline) == (
        date(2024, 3, 25),
        date(2024, 3, 29),
    )
    assert extension.document_number == "95/TB-VP"
    notification = session.scalars(select(Notification)).one()
    assert (notification.attempts, notification.sent_at) == (0, None)


def test_instants_come_back_aware_in_utc(session):
    session.add(_document())
    session.flush()
    document = session.scalars(select(Document)).one()
    document.ingested_at = datetime(2024, 3, 12, 8, 0, tzinfo=HANOI)
    session.flush()
    session.expire_all()
    loaded = session.scalars(select(Document)).one()
    assert loaded.ingested_at == datetime(2024, 3, 12, 1, 0, tzinfo=UTC)
    assert loaded.ingested_at.utcoffset() == timedelta(0)


def test_naive_instants_are_refused(session):
    document = _document()
    document.ingested_at = datetime(2024, 3, 12, 8, 0)  # naive: the point of the test
    session.add(document)
    with pytest.raises(StatementError, match="naive datetime"):
        session.flush()


def test_server_defaults_fill_rows_written_without_the_orm(session):
    session.execute(insert(Unit).values(name="Xã An Bình", name_key="xa an binh", kind="xã"))
    session.execute(text("INSERT INTO units (name, name_key, kind) VALUES ('X', 'x', 'xã')"))
    assert session.scalar(select(func.count()).where(Unit.active.is_(True))) == 2


def test_same_content_hash_twice_is_refused(session):
    session.add(_document())
    session.flush()
    session.add(_document())
    with pytest.raises(IntegrityError):
        session.flush()


def test_same_task_ordinal_twice_is_refused(session):
    document = _document()
    session.add_all([_task(document, 0), _task(document, 0)])
    with pytest.raises(IntegrityError):
        session.flush()


def test_duplicate_assignment_key_is_refused(session):
    task = _task(_document())
    for _ in range(2):
        task.assignments.append(Assignment(owner_text="Công an huyện", role="lead", period=""))
    session.add(task)
    with pytest.raises(IntegrityError):
        session.flush()


def test_one_group_owner_fans_out_to_one_row_per_unit(session):
    units = [Unit(name=f"Xã {n}", name_key=f"xa {n}", kind="xã") for n in ("a", "b")]
    session.add_all(units)
    session.flush()
    task = _task(_document())
    for unit in units:
        task.assignments.append(Assignment(unit=unit, unit_key=str(unit.id), owner_text="các xã"))
    session.add(task)
    session.flush()
    assert session.scalar(select(func.count()).select_from(Assignment)) == 2


def test_recurring_instances_differ_by_period(session):
    task = _task(_document())
    for period in ("2024-03", "2024-04"):
        task.assignments.append(Assignment(owner_text="các xã", period=period))
    session.add(task)
    session.flush()
    task.assignments.append(Assignment(owner_text="các xã", period="2024-04"))
    with pytest.raises(IntegrityError):
        session.flush()


def test_duplicate_digest_is_refused(session):
    session.add_all([_notification(), _notification()])
    with pytest.raises(IntegrityError):
        session.flush()


def test_duplicate_reminder_step_is_refused(session):
    task = _task(_document())
    assignment = Assignment(task=task, owner_text="các xã")
    session.add(assignment)
    session.flush()
    key = {"assignment_id": assignment.id, "assignment_key": str(assignment.id)}
    session.add(_notification(kind="reminder", period="2024-03-20", **key))
    session.add(_notification(kind="reminder", period="2024-03-22", **key))  # next step: fine
    session.flush()
    session.add(_notification(kind="reminder", period="2024-03-20", **key))
    with pytest.raises(IntegrityError):
        session.flush()


def test_review_state_is_checked(session):
    task = _task(_document())
    task.review = "maybe"
    session.add(task)
    with pytest.raises(IntegrityError):
        session.flush()


def test_role_is_checked(session):
    session.add(Assignment(task=_task(_document()), owner_text="các xã", role="boss"))
    with pytest.raises(IntegrityError):
        session.flush()


def test_foreign_keys_are_enforced(session):
    session.add(Assignment(task=_task(_document()), owner_text="các xã", unit_id=999_999))
    with pytest.raises(IntegrityError):
        session.flush()


def test_deleting_a_document_removes_its_tasks_and_history(session):
    document = _document()
    assignment = Assignment(task=_task(document), owner_text="các xã")
    session.add(assignment)
    session.flush()
    session.add(Event(assignment_id=assignment.id, kind="created", at=NOW))
    session.flush()
    session.execute(text("DELETE FROM documents"))
    for model in (Task, Assignment, Event):
        assert session.scalar(select(func.count()).select_from(model)) == 0


@pytest.mark.parametrize("round_", [1, 2])
def test_each_test_starts_from_an_empty_database(session, round_):
    """The second round sees nothing of the first round's commit."""
    assert session.scalar(select(func.count()).select_from(Document)) == 0
    session.add(_document())
    session.commit()
    assert session.scalar(select(func.count()).select_from(Document)) == 1
