"""Golden directive cases (tests/cases/directives.jsonl): texts we wrote, with the
task candidates the rules must propose — owners, deadline, report-to, supports — and
negatives. The decision model (tests/unit/extract/test_decide.py) is not involved:
these pin the grammar, not the learned weights."""

from __future__ import annotations

import json
import unicodedata
from datetime import date
from pathlib import Path

import pytest

from tracker.extract import candidates

CASES = Path(__file__).resolve().parents[2] / "cases" / "directives.jsonl"


def _params():
    for number, line in enumerate(CASES.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        case = json.loads(line)
        marks = [pytest.mark.xfail(reason=case["xfail"], strict=True)] if case.get("xfail") else []
        yield pytest.param(case, id=f"{number}: {case['note']}", marks=marks)


@pytest.mark.parametrize("case", list(_params()))
def test_directive_case(case):
    text = unicodedata.normalize("NFC", case["text"])
    _, scored = candidates(text, issued=date.fromisoformat(case["issued"]))
    tasks = [candidate for candidate, _ in scored]
    got = [
        {
            "owners": list(t.owners),
            "deadline": t.deadline.isoformat() if t.deadline else None,
            "report_to": t.report_to,
            "supports": list(t.supports),
            "recurrence": t.recurrence,
        }
        for t in tasks
    ]
    assert len(got) == len(case["expected"]), got
    for row, want in zip(got, case["expected"], strict=True):
        for field, value in want.items():
            assert row[field] == value, (field, row)
    for task in tasks:
        assert text[task.span.start : task.span.end] == task.sentence
