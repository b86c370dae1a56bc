"""Calendar maths: month/quarter ends, working days, holiday roll-forward, deadline policy.

Dates are ``datetime.date`` in Asia/Ho_Chi_Minh, never midnight datetimes. ``today()``
is the only function in the package below ``cli/`` and ``scheduler.py`` that reads
the clock. Public holidays come from the maintained ``holidays`` library (Vietnam,
Tết by the lunar calendar and substituted days included), cached per year.

Imports ``errors`` only.
"""

from __future__ import annotations

import calendar
import functools
import re
from datetime import date, datetime, timedelta
from typing import Literal
from zoneinfo import ZoneInfo

from tracker.errors import BadInput


def today(tz: str = "Asia/Ho_Chi_Minh") -> date:
    """Today's date in the time zone ``tz`` (the one clock read of the core)."""
    return datetime.now(ZoneInfo(tz)).date()


def end_of_month(year: int, month: int) -> date:
    """Last day of a month."""
    return date(year, month, calendar.monthrange(year, month)[1])


def end_of_quarter(year: int, quarter: int) -> date:
    """Last day of quarter 1–4."""
    return end_of_month(year, quarter * 3)


def quarter_of(day: date) -> int:
    """Quarter (1–4) of a date."""
    return (day.month - 1) // 3 + 1


def add_months(day: date, months: int) -> date:
    """The same day ``months`` later, clipped to the month's end (31/1 + 1 → 28/2)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


@functools.cache
def _holidays(year: int) -> frozenset[date]:
    import holidays

    return frozenset(holidays.country_holidays("VN", years=year))


def is_holiday(day: date) -> bool:
    """A Vietnamese public holiday (Tết and substituted days included)."""
    return day in _holidays(day.year)


def next_holiday(day: date) -> date | None:
    """The first day of the next public holiday on or after ``day`` (within a year)."""
    for offset in range(367):
        candidate = day + timedelta(days=offset)
        if is_holiday(candidate) and (offset == 0 or not is_holiday(candidate - timedelta(days=1))):
            return candidate
    return None


def lunar_new_year(day: date) -> date | None:
    """The first day of the lunar new year (Tết Nguyên đán) on or after ``day``."""
    import holidays

    for year in (day.year, day.year + 1):
        for holiday, name in sorted(holidays.country_holidays("VN", years=year).items()):
            if name == "Lunar New Year" and holiday >= day:
                return holiday
    return None


def is_working_day(day: date) -> bool:
    """Monday–Friday and not a public holiday."""
    return day.weekday() < 5 and not is_holiday(day)


def add_working_days(start: date, days: int) -> date:
    """The day ``days`` working days after ``start`` ("trong 30 ngày làm việc")."""
    day = start
    remaining = days
    while remaining > 0:
        day += timedelta(days=1)
        if is_working_day(day):
            remaining -= 1
    return day


def working_days_between(start: date, end: date) -> int:
    """Working days after ``start`` up to and including ``end`` (0 if end ≤ start).

    Counted, not walked: five per whole week, the days left over one by one, less
    the public holidays on weekdays in between (the daily check asks this for every
    open assignment).
    """
    if end <= start:
        return 0
    weeks, extra = divmod((end - start).days, 7)
    count = weeks * 5
    day = start + timedelta(days=7 * weeks)
    for _ in range(extra):
        day += timedelta(days=1)
        count += day.weekday() < 5
    for year in range(start.year, end.year + 1):
        count -= sum(1 for h in _holidays(year) if start < h <= end and h.weekday() < 5)
    return count


def roll_forward(day: date) -> date:
    """A deadline on a weekend or holiday moves to the next working day.

    Civil Code 2015 art. 148(5): when the last day of a period falls on a weekly rest
    day or a public holiday, the period ends at the end of the next working day.
    """
    while not is_working_day(day):
        day += timedelta(days=1)
    return day


def effective_deadline(
    deadline: date,
    *,
    before_means: Literal["inclusive", "exclusive"] = "inclusive",
    roll_forward: bool = True,
) -> date:
    """The last day a delivery is on time under the office's policy.

    "trước ngày X" is read by most offices as "by the end of X" (inclusive); a
    stricter reading is "by the end of X−1" (exclusive). Then, optionally, a day off
    rolls forward to the next working day.
    """
    day = deadline - timedelta(days=1) if before_means == "exclusive" else deadline
    return _roll(day) if roll_forward else day


_roll = roll_forward

_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_DMY = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")


def parse_cli_date(text: str) -> date:
    """A date typed on the command line: ``YYYY-MM-DD`` or ``DD/MM/YYYY``."""
    value = text.strip()
    iso, dmy = _ISO.match(value), _DMY.match(value)
    try:
        if iso:
            return date(int(iso[1]), int(iso[2]), int(iso[3]))
        if dmy:
            return date(int(dmy[3]), int(dmy[2]), int(dmy[1]))
    except ValueError:
        pass
    raise BadInput(f"Ngày không hợp lệ: {text!r} (dùng YYYY-MM-DD hoặc DD/MM/YYYY)")
