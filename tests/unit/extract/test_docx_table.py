"""A plan's task table in a .docx: the loader writes each row on one line, cells joined
by " | "; each row under a header that names a deadline column is a task of its lead,
dated by its time cell (ANNOTATION 19)."""

from __future__ import annotations

from datetime import date

from tracker.extract import extract
from tracker.load import load_document

ROWS = [
    ("TT", "Nội dung nhiệm vụ", "Cơ quan chủ trì", "Cơ quan phối hợp", "Thời gian hoàn thành"),
    (
        "1",
        "Nâng cấp hệ thống một cửa điện tử",
        "Sở Khoa học và Công nghệ",
        "Văn phòng UBND tỉnh",
        "Quý II/2025",
    ),
    (
        "2",
        "Số hóa hồ sơ thủ tục hành chính",
        "UBND các huyện",
        "Các sở, ngành",
        "Trước ngày 30/9/2025",
    ),
    ("3", "Tập huấn kỹ năng số cho công chức cấp xã", "Sở Nội vụ", "UBND các huyện", "Năm 2025"),
]


def _plan(path):
    import docx

    document = docx.Document()
    document.add_paragraph("KẾ HOẠCH")
    document.add_paragraph("Triển khai chuyển đổi số năm 2025")
    table = document.add_table(rows=len(ROWS), cols=len(ROWS[0]))
    for r, row in enumerate(ROWS):
        for c, text in enumerate(row):
            table.cell(r, c).text = text
    document.save(str(path))
    return path


def test_each_row_of_a_docx_task_table_is_a_task(tmp_path):
    loaded = load_document(_plan(tmp_path / "ke_hoach.docx"))
    tasks = extract(loaded.text, issued=date(2025, 4, 10)).tasks
    got = [(t.sentence, t.owners, t.deadline, t.supports) for t in tasks]
    assert got == [
        (
            "Nâng cấp hệ thống một cửa điện tử",
            ("Sở Khoa học và Công nghệ",),
            date(2025, 6, 30),
            ("Văn phòng UBND tỉnh",),
        ),
        (
            "Số hóa hồ sơ thủ tục hành chính",
            ("UBND các huyện",),
            date(2025, 9, 30),
            ("Các sở, ngành",),
        ),
        (
            "Tập huấn kỹ năng số cho công chức cấp xã",
            ("Sở Nội vụ",),
            date(2025, 12, 31),
            ("UBND các huyện",),
        ),
    ]
