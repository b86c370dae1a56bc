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


# --- units that change: successors, and where a group phrase fans out ---------------

# A province in two tiers (since 1 July 2025) beside a district of older documents.
TWO_TIERS = [
    UnitRecord(10, "UBND tỉnh Sông Mây", "tỉnh", aliases=("UBND tỉnh",)),
    UnitRecord(11, "UBND huyện An Hòa", "huyện", 10, active=False, successor_id=10),
    UnitRecord(12, "Xã An Bình", "xã", 10),  # kept its name, absorbed Xã An Phú
    UnitRecord(13, "Xã An Phú", "xã", 11, ("UBND xã An Phú",), active=False, successor_id=12),
    UnitRecord(14, "Thị trấn An Hòa", "thị trấn", 11, active=False, successor_id=15),
    UnitRecord(15, "Phường An Hòa", "phường", 10),
    UnitRecord(16, "Xã Phú Lâm", "xã", 10),
    UnitRecord(17, "Đặc khu Hòn Mây", "đặc khu", 10),
    UnitRecord(18, "Xã Cũ Không Kế Thừa", "xã", 11, active=False),
    UnitRecord(19, "Phòng Y tế", "phòng", 11, active=False, successor_id=20),
    UnitRecord(20, "Phòng Văn hóa - Xã hội", "phòng", 10, active=False, successor_id=21),
    UnitRecord(21, "Sở Y tế", "sở", 10),
]


@pytest.fixture
def two_tiers():
    return Registry(TWO_TIERS)


@pytest.mark.parametrize(
    ("owner", "ids"),
    [
        pytest.param("UBND xã An Phú", [12], id="a merged commune names the one it joined"),
        pytest.param("Thị trấn An Hòa", [15], id="a town that became a ward"),
        pytest.param("Phòng Y tế", [21], id="successors are followed to the active end"),
        pytest.param("Xã Cũ Không Kế Thừa", [], id="retired without successor: unresolved"),
        pytest.param("Xã An Bình", [12], id="an active unit keeps its own name"),
    ],
)
def test_retired_units_lead_to_their_successors(two_tiers, owner, ids):
    assert [u.id for u in two_tiers.resolve(owner).units] == ids


def test_named_finds_the_retired_unit_itself(two_tiers):
    found = two_tiers.named("UBND xã An Phú")
    assert found is not None
    assert found.id == 13


@pytest.mark.parametrize(
    ("issuer", "owner", "ids"),
    [
        pytest.param(
            "ỦY BAN NHÂN DÂN TỈNH SÔNG MÂY",
            "UBND các xã, phường, đặc khu",
            [12, 15, 16, 17],
            id="a provincial document: the province's communes, wards and special zone",
        ),
        pytest.param(
            "ỦY BAN NHÂN DÂN HUYỆN AN HÒA",
            "các xã, thị trấn",
            [12, 15],
            id="an old district document: whoever took its communes over, no one else",
        ),
        pytest.param(
            "UBND tỉnh",
            "các xã",
            [12, 16],
            id="an alias of the issuer",
        ),
    ],
)
def test_groups_fan_out_under_the_issuing_body(two_tiers, issuer, owner, ids):
    scope = two_tiers.scope(issuer)
    assert sorted(u.id for u in two_tiers.resolve(owner, within=scope).units) == ids


TWO_DISTRICTS = [
    UnitRecord(1, "UBND huyện An Hòa", "huyện"),
    UnitRecord(2, "Văn phòng HĐND và UBND huyện An Hòa", "cơ quan", 1),
    UnitRecord(3, "Xã An Bình", "xã", 1),
    UnitRecord(4, "Xã An Phú", "xã", 1),
    UnitRecord(5, "UBND huyện Bình Sơn", "huyện"),
    UnitRecord(6, "Xã Bình Minh", "xã", 5),
]


@pytest.mark.parametrize(
    ("issuer", "ids"),
    [
        pytest.param("UBND huyện Bình Sơn", [6], id="the issuing district's communes"),
        pytest.param(
            "Văn phòng HĐND và UBND huyện An Hòa", [3, 4], id="an office: its district's communes"
        ),
        pytest.param("UBND huyện Lạ", [], id="an unknown issuer with several districts: none"),
        pytest.param(None, [], id="no issuer with several districts: none"),
    ],
)
def test_with_several_parents_only_the_issuing_area_counts(issuer, ids):
    registry = Registry(TWO_DISTRICTS)
    found = registry.resolve("các xã", within=registry.scope(issuer)).units
    assert sorted(u.id for u in found) == ids


def test_with_one_parent_an_unknown_issuer_reaches_every_unit(registry):
    found = registry.resolve("các xã, thị trấn", within=registry.scope("Sở Lạ"))
    assert [u.id for u in found.units] == [4, 5, 3]
