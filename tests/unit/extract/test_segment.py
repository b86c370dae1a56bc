"""Segmentation: sentences and clauses with offsets into the text."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tracker.extract.segment import heads_of_items, list_level, segment


@pytest.mark.parametrize(
    ("text", "sentences"),
    [
        ("Các xã báo cáo. Các phòng góp ý.", ["Các xã báo cáo.", "Các phòng góp ý."]),
        ("Hoàn thành trước 5.4.2024 tại xã.", ["Hoàn thành trước 5.4.2024 tại xã."]),
        ("Gặp TS. Nguyễn Văn A tại huyện.", ["Gặp TS. Nguyễn Văn A tại huyện."]),
        ("Dòng một\nDòng hai.", ["Dòng một", "Dòng hai."]),
        ("Kết thúc./. Tiếp theo.", ["Kết thúc./.", "Tiếp theo."]),
        ("Báo cáo lúc 07:30. Xong.", ["Báo cáo lúc 07:30.", "Xong."]),
    ],
    ids=[
        "two sentences",
        "dotted date is no break",
        "title abbreviation",
        "a line is a paragraph",
        "closing ./.",
        "time of day",
    ],
)
def test_sentences(text, sentences):
    assert [s.text for s in segment(text)] == sentences


def test_clauses_cut_at_semicolon_and_colon_outside_brackets():
    text = "Đối với Công an huyện: Tham mưu (xong trước 15/4/2024; nếu kịp); đôn đốc các xã."
    (sentence,) = segment(text)
    assert [c.text for c in sentence.clauses] == [
        "Đối với Công an huyện:",
        "Tham mưu (xong trước 15/4/2024; nếu kịp);",
        "đôn đốc các xã.",
    ]


@given(st.text(max_size=400))
def test_spans_slice_the_text(text):
    for sentence in segment(text):
        assert text[sentence.span.start : sentence.span.end] == sentence.text
        for clause in sentence.clauses:
            assert sentence.span.start <= clause.span.start <= clause.span.end <= sentence.span.end
            assert text[clause.span.start : clause.span.end] == clause.text


@pytest.mark.parametrize(
    ("line", "level"),
    [
        ("II. NHIỆM VỤ", 1),
        ("3. Rà soát quy định", 2),
        ("3.1. Rà soát quy định", 3),
        ("b) Các xã báo cáo.", 4),
        ("- Phòng Y tế tổng hợp.", 5),
        ("Phòng Y tế tổng hợp.", 0),
    ],
)
def test_list_level(line, level):
    (sentence,) = segment(line)
    assert list_level(line, sentence.span) == level


def test_heads_of_items_are_headings_over_items_with_work():
    text = (
        "1. Tuyên truyền pháp luật về chợ\n"
        "a) Phòng Kinh tế chủ trì tuyên truyền.\n"
        "2. Phòng Nội vụ báo cáo kết quả.\n"
        "- Số liệu tính đến ngày 30/6.\n"
        "3. Kiểm tra an toàn thực phẩm\n"
        "- Thời gian: quý III."
    )
    sentences = segment(text)
    starts = {s.text: s.span.start for s in sentences}
    working = {
        starts["a) Phòng Kinh tế chủ trì tuyên truyền."],
        starts["2. Phòng Nội vụ báo cáo kết quả."],
        starts["1. Tuyên truyền pháp luật về chợ"],
        starts["3. Kiểm tra an toàn thực phẩm"],
    }
    # 1 heads a lettered item with work; 2 ends in a stop (a sentence, not a heading);
    # 3 has only a line without work under it
    assert heads_of_items(text, sentences, working) == {0}
