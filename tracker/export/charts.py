"""Charts of a report as PNG images (matplotlib, Agg backend, made offline).

Labels are Vietnamese, so the font is DejaVu Sans, which ships with matplotlib and
has every Vietnamese letter; no font of the machine is needed. The PNG carries no
date or version in its metadata, so the same data gives the same bytes.

matplotlib is imported inside ``png`` (it takes a good part of a second): the
command line starts without it.
"""

from __future__ import annotations

import io
import logging
import textwrap
from typing import Any

from tracker.export.layout import Chart

DPI = 200
FONT = "DejaVu Sans"
# colours that stay distinct when printed in grey: done on time, done late, open,
# due soon, overdue, no deadline
PALETTE = ("#2e7d32", "#9ccc65", "#1565c0", "#ffb300", "#c62828", "#9e9e9e")
LABEL_WIDTH = 30  # characters of a unit's name on one line of an axis


def _label(text: str) -> str:
    """A long unit name on two lines ("Trung tâm Văn hóa - Thông tin / và Thể thao huyện")."""
    return textwrap.fill(text, LABEL_WIDTH, max_lines=2, placeholder="…")


def png(chart: Chart) -> bytes:
    """The chart drawn at ``width_mm`` × ``height_mm`` and ``DPI``, as PNG bytes."""
    import matplotlib

    matplotlib.use("Agg", force=True)
    # matplotlib's own warnings (a font cache it cannot save …) are not for the user
    logging.getLogger("matplotlib").setLevel(logging.ERROR)
    from matplotlib.figure import Figure

    figure = Figure(
        figsize=(chart.width_mm / 25.4, chart.height_mm / 25.4), dpi=DPI, layout="constrained"
    )
    with matplotlib.rc_context({"font.family": FONT, "font.size": 8, "svg.hashsalt": "tracker"}):
        axes = figure.add_subplot()
        {"rate": _rate, "stacked": _stacked, "buckets": _buckets}[chart.kind](axes, chart)
        figure.suptitle(chart.title, fontsize=9, fontweight="bold")
        for side in ("top", "right"):
            axes.spines[side].set_visible(False)
        out = io.BytesIO()
        figure.savefig(out, format="png", dpi=DPI, metadata={"Software": None})
    return out.getvalue()


def _rate(axes: Any, chart: Chart) -> None:
    """Horizontal bars: a percentage per unit, the value written at the bar's end."""
    (_, values), *_ = chart.series
    labels = [_label(x) for x in reversed(chart.labels)]
    data = list(reversed(values))
    positions = range(len(labels))
    colours = [PALETTE[0] if v >= 80 else PALETTE[3] if v >= 50 else PALETTE[4] for v in data]
    axes.barh(positions, data, color=colours, height=0.65)
    axes.set_yticks(list(positions), labels)
    axes.set_xlim(0, 112)
    axes.set_xticks([0, 20, 40, 60, 80, 100])
    axes.set_xlabel("%")
    for y, value in zip(positions, data, strict=True):
        axes.text(value + 1.5, y, f"{value:.0f}%", va="center", fontsize=7)
    axes.grid(axis="x", linewidth=0.4, alpha=0.5)
    axes.set_axisbelow(True)


def _stacked(axes: Any, chart: Chart) -> None:
    """Horizontal stacked bars: counts by status per unit, with a legend below."""
    labels = [_label(x) for x in reversed(chart.labels)]
    positions = list(range(len(labels)))
    left = [0.0] * len(labels)
    for (name, values), colour in zip(chart.series, PALETTE, strict=False):
        data = list(reversed(values))
        if not any(data):
            continue
        axes.barh(positions, data, left=left, color=colour, height=0.65, label=name)
        left = [a + b for a, b in zip(left, data, strict=True)]
    axes.set_yticks(positions, labels)
    axes.xaxis.get_major_locator().set_params(integer=True)
    axes.figure.legend(loc="outside lower center", ncol=3, fontsize=7, frameon=False)
    axes.grid(axis="x", linewidth=0.4, alpha=0.5)
    axes.set_axisbelow(True)


def _buckets(axes: Any, chart: Chart) -> None:
    """Vertical bars: a count per category, the count written above each bar."""
    (_, values), *_ = chart.series
    positions = list(range(len(chart.labels)))
    axes.bar(positions, values, color=PALETTE[4], width=0.6)
    axes.set_xticks(positions, list(chart.labels))
    axes.yaxis.get_major_locator().set_params(integer=True)
    top = max(values, default=0)
    axes.set_ylim(0, max(top * 1.2, 1))
    for x, value in zip(positions, values, strict=True):
        axes.text(x, value, f"{value:.0f}", ha="center", va="bottom", fontsize=7)
