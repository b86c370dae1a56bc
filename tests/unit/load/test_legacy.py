"""Legacy Vietnamese encodings: the tables, round trips, detection, conversion on load."""

from __future__ import annotations

import shutil
import subprocess
import unicodedata

import pytest

from tracker.load import legacy, load_document

SAMPLE = (
    "ỦY BAN NHÂN DÂN HUYỆN AN HÒA\n"
    "Đề nghị các xã, thị trấn rà soát lực lượng, phương tiện tại chỗ; "
    "Ủy ban Mặt trận Tổ quốc huyện phối hợp. Hạt Kiểm lâm tổng hợp, báo cáo "
    "trước ngày 15/4/2024 – “khẩn” … Ưu tiên những điểm nguy cơ cháy cao."
)


@pytest.mark.parametrize("encoding", legacy.ENCODINGS)
def test_round_trip_of_a_text_we_wrote(encoding):
    data = legacy.encode(SAMPLE, encoding)
    assert not data.isascii()
    assert legacy.decode(data, encoding) == SAMPLE


@pytest.mark.parametrize(
    ("encoding", "word", "data"),
    [
        ("tcvn3", "thông báo", b"th\xabng b\xb8o"),
        ("tcvn3", "đề nghị", b"\xae\xd2 ngh\xde"),
        ("vni", "thông báo", b"tho\xe2ng ba\xf9o"),
        ("vni", "đề nghị", b"\xf1e\xe0 ngh\xf2"),
        ("vni", "người", b"ng\xf6\xf4\xf8i"),
        ("cp1258", "đề nghị", b"\xf0\xea\xcc nghi\xf2"),
    ],
    ids=lambda v: v if isinstance(v, str) else None,
)
def test_published_codes_of_common_words(encoding, word, data):
    assert legacy.decode(data, encoding) == word
    assert legacy.encode(word, encoding) == data


@pytest.mark.skipif(shutil.which("iconv") is None, reason="iconv (glibc) is not installed")
def test_tcvn3_table_agrees_with_glibc_tcvn5712():
    # glibc's TCVN5712-1 implements TCVN 5712:1993; 0x80–0x9F differ on purpose (the
    # ABC fonts keep Windows punctuation there).
    for byte in [*range(0x01, 0x20), *range(0xA1, 0x100)]:
        done = subprocess.run(
            ["iconv", "-f", "TCVN5712-1", "-t", "UTF-8"],
            input=bytes([byte]),
            capture_output=True,
            check=True,
        )
        expected = unicodedata.normalize("NFC", done.stdout.decode("utf-8"))
        assert legacy.decode(bytes([byte]), "tcvn3") == expected, hex(byte)


def test_a_character_outside_the_code_is_named():
    with pytest.raises(ValueError, match="TCVN3"):
        legacy.encode("Tiếng Việt ≠ 中文", "tcvn3")


@pytest.mark.parametrize("encoding", legacy.ENCODINGS)
def test_guess_names_the_encoding(encoding):
    found = legacy.guess(legacy.encode(SAMPLE, encoding))
    assert found == (encoding, SAMPLE)


def test_guess_refuses_text_that_is_not_vietnamese():
    assert legacy.guess("Où est la boîte à lettres près de l'école ?".encode("latin-1")) is None


@pytest.mark.parametrize("encoding", ["tcvn3", "vni"])
def test_repair_of_a_legacy_code_read_as_windows_1252(encoding):
    shown = legacy.encode(SAMPLE, encoding).decode("cp1252", errors="replace")
    assert legacy.repair(shown) == (SAMPLE, encoding)


@pytest.mark.parametrize(
    "text",
    [
        "Công an xã An Bình và các ông bà",  # Vietnamese in Latin-1 letters only
        "Réunion à l'hôtel de ville à 15h",
        "Kế hoạch số 12/KH-UBND",
    ],
)
def test_repair_leaves_ordinary_text_alone(text):
    assert legacy.repair(text) == (text, None)


@pytest.mark.parametrize(
    ("encoding", "name"), [("tcvn3", "TCVN3"), ("vni", "VNI"), ("cp1258", "1258")]
)
def test_a_legacy_txt_file_is_converted_on_load(tmp_path, encoding, name):
    path = tmp_path / "cu.txt"
    path.write_bytes(legacy.encode(SAMPLE, encoding))
    loaded = load_document(path)
    assert loaded.text == SAMPLE
    assert name in (loaded.legacy or "")


def test_docx_runs_in_legacy_fonts_are_converted(tmp_path):
    import docx

    document = docx.Document()
    paragraph = document.add_paragraph()
    heading = paragraph.add_run(legacy.encode("ủy ban nhân dân", "tcvn3").decode("cp1252"))
    heading.font.name = ".VnTimeH"  # the capitals font: lowercase codes, capital glyphs
    body = document.add_paragraph()
    run = body.add_run(legacy.encode("Đề nghị các xã báo cáo", "vni").decode("cp1252"))
    run.font.name = "VNI-Times"
    body.add_run(" và Unicode giữ nguyên.").font.name = "Times New Roman"
    path = tmp_path / "cu.docx"
    document.save(str(path))
    assert (
        load_document(path).text == "ỦY BAN NHÂN DÂN\nĐề nghị các xã báo cáo và Unicode giữ nguyên."
    )


def test_docx_default_font_from_styles_applies_to_runs(tmp_path):
    import docx

    document = docx.Document()
    document.styles["Normal"].font.name = ".VnTime"
    document.add_paragraph(legacy.encode("Thông báo kết luận", "tcvn3").decode("cp1252"))
    path = tmp_path / "mac-dinh.docx"
    document.save(str(path))
    assert load_document(path).text == "Thông báo kết luận"


def test_eth_written_for_d_is_repaired_in_vietnamese_text(tmp_path):
    path = tmp_path / "eth.txt"
    path.write_text("Ðề nghị các xã báo cáo", encoding="utf-8")
    assert load_document(path).text == "Đề nghị các xã báo cáo"


# --- the whole dev corpus (../shared; skipped outside CI when absent) -------------------


def _dev_texts(shared_dir):
    for path in sorted((shared_dir / "corpus" / "dev" / "docs").glob("*.txt")):
        yield path.name, load_document(path).text


def test_detection_never_fires_on_the_unicode_dev_corpus(shared_dir):
    fired = [name for name, text in _dev_texts(shared_dir) if legacy.repair(text)[1]]
    assert fired == []


@pytest.mark.parametrize("encoding", ["tcvn3", "vni"])
def test_every_dev_document_round_trips_and_is_recognised(shared_dir, encoding):
    wrong = []
    for name, text in _dev_texts(shared_dir):
        data = legacy.encode(text, encoding)
        if legacy.decode(data, encoding) != text or legacy.guess(data) != (encoding, text):
            wrong.append(name)
    assert wrong == []
