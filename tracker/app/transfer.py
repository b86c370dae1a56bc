"""Use case: load a whole-database dump (``tracker export all``) into an empty database.

Imports ``app.context``, ``store``.
"""

from __future__ import annotations

from collections.abc import Iterable

from tracker.app.context import Context
from tracker.store.dump import load
from tracker.store.engine import head_revision, session_scope


def import_all(ctx: Context, lines: Iterable[str], *, source: str, actor: str) -> dict[str, int]:
    """Insert every row of a dump in one transaction; returns the rows per table."""
    with session_scope(ctx.engine) as session:
        return load(session, lines, source=source, schema=head_revision())
