"""Occurrences of recurring obligations (tracker.tracking.recurrence)."""

from datetime import date

from tracker.tracking.recurrence import occurrences


def test_quarterly_on_a_day_of_the_quarters_last_month():
    got = list(occurrences("quarterly:5", date(2024, 6, 5), date(2025, 1, 10)))
    assert got == [
        ("2024-Q2", date(2024, 6, 5)),
        ("2024-Q3", date(2024, 9, 5)),
        ("2024-Q4", date(2024, 12, 5)),
        ("2025-Q1", date(2025, 3, 5)),
    ]


def test_quarterly_without_a_day_ends_each_quarter():
    got = list(occurrences("quarterly", date(2024, 6, 30), date(2024, 10, 1)))
    assert got == [
        ("2024-Q2", date(2024, 6, 30)),
        ("2024-Q3", date(2024, 9, 30)),
        ("2024-Q4", date(2024, 12, 31)),
    ]


def test_monthly_on_a_day_clips_to_short_months():
    got = list(occurrences("monthly:31", date(2024, 1, 31), date(2024, 3, 1)))
    assert got == [
        ("2024-01", date(2024, 1, 31)),
        ("2024-02", date(2024, 2, 29)),
        ("2024-03", date(2024, 3, 31)),
    ]
