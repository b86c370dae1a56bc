"""The value limits' arithmetic and messages."""

from __future__ import annotations

from datetime import date

import pytest

from tracker.errors import BadInput
from tracker.limits import check_day, check_deadline, check_id, like_pattern, years_after


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        pytest.param(date(2024, 3, 12), date(2034, 3, 12), id="an ordinary day"),
        pytest.param(date(2024, 2, 29), date(2034, 2, 28), id="29 February to a common year"),
    ],
)
def test_years_after(day, expected):
    assert years_after(day) == expected


@pytest.mark.parametrize("value", [0, -1, 2**31])
def test_ids_outside_postgresql_integer_are_refused(value):
    with pytest.raises(BadInput, match="không hợp lệ"):
        check_id(value)


def test_the_largest_id_passes():
    assert check_id(2**31 - 1) == 2**31 - 1


def test_a_typed_day_may_not_be_far_in_the_future():
    today = date(2026, 12, 7)
    assert check_day(date(2036, 12, 7), today=today) == date(2036, 12, 7)
    with pytest.raises(BadInput, match="ngoài khoảng"):
        check_day(date(2036, 12, 8), today=today)


def test_a_deadline_without_a_document_date_counts_from_the_fallback():
    assert check_deadline(date(2030, 1, 1), issued=None, fallback=date(2024, 4, 1))
    with pytest.raises(BadInput, match="quá xa"):
        check_deadline(date(2034, 4, 2), issued=None, fallback=date(2024, 4, 1))


@pytest.mark.parametrize(
    ("text", "pattern"),
    [("50%", r"%50\%%"), ("a_b", r"%a\_b%"), ("c:\\x", r"%c:\\x%")],
)
def test_like_patterns_escape_wildcards(text, pattern):
    assert like_pattern(text) == pattern
