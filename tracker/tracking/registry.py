"""The unit registry's rules: which registered units an owner text names.

Owner texts are kept as written ("UBND các xã, thị trấn", "Công an huyện"); this
module resolves them to units through canonical names, aliases, abbreviations
(UBND ↔ Ủy ban nhân dân, HĐND, MTTQ …) and tone-placement folding, and fans group
phrases out by kind: "các xã, thị trấn" → every active xã and thị trấn.

Pure functions over ``UnitRecord`` values: no database here (``store`` loads the
records). Imports ``lang`` only.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from tracker.lang import load_table
from tracker.lang.normal import key


@dataclass(frozen=True, slots=True)
class UnitRecord:
    """A registered unit, as the tracking rules see it."""

    id: int
    name: str
    kind: str
    parent_id: int | None = None
    aliases: tuple[str, ...] = ()
    email: str | None = None
    active: bool = True


@dataclass(frozen=True, slots=True)
class Resolution:
    """Units named by one owner text; ``group`` when a group phrase fanned out."""

    owner_text: str
    units: tuple[UnitRecord, ...] = field(default=())
    group: bool = False

    @property
    def resolved(self) -> bool:
        """Whether any unit was found."""
        return bool(self.units)


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


class Registry:
    """Active units indexed by name key, alias key and kind."""

    def __init__(self, units: Iterable[UnitRecord]) -> None:
        self.units = tuple(u for u in units if u.active)
        self.by_key: dict[str, UnitRecord] = {}
        self.by_kind: dict[str, list[UnitRecord]] = {}
        for unit in self.units:
            for text in (unit.name, *unit.aliases):
                self.by_key.setdefault(unit_key(text), unit)
            kind = kind_key(unit.kind) or key(unit.kind)
            self.by_kind.setdefault(kind, []).append(unit)

    def resolve(self, owner_text: str) -> Resolution:
        """The units ``owner_text`` names (exact name/alias first, then a group)."""
        found = self.by_key.get(unit_key(owner_text))
        if found is not None:
            return Resolution(owner_text, (found,))
        kinds = group_kinds(owner_text)
        if kinds:
            members = [u for kind in kinds for u in self.by_kind.get(kind, [])]
            return Resolution(owner_text, tuple(dict.fromkeys(members)), group=True)
        return Resolution(owner_text)

    def resolve_all(self, owner_texts: Sequence[str]) -> list[Resolution]:
        """``resolve`` for each owner text, in order."""
        return [self.resolve(text) for text in owner_texts]


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
