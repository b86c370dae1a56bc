"""Text folding shared by document text and language tables.

Vietnamese arrives in NFC or NFD and with the old ("hoà", "Thị uỷ") or the new
("hòa", "Thị ủy") tone placement. Everything that matches words folds both sides
with :func:`fold` first. Folding here is *length-preserving on NFC text*, so an
index into the folded string is an index into the NFC original.

Imports nothing from the package.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Sequence

# Two tone placements are in use for open "oa/oe/uy" syllables: "hoà", "thuỷ",
# "khoẻ" (tone on the second vowel) and "hòa", "thủy", "khỏe" (on the first). Texts of
# one office mix them ("Thị uỷ" in a heading, "Thị ủy" in the body). We fold to the
# second form, as the corpus scorer does.
_OLD_TO_NEW = {
    "oà": "òa",
    "oá": "óa",
    "oả": "ỏa",
    "oã": "õa",
    "oạ": "ọa",
    "oè": "òe",
    "oé": "óe",
    "oẻ": "ỏe",
    "oẽ": "õe",
    "oẹ": "ọe",
    "uỳ": "ùy",
    "uý": "úy",
    "uỷ": "ủy",
    "uỹ": "ũy",
    "uỵ": "ụy",
}
_OLD_TO_NEW.update({k.upper(): v.upper() for k, v in list(_OLD_TO_NEW.items())})
_OLD_TO_NEW.update(
    {k[0].upper() + k[1]: v[0].upper() + v[1] for k, v in list(_OLD_TO_NEW.items()) if k.islower()}
)

# Only an open syllable differs between the two styles: "hoà" vs "hòa", but "hoàn"
# is the same in both. "qu" is a consonant, so "quý" never moves ("qúy" is wrong).
# A character class finds the candidates in one pass; the table decides. (The "q"
# before is looked at after the vowel, so the pattern starts with a character class,
# which the regex engine skips to at once instead of trying every position.)
_TONE_RE = re.compile(r"([oOuU][àáảãạèéẻẽẹỳýỷỹỵÀÁẢÃẠÈÉẺẼẸỲÝỶỸỴ])(?<![qQ]..)(?!\w)")

# Characters that web pages carry but carry no meaning for matching.
SPACE_LIKE = (
    "\u00a0\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000\t"
)


_SPACES = re.compile(f"[{SPACE_LIKE}]")


# Characters that show nothing and mean nothing to a reader: zero-width spaces and
# joiners, the word joiner, byte-order marks, the soft hyphen and bidirectional
# controls. Pasted from web pages and PDFs they split words ("thị\u200btrấn") and hide
# units from matching, so the extractor reads the text without them.
INVISIBLE = frozenset(
    "\u200b\u200c\u200d\u2060\ufeff\u00ad\u200e\u200f\u061c"
    "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
)
_INVISIBLE_RE = re.compile(f"[{''.join(sorted(INVISIBLE))}]")


def strip_invisible(text: str) -> tuple[str, Sequence[int]]:
    """``text`` without invisible characters, and for each kept character its index in
    ``text`` (so spans found in the clean text map back to the original).

    A zero-width space between two visible characters stood for a word break and
    becomes a space; the others go.
    """
    if not _INVISIBLE_RE.search(text):
        return text, range(len(text))  # (every index its own: no list to build)
    out: list[str] = []
    index: list[int] = []
    for i, char in enumerate(text):
        if char not in INVISIBLE:
            out.append(char)
            index.append(i)
            continue
        if char == "\u200b" and out and not out[-1].isspace():
            nxt = next((c for c in text[i + 1 :] if c not in INVISIBLE), " ")
            if not nxt.isspace():
                out.append(" ")
                index.append(i)
    return "".join(out), index


def nfc(text: str) -> str:
    """Unicode NFC (the form every span refers to)."""
    return unicodedata.normalize("NFC", text)


def fold_tones(text: str) -> str:
    """Old tone placement → new ("hoà" → "hòa", "Thị uỷ" → "Thị ủy"); keeps length."""
    return _TONE_RE.sub(lambda m: _OLD_TO_NEW.get(m.group(1), m.group(1)), text)


def fold(text: str) -> str:
    """NFC, new tone placement, odd spaces → " "; for matching, not for display.

    On text that is already NFC the result has the same length as the input.
    """
    return _SPACES.sub(" ", fold_tones(nfc(text)))


def key(text: str) -> str:
    """A comparison key: folded, lower case, words separated by one space."""
    return " ".join(fold(text).lower().split())


# the five tone marks (huyền, sắc, ngã, hỏi, nặng) as combining characters
TONES = "\u0300\u0301\u0303\u0309\u0323"


@functools.cache
def _syllable() -> re.Pattern[str]:
    from tracker.lang import load_table

    return re.compile(load_table("syllables").patterns["patterns"]["syllable"])


def is_syllable(word: str) -> bool:
    """Whether a lower-case word is one Vietnamese syllable (lang/vi/syllables.toml):
    at most one tone mark, and the shape of a syllable without it."""
    parts = unicodedata.normalize("NFD", word)
    if sum(1 for c in parts if c in TONES) > 1:
        return False
    plain = unicodedata.normalize("NFC", "".join(c for c in parts if c not in TONES))
    return _syllable().fullmatch(plain) is not None
