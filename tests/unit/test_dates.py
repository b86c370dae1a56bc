"""Calendar maths: month/quarter ends, working days with Vietnamese holidays, policy."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tracker import dates
from tracker.errors import BadInput


@pytest.mark.parametrize(
    ("start", "days", "expected"),
    [
        (date(2024, 1, 25), 30, date(2024, 3, 14)),  # Tết 2024: 8–14/2 are days off
        (date(2018, 2, 12), 5, date(2018, 2, 26)),  # Tết 2018: 14–20/2
        (date(2024, 4, 26), 1, date(2024, 5, 2)),  # 29/4 (substitute), 30/4, 1/5 off
        (date(2024, 5, 3), 1, date(2024, 5, 6)),  # Friday → Monday
    ],
    ids=["across Tết 2024", "across Tết 2018", "across 30/4–1/5", "over a weekend"],
)
def test_add_working_days(start, days, expected):
    assert dates.add_working_days(start, days) == expected


def test_working_days_between():
    assert dates.working_days_between(date(2024, 3, 21), date(2024, 3, 25)) == 2
    assert dates.working_days_between(date(2024, 3, 25), date(2024, 3, 21)) == 0


@pytest.mark.parametrize(
    ("deadline", "before_means", "roll", "expected"),
    [
        (date(2018, 4, 15), "inclusive", False, date(2018, 4, 15)),
        (date(2018, 4, 15), "inclusive", True, date(2018, 4, 16)),  # Sunday → Monday
        (date(2024, 4, 30), "inclusive", True, date(2024, 5, 2)),  # holidays roll forward
        (date(2024, 4, 5), "exclusive", False, date(2024, 4, 4)),
    ],
    ids=[
        "as written",
        "Sunday rolls to Monday",
        "holiday rolls over 30/4 and 1/5",
        "exclusive reading",
    ],
)
def test_effective_deadline(deadline, before_means, roll, expected):
    assert (
        dates.effective_deadline(deadline, before_means=before_means, roll_forward=roll) == expected
    )


def test_month_and_quarter_ends():
    assert dates.end_of_month(2024, 2) == date(2024, 2, 29)
    assert dates.end_of_quarter(2023, 4) == date(2023, 12, 31)
    assert dates.add_months(date(2024, 1, 31), 1) == date(2024, 2, 29)
    assert dates.quarter_of(date(2024, 8, 1)) == 3


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2024-04-20", date(2024, 4, 20)),
        ("20/04/2024", date(2024, 4, 20)),
        (" 5/4/2018 ", date(2018, 4, 5)),
    ],
)
def test_parse_cli_date(text, expected):
    assert dates.parse_cli_date(text) == expected


@pytest.mark.parametrize(
    "text", ["31/02/2018", "00/13/2018", "2024-13-01", "tomorrow", "20.04.20244", "", "31/02"]
)
def test_parse_cli_date_rejects(text):
    with pytest.raises(BadInput, match="Ngày không hợp lệ"):
        dates.parse_cli_date(text, date(2026, 12, 7))


MONDAY = date(2026, 12, 7)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("20.04.2024", date(2024, 4, 20)),
        ("5-4-2018", date(2018, 4, 5)),
        ("30/6", date(2026, 6, 30)),
        ("hôm nay", MONDAY),
        ("Hôm qua", date(2026, 12, 6)),
        ("ngày mai", date(2026, 12, 8)),
        ("cuối tuần", date(2026, 12, 13)),
        ("cuối tuần sau", date(2026, 12, 20)),
        ("cuối tháng", date(2026, 12, 31)),
        ("cuối tháng sau", date(2027, 1, 31)),
        ("cuối quý", date(2026, 12, 31)),
        ("cuối năm", date(2026, 12, 31)),
        ("thứ Hai", MONDAY),
        ("thứ sáu", date(2026, 12, 11)),
        ("thứ Sáu  tuần sau", date(2026, 12, 18)),
        ("thứ 2 tuần trước", date(2026, 11, 30)),
        ("chủ nhật tuần này", date(2026, 12, 13)),
        ("2 ngày trước", date(2026, 12, 5)),
    ],
)
def test_days_a_person_types(text, expected):
    assert dates.parse_cli_date(text, MONDAY) == expected


@given(
    start=st.dates(min_value=date(2019, 1, 1), max_value=date(2030, 12, 31)),
    span=st.integers(min_value=-10, max_value=900),
)
def test_working_days_between_counts_what_walking_the_days_counts(start, span):
    end = start + timedelta(days=span)
    walked = sum(
        dates.is_working_day(start + timedelta(days=i)) for i in range(1, max(span, 0) + 1)
    )
    assert dates.working_days_between(start, end) == walked
