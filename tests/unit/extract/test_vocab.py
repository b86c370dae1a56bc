"""The compiled vocabulary's shortcuts give the answers of the plain regex calls."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from tracker.extract.vocab import vocabulary
from tracker.lang import load_table

_SPEECH = [str(e["phrase"]) for e in load_table("cues").section("speech")]
_NOISE = [" ", "  ", "\n", "\t", "\u00a0", ",", ":", ".", "/", "(", "x", "Bộ trưởng", "đã", "cho"]


@settings(max_examples=400, deadline=None)
@given(
    st.lists(st.sampled_from(_SPEECH + _NOISE), max_size=14).map("".join),
    st.integers(min_value=0, max_value=80),
    st.integers(min_value=0, max_value=160),
)
def test_ends_on_speech_is_the_search_for_a_phrase_at_the_end(text, pos, end):
    # looked for only in the last words: the same answer as searching the whole range
    v = vocabulary()
    low = text.lower()
    end = min(end, len(low))
    pos = min(pos, end)
    assert v.ends_on_speech(low, pos, end) == (v.speech_end.search(low, pos, end) is not None)
    assert v.ends_on_speech(low) == (v.speech_end.search(low) is not None)
