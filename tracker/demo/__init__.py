"""The bundled sample: a conclusion notice and a unit registry we wrote ourselves."""

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


def copy_samples(folder: Path) -> tuple[Path, Path]:
    """Copy the sample document and units file into ``folder``; return their paths."""
    out = []
    for name in (SAMPLE_DOCUMENT, SAMPLE_UNITS):
        target = folder / name
        target.write_bytes(resources.files(__name__).joinpath(name).read_bytes())
        out.append(target)
    return out[0], out[1]
