"""Scans: OCR with Tesseract (Vietnamese), a page rendered at 200 dpi with noise and a
slight rotation. One page only: the whole-corpus figures are in bench/ocr.py."""

from __future__ import annotations

import difflib

import pytest

from tests.makers import Official, font_path, official_pdf, scan_images, scanned_pdf
from tracker.errors import BadInput
from tracker.extract.header import parse_header
from tracker.load import load_document

pytestmark = pytest.mark.skipif(font_path() is None, reason="DejaVu Serif is not installed")

BODY = (
    "Đề nghị các đơn vị rà soát lực lượng, phương tiện tại chỗ, báo cáo kết quả về Văn "
    "phòng HĐND và UBND huyện trước ngày 30/3/2024.",
)


@pytest.fixture(scope="module")
def scan(tmp_path_factory, tesseract):
    folder = tmp_path_factory.mktemp("scan")
    doc = Official(paragraphs=BODY, recipients=("- Công an huyện;", "- Lưu: VT."))
    pdf = official_pdf(doc, folder / "goc.pdf")
    images = scan_images(pdf, folder / "pages", dpi=200, max_pages=1)
    return load_document(pdf), images, scanned_pdf(images, folder / "quet.pdf")


def _cer(reference: str, hypothesis: str) -> float:
    matcher = difflib.SequenceMatcher(None, reference, hypothesis, autojunk=False)
    edits = sum(
        max(i2 - i1, j2 - j1) for tag, i1, i2, j1, j2 in matcher.get_opcodes() if tag != "equal"
    )
    return edits / len(reference)


def test_a_scanned_pdf_is_read_by_ocr(scan):
    original, _, scanned = scan
    loaded = load_document(scanned)
    assert (loaded.source, loaded.source_format) == ("ocr", "pdf")
    assert loaded.ocr_confidence is not None
    assert loaded.ocr_confidence > 80
    assert _cer(original.text, loaded.text) < 0.03
    header = parse_header(loaded.text)
    assert (header.number, header.issued.isoformat()) == ("215/TB-UBND", "2024-03-12")


def test_a_png_scan_is_read_by_ocr(scan):
    original, images, _ = scan
    loaded = load_document(images[0])
    assert (loaded.source, loaded.source_format) == ("ocr", "image")
    assert _cer(original.text, loaded.text) < 0.03


def test_without_tesseract_the_message_names_the_package(scan, monkeypatch):
    _, images, _ = scan
    import tracker.load.ocr as ocr

    monkeypatch.setattr(ocr.shutil, "which", lambda name: None)
    with pytest.raises(BadInput, match="tesseract-ocr-vie") as caught:
        load_document(images[0])
    assert "\n" not in str(caught.value)


def test_without_vietnamese_data_the_message_names_it(scan, monkeypatch):
    _, images, _ = scan
    import tracker.load.ocr as ocr

    monkeypatch.setattr(ocr, "_tesseract_languages", lambda program: frozenset({"eng"}))
    with pytest.raises(BadInput, match="gói tesseract-ocr-vie"):
        load_document(images[0])


def test_a_broken_image_is_one_line(tmp_path):
    path = tmp_path / "anh.png"
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 40)
    with pytest.raises(BadInput, match="PNG bị hỏng"):
        load_document(path)
