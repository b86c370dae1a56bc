"""Document facts: issued date, number, kind, issuer, title — on texts we wrote,
and the issued dates of the dev corpus (when ../shared is there)."""

from __future__ import annotations

import json
from datetime import date

import pytest

from tracker.extract.document import document_facts
from tracker.extract.load import load_document

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
    ],
    ids=[
        "state notice: signing line wins over a cited date",
        "Party plan",
        "news: event date over banner and stamp; year from stamp",
        "year-less event date: year from the text",
        "two-day meeting: the last day",
        "no date at all",
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


def test_dev_corpus_issued_dates(shared_dir):
    corpus = shared_dir / "corpus" / "dev"
    for line in (corpus / "docs.jsonl").read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        facts = document_facts(load_document(corpus / "docs" / row["doc"]).text)
        expected = date.fromisoformat(row["issued"]) if row["issued"] else None
        assert facts.issued == expected, row["doc"]
