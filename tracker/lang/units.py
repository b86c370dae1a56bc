"""Unit words: comparison keys of unit names, kinds, group phrases.

"UBND huyện" and "Ủy ban nhân dân huyện" are one unit; "Thị uỷ" and "Thị ủy" too;
"các xã, thị trấn" names every xã and thị trấn. The vocabulary is in
``abbreviations.toml`` and ``unit_kinds.toml``. Imports ``lang`` only.
"""

from __future__ import annotations

import functools
import re

from tracker.lang import load_table
from tracker.lang.normal import key


@functools.cache
def _abbreviations() -> tuple[tuple[re.Pattern[str], str], ...]:
    """Abbreviation → full form, as whole-word regexes on keyed (lower-case) text."""
    pairs = []
    for entry in load_table("abbreviations").section("abbreviation"):
        short, full = key(str(entry["short"])), key(str(entry["full"]))
        pairs.append((re.compile(rf"(?<!\w){re.escape(short)}(?!\w)"), full))
    return tuple(sorted(pairs, key=lambda p: -len(p[0].pattern)))


@functools.cache
def _kind_names() -> dict[str, str]:
    """Every way of writing a kind (name or alias, keyed) → the kind's name."""
    names: dict[str, str] = {}
    for entry in load_table("unit_kinds").section("kind"):
        name = key(str(entry["name"]))
        names[name] = name
        for alias in entry.get("aliases", []):
            names[key(str(alias))] = name
    return names


def unit_key(text: str) -> str:
    """Comparison key of a unit name: folded, lower case, abbreviations expanded."""
    value = key(text).replace(",", " ")
    for pattern, full in _abbreviations():
        value = pattern.sub(full, value)
    value = re.sub(r"^(?:các|đồng chí|đ/c|toàn thể|tất cả)\s+", "", " ".join(value.split()))
    return value


def kind_key(text: str) -> str | None:
    """The registry kind that ``text`` names ("Thị trấn" → "thị trấn"), or None."""
    return _kind_names().get(key(text))


# "các xã, thị trấn", "UBND các xã, thị trấn", "Chủ tịch UBND các xã": a plural
# marker followed by a list of kinds names every unit of those kinds.
_GROUP = re.compile(r"(?:^|\s)(?:các|tất cả các|toàn bộ các)\s+(?P<kinds>.+)$")


def group_kinds(owner_text: str) -> tuple[str, ...]:
    """The kinds a group phrase fans out to ("các xã, thị trấn" → xã, thị trấn)."""
    match = _GROUP.search(key(owner_text))
    if match is None:
        return ()
    kinds: list[str] = []
    for part in re.split(r",|\s+và\s+", match.group("kinds")):
        kind = kind_key(part.strip())
        if kind is None:
            return ()
        kinds.append(kind)
    return tuple(dict.fromkeys(kinds))
