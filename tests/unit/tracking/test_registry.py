"""Unit resolution and fan-out of group phrases."""

from __future__ import annotations

import pytest

from tracker.tracking.registry import Registry, UnitRecord, group_kinds, unit_key

UNITS = [
    UnitRecord(1, "UBND huyện An Hòa", "huyện", aliases=("UBND huyện", "Thường trực UBND huyện")),
    UnitRecord(2, "Công an huyện", "cơ quan", 1),
    UnitRecord(3, "Thị trấn An Hòa", "thị trấn", 1, aliases=("UBND thị trấn An Hòa",)),
    UnitRecord(4, "Xã An Bình", "xã", 1, aliases=("UBND xã An Bình",)),
    UnitRecord(5, "Xã Hòa Sơn", "xã", 1),
    UnitRecord(6, "Xã Cũ", "xã", 1, active=False),
    UnitRecord(7, "Phòng Nội vụ", "phòng", 1),
]


@pytest.fixture
def registry():
    return Registry(UNITS)


@pytest.mark.parametrize(
    ("owner", "ids"),
    [
        ("Công an huyện", [2]),
        ("công an  huyện", [2]),
        ("Ủy ban nhân dân huyện", [1]),
        ("Xã Hoà Sơn", [5]),
        ("UBND xã An Bình", [4]),
        ("các xã, thị trấn", [4, 5, 3]),
        ("UBND các xã, thị trấn", [4, 5, 3]),
        ("Các phòng", [7]),
        ("Ban chỉ đạo", []),
    ],
    ids=[
        "canonical name",
        "spacing and case",
        "abbreviation expanded",
        "old tone placement",
        "alias",
        "group fans out to active units",
        "group behind UBND",
        "plural kind",
        "unknown stays unresolved",
    ],
)
def test_resolve(registry, owner, ids):
    assert [u.id for u in registry.resolve(owner).units] == ids


def test_group_flag(registry):
    assert registry.resolve("các xã, thị trấn").group
    assert not registry.resolve("Công an huyện").group


@pytest.mark.parametrize(
    ("text", "kinds"),
    [
        ("các xã, thị trấn", ("xã", "thị trấn")),
        ("Chủ tịch UBND các xã", ("xã",)),
        ("các phòng, ngành, cơ quan, đơn vị", ("phòng", "ngành", "cơ quan", "đơn vị")),
        ("các đồng chí trong Ban chỉ đạo", ()),
    ],
)
def test_group_kinds(text, kinds):
    assert group_kinds(text) == kinds


def test_unit_key_drops_plural_and_expands():
    assert unit_key("các UBND xã") == "ủy ban nhân dân xã"
