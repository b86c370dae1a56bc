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
