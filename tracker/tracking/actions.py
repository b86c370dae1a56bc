"""Which assignments a secretariat command acts on ("tracker done 12 --unit …").

A task given to several units needs ``--unit``: one commune's report closes only
its own assignment. The unit is named as in the registry (name, alias,
abbreviation) or as the owner was written. Imports ``errors``, ``store`` and
``tracking.registry``.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from tracker.errors import BadInput
from tracker.lang.units import unit_key
from tracker.limits import check_id
from tracker.store.models import Assignment, Task
from tracker.store.writes import unit_name
from tracker.tracking.registry import Registry


def unit_ids(registry: Registry, text: str) -> set[int]:
    """The units ``--unit`` means: the unit of that very name, retired or not (its
    own rows: a merged commune's history), else what the text resolves to (an
    alias, a successor, a group)."""
    named = registry.named(text)
    if named is not None:
        return {named.id}
    return {u.id for u in registry.resolve(text).units}


def live_task(session: Session, task_id: int) -> Task:
    """The task ``task_id``; refused when it does not exist or its document was deleted."""
    task = session.get(Task, check_id(task_id))
    if task is None:
        raise BadInput(f"không có nhiệm vụ số {task_id}")
    if task.document.deleted_at is not None:
        raise BadInput(
            f"nhiệm vụ {task_id} thuộc văn bản mã {task.document_id} đã xóa "
            f"(khôi phục: tracker documents restore {task.document_id})"
        )
    return task


def pick(session: Session, task_id: int, unit: str | None, registry: Registry) -> list[Assignment]:
    """The lead assignments of ``task_id`` for ``unit`` (all of them if only one)."""
    task = live_task(session, task_id)
    rows = [a for a in task.assignments if a.merged_into_id is None]
    rows = [a for a in rows if a.role == "lead"] or rows
    if not rows:
        raise BadInput(f"nhiệm vụ {task_id} chưa giao cho đơn vị nào")
    if unit is None:
        if len(rows) > 1:
            names = ", ".join(unit_name(a) for a in rows[:5])
            more = "…" if len(rows) > 5 else ""
            raise BadInput(
                f"nhiệm vụ {task_id} giao cho {len(rows)} đơn vị ({names}{more}): chỉ rõ --unit"
            )
        return rows
    ids = unit_ids(registry, unit)
    wanted = unit_key(unit)
    picked = [a for a in rows if a.unit_id in ids or unit_key(a.owner_text) == wanted]
    if not picked:
        raise BadInput(f"nhiệm vụ {task_id} không giao cho đơn vị {unit!r}")
    return picked
