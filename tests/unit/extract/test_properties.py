"""Properties of the whole extractor: it never raises, every span lies in the text,
and deadlines are real dates — on arbitrary and on Vietnamese-looking text."""

from __future__ import annotations

import time
import unicodedata
from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from tracker.extract import extract

WORDS = [
    "Đề nghị",
    "các xã",
    "thị trấn",
    "UBND",
    "huyện",
    "Công an",
    "báo cáo",
    "trước ngày",
    "5/4/2024",
    "Đối với",
    ":",
    ";",
    ".",
    ",",
    "phải",
    "giao",
    "Phòng Nội vụ",
    "chủ trì",
    "phối hợp với",
    "quý I/2024",
    "hằng tháng",
    "(",
    ")",
    "\n",
    "- ",
    "trong 10 ngày",
    "Thị uỷ",
    "đã",
    "hoàn thành",
]


def _check(text: str) -> None:
    result = extract(text, issued=date(2024, 3, 1))
    for task in result.tasks:
        assert 0 <= task.span.start <= task.span.end <= len(text)
        assert text[task.span.start : task.span.end] == task.sentence
        assert task.deadline is None or isinstance(task.deadline, date)
        assert 0.0 <= task.confidence <= 1.0


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=400))
def test_arbitrary_text(text):
    _check(unicodedata.normalize("NFC", text))


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(WORDS), max_size=60))
def test_vietnamese_looking_text(words):
    _check(" ".join(words))


def test_long_adversarial_line_finishes():
    line = ("Đề nghị các xã, " * 4000 + "trước ngày 1/1/ " * 4000)[:200_000]
    start = time.perf_counter()
    extract(line, issued=date(2024, 3, 1))
    assert time.perf_counter() - start < 20  # a guard against backtracking, not a benchmark
