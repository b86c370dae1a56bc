"""``tracker demo``: the whole job on a fresh embedded database and a bundled sample."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from tracker.cli import app, catch_errors, context
from tracker.cli.extract import TABLE_COLUMNS
from tracker.cli.output import say, write_rows
from tracker.cli.rows import assignment_row, task_row

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

OVERDUE_COLUMNS = (
    ("task_id", "Số"),
    ("unit", "Đơn vị"),
    ("action", "Nhiệm vụ"),
    ("deadline", "Hạn"),
    ("days_overdue", "Quá hạn (ngày)"),
    ("document", "Văn bản"),
)


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
    folder = keep or Path(tempfile.mkdtemp(prefix="tracker-demo-"))
    folder.mkdir(parents=True, exist_ok=True)
    _run(ctx, folder)


def _run(ctx: typer.Context, folder: Path) -> None:
    from dataclasses import replace
    from datetime import UTC, date, datetime

    from tracker.demo import AS_OF, DONE, copy_samples
    from tracker.extract import extract
    from tracker.load import load_document
    from tracker.messages import message
    from tracker.store.engine import current_revision, session_scope
    from tracker.store.unitfile import read_units
    from tracker.store.writes import import_units, ingest, mark_done
    from tracker.tracking.actions import pick
    from tracker.tracking.intake import plan_tasks
    from tracker.tracking.registry import load_registry
    from tracker.tracking.status import status_rows

    app_ctx = context(ctx, db=f"sqlite:///{folder / 'demo.db'}")
    language = app_ctx.language
    document_path, units_path = copy_samples(folder)
    as_of = date.fromisoformat(AS_OF)
    now = datetime.now(UTC)

    say(message("demo.step", language, title="1. Cơ sở dữ liệu và danh mục đơn vị"))
    engine = app_ctx.engine()
    say(message("demo.database", language, url=app_ctx.config.database_url))
    say(f"phiên bản lược đồ: {current_revision(engine)}")
    with session_scope(engine) as session:
        units = read_units(units_path)
        import_units(session, units, source=units_path.name)
    say(message("demo.units", language, count=len(units)))

    say(message("demo.step", language, title="2. Trích xuất nhiệm vụ từ văn bản mẫu"))
    document = load_document(document_path)
    result = extract(document.text)
    say(message("demo.extracted", language, tasks=len(result.tasks), doc=document.name))
    write_rows([task_row(document.name, t) for t in result.tasks], "table", columns=TABLE_COLUMNS)

    say(message("demo.step", language, title="3. Lưu và giao việc cho từng đơn vị"))
    with session_scope(engine) as session:
        registry = load_registry(session)
        plans = plan_tasks(
            result.tasks,
            registry=registry,
            policy=app_ctx.policy(),
            threshold=float(app_ctx.config.get("review", "confidence_threshold")),
            confirm=False,
        )
        stored = ingest(
            session, doc=document.name, text=document.text, facts=result.facts, plans=plans, now=now
        )
        say(
            f"văn bản {result.facts.number or document.name}: {stored.tasks} nhiệm vụ, "
            f"{stored.assignments} lượt giao, {stored.drafts} chờ duyệt"
        )
        for ordinal, unit, done_on in DONE:
            task_id = _task_id(session, stored.document_id, ordinal)
            rows = pick(session, task_id, unit, registry)
            mark_done(session, rows, on=date.fromisoformat(done_on), note=None, now=now)
            say(f"{unit} đã hoàn thành nhiệm vụ {task_id} ngày {done_on}")

    say(message("demo.step", language, title=f"4. Đơn vị quá hạn tính đến {as_of:%d/%m/%Y}"))
    from tracker.store.queries import Filters

    with session_scope(engine) as session:
        overdue = [
            assignment_row(r)
            for r in status_rows(
                session,
                as_of=as_of,
                policy=app_ctx.policy(),
                filters=Filters(statuses=frozenset({"overdue"}), include_support=False),
            )
        ]
    overdue.sort(key=lambda r: (-r["days_overdue"], r["task_id"], r["unit"]))
    write_rows(overdue, "table", columns=OVERDUE_COLUMNS)

    say(message("demo.step", language, title="5. Nhắc việc và báo cáo lên cấp trên"))
    from tracker.notify.channels import FileChannel
    from tracker.notify.outbox import send
    from tracker.notify.plan import daily

    with session_scope(engine) as session:
        daily(session, as_of=as_of, policy=app_ctx.policy(), ladder=app_ctx.ladder(), now=now)
    outbox = folder / "outbox"
    sent = send(engine, FileChannel(outbox), sender="tracker@localhost", now=now)
    write_rows(
        [{"to": s.to, "subject": s.subject, "items": s.items} for s in sent],
        "table",
        columns=(("to", "Người nhận"), ("subject", "Tiêu đề"), ("items", "Số mục")),
    )
    say(f"thư (.eml) trong {outbox}")

    say(message("demo.step", language, title="6. Báo cáo đơn vị quá hạn (DOCX, XLSX)"))
    from tracker.export import docx as docx_export
    from tracker.export import xlsx as xlsx_export
    from tracker.export.report import Office, build_report

    c = app_ctx.config
    office = replace(Office.from_config(c), place="An Hòa")
    with session_scope(engine) as session:
        overdue_rows = list(
            status_rows(
                session,
                as_of=as_of,
                policy=app_ctx.policy(),
                filters=Filters(statuses=frozenset({"overdue"}), include_support=False),
            )
        )
    report = build_report(overdue_rows, as_of=as_of, office=office, template="state")
    for module, name in (
        (docx_export, "bao-cao-qua-han.docx"),
        (xlsx_export, "bao-cao-qua-han.xlsx"),
    ):
        module.render(report, folder / name)
        say(f"đã ghi {folder / name}")
    engine.dispose()


def _task_id(session: Session, document_id: int, ordinal: int) -> int:
    from sqlalchemy import select

    from tracker.store.models import Task

    return session.scalars(
        select(Task.id).where(Task.document_id == document_id, Task.ordinal == ordinal)
    ).one()
