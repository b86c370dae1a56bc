"""``tracker demo``: the whole job on a fresh embedded database and a bundled sample."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Annotated

import typer

from tracker.cli import app, catch_errors, context
from tracker.cli.extract import TABLE_COLUMNS
from tracker.cli.output import say, write_rows
from tracker.cli.rows import task_row


@app.command("demo")
@catch_errors
def demo(
    ctx: typer.Context,
    keep: Annotated[
        Path | None,
        typer.Option("--keep", help="Work in this folder and keep it (else a temp dir)."),
    ] = None,
) -> None:
    """Run the whole job on a temporary SQLite database with the bundled sample.

    Example: tracker demo
    """
    if keep is not None:
        keep.mkdir(parents=True, exist_ok=True)
        _run(ctx, keep)
        return
    with tempfile.TemporaryDirectory(prefix="tracker-demo-") as folder:
        _run(ctx, Path(folder))


def _run(ctx: typer.Context, folder: Path) -> None:
    from tracker.demo import copy_samples
    from tracker.extract import extract
    from tracker.extract.load import load_document
    from tracker.messages import message
    from tracker.store.engine import current_revision, ensure_schema, make_engine

    app_ctx = context(ctx, db=f"sqlite:///{folder / 'demo.db'}")
    language = app_ctx.language
    document_path, _units_path = copy_samples(folder)

    say(message("demo.step", language, title="1. Cơ sở dữ liệu"))
    engine = make_engine(app_ctx.config.database_url)
    ensure_schema(engine)
    say(message("demo.database", language, url=app_ctx.config.database_url))
    say(f"phiên bản lược đồ: {current_revision(engine)}")
    engine.dispose()

    say(message("demo.step", language, title="2. Trích xuất nhiệm vụ"))
    document = load_document(document_path)
    result = extract(document.text)
    say(message("demo.extracted", language, tasks=len(result.tasks), doc=document.name))
    write_rows([task_row(document.name, t) for t in result.tasks], "table", columns=TABLE_COLUMNS)
