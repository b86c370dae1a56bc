"""The send-log of the periodic report (``notify/reports.py``) and attachments on a
message (``notify/channels.py``), without LibreOffice: each (period, recipient) is sent
once; a failed delivery is counted and retried."""

from __future__ import annotations

import email
from datetime import UTC, datetime
from email import policy

import pytest
from sqlalchemy import select

from tracker.notify import reports
from tracker.notify.channels import Attachment, DeliveryError, FileChannel, Message, to_email
from tracker.store.engine import ensure_schema, make_engine, session_scope
from tracker.store.models import PeriodReportMail

NOW = datetime(2024, 4, 1, 0, 30, tzinfo=UTC)
SUPERVISORS = ["chanhvanphong@anhoa.example.vn", "pct.ubnd@anhoa.example.vn"]


@pytest.fixture
def engine(sqlite_url):
    engine = make_engine(sqlite_url, create=True)
    ensure_schema(engine)
    yield engine
    engine.dispose()


def _compose(recipient: str) -> Message:
    return Message(
        key=reports.message_key("2024-Q1", recipient),
        sender="tracker@localhost",
        recipient=recipient,
        subject="Báo cáo kết quả thực hiện nhiệm vụ được giao quý I năm 2024",
        body="Gửi kèm báo cáo.",
        attachments=(Attachment("bao-cao-2024-Q1.pdf", b"%PDF-1.7 report"),),
    )


def test_an_attachment_travels_with_the_message():
    parsed = email.message_from_bytes(
        bytes(to_email(_compose(SUPERVISORS[0]))), policy=policy.default
    )
    (attachment,) = list(parsed.iter_attachments())
    assert attachment.get_filename() == "bao-cao-2024-Q1.pdf"
    assert attachment.get_content_type() == "application/pdf"
    assert attachment.get_content() == b"%PDF-1.7 report"
    assert parsed.get_body().get_content().strip() == "Gửi kèm báo cáo."


def test_each_period_goes_to_each_recipient_once(engine, tmp_path):
    channel = FileChannel(tmp_path / "outbox")
    for _ in range(2):
        with session_scope(engine) as session:
            reports.queue(session, period="2024-Q1", recipients=SUPERVISORS, now=NOW)
        reports.deliver(engine, channel, period="2024-Q1", compose=_compose, now=NOW)
    assert len(list((tmp_path / "outbox").glob("*.eml"))) == 2
    with session_scope(engine, write=False) as session:
        rows = session.scalars(select(PeriodReportMail)).all()
    assert sorted(r.recipient for r in rows) == SUPERVISORS
    assert all(r.sent_at == NOW and r.attempts == 1 for r in rows)
    assert reports.unsent(engine, "2024-Q1") == []


class Refusing:
    def deliver(self, message: Message) -> None:
        raise DeliveryError("Không gửi được thư qua smtp.example.vn:587: từ chối")


def test_a_refused_delivery_is_counted_and_sent_on_the_next_run(engine, tmp_path):
    with session_scope(engine) as session:
        reports.queue(session, period="2024-Q1", recipients=SUPERVISORS[:1], now=NOW)
    with pytest.raises(DeliveryError):
        reports.deliver(engine, Refusing(), period="2024-Q1", compose=_compose, now=NOW)
    ((row_id, _),) = reports.unsent(engine, "2024-Q1")
    with session_scope(engine, write=False) as session:
        row = session.get(PeriodReportMail, row_id)
        assert row is not None
        assert (row.attempts, row.sent_at) == (1, None)
        assert "từ chối" in (row.last_error or "")
    channel = FileChannel(tmp_path / "outbox")
    sent = reports.deliver(engine, channel, period="2024-Q1", compose=_compose, now=NOW)
    assert [m.recipient for m in sent] == SUPERVISORS[:1]
    assert reports.unsent(engine, "2024-Q1") == []
