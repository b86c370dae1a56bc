"""The unit registry's rules: which registered units an owner text names.

Owner texts are kept as written ("UBND các xã, thị trấn", "Công an huyện"); this
module resolves them to units through canonical names, aliases, abbreviations
(UBND ↔ Ủy ban nhân dân, HĐND, MTTQ …) and tone-placement folding, and fans group
phrases out by kind: "các xã, thị trấn" → every active xã and thị trấn.

Units change: a merged commune or an abolished district is retired with a
successor, and its names lead there for new tasks. Group phrases fan out within a
document's scope (the issuing body's area; ``Registry.members`` states the rule).

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
    successor_id: int | None = None


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


@dataclass(frozen=True, slots=True)
class Scope:
    """Where a document's group phrases fan out: the registry unit that issued it
    (``area``, None when the issuer is not in the registry)."""

    area: int | None = None


class Registry:
    """Units indexed by name key, alias key and kind; retired units lead to their
    successors.

    Names: an active unit's name or alias names it; a retired unit's name or alias
    (a commune merged in 2025, an abolished district) names its successor, followed
    to the active end of the chain (none when it was retired without one). An
    active unit's name wins over a retired one's: a new commune may take the name
    of one it absorbed.
    """

    def __init__(self, units: Iterable[UnitRecord]) -> None:
        everything = tuple(units)
        self.by_id: dict[int, UnitRecord] = {u.id: u for u in everything}
        self.units = tuple(u for u in everything if u.active)
        self.by_key: dict[str, UnitRecord] = {}
        self.literal: dict[str, UnitRecord] = {}  # every unit by its own names, retired too
        self.by_kind: dict[str, list[UnitRecord]] = {}
        self._members: dict[tuple[tuple[str, ...], int | None], list[UnitRecord]] = {}
        for unit in everything:
            for text in (unit.name, *unit.aliases):
                self.literal.setdefault(unit_key(text), unit)
        for unit in self.units:
            for text in (unit.name, *unit.aliases):
                self.by_key.setdefault(unit_key(text), unit)
            self.by_kind.setdefault(self._kind(unit), []).append(unit)
        for unit in everything:
            heir = self.current(unit)
            if heir is not None and heir is not unit:
                for text in (unit.name, *unit.aliases):
                    self.by_key.setdefault(unit_key(text), heir)

    @staticmethod
    def _kind(unit: UnitRecord) -> str:
        return kind_key(unit.kind) or key(unit.kind)

    def current(self, unit: UnitRecord) -> UnitRecord | None:
        """The active unit that stands for ``unit`` now: itself, or the end of its
        chain of successors (None: retired without one)."""
        seen: set[int] = set()
        while not unit.active:
            if unit.successor_id is None or unit.id in seen:
                return None
            seen.add(unit.id)
            following = self.by_id.get(unit.successor_id)
            if following is None:
                return None
            unit = following
        return unit

    def named(self, text: str) -> UnitRecord | None:
        """The unit whose own name or alias ``text`` is, active or retired (its
        history is asked for, not its successor's)."""
        return self.literal.get(unit_key(text))

    def resolve(self, owner_text: str, *, within: Scope | None = None) -> Resolution:
        """The units ``owner_text`` names (exact name/alias first, then a group).

        ``within``: the document's scope, for group phrases (``members``); without
        one a group names every active unit of its kinds.
        """
        found = self.by_key.get(unit_key(owner_text))
        if found is not None:
            return Resolution(owner_text, (found,))
        kinds = group_kinds(owner_text)
        if kinds:
            if within is None:
                members = [u for kind in kinds for u in self.by_kind.get(kind, [])]
            else:
                members = self.members(kinds, within)
            return Resolution(owner_text, tuple(dict.fromkeys(members)), group=True)
        return Resolution(owner_text)

    def resolve_all(self, owner_texts: Sequence[str]) -> list[Resolution]:
        """``resolve`` for each owner text, in order."""
        return [self.resolve(text) for text in owner_texts]

    def scope(self, issuer: str | None) -> Scope:
        """The scope of a document issued by ``issuer`` (its text as extracted)."""
        if not issuer:
            return Scope()
        unit = self.named(issuer) or self.by_key.get(unit_key(issuer))
        return Scope(unit.id if unit is not None else None)

    def members(self, kinds: Sequence[str], scope: Scope) -> list[UnitRecord]:
        """The units a group phrase ("các xã, phường") names in a document's scope.

        The rule (README, "Unit registry"): the units of those kinds under the
        issuing body — its own, else those of the nearest body above it that has
        any (a district office's "các xã" are the district's) — each standing for
        itself or, once merged or retired, for its successor ("các xã, thị trấn"
        of a 2024 district document are the communes that took those over). When
        the issuer is not in the registry, the group names every active unit of the
        kinds if they all have one parent; with several parents it is ambiguous
        and names none: the task waits for review instead of reaching the
        communes of another district.
        """
        cache_key = (tuple(kinds), scope.area)
        if cache_key not in self._members:
            self._members[cache_key] = self._find_members(kinds, scope)
        return list(self._members[cache_key])

    def _find_members(self, kinds: Sequence[str], scope: Scope) -> list[UnitRecord]:
        wanted = set(kinds)
        area = self.by_id.get(scope.area) if scope.area is not None else None
        while area is not None:
            found = self._under(area.id, wanted)
            if found:
                return found
            area = self.by_id.get(area.parent_id) if area.parent_id is not None else None
        everyone = [u for kind in kinds for u in self.by_kind.get(kind, [])]
        parents = {u.parent_id for u in everyone}
        return everyone if len(parents) <= 1 else []

    def _under(self, area_id: int, kinds: set[str]) -> list[UnitRecord]:
        """Units of ``kinds`` below ``area_id``, each as the active unit it stands for now."""
        found: list[UnitRecord] = []
        for unit in self.by_id.values():
            if self._kind(unit) not in kinds or not self._below(unit, area_id):
                continue
            heir = self.current(unit)
            if heir is not None and heir not in found:
                found.append(heir)
        return found

    def _below(self, unit: UnitRecord, area_id: int) -> bool:
        seen: set[int] = set()
        parent_id = unit.parent_id
        while parent_id is not None and parent_id not in seen:
            if parent_id == area_id:
                return True
            seen.add(parent_id)
            parent = self.by_id.get(parent_id)
            parent_id = parent.parent_id if parent is not None else None
        return False


def load_registry(session: Session) -> Registry:
    """The registry: every unit with its aliases (retired ones lead to successors)."""
    units = session.scalars(
        select(Unit)
        .options(selectinload(Unit.aliases))  # one query for all aliases, not one per unit
        .order_by(Unit.id)
    )
    return Registry(
        UnitRecord(
            u.id,
            u.name,
            u.kind,
            u.parent_id,
            tuple(a.alias for a in u.aliases),
            u.email,
            u.active,
            u.successor_id,
        )
        for u in units
    )


__all__ = [
    "Registry",
    "Resolution",
    "Scope",
    "UnitRecord",
    "group_kinds",
    "kind_key",
    "load_registry",
    "unit_key",
]
