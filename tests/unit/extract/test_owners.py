"""The owner chunker: where a unit's name ends and the action begins."""

from __future__ import annotations

import pytest

from tracker.extract.owners import parse_owner_list, report_target
from tracker.extract.vocab import lowered, vocabulary


def owners(text: str) -> list[str]:
    spans, _ = parse_owner_list(text, lowered(text), 0, len(text), vocabulary())
    return [s.slice(text) for s in spans]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("các xã, thị trấn tổ chức sơ kết", ["các xã, thị trấn"]),
        ("UBND các xã, thị trấn lập danh sách", ["UBND các xã, thị trấn"]),
        ("Công an huyện tập hợp danh sách", ["Công an huyện"]),
        ("Phòng Tài chính thẩm định dự toán", ["Phòng Tài chính"]),
        (
            "Phòng Nông nghiệp và Phát triển nông thôn hướng dẫn",
            ["Phòng Nông nghiệp và Phát triển nông thôn"],
        ),
        (
            "Trung tâm Văn hóa - Thông tin và Thể thao huyện tuyên truyền",
            ["Trung tâm Văn hóa - Thông tin và Thể thao huyện"],
        ),
        (
            "Ban chỉ đạo xây dựng cơ sở huyện, Ban điều hành cụm tiếp tục",
            ["Ban chỉ đạo xây dựng cơ sở huyện", "Ban điều hành cụm"],
        ),
        ("các phòng, ngành, cơ quan, đơn vị đánh giá", ["các phòng, ngành, cơ quan, đơn vị"]),
        ("các xã, thị trấn, Cơ quan đơn vị bám theo", ["các xã, thị trấn", "Cơ quan đơn vị"]),
        (
            "Thành viên Ban chỉ đạo, cán bộ phụ trách chuyên môn phải dự",
            ["Thành viên Ban chỉ đạo", "cán bộ phụ trách chuyên môn"],
        ),
        ("Chủ tịch UBND các xã chịu trách nhiệm", ["Chủ tịch UBND các xã"]),
        (
            "Cấp ủy, chính quyền, khối dân vận từ huyện đến cơ sở cần",
            ["Cấp ủy", "chính quyền", "khối dân vận từ huyện đến cơ sở"],
        ),
        ("Thị uỷ chỉ đạo các phường", ["Thị uỷ"]),
        ("Hội nghị đã thống nhất", []),
        ("tổ chức hội nghị", []),
        ("Phòng Y tế và Phòng Giáo dục kiểm tra", ["Phòng Y tế", "Phòng Giáo dục"]),
    ],
    ids=lambda value: value if isinstance(value, str) else None,
)
def test_owner_list(text, expected):
    assert owners(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("báo cáo kết quả, gửi về Công an huyện là cơ quan thường trực", "Công an huyện"),
        ("tập hợp danh sách báo cáo Thường trực UBND huyện", "Thường trực UBND huyện"),
        ("báo cáo kết quả về Ban chỉ đạo trước 10/4/2024", "Ban chỉ đạo"),
        ("tổ chức tuyên truyền trong nhân dân", None),
    ],
    ids=["gửi về X là …", "báo cáo X", "về X trước …", "no recipient"],
)
def test_report_target(text, expected):
    span = report_target(text, lowered(text), 0, len(text), vocabulary())
    assert (span.slice(text) if span else None) == expected
