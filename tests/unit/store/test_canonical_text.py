"""The text a document's hash is taken over: copies that a reader cannot tell apart
give one string; a changed word, tone or line order does not."""

from __future__ import annotations

import pytest

from tracker.store.writes import canonical_text, content_hash

BASE = "Số: 85/TB-VP\n\nĐề nghị UBND các xã báo cáo trước ngày 25/3/2024."


@pytest.mark.parametrize(
    "copy",
    [
        pytest.param(BASE.replace("\n", "\r\n"), id="Windows line ends"),
        pytest.param(BASE.replace("\n", "\r"), id="old Mac line ends"),
        pytest.param(BASE + "\n\n", id="trailing newlines"),
        pytest.param("\n" + BASE, id="a leading blank line"),
        pytest.param(BASE.replace("các xã", "các  xã"), id="a double space"),
        pytest.param(BASE.replace("các xã", "các\u00a0xã"), id="a non-breaking space"),
        pytest.param(BASE.replace("các xã", "các\txã"), id="a tab"),
        pytest.param(BASE.replace("\n\n", " \n\n"), id="a space at a line end"),
        pytest.param(BASE.replace("\n\n", "\n\n\n\n"), id="more blank lines"),
        pytest.param(BASE.replace("UBND", "UB\u200bND"), id="a zero-width space"),
        pytest.param("\ufeff" + BASE, id="a byte order mark"),
        pytest.param(
            BASE.replace("Đề nghị", "Đe\u0302\u0300 nghi\u0323"), id="decomposed (NFD) letters"
        ),
    ],
)
def test_copies_a_reader_cannot_tell_apart_hash_alike(copy):
    assert canonical_text(copy) == canonical_text(BASE)
    assert content_hash(copy) == content_hash(BASE)


@pytest.mark.parametrize(
    "other",
    [
        pytest.param(BASE.replace("25/3", "28/3"), id="another date"),
        pytest.param(BASE.replace("báo cáo", "bao cao"), id="tones dropped"),
        pytest.param(BASE.replace("\n\n", "\n"), id="a paragraph break removed"),
        pytest.param(BASE.replace("các xã", "cácxã"), id="a space removed"),
    ],
)
def test_a_real_difference_is_another_document(other):
    assert content_hash(other) != content_hash(BASE)
