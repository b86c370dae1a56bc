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


@functools.cache
def _lunar_new_year_days(year: int) -> tuple[date, ...]:
    """The days of ``year`` the holiday calendar names the lunar new year, in order
    (cached: the calendar is built anew by each ``country_holidays`` call)."""
    import holidays

    named = holidays.country_holidays("VN", years=year)
    return tuple(sorted(day for day, name in named.items() if name == "Lunar New Year"))


def lunar_new_year(day: date) -> date | None:
    """The first day of the lunar new year (Tết Nguyên đán) on or after ``day``."""
    for year in (day.year, day.year + 1):
        for holiday in _lunar_new_year_days(year):
            if holiday >= day:
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
_DMY = re.compile(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})$")


def parse_cli_date(text: str, today: date | None = None) -> date:
    """A date typed on the command line: ``YYYY-MM-DD``, ``DD/MM/YYYY``, and, when
    ``today`` is given, what a person types in Vietnamese: ``30/6`` (this year), a
    word for a day ("hôm nay", "cuối tháng", "cuối quý"), a weekday ("thứ Hai", "thứ
    Sáu tuần sau"), or a relative day dateparser reads ("2 ngày trước")."""
    value = text.strip()
    iso, dmy = _ISO.match(value), _DMY.match(value)
    try:
        if iso:
            return date(int(iso[1]), int(iso[2]), int(iso[3]))
        if dmy:
            return date(int(dmy[3]), int(dmy[2]), int(dmy[1]))
        if today is not None:
            found = _typed_day(value, today)
            if found is not None:
                return found
    except ValueError:
        pass
    raise BadInput(
        f"Ngày không hợp lệ: {text!r} (dùng YYYY-MM-DD, DD/MM/YYYY, DD/MM, "
        "hoặc 'hôm nay', 'cuối tháng', 'thứ Sáu tuần sau' …)"
    )


_DM = re.compile(r"^(\d{1,2})/(\d{1,2})$")
_TYPED_MAX = 40  # longer text is no day a person types


def _typed_day(value: str, today: date) -> date | None:
    import unicodedata

    from tracker.lang import load_table

    words = " ".join(unicodedata.normalize("NFC", value).lower().split())
    dm = _DM.match(words)
    if dm:
        return date(today.year, int(dm[2]), int(dm[1]))
    table = load_table("date_words")
    means = {str(e["phrase"]): str(e["means"]) for e in table.section("typed_day")}
    if words in means:
        return _meaning(means[words], today)
    weekdays = {str(e["phrase"]): int(e["day"]) for e in table.section("weekday")}
    weeks = {str(e["phrase"]): int(e["shift"]) for e in table.section("week")}
    for phrase, day in weekdays.items():
        if words == phrase:  # the next one, today included
            return today + timedelta(days=(day - today.weekday()) % 7)
        for week, shift in weeks.items():
            if words == f"{phrase} {week}":
                monday = today - timedelta(days=today.weekday()) + timedelta(weeks=shift)
                return monday + timedelta(days=day)
    if len(words) > _TYPED_MAX or not any(ch.isalpha() for ch in words):
        return None  # numbers alone are read by the patterns above, or refused
    import dateparser  # "2 ngày trước", "3 tuần trước": relative days it knows

    parsed = dateparser.parse(
        words,
        languages=["vi"],
        settings={
            "DATE_ORDER": "DMY",
            "RELATIVE_BASE": datetime(today.year, today.month, today.day, 12),
            "PREFER_DATES_FROM": "current_period",
            "REQUIRE_PARTS": ["day"],
        },
    )
    return parsed.date() if parsed is not None else None


def _meaning(means: str, today: date) -> date:
    sunday = today + timedelta(days=6 - today.weekday())
    return {
        "today": today,
        "yesterday": today - timedelta(days=1),
        "tomorrow": today + timedelta(days=1),
        "end_of_week": sunday,
        "end_of_next_week": sunday + timedelta(days=7),
        "end_of_month": end_of_month(today.year, today.month),
        "end_of_next_month": end_of_month(*_next_month(today)),
        "end_of_quarter": end_of_quarter(today.year, quarter_of(today)),
        "end_of_year": date(today.year, 12, 31),
    }[means]


def _next_month(today: date) -> tuple[int, int]:
    following = add_months(today.replace(day=1), 1)
    return following.year, following.month
