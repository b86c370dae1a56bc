"""Invisible characters (issue 16 item 6): zero-width spaces and joiners, bidi
controls, byte-order marks and soft hyphens pasted from web pages or PDFs must neither
drop tasks nor shrink owners, and the spans still point into the text as given."""

from __future__ import annotations

import unicodedata
from datetime import date

from tracker.extract import candidates

CLEAN = (
    "Đề nghị UBND các xã, thị trấn lập danh sách hộ nghèo, gửi về Phòng Lao động "
    "- Thương binh và Xã hội trước ngày 15/11/2024. Giao Công an huyện tăng cường "
    "tuần tra trong dịp Tết."
)
DIRTY = (
    "\ufeffĐề nghị UBND các\u200b xã, thị\u200btrấn lập danh sách hộ ng\u00adhèo, gửi về "
    "Phòng Lao động - Thương binh và Xã hội trước ngày 15/\u200e11/2024.\u202a Giao Công an"
    "\u200d huyện tăng cường tuần tra trong dịp Tết.\u202c"
)


def _rows(text: str):
    _, scored = candidates(text, issued=date(2024, 10, 20))
    return [(c.owners, c.deadline, c.report_to) for c, _ in scored], [c for c, _ in scored]


def test_invisible_characters_change_no_task():
    clean, _ = _rows(CLEAN)
    dirty, _ = _rows(DIRTY)
    assert dirty == clean
    assert clean[0] == (
        ("UBND các xã, thị trấn",),
        date(2024, 11, 15),
        "Phòng Lao động - Thương binh và Xã hội",
    )


def test_spans_point_into_the_text_as_given():
    _, tasks = _rows(DIRTY)
    source = unicodedata.normalize("NFC", DIRTY)
    for task in tasks:
        assert source[task.span.start : task.span.end] == task.sentence
    assert "\u200b" in tasks[0].sentence  # the sentence is the original's, not a copy
