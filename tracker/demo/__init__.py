"""The bundled samples, written by us: a 2024 district conclusion notice with its
registry (huyện An Hòa: xã, thị trấn), and the same area after 1 July 2025 in a
two-tier province (tỉnh Sông Mây: xã, phường, đặc khu) with a 2025 provincial
document."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

SAMPLE_DOCUMENT = "thong_bao_ket_luan.txt"
SAMPLE_UNITS = "units.csv"
AS_OF = "2024-04-20"  # after most of the sample's deadlines
# (task ordinal in the sample, unit, day it was done): some communes report on time
DONE = (
    (0, "Xã An Bình", "2024-03-22"),
    (0, "Thị trấn An Hòa", "2024-03-29"),
    (1, "Hạt Kiểm lâm", "2024-04-12"),
)


# since 1 July 2025: the communes of huyện An Hòa merge, the district is abolished
REFORM_UNITS = "units_2025.csv"
REFORM_DOCUMENT = "cong_van_tinh.txt"
REFORM_ON = "2025-07-01"
REFORM_AS_OF = "2025-08-05"
# (merged units, the unit after the merger)
MERGERS = (
    (("Xã An Bình", "Xã An Phú"), "Xã An Bình"),
    (("Xã Tân Lập", "Xã Hòa Sơn"), "Xã Tân Hòa"),
)
# (retired unit, its successor)
RETIREMENTS = (
    ("Thị trấn An Hòa", "Phường An Hòa"),
    ("UBND huyện An Hòa", "UBND tỉnh Sông Mây"),
)


def copy_samples(folder: Path) -> tuple[Path, Path]:
    """Copy the sample document and units file into ``folder``; return their paths."""
    out = []
    for name in (SAMPLE_DOCUMENT, SAMPLE_UNITS):
        target = folder / name
        target.write_bytes(resources.files(__name__).joinpath(name).read_bytes())
        out.append(target)
    return out[0], out[1]


def copy_reform_samples(folder: Path) -> tuple[Path, Path]:
    """Copy the 2025 provincial document and registry into ``folder``; return their paths."""
    out = []
    for name in (REFORM_DOCUMENT, REFORM_UNITS):
        target = folder / name
        target.write_bytes(resources.files(__name__).joinpath(name).read_bytes())
        out.append(target)
    return out[0], out[1]
