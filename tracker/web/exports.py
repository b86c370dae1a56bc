"""Report files for the web app: the same builders and renderers as ``tracker export``,
written into a private temporary folder under a fixed name and returned as bytes.

Imports ``app`` and ``export``.
"""

from __future__ import annotations

import importlib
import tempfile
from datetime import date
from pathlib import Path

from tracker import dates
from tracker.app import Context
from tracker.errors import BadInput
from tracker.export.layout import Template
from tracker.limits import check_day

OVERDUE_FORMATS = ("docx", "pdf", "xlsx", "csv", "json", "html", "ics")
MEDIA = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
    "json": "application/json",
    "html": "text/html; charset=utf-8",
    "ics": "text/calendar; charset=utf-8",
}


def _day(params: dict[str, str], key: str, ctx: Context, default: date) -> date:
    text = (params.get(key) or "").strip()
    if not text:
        return default
    return check_day(dates.parse_cli_date(text), today=ctx.today(), label="ngày")


def _format(params: dict[str, str], allowed: tuple[str, ...]) -> str:
    fmt = params.get("format", "")
    if fmt not in allowed:
        raise BadInput(f"định dạng không hỗ trợ: {fmt!r} (chọn {', '.join(allowed)})")
    if fmt == "pdf":
        from tracker.export.pdf import soffice

        soffice()  # LibreOffice missing: said before any work
    return fmt


def make_report(ctx: Context, kind: str, params: dict[str, str]) -> tuple[str, bytes, str]:
    """(file name, bytes, media type) of the report ``kind``: ``qua-han`` (overdue),
    ``bang-diem`` (scoreboard of a period) or ``dinh-ky`` (periodic report)."""
    from tracker.app.reports import office, overdue_report, period_report
    from tracker.app.tasks import stats
    from tracker.export import period as period_export
    from tracker.export import stats as stats_export

    template: Template = "party" if ctx.config.get("office", "template") == "party" else "state"
    today = ctx.today()
    unit = (params.get("unit") or "").strip() or None
    with tempfile.TemporaryDirectory(prefix="tracker-web-") as folder:
        if kind == "qua-han":
            fmt = _format(params, OVERDUE_FORMATS)
            day = _day(params, "as_of", ctx, today)
            report = overdue_report(ctx, as_of=day, unit=unit, layout=template)
            path = Path(folder) / f"bao-cao-qua-han-{day:%Y%m%d}.{fmt}"
            importlib.import_module(f"tracker.export.{fmt}").render(report, path)
        elif kind == "bang-diem":
            fmt = _format(params, stats_export.FORMATS)
            last = _day(params, "to", ctx, today)
            first = _day(params, "from", ctx, last.replace(month=1, day=1))
            if first > last:
                raise BadInput(f"từ ngày {first:%d/%m/%Y} sau đến ngày {last:%d/%m/%Y}")
            rows = stats(ctx, start=first, end=last)
            if unit:
                rows = [r for r in rows if r.unit == unit]
            path = Path(folder) / f"bang-theo-doi-{first:%Y%m%d}-{last:%Y%m%d}.{fmt}"
            stats_export.render(
                rows,
                path,
                fmt,
                start=first,
                end=last,
                office=office(ctx),
                template=template,
                issued=today,
            )
        elif kind == "dinh-ky":
            fmt = _format(params, period_export.FORMATS)
            key = period_export.parse_period((params.get("period") or "").strip())
            period = period_report(ctx, period=key, as_of=today, layout=template)
            path = Path(folder) / f"bao-cao-dinh-ky.{fmt}"
            period_export.render(period, path, fmt, issued=today)
        else:
            raise BadInput(f"không có loại báo cáo {kind!r}")
        return path.name, path.read_bytes(), MEDIA[fmt]


def unit_calendar(ctx: Context, unit_id: int) -> bytes:
    """A unit's open deadlines (open, due soon, overdue) as an iCalendar file."""
    from tracker.app.reports import office
    from tracker.app.tasks import list_assignments
    from tracker.app.units import unit_by_id
    from tracker.export import ics
    from tracker.export.report import build_report

    unit = unit_by_id(ctx, unit_id)
    rows = list_assignments(
        ctx, as_of=ctx.today(), unit=unit.name, statuses=["open", "due_soon", "overdue"]
    )
    rows = [r for r in rows if r.row.unit_id == unit_id]
    report = build_report(rows, as_of=ctx.today(), office=office(ctx), template="state")
    with tempfile.TemporaryDirectory(prefix="tracker-web-") as folder:
        path = Path(folder) / "lich.ics"
        ics.render(report, path)
        return path.read_bytes()
