"""Tables of the command line fit the terminal: cell text wraps within column widths
(``COLUMNS`` / the terminal's size) instead of running past the right edge."""

from __future__ import annotations

import io

import pytest

from tracker.cli.output import fit_widths, wrap, write_rows

LONG = (
    "Đề nghị Hạt Kiểm lâm chủ trì, phối hợp với Công an huyện kiểm tra các điểm có nguy cơ "
    "cháy rừng cao trên địa bàn các xã vùng núi, xong trước ngày 15/4/2026"
)
ROWS = [
    {"task_id": 12, "unit": "Trung tâm Văn hóa - Thông tin và Thể thao huyện", "action": LONG},
    {"task_id": 7, "unit": "Xã An Bình", "action": "báo cáo kết quả"},
]
COLUMNS = (("task_id", "Mã NV"), ("unit", "Đơn vị"), ("action", "Nhiệm vụ"))


def _table(monkeypatch, columns: int) -> list[str]:
    monkeypatch.setenv("COLUMNS", str(columns))
    out = io.StringIO()
    write_rows(ROWS, "table", columns=COLUMNS, out=out)
    return out.getvalue().splitlines()


@pytest.mark.parametrize("columns", [50, 72, 100])
def test_a_wide_table_wraps_to_the_terminal_width(monkeypatch, columns):
    lines = _table(monkeypatch, columns)
    assert max(len(line) for line in lines) <= columns
    assert len(lines) > 2 + len(ROWS)  # some cell took more than one line
    words = " ".join(lines).split()
    for word in LONG.split():  # nothing is lost or cut short
        assert word in words


def test_a_table_that_fits_keeps_one_line_per_row(monkeypatch):
    lines = _table(monkeypatch, 300)
    assert len(lines) == 2 + len(ROWS)
    assert lines[0].split() == ["Mã", "NV", "Đơn", "vị", "Nhiệm", "vụ"]
    assert LONG in lines[2]


def test_continuation_lines_stay_in_their_column(monkeypatch):
    lines = _table(monkeypatch, 60)
    start = lines[0].index("Nhiệm vụ")
    body = lines[2:]
    assert body[0].startswith("12 ")
    # a wrapped row: the lines after the first are blank left of the action column
    continued = [line for line in body[1:] if not line[:2].strip()]
    assert continued
    action_lines = [line for line in continued if len(line) > start]
    assert action_lines
    # the wrapped action text begins exactly at its column, after the column gap
    assert all(line[start - 2 : start] == "  " and line[start] != " " for line in action_lines)


def test_fit_widths_shrinks_the_widest_first_and_respects_floors():
    assert fit_widths([5, 40, 90], [5, 6, 8], 60) == [5, 25, 26]
    assert fit_widths([5, 10], [5, 10], 8) == [5, 10]  # floors win over the screen
    assert fit_widths([5, 10], [5, 6], 100) == [5, 10]  # room enough: unchanged


@pytest.mark.parametrize(
    ("text", "width", "expected"),
    [
        ("kiểm tra các điểm", 9, ["kiểm tra", "các điểm"]),
        ("a bb ccc", 3, ["a", "bb", "ccc"]),
        ("abcdefgh", 3, ["abc", "def", "gh"]),
        ("", 5, [""]),
    ],
)
def test_wrap(text, width, expected):
    assert wrap(text, width) == expected


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_without_columns_a_terminal_gives_its_width(monkeypatch):
    import os

    monkeypatch.delenv("COLUMNS", raising=False)
    monkeypatch.setattr(
        "tracker.cli.output.shutil.get_terminal_size", lambda fallback: os.terminal_size((64, 24))
    )
    out = _Terminal()
    write_rows(ROWS, "table", columns=COLUMNS, out=out)
    lines = out.getvalue().splitlines()
    assert max(len(line) for line in lines) <= 64
    assert len(lines) > 2 + len(ROWS)


def test_a_pipe_without_columns_keeps_one_line_per_row(monkeypatch):
    monkeypatch.delenv("COLUMNS", raising=False)
    out = io.StringIO()  # a file or a pipe: no terminal to fit
    write_rows(ROWS, "table", columns=COLUMNS, out=out)
    assert len(out.getvalue().splitlines()) == 2 + len(ROWS)


def test_days_read_as_the_office_writes_them_and_json_keeps_iso(monkeypatch):
    monkeypatch.setenv("COLUMNS", "100")
    rows = [{"task_id": 3, "deadline": "2026-03-05", "note": "2026-03-05 là hạn"}]
    columns = (("task_id", "Mã NV"), ("deadline", "Hạn"), ("note", "Ghi chú"))
    table = io.StringIO()
    write_rows(rows, "table", columns=columns, out=table)
    assert "05/03/2026" in table.getvalue()
    assert "2026-03-05 là hạn" in table.getvalue()
    as_json = io.StringIO()
    write_rows(rows, "json", columns=columns, out=as_json)
    assert '"deadline": "2026-03-05"' in as_json.getvalue()
