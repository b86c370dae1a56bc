"""Use cases on the unit registry: list, unresolved owners, import, add, alias, and
the changes offices go through: rename, merge (the 2025 commune mergers), retire
(district units of older documents) — history kept, open work carried over.

Imports ``app.context``, ``store``, ``tracking.registry``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from tracker.app.context import Context
from tracker.errors import BadInput
from tracker.lang.units import unit_key
from tracker.limits import UNIT_NAME_MAX, check_text
from tracker.store import writes
from tracker.store.engine import session_scope
from tracker.store.models import Unit
from tracker.store.queries import units, unresolved_owners
from tracker.tracking.registry import Registry, load_registry


@dataclass(frozen=True, slots=True)
class UnitRow:
    """A registered unit as the registry lists it."""

    name: str
    kind: str
    parent: str | None
    aliases: tuple[str, ...]
    email: str | None
    active: bool
    successor: str | None = None
    retired_on: date | None = None


@dataclass(frozen=True, slots=True)
class Merged:
    """What a merger or a retirement did."""

    into: str | None
    created: bool
    retired: tuple[str, ...]
    moved: int
    merged: int
    children: int


@dataclass(frozen=True, slots=True)
class Imported:
    """What an import or an add changed."""

    rows: int
    created: int
    updated: int


def _unit_rows(session: Session) -> list[tuple[int, UnitRow]]:
    """Every unit as the faces see it, with its id, by kind and name."""
    found = units(session)
    names = {u.id: u.name for u in found}
    return [
        (
            u.id,
            UnitRow(
                u.name,
                u.kind,
                names.get(u.parent_id) if u.parent_id else None,
                tuple(a.alias for a in u.aliases),
                u.email,
                u.active,
                names.get(u.successor_id) if u.successor_id else None,
                u.retired_on,
            ),
        )
        for u in found
    ]


def list_units(ctx: Context) -> list[UnitRow]:
    """Every unit, by kind and name."""
    with ctx.read() as session:
        return [row for _, row in _unit_rows(session)]


def list_unresolved(ctx: Context) -> list[tuple[str, int]]:
    """Owner texts that match no unit, with how many assignments carry them."""
    with ctx.read() as session:
        return unresolved_owners(session)


def import_units(
    ctx: Context, rows: Sequence[writes.UnitInput], *, source: str, actor: str
) -> Imported:
    """Create or update units from a registry file (validated whole before any write)."""
    with session_scope(ctx.engine) as session:
        result = writes.import_units(session, rows, source=source, now=ctx.now(), actor=actor)
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
        result = writes.import_units(
            session, [row], source="tracker units add", now=ctx.now(), actor=actor
        )
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
        writes.event(
            session,
            "alias_added",
            now=ctx.now(),
            on=None,
            actor=actor,
            unit_id=unit.id,
            detail=alias,
        )
        return unit.name


def _active(session: Session, registry: Registry, name: str, role: str = "đơn vị") -> Unit:
    """The active unit of that very name (or alias)."""
    check_text(name, label=role, limit=UNIT_NAME_MAX)
    found = registry.named(name)
    if found is None:
        raise BadInput(f"không có {role} {name!r} trong danh mục (xem 'tracker units list')")
    unit = session.get(Unit, found.id)
    assert unit is not None
    if not unit.active:
        heir = registry.current(found)
        where = f" (nay là {heir.name})" if heir is not None else ""
        raise BadInput(f"{role} {unit.name!r} đã thôi hoạt động{where}")
    return unit


def rename_unit(ctx: Context, old: str, new: str, *, today: date, actor: str) -> str:
    """Rename a unit; the old name stays as an alias and its history stays with it.

    Returns the old name as it was registered.
    """
    check_text(new, label="tên mới", limit=UNIT_NAME_MAX)
    with session_scope(ctx.engine) as session:
        unit = _active(session, load_registry(session), old)
        return writes.rename_unit(session, unit, new, now=ctx.now(), on=today, actor=actor)


def retire_unit(ctx: Context, name: str, *, successor: str | None, on: date, actor: str) -> Merged:
    """Retire a unit (an abolished district, a closed office), with the unit that
    takes over: its names resolve there for new tasks, its open assignments and
    active child units go there, its done work stays in its history."""
    with session_scope(ctx.engine) as session:
        registry = load_registry(session)
        unit = _active(session, registry, name)
        heir = _active(session, registry, successor, "đơn vị kế thừa") if successor else None
        if heir is not None and heir.id == unit.id:
            raise BadInput("đơn vị kế thừa phải là một đơn vị khác")
        carried = writes.retire_unit(session, unit, heir, on=on, now=ctx.now(), actor=actor)
        return Merged(
            heir.name if heir else None,
            False,
            (unit.name,),
            carried.moved,
            carried.merged,
            carried.children,
        )


def merge_units(
    ctx: Context,
    sources: Sequence[str],
    into: str,
    *,
    kind: str | None = None,
    parent: str | None = None,
    email: str | None = None,
    on: date,
    actor: str,
) -> Merged:
    """Merge units into one (xã A + xã B → xã C, 1 July 2025): C is registered if new
    (kind and parent by default those the merged units share), every other merged
    unit is retired with C as successor, open assignments carried to C (one per
    task where several merged units had it), history kept."""
    if not sources:
        raise BadInput("cần ít nhất một đơn vị để sáp nhập")
    with session_scope(ctx.engine) as session:
        registry = load_registry(session)
        merged = [_active(session, registry, name) for name in sources]
        if len({u.id for u in merged}) != len(merged):
            raise BadInput("một đơn vị được kể hai lần")
        target, created = _merge_target(
            session, registry, merged, into, kind, parent, email, ctx, actor
        )
        moved = joined = children = 0
        retired: list[str] = []
        for unit in merged:
            if unit.id == target.id:
                continue
            carried = writes.retire_unit(
                session, unit, target, on=on, now=ctx.now(), actor=actor, kind="unit_merged"
            )
            moved, joined = moved + carried.moved, joined + carried.merged
            children += carried.children
            retired.append(unit.name)
        if not retired:
            raise BadInput(f"không có đơn vị nào để sáp nhập vào {target.name!r}")
        return Merged(target.name, created, tuple(retired), moved, joined, children)


def _merge_target(
    session: Session,
    registry: Registry,
    merged: Sequence[Unit],
    into: str,
    kind: str | None,
    parent: str | None,
    email: str | None,
    ctx: Context,
    actor: str,
) -> tuple[Unit, bool]:
    """The unit a merger goes into: an active registered one, or a new one."""
    if registry.named(into) is not None:
        if kind or parent or email:
            raise BadInput(
                f"{into!r} đã có trong danh mục: --kind, --parent, --email chỉ dùng cho đơn vị mới"
            )
        return _active(session, registry, into, "đơn vị nhận"), False
    kinds = {u.kind for u in merged}
    chosen_kind = kind or (kinds.pop() if len(kinds) == 1 else None)
    if chosen_kind is None:
        raise BadInput(f"các đơn vị khác loại: chỉ rõ loại của {into!r} (--kind)")
    parents = {u.parent_id for u in merged}
    parent_name = parent
    if parent_name is None and len(parents) == 1:
        (parent_id,) = parents
        parent_name = registry.by_id[parent_id].name if parent_id is not None else None
    row = writes.UnitInput(into, chosen_kind, parent_name, (), email, line=1)
    writes.import_units(session, [row], source="tracker units merge", now=ctx.now(), actor=actor)
    target = session.scalars(select(Unit).where(Unit.name_key == unit_key(into))).one()
    return target, True


@dataclass(frozen=True, slots=True)
class Resolved:
    """What "this owner text is unit X" did: the unit, the alias, the rows resolved."""

    unit: str
    alias: str
    assignments: int


def resolve_owner(ctx: Context, owner_text: str, unit: str, *, today: date, actor: str) -> Resolved:
    """An owner text no unit matched names ``unit``: it becomes an alias of that unit
    and the assignments waiting with that text are given to the unit (an event each)."""
    from tracker.store.models import Assignment

    check_text(owner_text, label="tên chủ trì", limit=UNIT_NAME_MAX)
    with session_scope(ctx.engine) as session:
        target = _active(session, load_registry(session), unit)
        if unit_key(owner_text) not in (target.name_key, *(a.alias_key for a in target.aliases)):
            writes.add_alias(session, target, owner_text)
            writes.event(
                session,
                "alias_added",
                now=ctx.now(),
                on=today,
                actor=actor,
                unit_id=target.id,
                detail=owner_text,
            )
        waiting = session.scalars(
            select(Assignment).where(
                Assignment.owner_text == owner_text, Assignment.unit_id.is_(None)
            )
        ).all()
        for row in waiting:
            row.unit_id, row.unit_key = target.id, str(target.id)
            writes.event(
                session,
                "owner_resolved",
                now=ctx.now(),
                on=today,
                actor=actor,
                task_id=row.task_id,
                assignment_id=row.id,
                unit_id=target.id,
                detail=owner_text,
            )
        return Resolved(target.name, owner_text, len(waiting))


def unit_ids(ctx: Context) -> dict[str, int]:
    """Every unit's id by its name."""
    with ctx.read() as session:
        return {u.name: u.id for u in units(session)}


def unit_by_id(ctx: Context, unit_id: int) -> UnitRow:
    """One unit by its id (``BadInput`` when there is none)."""
    row = _rows_by_id(ctx).get(unit_id)
    if row is not None:
        return row
    raise BadInput(f"không có đơn vị mã {unit_id}")


def _rows_by_id(ctx: Context) -> dict[int, UnitRow]:
    with ctx.read() as session:
        return dict(_unit_rows(session))
