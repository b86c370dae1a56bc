"""The unit registry's rules: which registered units an owner text names.

Owner texts are kept as written ("UBND các xã, thị trấn", "Công an huyện"); this
module resolves them to units through canonical names, aliases, abbreviations
(UBND ↔ Ủy ban nhân dân, HĐND, MTTQ …) and tone-placement folding, and fans group
phrases out by kind: "các xã, thị trấn" → every active xã and thị trấn.

Pure rules over ``UnitRecord`` values; ``load_registry`` reads them from the store.
Imports ``lang`` and ``store.models``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from tracker.lang.normal import key
from tracker.lang.units import group_kinds, kind_key, unit_key
from tracker.store.models import Unit


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


def load_registry(session: Session) -> Registry:
    """The registry of active units, with their aliases."""
    units = session.scalars(
        select(Unit)
        .where(Unit.active.is_(True))
        .options(selectinload(Unit.aliases))  # one query for all aliases, not one per unit
        .order_by(Unit.id)
    )
    return Registry(
        UnitRecord(
            u.id, u.name, u.kind, u.parent_id, tuple(a.alias for a in u.aliases), u.email, u.active
        )
        for u in units
    )


__all__ = [
    "Registry",
    "Resolution",
    "UnitRecord",
    "group_kinds",
    "kind_key",
    "load_registry",
    "unit_key",
]
