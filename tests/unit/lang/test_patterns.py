"""The word patterns of the tables' [patterns] sections that the extractor reads
directly: each finds what its comment says in a sentence we wrote."""

from __future__ import annotations

import re

import pytest

from tracker.extract.vocab import lowered, vocabulary
from tracker.lang import load_table

# (table, pattern, text, what the first match is; lower-case text unless the table's
# comment says the pattern reads the text as written)
CASES = [
    ("cues", "delegating", "đôn đốc các xã gửi báo cáo", "đôn đốc "),
    ("cues", "done_clause", "rà soát hồ sơ, hoàn thành trước ngày 5/4", ", hoàn thành "),
    ("cues", "future_passive", "kết quả sẽ được ", "sẽ được "),
    ("cues", "locative", "nhiệm vụ được giao tại phần ii", "tại "),
    ("cues", "topic", "đối với các xã, rà soát", "đối với "),
    ("cues", "object_marker", "giao cho phòng nội vụ", "cho "),
    ("cues", "towards", "báo cáo kết quả về ubnd huyện", "về "),
    ("cues", "and_new_subject", "trước ngày 10/4 và Phòng Nội vụ tổng hợp", " và "),
    ("cues", "and_end", "Các xã báo cáo trước ngày 10/4 và", " và"),
    ("cues", "list_marker", "điều 3. các phòng", "điều 3. "),
    ("doc_numbers", "doc_ref", "theo công văn số 1500/snv-cchc", "số 1500/s"),
    ("doc_numbers", "issued_document", "ubnd tỉnh đã ban hành công văn số 1234", None),
    ("date_words", "lead_noise", "- ngày 12/7 hoàn chỉnh", "-"),
    ("date_words", "lead_date", "chiều 29/4, sở nội vụ họp", "chiều 29/4,"),
    ("date_words", "calendar_date", "Quý II/2024", "Quý"),
    ("unit_kinds", "plural", "các ", "các "),
    ("header", "issuer_line", "UỶ BAN NHÂN DÂN", "UỶ BAN NHÂN DÂN"),
]


@pytest.mark.parametrize(("table", "name", "text", "found"), CASES, ids=[c[1] for c in CASES])
def test_pattern_finds_its_example(table, name, text, found):
    pattern = re.compile(load_table(table).patterns["patterns"][name])
    m = pattern.search(text)
    assert m is not None, f"{name}: nothing in {text!r}"
    assert found is None or m.group() == found


def test_a_date_of_the_calendar_is_not_a_count_of_days():
    calendar = vocabulary().calendar_date
    assert calendar.search("quý I")
    assert calendar.search("Tháng 5")
    assert not calendar.search("105 ngày")


def test_a_plural_quantifier_makes_the_head_a_unit():
    v = vocabulary()
    low = lowered("Các tổ chức báo cáo")
    assert v.head_at(low, 4, len(low)) is not None
    low = lowered("Tổ chức lễ ra quân")
    assert v.head_at(low, 0, len(low)) is None
