"""Use cases on the unit registry: list, unresolved owners, import, add, alias.

Imports ``app.context``, ``store``, ``tracking.registry``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from tracker.app.context import Context
from tracker.errors import BadInput
from tracker.store import writes
from tracker.store.engine import session_scope
from tracker.store.models import Unit
from tracker.store.queries import units, unresolved_owners
from tracker.tracking.registry import load_registry


@dataclass(frozen=True, slots=True)
class UnitRow:
    """A registered unit as the registry lists it."""

    name: str
    kind: str
    parent: str | None
    aliases: tuple[str, ...]
    email: str | None
    active: bool


@dataclass(frozen=True, slots=True)
class Imported:
    """What an import or an add changed."""

    rows: int
    created: int
    updated: int


def list_units(ctx: Context) -> list[UnitRow]:
    """Every unit, by kind and name."""
    with ctx.read() as session:
        found = units(session)
        names = {u.id: u.name for u in found}
        return [
            UnitRow(
                u.name,
                u.kind,
                names.get(u.parent_id) if u.parent_id else None,
                tuple(a.alias for a in u.aliases),
                u.email,
                u.active,
            )
            for u in found
        ]


def list_unresolved(ctx: Context) -> list[tuple[str, int]]:
    """Owner texts that match no unit, with how many assignments carry them."""
    with ctx.read() as session:
        return unresolved_owners(session)


def import_units(
    ctx: Context, rows: Sequence[writes.UnitInput], *, source: str, actor: str
) -> Imported:
    """Create or update units from a registry file (validated whole before any write)."""
    with session_scope(ctx.engine) as session:
        result = writes.import_units(session, rows, source=source)
    return Imported(len(rows), result.created, result.updated)


def add_unit(
    ctx: Context,
    name: str,
    *,
    kind: str,
    parent: str | None = None,
    aliases: Sequence[str] = (),
    email: str | None = None,
    actor: str,
) -> Imported:
    """Add (or update) one unit."""
    row = writes.UnitInput(name, kind, parent, tuple(aliases), email, line=1)
    with session_scope(ctx.engine) as session:
        result = writes.import_units(session, [row], source="tracker units add")
    return Imported(1, result.created, result.updated)


def add_alias(ctx: Context, name: str, alias: str, *, actor: str) -> str:
    """Teach the registry another way of writing a unit's name; returns the unit's name."""
    with session_scope(ctx.engine) as session:
        found = load_registry(session).resolve(name)
        if len(found.units) != 1 or found.group:
            raise BadInput(f"không có đơn vị {name!r} trong danh mục (xem 'tracker units list')")
        unit = session.get(Unit, found.units[0].id)
        assert unit is not None
        writes.add_alias(session, unit, alias)
        return unit.name
