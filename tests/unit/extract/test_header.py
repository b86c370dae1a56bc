"""The NĐ 30 header as data: each layout it arrives in, and what it yields."""

from __future__ import annotations

from datetime import date

import pytest

from tracker.extract.header import parse_header

COLUMNS = """ỦY BAN NHÂN DÂN
HUYỆN AN HÒA
Số: 215/UBND-VP
V/v kiểm tra phòng cháy rừng
mùa khô năm 2024
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
An Hòa, ngày 12 tháng 3 năm 2024
Kính gửi:
- Hạt Kiểm lâm;
- UBND các xã, thị trấn.
Để chủ động phòng cháy, đề nghị các đơn vị kiểm tra trước ngày 30/3/2024.
Nơi nhận:
- Như trên;
- TT Huyện ủy (để b/c);
- CT, các PCT UBND huyện;
- Lưu: VT.
TM. ỦY BAN NHÂN DÂN
CHỦ TỊCH
Nguyễn Văn An"""

SIDE_BY_SIDE = """ĐẢNG BỘ TỈNH AN PHÚ          ĐẢNG CỘNG SẢN VIỆT NAM
HUYỆN ỦY AN HÒA
*
Số 120-KH/HU                  An Hòa, ngày 05 tháng 4 năm 2024
KẾ HOẠCH
thực hiện chương trình chuyển đổi số năm 2024
Các chi bộ, đảng bộ cơ sở triển khai thực hiện."""

RUN_TOGETHER = (
    "BỘ XÂY DỰNG ------- CỘNG HÒA XÃ HỘI\n  CHỦ NGHĨA VIỆT NAM Độc lập - Tự do - Hạnh phúc "
    "--------------- Số: 14/CĐ-BXD Hà Nội, ngày 11\n  tháng 5 năm 2025 CÔNG ĐIỆN VỀ VIỆC TĂNG "
    "CƯỜNG\nCÔNG TÁC BẢO ĐẢM AN TOÀN GIAO THÔNG Các cơ quan thực hiện./. Nơi nhận: - Như trên; "
    "- Thủ tướng Chính phủ (để b/c); - Các Cục: Đường bộ VN; Hàng không VN; - Lưu: VT, CN (2). "
    "BỘ TRƯỞNG Nguyễn Văn Bình"
)


def test_header_read_column_by_column():
    header = parse_header(COLUMNS)
    assert header.issuer == "ỦY BAN NHÂN DÂN HUYỆN AN HÒA"
    assert header.number == "215/UBND-VP"
    assert (header.place, header.issued) == ("An Hòa", date(2024, 3, 12))
    assert (header.kind, header.abstract) == (
        "công văn",
        "kiểm tra phòng cháy rừng mùa khô năm 2024",
    )
    assert header.addressees == ("Hạt Kiểm lâm", "UBND các xã, thị trấn")
    assert header.recipients == (
        "Như trên",
        "TT Huyện ủy (để b/c)",
        "CT, các PCT UBND huyện",
        "Lưu: VT",
    )


def test_party_header_side_by_side():
    header = parse_header(SIDE_BY_SIDE)
    assert (header.issuer, header.parent) == ("HUYỆN ỦY AN HÒA", "ĐẢNG BỘ TỈNH AN PHÚ")
    assert header.number == "120-KH/HU"
    assert header.issued == date(2024, 4, 5)
    assert (header.kind, header.abstract) == (
        "kế hoạch",
        "thực hiện chương trình chuyển đổi số năm 2024",
    )


def test_header_run_together_as_web_pages_copy_it():
    header = parse_header(RUN_TOGETHER)
    assert header.issuer == "BỘ XÂY DỰNG"
    assert (header.number, header.place, header.issued) == (
        "14/CĐ-BXD",
        "Hà Nội",
        date(2025, 5, 11),
    )
    assert header.kind == "công điện"
    assert header.abstract == "VỀ VIỆC TĂNG CƯỜNG CÔNG TÁC BẢO ĐẢM AN TOÀN GIAO THÔNG"
    assert header.recipients == (
        "Như trên",
        "Thủ tướng Chính phủ (để b/c)",
        "Các Cục: Đường bộ VN; Hàng không VN",
        "Lưu: VT, CN (2)",
    )


@pytest.mark.parametrize(
    "text",
    ["", "Đề nghị các xã báo cáo trước ngày 5/5/2024.", "Tin tức\nNgày 3/7, huyện họp."],
    ids=["empty", "one sentence", "news page"],
)
def test_text_without_a_header_gives_an_empty_header(text):
    header = parse_header(text)
    assert (header.number, header.issuer, header.issued, header.recipients) == (
        None,
        None,
        None,
        (),
    )
