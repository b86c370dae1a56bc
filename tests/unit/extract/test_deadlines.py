"""The deadline grammar: golden cases (tests/cases/deadlines.jsonl), NFD and tone
variants, properties, and a guard against catastrophic backtracking."""

from __future__ import annotations

import json
import re
import time
import unicodedata
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tracker.extract.deadlines import _grammar, _led_matches, find_deadlines, mask
from tracker.extract.vocab import lead_pattern, leads, lowered

CASES = Path(__file__).resolve().parents[2] / "cases" / "deadlines.jsonl"


def _params():
    for number, line in enumerate(CASES.read_text(encoding="utf-8").splitlines(), 1):
        case = json.loads(line)
        marks = [pytest.mark.xfail(reason=case["xfail"], strict=True)] if case.get("xfail") else []
        yield pytest.param(case, id=f"{number}: {case['note']}", marks=marks)


def _found(text: str, issued: str | None):
    return [
        {
            "text": h.text,
            "deadline": h.deadline.isoformat() if h.deadline else None,
            "kind": h.kind,
            "recurrence": h.recurrence,
        }
        for h in find_deadlines(text, issued=date.fromisoformat(issued) if issued else None)
    ]


@pytest.mark.parametrize("case", list(_params()))
def test_golden_case(case):
    assert _found(case["text"], case["issued"]) == case["expected"]


@pytest.mark.parametrize("case", list(_params())[:20])
def test_nfd_input_gives_the_same_dates(case):
    nfd = unicodedata.normalize("NFD", case["text"])
    nfc = unicodedata.normalize("NFC", nfd)
    got = _found(nfc, case["issued"])
    assert [g["deadline"] for g in got] == [e["deadline"] for e in case["expected"]]


def test_year_less_dates_without_an_issued_date_have_no_day():
    hits = find_deadlines("Báo cáo trước ngày 15/4.", issued=None)
    assert [(h.kind, h.deadline) for h in hits] == [("by", None)]


@settings(max_examples=200, deadline=None)
@given(
    st.text(
        alphabet=st.sampled_from(list("0123456789/.-: ngàytháqunmưícđếhiờvIVX,;()")), max_size=200
    )
)
def test_any_text_gives_valid_hits_inside_the_text(text):
    for hit in find_deadlines(text, issued=date(2024, 5, 2)):
        assert 0 <= hit.span.start <= hit.span.end <= len(text)
        assert text[hit.span.start : hit.span.end] == hit.text
        assert hit.deadline is None or isinstance(hit.deadline, date)


@given(st.text(max_size=300))
def test_arbitrary_unicode_never_raises(text):
    find_deadlines(unicodedata.normalize("NFC", text), issued=date(2024, 5, 2))


def test_adversarial_line_is_linear():
    line = ("trước ngày 1/1/ " * 3000 + "12/12/12/12/" * 3000 + "trong vòng 1 " * 3000)[:200_000]
    start = time.perf_counter()
    find_deadlines(line, issued=date(2024, 5, 2))
    assert (
        time.perf_counter() - start < 10
    )  # seconds: a guard against backtracking, not a benchmark


def _spans_by_finditer(masked: str) -> list[tuple[int, int, str]]:
    g = _grammar()
    return sorted(
        (m.start(), m.end(), name)
        for name in g.led_names
        for m in g.forms[name].finditer(masked)
        if m.end() > m.start()
    )


def _spans_led(masked: str) -> list[tuple[int, int, str]]:
    g = _grammar()
    return sorted((r.start, r.end, r.form) for r in _led_matches(masked, g))


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                "trước ",
                "vào ",
                "chậm nhất ",
                "ngày ",
                "tháng ",
                "năm ",
                "quý ",
                "trong ",
                "từ ",
                "cuối ",
                "đầu ",
                "hằng ",
                "mỗi ",
                "định kỳ ",
                "các ",
                "6 ",
                "sáu ",
                "còn lại ",
                "thứ sáu ",
                "tuần này ",
                "kể từ ",
                "15",
                "4",
                "/",
                "-",
                ".",
                ", ",
                "\n",
                "2024",
                "a",
            ]
        ),
        max_size=40,
    ).map("".join)
)
def test_led_forms_find_what_scanning_finds(text):
    # forms tried only where their leading strings stand: the same matches as finditer
    masked = mask(lowered(text))
    assert _spans_led(masked) == _spans_by_finditer(masked)


def test_led_forms_on_the_cases():
    for line in CASES.read_text(encoding="utf-8").splitlines():
        masked = mask(lowered(json.loads(line)["text"]))
        assert _spans_led(masked) == _spans_by_finditer(masked)


def test_leads():
    def shown(pattern: str) -> str | None:
        found = leads(re.compile(pattern))
        return None if found is None else lead_pattern(found)

    assert shown(r"(?:trước|vào|chậm\s+nhất)\s+ngày") == (
        r"(?:chậm\s(?:\s|n)|trước\s|vào\s(?:\s(?:\s|n)|ng))"
    )
    assert shown(r"(?:ngay\s+)?trong") == r"(?:ngay\s(?:\s|t)|trong)"
    assert shown(r"(?=[n0-9])(?:ngày\s+)?(?P<d>[1-9])/") == (
        r"(?:[123456789]/|ngày\s(?:[123456789]|\s))"
    )
    assert shown(r"(?:a|b)\s") == r"[ab]\s"
    assert shown(r"(?:a|b)") is None  # a single character: anywhere
    assert shown(r"\w+năm") is None  # a class first
    assert shown(r"(?:x?)*năm") is None  # (nested optional parts: no end)
