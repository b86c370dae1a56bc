"""Document facts: issued date, number, kind, issuer, title — on texts we wrote,
and the issued dates of the dev corpus (when ../shared is there)."""

from __future__ import annotations

import json
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tracker.extract.document import _patterns, document_facts
from tracker.extract.load import load_document
from tracker.extract.vocab import lead_search, lowered

STATE = """ỦY BAN NHÂN DÂN HUYỆN AN HÒA
VĂN PHÒNG HĐND VÀ UBND
Số: 85/TB-VP
An Hòa, ngày 12 tháng 3 năm 2024
THÔNG BÁO
Kết luận của Phó Chủ tịch UBND huyện
Căn cứ Quyết định số 211/QĐ-UBND ngày 29/01/2023 của UBND huyện.
Chiều ngày 11/3/2024, đồng chí Phó Chủ tịch chủ trì hội nghị."""

PARTY = """HUYỆN ỦY BÌNH SƠN
Số 120-KH/HU
Bình Sơn, ngày 05 tháng 02 năm 2024
KẾ HOẠCH
Triển khai nhiệm vụ năm 2024"""

NEWS = """Hôm nay, Thứ năm ngày 21/11/2024
Trang chủ > Tin tức
Hội nghị giao ban công tác dân vận quý III năm 2024
Đăng lúc: 05/10/2024 (GMT+7)
Sáng ngày 03/10, Thường trực Huyện ủy tổ chức hội nghị giao ban.
Thực hiện Kế hoạch số 45-KH/HU, ngày 17/7/2024 của Huyện ủy."""

YEARLESS = """Triển khai nhiệm vụ 6 tháng cuối năm 2024
Ngày 3/7, Ban chỉ đạo huyện tổ chức hội nghị sơ kết 6 tháng đầu năm 2024."""

TWO_DAYS = """Trong hai ngày 09, 10 tháng 7 năm 2024, Ban Thường vụ tổ chức hội nghị sơ kết."""


@pytest.mark.parametrize(
    ("text", "issued", "number", "kind"),
    [
        (STATE, date(2024, 3, 12), "85/TB-VP", "thông báo"),
        (PARTY, date(2024, 2, 5), "120-KH/HU", "kế hoạch"),
        (NEWS, date(2024, 10, 3), None, "tin"),
        (YEARLESS, date(2024, 7, 3), None, "tin"),
        (TWO_DAYS, date(2024, 7, 10), None, "tin"),
        ("Năm 2023, các xã đã hoàn thành.", None, None, None),
        (
            "BỘ XÂY DỰNG ------- CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập - Tự do - Hạnh"
            " phúc --------------- Số: 21/CĐ-BXD Hà Nội, ngày 02\n  tháng 9 năm 2025 CÔNG ĐIỆN",
            date(2025, 9, 2),
            "21/CĐ-BXD",
            "công điện",
        ),
    ],
    ids=[
        "state notice: signing line wins over a cited date",
        "Party plan",
        "news: event date over banner and stamp; year from stamp",
        "year-less event date: year from the text",
        "two-day meeting: the last day",
        "no date at all",
        "a converted header: the number after the motto's rule, on one line",
    ],
)
def test_facts(text, issued, number, kind):
    facts = document_facts(text)
    assert (facts.issued, facts.number, facts.kind) == (issued, number, kind)


def test_state_header_issuer_and_title():
    facts = document_facts(STATE)
    assert facts.issuer == "ỦY BAN NHÂN DÂN HUYỆN AN HÒA"
    assert facts.title == "Kết luận của Phó Chủ tịch UBND huyện"


def test_year_before_publication_rolls_back():
    text = "Đăng lúc: 05/01/2025\nNgày 28/12, Huyện ủy tổ chức hội nghị tổng kết."
    assert document_facts(text).issued == date(2024, 12, 28)


def test_years_compared_with_are_not_the_year_of_writing():
    text = (
        "Hải quan tăng cường kiểm soát biên giới\n\n"
        "Lũy kế 5 tháng đầu năm 2020, kim ngạch giảm 3% so với cùng kỳ năm 2019 và "
        "giảm 5% so với tháng 5/2019.\n\n"
        "Tổng cục trưởng yêu cầu các cục hải quan rà soát hồ sơ trong tháng 6 này."
    )
    assert document_facts(text).year == 2020


def test_dev_corpus_issued_dates(shared_dir):
    """The gold ``issued`` of the dev corpus, found from the text alone.

    Some gold dates come from outside the text (a page address): those cannot be found,
    so this is a floor that only moves up (80 of 89 on 2026-12-07, from 50).
    """
    corpus = shared_dir / "corpus" / "dev"
    rows = [json.loads(line) for line in (corpus / "docs.jsonl").read_text("utf-8").splitlines()]
    wrong = []
    for row in rows:
        facts = document_facts(load_document(corpus / "docs" / row["doc"]).text)
        expected = date.fromisoformat(row["issued"]) if row["issued"] else None
        if facts.issued != expected:
            wrong.append((row["doc"], expected, facts.issued))
    assert len(rows) - len(wrong) >= 80, wrong


WRAPPED_HEADER = """BỘ NÔNG NGHIỆP ------- CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập - Tự do - Hạnh
  phúc --------------- Số: 12/CĐ-BNN Hà Nội, ngày 07
  tháng 8 năm 2024 CÔNG ĐIỆN VỀ VIỆC PHÒNG CHỐNG BÃO Ngày 5/8/2024, bão số 2 đã vào."""

STAMP_LINE = """Chỉ đạo điều hành
Tổ chức trực Tết Nguyên đán Ất Tỵ
Thứ hai - 20/01/2025 08:15  312 lượt xem
Ủy ban nhân dân tỉnh yêu cầu các sở trực Tết theo lịch."""

BANNER_AND_LABEL = """English Thứ Tư, 05-02-2025, 10:12 (GMT+7)
Tin chỉ đạo
Đăng ngày: 14-01-2025; 90 lần đọc
Các huyện báo cáo trước ngày 20/01."""

SOURCE_TAG = """Huyện An Lão sơ kết quý I
(AL) - Sáng 28.3, Huyện ủy An Lão tổ chức hội nghị sơ kết quý I/2025."""

INLINE_EVENT = """Sở Tài chính ngày 9/10 đã có văn bản gửi các huyện.
Các huyện gửi báo cáo trước ngày 15/10/2023."""

NEAR_YEAR = """Chiều 30/4, Sở Y tế họp khẩn.
Người bệnh nhập viện ngày 22/4/2022, xuất viện ngày 27/4/2022.
Mục tiêu đến năm 2030 giảm 10% số ca."""

SIGNING_ALONE = """UBND XÃ TÂN PHÚ
Số: 45/TB-UBND
Ngày 03 tháng 6 năm 2025
THÔNG BÁO
Đề nghị các thôn hoàn thành việc rà soát trước ngày 15/6."""

TIMETABLE_BELOW = (
    """Lịch công tác của UBND xã tuần này
Các thôn họp dân theo lịch dưới đây.
"""
    + "Nội dung họp dân về kế hoạch sản xuất vụ đông.\n" * 40
    + """Ngày 10 tháng 11 năm 2025
Thôn 1 họp dân."""
)

TABLE_CELL = """Lịch triển khai công tác bầu cử
TT
Nội dung
Ngày hoàn thành
1
Hội nghị triển khai
10/01/2026"""


@pytest.mark.parametrize(
    ("text", "issued"),
    [
        (WRAPPED_HEADER, date(2024, 8, 7)),
        (STAMP_LINE, date(2025, 1, 20)),
        (BANNER_AND_LABEL, date(2025, 1, 14)),
        (SOURCE_TAG, date(2025, 3, 28)),
        (INLINE_EVENT, date(2023, 10, 9)),
        (NEAR_YEAR, date(2022, 4, 30)),
        (TABLE_CELL, None),
        (SIGNING_ALONE, date(2025, 6, 3)),
        (TIMETABLE_BELOW, None),
    ],
    ids=[
        "signing line broken across lines in a converted header",
        "a stamp line with weekday, time and view count",
        "banner is the viewing day; the labelled stamp is the page's",
        "news source tag before the event date",
        "subject ngày d/m đã: the date of the letter",
        "year-less event takes the year of full dates near it",
        "a date alone in a table cell is no stamp",
        "a signing line without its place, alone on a line of the header",
        "a date alone on a line below the header is no signing line",
    ],
)
def test_issued_date_forms(text, issued):
    assert document_facts(text).issued == issued


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                "Đăng lúc: ",
                "ngày đăng ",
                "Cập nhật ",
                "( ",
                "05/04/2024",
                " 10:16:00",
                "ngày ",
                "12-7-2024",
                "\n",
                " ",
                ",",
                "Thứ Sáu, ",
                "x",
                "2024",
            ]
        ),
        max_size=30,
    ).map("".join),
    st.integers(min_value=0, max_value=400),
)
def test_stamps_found_where_a_scan_of_their_own_finds_them(text, cut):
    # a publication stamp is looked for only where one can start: the same match
    p = _patterns()
    low = lowered(text)
    end = min(cut, len(low))
    for pattern in (p.stamp, p.weekday_stamp, p.stamp_line):
        got = lead_search(pattern, low, 0, end)
        want = pattern.search(low, 0, end)
        assert (got and (got.span(), got.groupdict())) == (want and (want.span(), want.groupdict()))


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            ["Số: ", "số ", "12/QĐ-UBND", "---", "-- ", "Hạnh phúc", "\n", " ", "x", "5-KH/TU", "/"]
        ),
        max_size=20,
    ).map("".join),
    st.integers(min_value=0, max_value=3),
    st.integers(min_value=0, max_value=300),
)
def test_a_number_is_found_at_the_start_then_where_its_later_leads_stand(text, pos, cut):
    # "(?:^|\n|…)số …": tried at the start of the text, then only where a match that
    # does not start there can: the same match as the engine's own search
    pattern = _patterns().number
    low = lowered(text)
    end = min(cut, len(low))
    got = lead_search(pattern, low, pos, end)
    want = pattern.search(low, pos, end)
    assert (got and (got.span(), got.groupdict())) == (want and (want.span(), want.groupdict()))
