"""Folding: NFC and tone placement, length-preserving so spans stay valid."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tracker.extract.vocab import lowered
from tracker.lang.normal import fold, fold_tones, key


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Thị uỷ", "Thị ủy"),
        ("hoà bình", "hòa bình"),
        ("khoẻ mạnh", "khỏe mạnh"),
        ("HOÀ", "HÒA"),
        ("hoàn thành", "hoàn thành"),
        ("quý I", "quý I"),
        ("Thuỷ lợi", "Thủy lợi"),
    ],
    ids=[
        "uy in Thị uỷ",
        "oa open syllable",
        "oe open syllable",
        "upper case",
        "closed syllable unchanged",
        "qu is a consonant",
        "Thuỷ",
    ],
)
def test_fold_tones(text, expected):
    assert fold_tones(text) == expected


def test_nfd_input_folds_to_nfc():
    nfd = unicodedata.normalize("NFD", "Ủy ban nhân dân huyện")
    assert fold(nfd) == "Ủy ban nhân dân huyện"


def test_key_ignores_case_spacing_and_tone_placement():
    assert key("  Thị  UỶ ") == key("thị ủy")


@given(st.text())
def test_fold_and_lowered_keep_the_length_of_nfc_text(text):
    nfc = unicodedata.normalize("NFC", text)
    assert len(fold(nfc)) == len(nfc)
    assert len(lowered(nfc)) == len(nfc)


@given(st.text(alphabet="ab xã\u200b\u200c\u200d\u200e\u202a\u2066\ufeff\u00ad", max_size=40))
def test_strip_invisible_maps_every_kept_character_back(text):
    from tracker.lang.normal import INVISIBLE, strip_invisible

    clean, index = strip_invisible(text)
    assert len(clean) == len(index)
    assert not set(clean) & INVISIBLE
    for position, char in zip(index, clean, strict=True):
        # a kept character is itself; a zero-width space may stand as a space
        assert text[position] == char or (text[position] == "\u200b" and char == " ")


def test_zero_width_space_between_words_becomes_a_space():
    from tracker.lang.normal import strip_invisible

    assert strip_invisible("thị\u200btrấn")[0] == "thị trấn"
    assert strip_invisible("thị \u200btrấn")[0] == "thị trấn"
    assert strip_invisible("Công an\u200d huyện")[0] == "Công an huyện"
