"""Loading documents: formats, encodings, and every refusal as one clear BadInput."""

from __future__ import annotations

import codecs
import os
import unicodedata

import pytest

from tracker.errors import BadInput
from tracker.load import load_document

TEXT = "Đề nghị UBND các xã hoàn thành trước ngày 5/5/2024.\nThị uỷ theo dõi."


def test_utf8(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text(TEXT, encoding="utf-8")
    loaded = load_document(path)
    assert (loaded.text, loaded.source_format, loaded.encoding) == (TEXT, "txt", "utf-8")


def test_utf8_with_bom_and_crlf(tmp_path):
    path = tmp_path / "a.txt"
    path.write_bytes(codecs.BOM_UTF8 + TEXT.replace("\n", "\r\n").encode("utf-8"))
    assert load_document(path).text == TEXT


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le"])
def test_utf16(tmp_path, encoding):
    path = tmp_path / "a.txt"
    data = TEXT.encode(encoding)
    path.write_bytes(data)
    assert load_document(path).text == TEXT


def test_nfd_becomes_nfc(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text(unicodedata.normalize("NFD", TEXT), encoding="utf-8")
    assert load_document(path).text == TEXT


def test_html_drops_scripts_and_menus(tmp_path):
    path = tmp_path / "a.html"
    path.write_text(
        "<html><head><style>p{}</style><script>var x='Đề nghị giả';</script></head><body>"
        "<nav>Trang chủ</nav><div class='main-menu'>Giới thiệu</div>"
        "<h1>Thông báo kết luận</h1><p>Đề nghị các xã báo cáo&nbsp;trước ngày 5/5/2024.<p>Dòng hai"
        "<footer>Bản quyền</footer></body></html>",
        encoding="utf-8",
    )
    loaded = load_document(path)
    assert loaded.source_format == "html"
    assert (
        loaded.text == "Thông báo kết luận\nĐề nghị các xã báo cáo trước ngày 5/5/2024.\nDòng hai"
    )


def test_docx_paragraphs_and_tables_in_order(tmp_path):
    import docx

    document = docx.Document()
    document.add_paragraph("THÔNG BÁO")
    table = document.add_table(rows=1, cols=2)
    table.rows[0].cells[0].text = "Phòng Y tế"
    table.rows[0].cells[1].text = "kiểm tra trước ngày 5/5/2024"
    document.add_paragraph("Đề nghị các xã báo cáo.")
    path = tmp_path / "a.docx"
    document.save(str(path))
    loaded = load_document(path)
    assert (
        loaded.text
        == "THÔNG BÁO\nPhòng Y tế | kiểm tra trước ngày 5/5/2024\nĐề nghị các xã báo cáo."
    )


@pytest.mark.parametrize(
    ("name", "data", "needle"),
    [
        ("empty.txt", b"", "rỗng"),
        ("blank.txt", b"  \n\t\n", "không có nội dung"),
        ("nul.txt", b"abc\x00\x01\x02def" * 10, "nhị phân"),
        ("scan.txt", b"%PDF-1.7\n...", "PDF"),
        ("photo.txt", b"\x89PNG\r\n\x1a\n....", "PNG"),
        (
            "latin1.txt",
            "Café crème brûlée à la française, très élégant".encode("latin-1"),
            "mã hóa không nhận ra",
        ),
        ("broken.docx", b"PK\x03\x04not really a zip", ".docx"),
        ("old.docx", b"hello", "không phải tệp .docx"),
    ],
    ids=lambda v: v if isinstance(v, str) and "." in v else None,
)
def test_refusals(tmp_path, name, data, needle):
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(BadInput) as caught:
        load_document(path)
    message = str(caught.value)
    assert needle in message
    assert name in message
    assert "\n" not in message


def test_missing_file_and_folder(tmp_path):
    with pytest.raises(BadInput, match="không tồn tại"):
        load_document(tmp_path / "absent.txt")
    with pytest.raises(BadInput, match="thư mục"):
        load_document(tmp_path)


def test_fifo_is_refused_without_opening(tmp_path):
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    with pytest.raises(BadInput, match="không phải tệp thường"):
        load_document(fifo)  # would block forever if it were opened


def test_size_limit(tmp_path):
    path = tmp_path / "big.txt"
    path.write_text("ngày " * 1000, encoding="utf-8")
    with pytest.raises(BadInput, match="quá lớn"):
        load_document(path, max_bytes=1000)


def test_docx_header_table_is_read_column_by_column(tmp_path):
    import docx

    from tracker.extract.header import parse_header

    document = docx.Document()
    table = document.add_table(rows=1, cols=2)
    left, right = table.rows[0].cells
    left.text = "ỦY BAN NHÂN DÂN"
    left.add_paragraph("HUYỆN AN HÒA")
    left.add_paragraph("Số: 215/UBND-VP")
    right.text = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    right.add_paragraph("Độc lập - Tự do - Hạnh phúc")
    right.add_paragraph("An Hòa, ngày 12 tháng 3 năm 2024")
    document.add_paragraph("Đề nghị các xã báo cáo trước ngày 20/3/2024.")
    path = tmp_path / "cv.docx"
    document.save(str(path))
    text = load_document(path).text
    assert text.split("\n")[:3] == ["ỦY BAN NHÂN DÂN", "HUYỆN AN HÒA", "Số: 215/UBND-VP"]
    header = parse_header(text)
    assert (header.issuer, header.number, header.place) == (
        "ỦY BAN NHÂN DÂN HUYỆN AN HÒA",
        "215/UBND-VP",
        "An Hòa",
    )
