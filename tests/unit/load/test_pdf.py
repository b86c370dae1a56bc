"""PDF with a text layer: reading order, the NĐ 30 header, furniture, paragraphs."""

from __future__ import annotations

import pytest

from tests.makers import Official, font_path, official_pdf
from tracker.errors import BadInput
from tracker.extract.header import parse_header
from tracker.load import load_document

pytestmark = pytest.mark.skipif(font_path() is None, reason="DejaVu Serif is not installed")

LONG = (
    "Ngày 10 tháng 3 năm 2024, Chủ tịch UBND huyện An Hòa chủ trì cuộc họp về công tác "
    "phòng cháy, chữa cháy rừng mùa khô năm 2024 với sự tham dự của lãnh đạo các phòng, "
    "ban, ngành liên quan và Chủ tịch UBND các xã có rừng trên địa bàn huyện."
)
TASKS = (
    "1. Hạt Kiểm lâm chủ trì, phối hợp với Công an huyện kiểm tra các điểm có nguy cơ "
    "cháy cao, hoàn thành trước ngày 15/4/2024.",
    "2. Đề nghị các đơn vị rà soát lực lượng, phương tiện tại chỗ, báo cáo kết quả về Văn "
    "phòng HĐND và UBND huyện trước ngày 30/3/2024.",
)
RECIPIENTS = (
    "- Như trên;",
    "- Hạt Kiểm lâm;",
    "- Công an huyện;",
    "- UBND các xã, thị trấn;",
    "- TT Huyện ủy (để b/c);",
    "- Lưu: VT.",
)


@pytest.fixture(scope="module")
def official(tmp_path_factory):
    doc = Official(paragraphs=(LONG, *TASKS) * 5, recipients=RECIPIENTS)
    path = tmp_path_factory.mktemp("pdf") / "thong-bao.pdf"
    official_pdf(doc, path)
    return load_document(path)


def test_source_and_pages(official):
    assert (official.source, official.source_format) == ("pdf", "pdf")
    assert official.pages >= 2


def test_the_two_column_header_is_read_column_by_column(official):
    lines = official.text.split("\n")
    assert lines[:6] == [
        "ỦY BAN NHÂN DÂN",
        "HUYỆN AN HÒA",
        "Số: 215/TB-UBND",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "An Hòa, ngày 12 tháng 3 năm 2024",
    ]
    header = parse_header(official.text)
    assert (header.number, header.place, header.issued.isoformat()) == (
        "215/TB-UBND",
        "An Hòa",
        "2024-03-12",
    )
    assert header.abstract == Official().subject  # the title's two lines joined


def test_paragraphs_are_whole_across_lines_and_pages(official):
    lines = official.text.split("\n")
    assert lines.count(LONG) == 5
    assert all(lines.count(task) == 5 for task in TASKS)


def test_running_footer_and_page_numbers_are_dropped(official):
    assert Official().running_footer not in official.text
    assert not any(line.strip().isdigit() for line in official.text.split("\n"))


def test_the_recipients_block_is_read_before_the_signer(official):
    tail = official.text.split("\n")[-10:]
    assert tail[:7] == ["Nơi nhận:", *RECIPIENTS]
    assert tail[7:] == ["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH", "Nguyễn Văn An"]


def test_a_broken_pdf_is_one_line(tmp_path):
    path = tmp_path / "hong.pdf"
    path.write_bytes(b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer\n%%EOF")
    with pytest.raises(BadInput, match="PDF") as caught:
        load_document(path)
    assert "\n" not in str(caught.value)
