"""Owners that point back at the Nơi nhận list fan out to its units at planning."""

from __future__ import annotations

from datetime import date

import pytest

from tests.makers import candidate
from tracker.extract.header import Header
from tracker.extract.types import TaskCandidate
from tracker.tracking.intake import plan_task
from tracker.tracking.recipients import assignable, expand_owners, is_anaphor
from tracker.tracking.registry import Registry, UnitRecord
from tracker.tracking.status import Policy

UNITS = [
    UnitRecord(1, "UBND huyện An Hòa", "huyện", aliases=("UBND huyện",)),
    UnitRecord(2, "Hạt Kiểm lâm", "cơ quan", 1),
    UnitRecord(3, "Công an huyện", "cơ quan", 1),
    UnitRecord(4, "Xã An Bình", "xã", 1),
    UnitRecord(5, "Xã Hòa Sơn", "xã", 1),
    UnitRecord(6, "Thị trấn An Hòa", "thị trấn", 1),
    UnitRecord(7, "Văn phòng HĐND và UBND huyện", "cơ quan", 1),
]
HEADER = Header(
    issuer="ỦY BAN NHÂN DÂN HUYỆN AN HÒA",
    addressees=("Hạt Kiểm lâm", "Công an huyện"),
    recipients=(
        "Như trên",
        "UBND các xã, thị trấn",
        "TT Huyện ủy (để b/c)",
        "Các phòng chuyên môn (để biết)",
        "CT, các PCT UBND huyện",
        "Văn phòng HĐND và UBND huyện",
        "Lưu: VT, TH",
    ),
)


@pytest.mark.parametrize(
    ("owner", "expected"),
    [
        ("các đơn vị", True),
        ("Các cơ quan, đơn vị nêu trên", True),
        ("các đơn vị trên", True),
        ("các xã, thị trấn", False),
        ("Hạt Kiểm lâm", False),
    ],
)
def test_anaphors(owner, expected):
    assert is_anaphor(owner) is expected


def test_assignable_recipients():
    assert assignable(HEADER) == (
        "Hạt Kiểm lâm",
        "Công an huyện",
        "UBND các xã, thị trấn",
    )


def test_no_header_no_recipients():
    assert assignable(None) == ()
    assert expand_owners(("các đơn vị",), ()) == ("các đơn vị",)


def _candidate(*owners: str) -> TaskCandidate:
    return candidate(
        "Đề nghị các đơn vị báo cáo kết quả trước ngày 30/3/2024.",
        owners=owners,
        deadline=date(2024, 3, 30),
        deadline_text="trước ngày 30/3/2024",
    )


def test_a_task_for_the_units_goes_to_each_recipient_unit():
    plan = plan_task(
        _candidate("các đơn vị"),
        registry=Registry(UNITS),
        policy=Policy(),
        threshold=0.6,
        confirm=False,
        recipients=assignable(HEADER),
    )
    assert sorted(a.unit_id for a in plan.assignments) == [2, 3, 4, 5, 6]
    assert plan.review == "confirmed"


def test_without_recipients_the_anaphor_stays_unresolved():
    plan = plan_task(
        _candidate("các đơn vị"),
        registry=Registry(UNITS),
        policy=Policy(),
        threshold=0.6,
        confirm=False,
    )
    assert [a.unit_id for a in plan.assignments] == [None]
    assert plan.review == "draft"


@pytest.mark.parametrize("confirm", [False, True])
def test_a_task_read_by_ocr_waits_for_review(confirm):
    plan = plan_task(
        _candidate("Hạt Kiểm lâm"),
        registry=Registry(UNITS),
        policy=Policy(),
        threshold=0.6,
        confirm=confirm,
        review=True,
    )
    assert plan.review == "draft"
