"""Use cases: write the whole database as a dump (``tracker export all``), and load
such a dump into an empty database (``tracker import all``).

Imports ``app.context``, ``store``.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TextIO

from tracker.app.context import Context
from tracker.store.dump import dump, load
from tracker.store.engine import head_revision, session_scope


def export_all(ctx: Context, out: TextIO) -> dict[str, int]:
    """Write every row as JSON Lines to ``out``, from one snapshot (PostgreSQL reads
    every table in one REPEATABLE READ transaction); returns the rows per table."""
    engine = ctx.engine
    if engine.dialect.name == "postgresql":
        engine = engine.execution_options(isolation_level="REPEATABLE READ")
    with session_scope(engine, write=False) as session:
        return dump(session, out, schema=head_revision(), now=ctx.now())


def import_all(ctx: Context, lines: Iterable[str], *, source: str, actor: str) -> dict[str, int]:
    """Insert every row of a dump in one transaction; returns the rows per table."""
    with session_scope(ctx.engine) as session:
        return load(session, lines, source=source, schema=head_revision())
