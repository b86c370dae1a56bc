"""Formula neutralisation, escaping, and the report model's Vietnamese lines."""

from __future__ import annotations

from datetime import date

import pytest

from tracker.export.report import Office, Report, vietnamese_date
from tracker.export.safe import cell, html


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("=1+1", "'=1+1"),
        ("+84", "'+84"),
        ("-5", "'-5"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("Xã An Bình", "Xã An Bình"),
        (5, 5),
        (None, None),
    ],
)
def test_cell(value, expected):
    assert cell(value) == expected


def test_html_escapes_quotes_and_tags():
    assert html('<b onclick="x">') == "&lt;b onclick=&quot;x&quot;&gt;"
    assert html(None) == "—"


@pytest.mark.parametrize(
    ("day", "text"),
    [
        (date(2024, 4, 5), "ngày 05 tháng 4 năm 2024"),
        (date(2024, 2, 15), "ngày 15 tháng 02 năm 2024"),
        (date(2024, 12, 1), "ngày 01 tháng 12 năm 2024"),
    ],
)
def test_vietnamese_date(day, text):
    assert vietnamese_date(day) == text


def test_number_lines():
    office = Office("UBND HUYỆN", "VĂN PHÒNG", "An Hòa", "VP", "CHÁNH VĂN PHÒNG", "", ())
    assert Report("state", office, date(2024, 4, 5), ()).number_line.startswith("Số:")
    assert Report("party", office, date(2024, 4, 5), ()).number_line.endswith("-BC/VP")
