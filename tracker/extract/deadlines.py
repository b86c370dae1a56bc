"""The deadline grammar: time expressions of a clause → ``DeadlineHit`` values.

The forms (dates, months, quarters, parts of a year, "trong N ngày", recurrence)
are named regex patterns in ``lang/vi/date_words.toml``; this module says how they
combine and what each resolves to:

* a marker just before a form ("trước", "chậm nhất", "hạn chót", "trong", "vào" —
  the [[marker]] table) makes it a deadline; "trước" before a month, quarter or
  year means the end of the period before ("trước tháng 7.2020" → 30/6/2020);
* an unmarked full date is ``bare`` (often the date of a cited decision); an
  unmarked quarter or part of a year is a ``period`` only when it lies ahead of the
  document date ("nhiệm vụ 6 tháng cuối năm" yes, "kết quả 9 tháng đầu năm" no);
* "từ … đến …" is a ``range``, resolved to its end;
* contexts of the not_deadlines table ("số liệu tính đến", "có hiệu lực từ",
  "Quyết định số … ngày …", "nhiệm kỳ 2021-2026") and document numbers
  ("1838/QĐ-UBND", "120-KH/HU") never give a deadline;
* impossible dates (31/02/2018) give no hit and a logged warning.

Linear in the input: every pattern is bounded; one scan finds where a form can start
(how its matches begin is read off its pattern), and each form is tried only there,
with the matches a scan of its own would give.
Imports ``dates``, ``lang``, ``extract.types`` and ``extract.vocab``.
"""

from __future__ import annotations

import functools
import logging
import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import NamedTuple

from tracker import dates
from tracker.extract.types import DeadlineHit, DeadlineKind, Span
from tracker.extract.vocab import (
    Lead,
    Needs,
    lead_scan,
    leads,
    lowered,
    phrase_regex,
    required_words,
    satisfied,
    words_present,
)
from tracker.lang import load_table

log = logging.getLogger(__name__)

# Forms in order of preference when two match the same span.
FORMS = (
    "form_recur_dm_list",
    "form_dm_list",
    "form_recur_quarter_day",
    "form_recur_day",
    "form_recur_dm",
    "form_recur_half",
    "form_recur_daily",
    "form_range_day",
    "form_rest_of_year",
    "form_within",
    "form_after_event",
    "form_before_event",
    "form_long",
    "form_dmy",
    "form_dm_long",
    "form_part_year",
    "form_part_month",
    "form_part_year_end",
    "form_quarter",
    "form_month",
    "form_dm",
    "form_month_bare",
    "form_week",
    "form_tet",
    "form_year",
    "form_recur",
)
_ORDER = {name: i for i, name in enumerate(FORMS)}
_WINDOW = 48
# the reason (not_deadlines.toml) of a noun that a recurrence word only qualifies
_QUALIFIER = "a noun's qualifier"
_RECURRING_FORMS = frozenset(
    {
        "form_recur",
        "form_recur_half",
        "form_recur_day",
        "form_recur_quarter_day",
        "form_recur_dm",
        "form_recur_daily",
    }
)
# Document numbers: "1838/QĐ-UBND", "120-KH/HU", "211/ QĐ-UBND", "số 45/TB-VP".
# (Both start with what they match, the character before checked after it: the regex
# engine skips to a digit at once instead of trying every position.)
_DOC_NUMBER = re.compile(
    r"\d(?<![\w/]\d)\d{0,5}\s*[/\-]\s*[a-zđ]{1,10}(?:\s*[/\-&.]\s*[a-zđ0-9]{1,12})+"
)
# Year ranges are named periods, never one deadline ("giai đoạn 2016-2020").
_YEAR_RANGE = re.compile(r"(?:19|20)(?<!\d\d\d)\d{2}\s*[-–]\s*(?:19|20)\d{2}(?!\d)")
# a blank line ends a paragraph (a table cell, once flattened): no date runs over it
# ("105 ngày" ⏎⏎ "07/02/2021" is no "ngày 07/02/2021")
_BLANK_LINE = re.compile(r"\n[ \t\u00a0]*\n")
_PARAGRAPH_MARK = "¶"
# Forms that need only a year from outside (not a day to count from).
_YEAR_ONLY = frozenset(
    {
        "form_dm",
        "form_dm_long",
        "form_month_bare",
        "form_part_month",
        "form_quarter",
        "form_part_year",
        "form_part_year_end",
        "form_range_day",
        "form_recur_dm",
    }
)
_ISSUED_FREE = frozenset(
    {"form_dmy", "form_long", "form_month", "form_before_event", "form_after_event"}
)


@dataclass(frozen=True)
class _Grammar:
    forms: dict[str, re.Pattern[str]]
    # forms tried only where one of their leads stands (cheaper than first looking for
    # the words they need; see ``_led_table``), the others scanned by the regex
    # engine, when the text holds the words they cannot match without
    led: dict[str, tuple[tuple[str, re.Pattern[str]], ...]]
    lead_scan: re.Pattern[str] | None  # where any lead starts
    led_names: tuple[str, ...]
    scanned: tuple[str, ...]
    needs: dict[str, Needs]  # (of the scanned forms)
    needed: frozenset[str]  # every word of ``needs``
    marker: re.Pattern[str]
    marker_kind: dict[str, str]
    not_deadline: re.Pattern[str]
    range_join: re.Pattern[str]
    range_open: re.Pattern[str]
    may_hold_time: re.Pattern[str]
    dm_pair: re.Pattern[str]
    holiday_context: re.Pattern[str]
    quarter_context: re.Pattern[str]
    period_item: re.Pattern[str]
    period_day_gap: re.Pattern[str]
    monthly_day: re.Pattern[str]
    target_after: re.Pattern[str]
    target_before: re.Pattern[str]
    not_recurrence: re.Pattern[str]
    event_day_gap: re.Pattern[str]
    following_years: re.Pattern[str]


@functools.cache
def _grammar() -> _Grammar:
    table = load_table("date_words")
    patterns = table.patterns["patterns"]
    markers = {
        " ".join(str(e["phrase"]).lower().split()): str(e["kind"]) for e in table.section("marker")
    }
    marker_words = "|".join(
        r"\s+".join(re.escape(w) for w in p.split()) for p in sorted(markers, key=len, reverse=True)
    )
    entries = load_table("not_deadlines").section("context")
    # a named period ("năm học 2023-2024") is followed by its years at once; a cited
    # document may put "vào/là/từ ngày" between ("ban hành vào ngày …")
    periods = [str(e["phrase"]) for e in entries if str(e["reason"]) == "named period"]
    # (a noun a recurrence word qualifies: "nhiệm vụ hằng năm" are the annual tasks)
    qualified = [str(e["phrase"]) for e in entries if str(e["reason"]) == _QUALIFIER]
    contexts = [
        str(e["phrase"]) for e in entries if str(e["reason"]) not in ("named period", _QUALIFIER)
    ]
    context_words = phrase_regex(contexts).pattern
    period_words = phrase_regex(periods).pattern
    forms = {name: re.compile(patterns[name]) for name in FORMS}
    starts = {name: leads(regex) for name, regex in forms.items()}
    scanned = tuple(name for name in FORMS if starts[name] is None)
    needs = {name: required_words(forms[name]) for name in scanned}
    return _Grammar(
        forms=forms,
        led=_led_table(forms, starts),
        lead_scan=lead_scan(lead for found in starts.values() for lead in found or ()),
        led_names=tuple(name for name in FORMS if starts[name] is not None),
        scanned=scanned,
        needs=needs,
        needed=frozenset(w for clauses in needs.values() for clause in clauses for w in clause),
        marker=re.compile(
            rf"(?<![\w])(?P<marker>{marker_words}){patterns['marker_gap']}"
            rf"(?:(?:{patterns['clock']})\s*,?\s*)?(?:(?:{patterns['time_of_day']})\s+)?"
            rf"{patterns['marker_day']}"
        ),
        marker_kind=markers,
        not_deadline=re.compile(
            rf"(?:{context_words}{patterns['context_gap']}|{period_words}\s*)$"
        ),
        not_recurrence=re.compile(rf"{phrase_regex(qualified).pattern}\s*$"),
        range_join=re.compile(patterns["range_join"]),
        range_open=re.compile(patterns["range_open"]),
        may_hold_time=re.compile(patterns["may_hold_time"]),
        dm_pair=re.compile(patterns["dm_pair"]),
        holiday_context=re.compile(patterns["holiday_context"]),
        quarter_context=re.compile(patterns["quarter_context"]),
        period_item=re.compile(patterns["period_item"]),
        period_day_gap=re.compile(patterns["period_day_gap"]),
        monthly_day=re.compile(patterns["monthly_day"]),
        target_after=re.compile(patterns["target_after"]),
        target_before=re.compile(patterns["target_before"]),
        event_day_gap=re.compile(patterns["event_day_gap"]),
        following_years=re.compile(patterns["following_years"]),
    )


class _Raw(NamedTuple):  # (a tuple: cheaper to make than a dataclass, one per match)
    start: int
    end: int
    form: str
    match: re.Match[str]


@functools.lru_cache(maxsize=8)
def mask(low: str) -> str:
    """Blank out document numbers and year ranges (never deadlines); cached, as the
    document and deadline stages mask the same text."""
    blank: Callable[[re.Match[str]], str] = lambda m: " " * len(m.group())  # noqa: E731
    paragraph: Callable[[re.Match[str]], str] = lambda m: _PARAGRAPH_MARK * len(m.group())  # noqa: E731
    return _BLANK_LINE.sub(paragraph, _YEAR_RANGE.sub(blank, _DOC_NUMBER.sub(blank, low)))


def _led_table(
    forms: dict[str, re.Pattern[str]], starts: dict[str, frozenset[Lead] | None]
) -> dict[str, tuple[tuple[str, re.Pattern[str]], ...]]:
    """The forms to try where a lead starts, by the place's first two characters (a
    space of any kind as " "), or by its first alone: the forms whose leads go on with
    a class of characters ("\\d", "\\w"), tried wherever their first character stands."""
    wild: dict[str, set[str]] = {}
    pairs: dict[str, set[str]] = {}
    for name, found in starts.items():
        for lead in found or ():
            second = {" " if x.isspace() or x == r"\s" else x for x in lead[1]}
            for first in lead[0]:
                wild.setdefault(first, set())
                if any(len(x) > 1 for x in second):
                    wild[first].add(name)
                    continue
                for x in second:
                    pairs.setdefault(first + x, set()).add(name)
    for key, names in pairs.items():
        names |= wild[key[0]]
    return {
        key: tuple((name, forms[name]) for name in FORMS if name in names)
        for key, names in (wild | pairs).items()
    }


def _led_matches(masked: str, g: _Grammar) -> list[_Raw]:
    """``finditer`` of each led form, trying a form only where a lead stands: the same
    matches (a form's next match is searched from the end of its last one, as
    ``finditer`` does; none is empty)."""
    found: list[_Raw] = []
    if g.lead_scan is None:
        return found
    free = dict.fromkeys(g.led_names, 0)  # where a form's next match may start
    led = g.led
    for at in g.lead_scan.finditer(masked):
        pos = at.start()
        nxt = masked[pos + 1 : pos + 2]
        tried = led.get(masked[pos] + (" " if nxt.isspace() else nxt)) or led[masked[pos]]
        for name, regex in tried:
            if pos >= free[name]:
                m = regex.match(masked, pos)
                if m is not None:
                    found.append(_Raw(pos, m.end(), name, m))
                    free[name] = m.end()
    return found


def _candidates(masked: str, g: _Grammar) -> list[_Raw]:
    found = _led_matches(masked, g)
    if g.scanned:
        present = words_present(g.needed, masked)
        found += [
            _Raw(m.start(), m.end(), name, m)
            for name in g.scanned
            if satisfied(g.needs[name], present)
            for m in g.forms[name].finditer(masked)
            if m.end() > m.start()
        ]
    found.sort(key=lambda r: (r.start, -(r.end - r.start), _ORDER[r.form]))
    chosen: list[_Raw] = []
    for raw in found:
        if not chosen or raw.start >= chosen[-1].end:
            chosen.append(raw)
    return chosen


# --- resolution: groups → a date ------------------------------------------------


def _year(text: str | None) -> int | None:
    if not text:
        return None
    value = int(text)
    return value + 2000 if value < 100 else value


def _quarter(text: str) -> int:
    return {"i": 1, "ii": 2, "iii": 3, "iv": 4}.get(text, 0) or int(text)


def _months(text: str) -> int:
    return {"ba": 3, "sáu": 6, "chín": 9}.get(text, 0) or int(text)


_RECENT_DAYS = 7
_ITEM_WINDOW = 24
_HOLIDAY_WINDOW = 300


def _next_day_month(day: int, month: int, issued: date) -> date:
    """The first day/month on or after ``issued`` ("trước ngày 15/4" in a March text).

    A day a few days before ``issued`` stays in its year: news tells of the last days'
    orders ("ngay trong đêm 29/4" in a piece dated 30/4), and a document date read from
    the text may be a day or two late; nobody sets a deadline a year less a week ahead.
    """
    candidate = date(issued.year, month, day)
    if candidate >= issued - timedelta(days=_RECENT_DAYS):
        return candidate
    return date(issued.year + 1, month, day)


def _ahead(end: date, issued: date | None, year_given: bool) -> date:
    """A period named without a year is the next one that has not ended."""
    if year_given or issued is None or end >= issued:
        return end
    return date(
        end.year + 1, end.month, min(end.day, dates.end_of_month(end.year + 1, end.month).day)
    )


@dataclass(frozen=True)
class _Resolved:
    deadline: date | None
    shape: str  # day | period | relative | recurring
    recurrence: str | None = None
    start: date | None = None  # first day of a period, for "trước <period>"


def _resolve(raw: _Raw, issued: date | None, year: int | None = None) -> _Resolved | None:
    m, form = raw.match, raw.form
    groups = m.groupdict()
    if issued is None and year is not None and form in _YEAR_ONLY:
        # an undated text: a day or month without a year takes the year the text
        # speaks of (ANNOTATION 14)
        issued = date(year, 1, 1)
    if issued is None and form not in _ISSUED_FREE and not groups.get("y"):
        if form in _RECURRING_FORMS:
            return _Resolved(None, "recurring", _recurrence_value(form, groups))
        if form == "form_within":
            return _Resolved(None, "relative")
        return _Resolved(None, "period" if form != "form_dm" else "day")
    resolver = _RESOLVERS[form]
    return resolver(groups, issued)


def _r_dmy(g: dict[str, str | None], issued: date | None) -> _Resolved:
    return _Resolved(date(_year(g["y"]) or 0, int(g["m"] or 0), int(g["d"] or 0)), "day")


def _r_dm(g: dict[str, str | None], issued: date | None) -> _Resolved:
    assert issued is not None
    return _Resolved(_next_day_month(int(g["d"] or 0), int(g["m"] or 0), issued), "day")


def _r_month(g: dict[str, str | None], issued: date | None) -> _Resolved:
    year = _year(g.get("y")) or (issued.year if issued else 0)
    month = int(g["m"] or 0)
    end = _ahead(dates.end_of_month(year, month), issued, bool(g.get("y")))
    return _Resolved(end, "period", start=end.replace(day=1))


def _r_quarter(g: dict[str, str | None], issued: date | None) -> _Resolved:
    quarter = _quarter(str(g["q"]))
    year = _year(g.get("y")) or (issued.year if issued else 0)
    end = _ahead(dates.end_of_quarter(year, quarter), issued, bool(g.get("y")))
    return _Resolved(end, "period", start=date(end.year, quarter * 3 - 2, 1))


def _r_part_year(g: dict[str, str | None], issued: date | None) -> _Resolved:
    year = _year(g.get("y")) or (issued.year if issued else 0)
    months = _months(str(g["n"]))
    if g["which"] == "đầu":
        return _Resolved(dates.end_of_month(year, months), "period", start=date(year, 1, 1))
    return _Resolved(date(year, 12, 31), "period", start=date(year, 13 - months, 1))


def _which(g: dict[str, str | None]) -> str:
    return " ".join(str(g["which"]).split())


def _r_part_month(g: dict[str, str | None], issued: date | None) -> _Resolved:
    year = _year(g.get("y")) or (issued.year if issued else 0)
    month = int(g["m"] or 0)
    day = {"đầu": 1, "giữa": 15, "nửa đầu": 15}.get(_which(g), dates.end_of_month(year, month).day)
    end = _ahead(date(year, month, day), issued, bool(g.get("y")))
    return _Resolved(end, "period", start=end.replace(day=1))


def _r_part_year_end(g: dict[str, str | None], issued: date | None) -> _Resolved:
    year = _year(g.get("y")) or (issued.year if issued else 0)
    day = {"đầu": date(year, 1, 1), "giữa": date(year, 6, 30), "nửa đầu": date(year, 6, 30)}.get(
        _which(g), date(year, 12, 31)
    )
    return _Resolved(day, "period", start=date(year, 1, 1))


def _r_year(g: dict[str, str | None], issued: date | None) -> _Resolved:
    year = _year(g["y"]) or 0
    return _Resolved(date(year, 12, 31), "period", start=date(year, 1, 1))


def _r_rest_of_year(g: dict[str, str | None], issued: date | None) -> _Resolved:
    year = _year(g.get("y")) or (issued.year if issued else 0)
    return _Resolved(date(year, 12, 31), "period", start=issued)


def _r_range_day(g: dict[str, str | None], issued: date | None) -> _Resolved:
    if g.get("y"):
        return _r_dmy(g, issued)
    return _r_dm(g, issued)


def _r_within(g: dict[str, str | None], issued: date | None) -> _Resolved:
    if g.get("event"):
        return _Resolved(None, "relative")
    start = issued
    if g.get("sd"):
        # a start day without its year is one of the document's year
        year = _year(g["sy"]) or (issued.year if issued is not None else None)
        if year is None:
            return _Resolved(None, "relative")
        start = date(year, int(g["sm"] or 0), int(g["sd"] or 0))
    if start is None:
        return _Resolved(None, "relative")
    count, unit = int(g["n"] or 0), " ".join(str(g["unit"]).split())
    if unit == "ngày làm việc":
        return _Resolved(dates.add_working_days(start, count), "relative")
    if unit == "tháng":
        return _Resolved(dates.add_months(start, count), "relative")
    days = count * 7 if unit == "tuần" else count
    return _Resolved(start + timedelta(days=days), "relative")


def _r_event(g: dict[str, str | None], issued: date | None) -> _Resolved:
    return _Resolved(None, "relative")


def _recurrence_value(form: str, g: dict[str, str | None]) -> str:
    if form == "form_recur_day":
        return f"monthly:{int(g['d'] or 0)}"
    if form == "form_recur_quarter_day":
        return f"quarterly:{int(g['d'] or 0)}"
    if form == "form_recur_dm":
        return f"yearly:{int(g['m'] or 0):02d}-{int(g['d'] or 0):02d}"
    if form == "form_recur_half":
        return "half-yearly"
    if form == "form_recur_daily":
        return "daily"
    return {"tháng": "monthly", "quý": "quarterly", "năm": "yearly", "tuần": "weekly"}[
        str(g["unit"])
    ]


@functools.cache
def _weekdays() -> dict[str, int]:
    """Each weekday's words and its number (0 = Monday), from date_words.toml."""
    return {str(e["phrase"]): int(e["day"]) for e in load_table("date_words").section("weekday")}


def _r_recur(g: dict[str, str | None], issued: date | None) -> _Resolved:
    assert issued is not None
    unit = str(g["unit"])
    value = _recurrence_value("form_recur", g)
    first = {
        "tháng": dates.end_of_month(issued.year, issued.month),
        "quý": dates.end_of_quarter(issued.year, dates.quarter_of(issued)),
        "năm": date(issued.year, 12, 31),
        "tuần": issued + timedelta(days=6 - issued.weekday()),
    }[unit]
    weekday = _weekdays().get(" ".join(str(g.get("wd") or "").split()))
    if unit == "tuần" and weekday is not None:
        # "trước 16 giờ thứ Sáu hằng tuần": the first such day on or after the date
        first = issued + timedelta(days=(weekday - issued.weekday()) % 7)
    return _Resolved(first, "recurring", value)


def _r_recur_daily(g: dict[str, str | None], issued: date | None) -> _Resolved:
    assert issued is not None
    return _Resolved(issued, "recurring", "daily")


def _r_recur_half(g: dict[str, str | None], issued: date | None) -> _Resolved:
    assert issued is not None
    end = date(issued.year, 6, 30) if issued.month <= 6 else date(issued.year, 12, 31)
    return _Resolved(end, "recurring", "half-yearly")


def _r_recur_day(g: dict[str, str | None], issued: date | None) -> _Resolved:
    assert issued is not None
    day = int(g["d"] or 0)
    this_month = min(day, dates.end_of_month(issued.year, issued.month).day)
    first = date(issued.year, issued.month, this_month)
    if first < issued:
        following = dates.add_months(issued.replace(day=1), 1)
        first = following.replace(
            day=min(day, dates.end_of_month(following.year, following.month).day)
        )
    return _Resolved(first, "recurring", f"monthly:{day}")


def _r_recur_quarter_day(g: dict[str, str | None], issued: date | None) -> _Resolved:
    """ "trước ngày 05 tháng cuối của mỗi quý": that day of the quarter's last month,
    the first one on or after the document date."""
    assert issued is not None
    day = int(g["d"] or 0)
    quarter, year = dates.quarter_of(issued), issued.year
    for _ in range(2):
        month = quarter * 3
        first = date(year, month, min(day, dates.end_of_month(year, month).day))
        if first >= issued:
            break
        quarter, year = (1, year + 1) if quarter == 4 else (quarter + 1, year)
    return _Resolved(first, "recurring", f"quarterly:{day}")


def _r_recur_dm(g: dict[str, str | None], issued: date | None) -> _Resolved:
    assert issued is not None
    first = _next_day_month(int(g["d"] or 0), int(g["m"] or 0), issued)
    return _Resolved(first, "recurring", _recurrence_value("form_recur_dm", g))


def _r_week(g: dict[str, str | None], issued: date | None) -> _Resolved:
    """ "trong tuần này" → the Sunday of the document's week; "tuần tới/sau" → the next."""
    assert issued is not None
    sunday = issued + timedelta(days=6 - issued.weekday())
    return _Resolved(sunday if g["which"] == "này" else sunday + timedelta(days=7), "period")


def _r_tet(g: dict[str, str | None], issued: date | None) -> _Resolved:
    assert issued is not None
    return _Resolved(dates.lunar_new_year(issued), "day")


_RESOLVERS: dict[str, Callable[[dict[str, str | None], date | None], _Resolved]] = {
    "form_recur_dm_list": _r_event,
    "form_recur_quarter_day": _r_recur_quarter_day,
    "form_dm_list": _r_event,
    "form_dmy": _r_dmy,
    "form_long": _r_dmy,
    "form_dm": _r_dm,
    "form_dm_long": _r_dm,
    "form_month": _r_month,
    "form_month_bare": _r_month,
    "form_quarter": _r_quarter,
    "form_part_year": _r_part_year,
    "form_part_month": _r_part_month,
    "form_part_year_end": _r_part_year_end,
    "form_year": _r_year,
    "form_within": _r_within,
    "form_after_event": _r_event,
    "form_before_event": _r_event,
    "form_recur": _r_recur,
    "form_recur_half": _r_recur_half,
    "form_recur_daily": _r_recur_daily,
    "form_range_day": _r_range_day,
    "form_rest_of_year": _r_rest_of_year,
    "form_recur_day": _r_recur_day,
    "form_recur_dm": _r_recur_dm,
    "form_week": _r_week,
    "form_tet": _r_tet,
}

# Forms that need a marker to be a deadline at all ("tháng 10", "năm 2021", "15/4").
# forms that open on their own marker ("trước khi …", "trong 10 ngày"): a cited
# document's word before them ("… ban hành Nghị định trước khi …") is no context
_OPENS_ON_MARKER = frozenset({"form_before_event", "form_within"})
# the marker of a year followed by its target ("năm 2025 đạt …")
_TARGET = "đạt"
_NEEDS_MARKER = frozenset({"form_month_bare", "form_year", "form_dm", "form_dm_long"})
# Forms that carry their own marker ("trong 5 ngày", "trước ngày 20 hằng tháng").
_SELF_MARKED = _RECURRING_FORMS | {"form_within", "form_after_event", "form_before_event"}


def _classify(
    raw: _Raw, resolved: _Resolved, marker: str | None, issued: date | None
) -> tuple[DeadlineKind, date | None] | None:
    """The hit's kind and date, or None when it is no deadline at all."""
    if raw.form == "form_range_day":
        return "range", resolved.deadline
    if raw.form in ("form_week", "form_tet"):
        # the marker is part of the form ("trong tuần này", "trước Tết")
        return ("period" if raw.form == "form_week" else "by"), resolved.deadline
    if raw.form in _SELF_MARKED:
        kind: DeadlineKind = "recurring" if resolved.shape == "recurring" else "relative"
        return kind, resolved.deadline
    if marker == _TARGET:
        # a target ahead is due in its year; one of a year gone by is a result
        ahead = resolved.deadline is not None and issued is not None and resolved.deadline >= issued
        return ("period" if ahead else "bare"), resolved.deadline
    if marker is None:
        if raw.form in _NEEDS_MARKER:
            return (
                ("bare", resolved.deadline)
                if raw.form in ("form_dm", "form_dm_long") and _has_day_word(raw)
                else None
            )
        if resolved.shape == "day" or raw.form == "form_month":
            return "bare", resolved.deadline
        ahead = resolved.deadline is not None and issued is not None and resolved.deadline >= issued
        return ("period", resolved.deadline) if ahead else ("bare", resolved.deadline)
    if marker.split()[-1] == "trước" and resolved.shape == "period" and resolved.start is not None:
        # "trước tháng 7.2020": by the end of the period before the one named.
        return "by", resolved.start - timedelta(days=1)
    return ("by" if resolved.shape == "day" else "period"), resolved.deadline


def _has_day_word(raw: _Raw) -> bool:
    return raw.match.group().startswith("ngày")


def _marker_before(masked: str, start: int, g: _Grammar) -> re.Match[str] | None:
    window_start = max(0, start - _WINDOW)
    return g.marker.search(masked, window_start, start)


def _merge_ranges(raws: list[_Raw], masked: str, g: _Grammar) -> list[tuple[_Raw, int]]:
    """Pair "từ A đến B": keep B, widened to start at "từ"; returns (raw, span start)."""
    out: list[tuple[_Raw, int]] = []
    skip = False
    for i, raw in enumerate(raws):
        if skip:
            skip = False
            continue
        if i + 1 < len(raws):
            nxt = raws[i + 1]
            opener = g.range_open.search(masked, max(0, raw.start - 12), raw.start)
            if opener and g.range_join.match(masked[raw.end : nxt.start]):
                out.append((nxt, opener.start()))
                skip = True
                continue
        out.append((raw, -1))
    return out


def find_deadlines(
    text: str, *, issued: date | None, masked: str | None = None, year: int | None = None
) -> tuple[DeadlineHit, ...]:
    """Every time expression of ``text`` that can bound a task, in text order.

    ``masked`` may pass ``mask(lowered(text))`` when the caller has it already;
    ``year`` is the year an undated text speaks of, for days and months without one.
    """
    if not text:
        return ()
    g = _grammar()
    if masked is None or len(masked) != len(text):
        masked = mask(lowered(text))
    if not g.may_hold_time.search(masked):
        return ()
    hits: list[DeadlineHit] = []
    for raw, range_start in _merge_ranges(_candidates(masked, g), masked, g):
        if raw.form == "form_recur_dm_list":
            hits.extend(_yearly_list(text, masked, raw, issued, g))
            continue
        if raw.form == "form_dm_list":
            hits.extend(_day_list(text, masked, raw, issued, g))
            continue
        hit = _hit(text, masked, raw, range_start, issued, g, year)
        if hit is not None:
            hits.append(hit)
    hits = _periods_with_days(text, masked, hits, g, issued)
    return tuple(_events_with_days(text, masked, hits, g))


def _events_with_days(
    text: str, masked: str, hits: list[DeadlineHit], g: _Grammar
) -> list[DeadlineHit]:
    """An event followed by its day in brackets is one hit, due that day: "trước ngày
    Hiệp định có hiệu lực (ngày 14/1/2019)" (ANNOTATION 21); a period followed by "và
    các năm tiếp theo" recurs yearly from it (ANNOTATION 20)."""
    out: list[DeadlineHit] = []
    for hit in hits:
        prev = out[-1] if out else None
        yearly = g.following_years.match(masked, hit.span.end) if hit.kind == "period" else None
        if yearly is not None:
            # "quý IV năm 2024 và các năm tiếp theo": yearly from that period's end
            out.append(
                replace(
                    hit,
                    span=Span(hit.span.start, yearly.end()),
                    text=text[hit.span.start : yearly.end()],
                    kind="recurring",
                    rule=f"{hit.rule}+yearly",
                    recurrence="yearly",
                )
            )
            continue
        if (
            prev is not None
            and prev.kind == "relative"
            and prev.deadline is None
            and hit.kind == "bare"
            and hit.deadline is not None
            and g.event_day_gap.fullmatch(masked, prev.span.end, hit.span.start)
        ):
            out[-1] = DeadlineHit(
                span=Span(prev.span.start, hit.span.end),
                text=text[prev.span.start : hit.span.end],
                deadline=hit.deadline,
                kind="by",
                rule=f"{prev.rule}+day",
            )
            continue
        out.append(hit)
    return out


_PERIOD_UNITS = {"tháng": "monthly", "quý": "quarterly", "năm": "yearly"}


def _periods_with_days(
    text: str, masked: str, hits: list[DeadlineHit], g: _Grammar, issued: date | None
) -> list[DeadlineHit]:
    """A recurring period followed by its own day is one hit: "hàng tháng (trước ngày
    15)" → monthly:15 from the next 15th, "sáu tháng (trước ngày 5/5)" → half-yearly from
    5/5; a "định kỳ" list's later items ("…, sáu tháng (trước ngày 5/5) và hàng năm
    (trước ngày 5/10)") are periods too, each with its day."""
    out: list[DeadlineHit] = []
    recurring_before = False
    for hit in hits:
        prev = out[-1] if out else None
        gap = masked[prev.span.end : hit.span.start] if prev is not None else ""
        if (
            prev is not None
            and prev.kind == "recurring"
            and hit.kind == "by"
            and hit.deadline is not None
            and g.period_day_gap.fullmatch(gap)
        ):
            out[-1] = _with_day(text, prev, hit, prev.recurrence or "", issued)
            recurring_before = True
            continue
        item = g.period_item.search(masked, max(0, hit.span.start - _ITEM_WINDOW), hit.span.start)
        if recurring_before and item and hit.kind == "by" and hit.deadline is not None:
            recurrence = "half-yearly" if item["half"] else _PERIOD_UNITS[item["unit"]]
            start = item.start("period")
            period = replace(
                hit, span=Span(start, hit.span.start), text=text[start : hit.span.start]
            )
            out.append(_with_day(text, period, hit, recurrence, issued))
            continue
        recurring_before = hit.kind == "recurring"
        day = g.monthly_day.match(masked, hit.span.end) if hit.recurrence == "monthly" else None
        if day is not None and hit.deadline is not None:
            # "hàng tháng (trước ngày 15)": the next 15th on or after the month's start
            try:
                first: date | None = date(hit.deadline.year, hit.deadline.month, int(day["d"]))
                if issued is not None and first is not None and first < issued:
                    first = dates.add_months(first, 1)
            except ValueError:
                first = None
            if first is not None:
                hit = DeadlineHit(
                    span=Span(hit.span.start, day.end()),
                    text=text[hit.span.start : day.end()],
                    deadline=first,
                    kind="recurring",
                    rule=f"{hit.rule}+day",
                    recurrence=f"monthly:{first.day}",
                )
        out.append(hit)
    return out


def _with_day(
    text: str, period: DeadlineHit, day: DeadlineHit, recurrence: str, issued: date | None
) -> DeadlineHit:
    """The period and its day as one recurring hit; its first occurrence needs the
    document date (ANNOTATION 10), unknown without one."""
    value = recurrence
    if recurrence == "monthly" and day.deadline is not None and "/" not in day.text:
        value = f"monthly:{day.deadline.day}"
    return DeadlineHit(
        span=Span(period.span.start, day.span.end),
        text=text[period.span.start : day.span.end],
        deadline=day.deadline if issued is not None else None,
        kind="recurring",
        rule=f"{period.rule}+day",
        recurrence=value,
    )


def _day_list(
    text: str, masked: str, raw: _Raw, issued: date | None, g: _Grammar
) -> list[DeadlineHit]:
    """ "trước ngày 05/4, 05/7, 05/10, 05/11 … theo quý": the first of the days that
    is still ahead of the document date; quarterly when the sentence says so."""
    if issued is None:
        return []
    days: list[date] = []
    for pair in g.dm_pair.finditer(masked, raw.start, raw.end):
        try:
            day = date(issued.year, int(pair["m"]), int(pair["d"]))
        except ValueError:
            continue
        days.append(day if day >= issued else date(issued.year + 1, day.month, day.day))
    if not days:
        return []
    end = masked.find(".", raw.end)
    tail = masked[raw.end : end if end != -1 else len(masked)][:_HOLIDAY_WINDOW]
    start = max(masked.rfind(".", 0, raw.start), masked.rfind("(", 0, raw.start)) + 1
    head = masked[max(start, raw.start - _HOLIDAY_WINDOW) : raw.start]
    quarterly = bool(g.quarter_context.search(tail) or g.quarter_context.search(head))
    return [
        DeadlineHit(
            span=Span(raw.start, raw.end),
            text=text[raw.start : raw.end],
            deadline=min(days),
            kind="recurring" if quarterly else "by",
            rule="dm_list",
            recurrence="quarterly" if quarterly else None,
        )
    ]


def _yearly_list(
    text: str, masked: str, raw: _Raw, issued: date | None, g: _Grammar
) -> list[DeadlineHit]:
    """ "trước ngày 05/6 và 05/12 hằng năm": a yearly hit for each day, first on or after
    the document date (ANNOTATION: each date of a recurring list is its own task)."""
    hits: list[DeadlineHit] = []
    for pair in g.dm_pair.finditer(masked, raw.start, raw.end):
        try:
            first = _next_day_month(int(pair["d"]), int(pair["m"]), issued) if issued else None
        except ValueError:
            continue
        hits.append(
            DeadlineHit(
                span=Span(raw.start, raw.end),
                text=text[raw.start : raw.end],
                deadline=first,
                kind="recurring",
                rule="recur_dm_list",
                recurrence=f"yearly:{int(pair['m']):02d}-{int(pair['d']):02d}",
            )
        )
    return hits


def _holiday_start(masked: str, raw: _Raw, issued: date, g: _Grammar) -> date | None:
    """The first day of the next public holiday when a daily report is asked for
    during one ("báo cáo ngày nghỉ Lễ trước 15h hằng ngày"), in the same line."""
    line_start = masked.rfind("\n", 0, raw.start) + 1
    line_end = masked.find("\n", raw.end)
    line = masked[max(line_start, raw.start - _HOLIDAY_WINDOW) : raw.start]
    line += masked[raw.end : line_end if line_end != -1 else len(masked)][:_HOLIDAY_WINDOW]
    if not g.holiday_context.search(line):
        return None
    return dates.next_holiday(issued)


_CELL_REST = re.compile(r"[ \t.;:]*(?:\n|\||$)")


_BRACKET_OPEN = re.compile(r"\([ \t]*$")
_BRACKET_COLON = re.compile(r"[ \t]*\)[ \t]*:")


def _step_time(masked: str, raw: _Raw) -> bool:
    """Whether the match alone fills the brackets before a colon: a step's time
    ("Bước 2 (tháng 4/2025): …")."""
    return (
        _BRACKET_COLON.match(masked, raw.end) is not None
        and _BRACKET_OPEN.search(masked, max(0, raw.start - 4), raw.start) is not None
    )


def _alone_on_line(masked: str, raw: _Raw) -> bool:
    """Whether the match is all its line or its cell (" | ") holds: a table's date cell
    ("Năm 2025" under "Thời gian hoàn thành"; a title's "NĂM 2025" line is written in
    capitals)."""
    start = max(masked.rfind("\n", 0, raw.start), masked.rfind("|", 0, raw.start)) + 1
    return not masked[start : raw.start].strip() and _CELL_REST.match(masked, raw.end) is not None


def _hit(
    text: str,
    masked: str,
    raw: _Raw,
    range_start: int,
    issued: date | None,
    g: _Grammar,
    year: int | None = None,
) -> DeadlineHit | None:
    window = masked[max(0, raw.start - _WINDOW) : raw.start]
    if raw.form not in _OPENS_ON_MARKER and g.not_deadline.search(window):
        return None
    if raw.form in _RECURRING_FORMS and g.not_recurrence.search(window):
        return None  # "nhiệm vụ hằng năm": the annual tasks
    try:
        resolved = _resolve(raw, issued, year)
    except ValueError:
        log.warning("ngày không hợp lệ trong văn bản: %r", text[raw.start : raw.end])
        return None
    if resolved is None:
        return None
    marker_match = _marker_before(masked, raw.start, g) if range_start < 0 else None
    marker = " ".join(marker_match.group("marker").split()) if marker_match else None
    if range_start >= 0:
        marker = "đến"
    elif (
        marker is None
        and raw.form == "form_year"
        and (
            g.target_after.match(masked, raw.end)
            or g.target_before.search(window)
            or (_alone_on_line(masked, raw) and not text[raw.start : raw.end].isupper())
        )
    ) or (marker is None and _step_time(masked, raw)):
        # "thu ngân sách năm 2025 đạt dự toán", "hoàn thành các chỉ tiêu năm 2025": the
        # year the target is due; a year alone in a table's cell is the row's; a time
        # in brackets before a step's colon is the step's ("Giai đoạn 3 (tháng 4/2025):")
        marker = _TARGET
    classified = _classify(raw, resolved, marker, issued)
    if classified is None:
        return None
    kind, deadline = classified
    if resolved.recurrence == "daily" and issued is not None:
        deadline = _holiday_start(masked, raw, issued, g) or deadline
    start = raw.start
    if range_start >= 0:
        start, kind = range_start, "range"
    elif marker_match is not None:
        start = marker_match.start()
    rule = raw.form.removeprefix("form_") + (
        f"+{g.marker_kind.get(marker, 'marker')}" if marker else ""
    )
    return DeadlineHit(
        span=Span(start, raw.end),
        text=text[start : raw.end],
        deadline=deadline,
        kind=kind,
        rule=rule,
        recurrence=resolved.recurrence,
    )
