"""The periodic report mailed to the supervisors, once per period.

What the scheduler's daily "period-report" job and ``tracker export send-period``
run: on the first working day after a period (``period.due_periods``; a scheduler
that was down catches up once on a later day), the report of that period is made
as PDF and sent to every address of ``reminders.supervisors`` through the
configured channel, recorded in ``period_reports`` (``notify/reports.py``) so that
no period goes out twice. The PDF is made only when someone is still to receive it.

Imports ``export``, ``notify`` and ``store``: it joins a report to its delivery.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime

from sqlalchemy.engine import Engine

from tracker.config import Config
from tracker.errors import TrackerError
from tracker.export.layout import Office, Template
from tracker.export.period import PeriodKey, PeriodReport, build_period_report, due_periods
from tracker.notify import reports
from tracker.notify.channels import Attachment, Channel, Message
from tracker.store.engine import session_scope
from tracker.tracking.status import Policy


@dataclass(frozen=True, slots=True)
class Mailed:
    """One report sent: to whom, which period, the attachment's name."""

    to: str
    period: str
    subject: str
    attachment: str


def subject(period: PeriodKey) -> str:
    """The mail's subject."""
    return f"Báo cáo kết quả thực hiện nhiệm vụ được giao {period.label}"


def body(report: PeriodReport) -> str:
    """The mail's text: what is attached and its main figures."""
    t = report.totals
    return (
        "Kính gửi lãnh đạo,\n\n"
        f"Gửi kèm báo cáo kết quả thực hiện nhiệm vụ được giao {report.period.label} "
        f"(từ ngày {report.start:%d/%m/%Y} đến ngày {report.end:%d/%m/%Y}), tệp PDF.\n\n"
        f"- Tổng số nhiệm vụ phải thực hiện: {t.total} lượt của {len(report.rows)} đơn vị;\n"
        f"- Hoàn thành đúng hạn: {t.done_on_time}; hoàn thành quá hạn: {t.done_late};\n"
        f"- Chưa hoàn thành: {t.not_done}, trong đó quá hạn: {t.overdue}.\n\n"
        "Thư này do hệ thống theo dõi nhiệm vụ gửi tự động.\n"
    )


def send_due_reports(
    engine: Engine, config: Config, channel: Channel, *, as_of: date, now: datetime
) -> list[Mailed]:
    """Send the periodic report due on ``as_of`` to every supervisor not yet sent it."""
    recipients = [str(x) for x in config.get("reminders", "supervisors")]
    kinds = [str(x) for x in config.get("reports", "periods")]
    if not recipients:
        return []
    mailed: list[Mailed] = []
    for period in due_periods(as_of, kinds):
        with session_scope(engine) as session:
            reports.queue(session, period=period.key, recipients=recipients, now=now)
        mailed += _send_period(engine, config, channel, period, as_of=as_of, now=now)
    return mailed


def _send_period(
    engine: Engine,
    config: Config,
    channel: Channel,
    period: PeriodKey,
    *,
    as_of: date,
    now: datetime,
) -> list[Mailed]:
    pending = reports.unsent(engine, period.key)
    if not pending:
        return []
    try:
        report, pdf = make_pdf(engine, config, period, as_of=as_of)
    except TrackerError as error:  # LibreOffice missing or failing: retried on the next run
        reports.record_failure(engine, [row_id for row_id, _ in pending], str(error))
        raise
    filename = f"bao-cao-{period.key}.pdf"
    sender = str(config.get("notify", "sender"))

    def compose(recipient: str) -> Message:
        return Message(
            key=reports.message_key(period.key, recipient),
            sender=sender,
            recipient=recipient,
            subject=subject(period),
            body=body(report),
            attachments=(Attachment(filename, pdf),),
        )

    sent = reports.deliver(engine, channel, period=period.key, compose=compose, now=now)
    return [Mailed(m.recipient, period.key, m.subject, filename) for m in sent]


def make_pdf(
    engine: Engine, config: Config, period: PeriodKey, *, as_of: date
) -> tuple[PeriodReport, bytes]:
    """The period's report (dated ``as_of``, the day it is sent) as PDF bytes."""
    from tracker.export.pdf import pdf_bytes
    from tracker.export.period import period_document

    template: Template = "party" if config.get("office", "template") == "party" else "state"
    with session_scope(engine, write=False) as session:
        report = build_period_report(
            session,
            period=period,
            as_of=as_of,
            policy=Policy.from_config(config),
            office=Office.from_config(config),
            template=template,
        )
    return report, pdf_bytes(replace(period_document(report), issued=as_of))
