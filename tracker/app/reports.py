"""Use cases of the reports: the overdue report, the periodic report, and the
periodic report mailed to the supervisors (``tracker export overdue|period|send-period``
and the scheduler's "period-report" job).

The report models are built here from the use cases' reads (``app.tasks.overdue``
for the overdue list); writing a file in a format is the face's business
(``tracker.export``).

Imports ``app.context``, ``app.tasks``, ``export`` and ``notify.channels``.
"""

from __future__ import annotations

from datetime import date

from tracker.app.context import Context
from tracker.app.tasks import overdue
from tracker.export.layout import Office, Template
from tracker.export.mailing import Mailed, send_due_reports
from tracker.export.period import PeriodKey, PeriodReport, build_period_report
from tracker.export.report import Report, build_report
from tracker.notify.channels import Channel


def office(ctx: Context) -> Office:
    """The issuing office of ``[office]``."""
    return Office.from_config(ctx.config)


def overdue_report(
    ctx: Context,
    *,
    as_of: date,
    unit: str | None = None,
    layout: Template = "state",
    issuer: Office | None = None,
) -> Report:
    """The overdue report as of a day (lead units only, grouped by unit, most overdue
    first): the rows of ``app.tasks.overdue``."""
    rows = overdue(ctx, as_of=as_of, unit=unit)
    return build_report(rows, as_of=as_of, office=issuer or office(ctx), template=layout)


def period_report(
    ctx: Context, *, period: PeriodKey, as_of: date, layout: Template = "state"
) -> PeriodReport:
    """The periodic report of a month, quarter, half-year or year (a period still
    running is counted up to ``as_of``)."""
    with ctx.read() as session:
        return build_period_report(
            session,
            period=period,
            as_of=as_of,
            policy=ctx.policy,
            office=office(ctx),
            template=layout,
        )


def send_period_reports(ctx: Context, channel: Channel, *, as_of: date, actor: str) -> list[Mailed]:
    """Mail the periodic report due on ``as_of`` (PDF attached) to every address of
    ``reminders.supervisors`` not yet sent it; each period once per address, recorded
    in ``period_reports``. Raises when the PDF cannot be made (retried next run)."""
    return send_due_reports(ctx.engine, ctx.config, channel, as_of=as_of, now=ctx.now())
