"""Occurrences of recurring obligations (tracker.tracking.recurrence)."""

from datetime import date

import pytest

from tracker.tracking.recurrence import occurrences


@pytest.mark.parametrize(
    ("recurrence", "first", "until", "expected"),
    [
        (  # day 5 of each quarter's last month
            "quarterly:5",
            date(2024, 6, 5),
            date(2025, 1, 10),
            [
                ("2024-Q2", "2024-06-05"),
                ("2024-Q3", "2024-09-05"),
                ("2024-Q4", "2024-12-05"),
                ("2025-Q1", "2025-03-05"),
            ],
        ),
        (  # without a day: the end of each quarter
            "quarterly",
            date(2024, 6, 30),
            date(2024, 10, 1),
            [("2024-Q2", "2024-06-30"), ("2024-Q3", "2024-09-30"), ("2024-Q4", "2024-12-31")],
        ),
        (  # a day past a short month's end falls on its last day
            "monthly:31",
            date(2024, 1, 31),
            date(2024, 3, 1),
            [("2024-01", "2024-01-31"), ("2024-02", "2024-02-29"), ("2024-03", "2024-03-31")],
        ),
    ],
)
def test_occurrences(recurrence, first, until, expected):
    got = [(key, day.isoformat()) for key, day in occurrences(recurrence, first, until)]
    assert got == expected
