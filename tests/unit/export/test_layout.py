"""Measuring text and laying out tables from their content (``export/layout.py``)."""

from __future__ import annotations

import pytest

from tracker.export.layout import (
    MM_PER_PT,
    Column,
    Row,
    Table,
    balanced_lines,
    column_widths,
    needs_landscape,
    text_width_pt,
)

PORTRAIT_PT = 165 / MM_PER_PT  # A4 less the NĐ 30 margins (30 + 15 mm)


def test_times_widths_match_the_font_metrics():
    # Times New Roman: "0" is half an em, "M" 0.889 em, a bold "W" one em
    assert text_width_pt("0", 10) == pytest.approx(5.0)
    assert text_width_pt("M", 10) == pytest.approx(8.89)
    assert text_width_pt("W", 10, bold=True) == pytest.approx(10.0)


def test_vietnamese_letters_are_measured_like_their_base_letter():
    assert text_width_pt("Độc lập", 13, bold=True) == pytest.approx(
        text_width_pt("Doc lap", 13, bold=True), rel=0.05
    )
    # a letter the table does not list falls back on its base letter
    assert text_width_pt("ǎ", 12) == text_width_pt("a", 12)


def test_a_long_agency_name_is_set_on_balanced_lines():
    name = "VĂN PHÒNG HĐND VÀ UBND HUYỆN THỌ XUÂN"
    lines = balanced_lines(name, 200, 12, bold=True)
    assert len(lines) == 2
    widths = [text_width_pt(x, 12, bold=True) for x in lines]
    assert max(widths) <= 200
    assert min(widths) > 0.6 * max(widths)  # no single word left alone on a line
    assert " ".join(lines) == name


def test_a_line_break_written_by_the_office_is_kept():
    assert balanced_lines("VĂN PHÒNG HĐND VÀ UBND\nHUYỆN THỌ XUÂN", 500, 12) == [
        "VĂN PHÒNG HĐND VÀ UBND",
        "HUYỆN THỌ XUÂN",
    ]


def _overdue_table(action: str) -> Table:
    columns = (
        Column("STT", "center"),
        Column("Nhiệm vụ"),
        Column("Văn bản giao", "center"),
        Column("Hạn", "center"),
        Column("Số ngày quá hạn", "center"),
    )
    rows = tuple(
        Row((str(i), action, "85/TB-VP\nngày 12/03/2024", "20/03/2024", "31")) for i in range(5)
    )
    return Table(columns, rows)


def test_the_task_text_gets_the_room_and_a_date_keeps_to_one_line():
    action = (
        "Kiện toàn Ban chỉ huy phòng cháy rừng cấp xã, xây dựng phương án chữa cháy tại chỗ, "
        "gửi về Hạt Kiểm lâm để tổng hợp"
    )
    widths = column_widths(_overdue_table(action), PORTRAIT_PT)
    assert sum(widths) == pytest.approx(PORTRAIT_PT)
    assert max(widths) == widths[1]
    assert widths[1] / sum(widths) > 0.4
    assert widths[3] >= text_width_pt("20/03/2024", 12) + 8  # the date is not broken


def test_short_content_is_spread_over_the_width():
    widths = column_widths(_overdue_table("Báo cáo"), PORTRAIT_PT)
    assert sum(widths) == pytest.approx(PORTRAIT_PT)
    assert min(widths) > text_width_pt("STT", 12, bold=True)


def test_a_table_too_wide_for_portrait_asks_for_landscape():
    numbers = tuple(Column(f"Cột số {i}", "center") for i in range(16))
    wide = Table((Column("Đơn vị"), *numbers), (Row(("Xã An Bình", *["12"] * 16)),))
    narrow = Table((Column("Đơn vị"), *numbers[:5]), (Row(("Xã An Bình", *["12"] * 5)),))
    assert needs_landscape([wide])
    assert not needs_landscape([narrow])


def test_grouped_columns_form_runs_under_their_heading():
    table = Table(
        (
            Column("Đơn vị"),
            Column("Đúng hạn", group="Đã hoàn thành"),
            Column("Quá hạn", group="Đã hoàn thành"),
            Column("Tổng số", group="Chưa hoàn thành"),
        ),
        (),
    )
    assert table.grouped
    assert table.groups() == [(None, 0, 1), ("Đã hoàn thành", 1, 2), ("Chưa hoàn thành", 3, 1)]
