"""Resource limits of loading: zip bombs, broken HTML, page counts, progress."""

from __future__ import annotations

import io
import zipfile

import pytest

from tracker.errors import BadInput
from tracker.load import Limits, load_bytes, load_document
from tracker.load.html import html_to_text

CONTENT_TYPES = (
    '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
    'content-types"/>'
)
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def _docx(document_xml: bytes, *, extra: dict[str, bytes] | None = None) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        archive.writestr("word/document.xml", document_xml)
        for name, data in (extra or {}).items():
            archive.writestr(name, data)
    return buffer.getvalue()


def _paragraphs(text: str, count: int) -> bytes:
    body = f"<w:p><w:r><w:t>{text}</w:t></w:r></w:p>" * count
    return f'<w:document xmlns:w="{W}"><w:body>{body}</w:body></w:document>'.encode()


def test_a_small_docx_made_by_hand_reads():
    data = _docx(_paragraphs("Đề nghị các xã báo cáo.", 2))
    assert load_bytes("a.docx", data).text == "Đề nghị các xã báo cáo.\nĐề nghị các xã báo cáo."


def test_a_docx_bomb_is_refused_before_unpacking(monkeypatch):
    # 60 MB of one repeated paragraph packs into a few hundred KB (ratio ≈ 400:1)
    data = _docx(_paragraphs("x", 3_000_000))
    assert len(data) < 1_000_000
    unpacked = []
    real_open = zipfile.ZipFile.open
    monkeypatch.setattr(
        zipfile.ZipFile,
        "open",
        lambda self, *a, **k: unpacked.append(a) or real_open(self, *a, **k),
    )
    with pytest.raises(BadInput, match="nén") as caught:
        load_bytes("bom.docx", data)
    assert "\n" not in str(caught.value)
    assert unpacked == []  # refused from the directory, nothing decompressed


def test_total_unpacked_size_is_capped():
    data = _docx(_paragraphs("Đề nghị các xã báo cáo trước ngày 5/5/2024. ", 20_000))
    with pytest.raises(BadInput, match="giới hạn 100,000 byte"):
        load_bytes("lon.docx", data, limits=Limits(max_unpacked=100_000))


def test_a_directory_that_lies_about_sizes_is_caught_while_reading():
    data = bytearray(_docx(_paragraphs("Đề nghị các xã báo cáo. ", 50_000)))
    # shrink the declared size of word/document.xml in the central directory
    archive = zipfile.ZipFile(io.BytesIO(bytes(data)))
    info = archive.getinfo("word/document.xml")
    declared = info.file_size.to_bytes(4, "little")
    central = data.rfind(b"PK\x01\x02", 0, data.rfind(b"word/document.xml"))
    position = data.index(declared, central)
    data[position : position + 4] = (1000).to_bytes(4, "little")
    with pytest.raises(BadInput):
        load_bytes("doi.docx", bytes(data))


def test_xml_entities_are_not_expanded():
    lol = (
        b'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY a "aaaaaaaaaa">'
        b'<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>'
        + f'<w:document xmlns:w="{W}"><w:body><w:p><w:r><w:t>&b;</w:t></w:r></w:p>'.encode()
        + b"<w:p><w:r><w:t>B\xc3\xa1o c\xc3\xa1o</w:t></w:r></w:p></w:body></w:document>"
    )
    text = load_bytes("x.docx", _docx(lol)).text
    assert "aaaaaaaaaa" not in text
    assert "Báo cáo" in text


@pytest.mark.parametrize(
    ("page", "expected"),
    [
        ("<p>Đề nghị" + "<div><span>" * 20_000 + "các xã báo cáo</p>", "Đề nghị\ncác xã báo cáo"),
        ("<p>Trước<!-- chưa đóng" + " <!-- x" * 20_000, "Trước"),
        ("<p>Trước<a href='x" + "<a href='y" * 20_000, "Trước"),
        ("<p>a < b</p><p>Sau</p>", "a < b\nSau"),
        ("<script>var s = '<p>giả</p>';</script><p>Thật</p>", "Thật"),
        ("<div class='menu'><div>Trang chủ</div></div><p>Nội dung</p>", "Nội dung"),
    ],
    ids=["unclosed tags", "open comment", "open tag", "lone <", "script", "menu"],
)
def test_html_of_broken_pages(page, expected):
    assert html_to_text(page) == expected


def test_too_many_pages_is_refused(tmp_path):
    from PIL import Image

    frames = [Image.new("L", (50, 50), 255) for _ in range(4)]
    path = tmp_path / "quet.tif"
    frames[0].save(path, save_all=True, append_images=frames[1:])
    with pytest.raises(BadInput, match="4 trang, vượt giới hạn 3"):
        load_document(path, limits=Limits(max_pages=3))


def test_a_long_text_is_announced(tmp_path):
    path = tmp_path / "dai.txt"
    path.write_text("Đề nghị các xã báo cáo. " * 200, encoding="utf-8")
    said: list[str] = []
    load_document(path, limits=Limits(long_text=1000), progress=said.append)
    assert len(said) == 1
    assert "dai.txt" in said[0]
