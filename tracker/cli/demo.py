"""``tracker demo``: the whole job on a fresh embedded database and a bundled sample."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Annotated

import typer

from tracker.cli import AppContext, app, catch_errors, context
from tracker.cli.extract import TABLE_COLUMNS
from tracker.cli.output import tell, write_rows
from tracker.cli.rows import assignment_row, task_row

OVERDUE_COLUMNS = (
    ("task_id", "Mã NV"),
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
        typer.Option("--keep", help="Làm việc trong thư mục này (mặc định: một thư mục tạm mới)."),
    ] = None,
) -> None:
    """Chạy thử toàn bộ quy trình trên cơ sở dữ liệu SQLite mới, với văn bản mẫu kèm theo.

    Mọi thứ in ra đầu ra chuẩn, theo thứ tự; thư mục làm việc được giữ lại.

    Ví dụ: tracker demo --keep ./chay-thu
    """
    folder = keep or Path(tempfile.mkdtemp(prefix="tracker-demo-"))
    folder.mkdir(parents=True, exist_ok=True)
    tell(f"Thư mục chạy thử: {folder.resolve()}")
    _run(ctx, folder)
    tell(
        f"Thư mục chạy thử được giữ lại: {folder.resolve()} (cơ sở dữ liệu demo.db, thư "
        "trong outbox/, báo cáo .docx và .xlsx); xóa thư mục này khi không cần nữa."
    )


def _run(ctx: typer.Context, folder: Path) -> None:
    from dataclasses import replace
    from datetime import date

    from tracker.app.daily import daily_check, send_reminders
    from tracker.app.documents import ingest_documents, show_document
    from tracker.app.tasks import mark_done, overdue
    from tracker.app.units import import_units
    from tracker.demo import AS_OF, DONE, copy_samples
    from tracker.extract import extract
    from tracker.load import load_document
    from tracker.messages import message
    from tracker.store.engine import current_revision
    from tracker.store.unitfile import read_units

    app_ctx = context(ctx, db=f"sqlite:///{folder / 'demo.db'}")
    language = app_ctx.language
    actor = "demo"
    document_path, units_path = copy_samples(folder)
    as_of = date.fromisoformat(AS_OF)

    tell(message("demo.step", language, title="1. Cơ sở dữ liệu và danh mục đơn vị"))
    app_ctx.engine(create=True)  # the demo's own new database
    use_cases = app_ctx.app()
    tell(message("demo.database", language, url=app_ctx.config.database_url))
    tell(f"phiên bản lược đồ: {current_revision(use_cases.engine)}")
    units = read_units(units_path)
    import_units(use_cases, units, source=units_path.name, actor=actor)
    tell(message("demo.units", language, count=len(units)))

    tell(message("demo.step", language, title="2. Trích xuất nhiệm vụ từ văn bản mẫu"))
    document = load_document(document_path)
    result = extract(document.text)
    tell(message("demo.extracted", language, tasks=len(result.tasks), doc=document.name))
    write_rows([task_row(document.name, t) for t in result.tasks], "table", columns=TABLE_COLUMNS)

    tell(message("demo.step", language, title="3. Lưu và giao việc cho từng đơn vị"))
    (stored,) = ingest_documents(use_cases, [document], actor=actor)
    tell(
        f"văn bản {result.facts.number or document.name}: {stored.tasks} nhiệm vụ, "
        f"{stored.assignments} lượt giao, {stored.drafts} chờ duyệt"
    )
    tell(f"văn phòng đã duyệt {_review_all(app_ctx, actor)} nhiệm vụ chờ duyệt")
    tasks = show_document(use_cases, stored.document_id).tasks
    for ordinal, unit, done_on in DONE:
        task_id = tasks[ordinal].task_id
        mark_done(
            use_cases,
            task_id,
            unit=unit,
            on=date.fromisoformat(done_on),
            today=app_ctx.today(),
            note=None,
            actor=actor,
        )
        tell(f"{unit} đã hoàn thành nhiệm vụ {task_id} ngày {date.fromisoformat(done_on):%d/%m/%Y}")

    tell(message("demo.step", language, title=f"4. Đơn vị quá hạn tính đến {as_of:%d/%m/%Y}"))
    overdue_rows = overdue(use_cases, as_of=as_of)
    write_rows([assignment_row(r) for r in overdue_rows], "table", columns=OVERDUE_COLUMNS)

    tell(message("demo.step", language, title="5. Nhắc việc và báo cáo lên cấp trên"))
    from tracker.notify.channels import FileChannel

    daily_check(use_cases, as_of=as_of, actor=actor)
    outbox = folder / "outbox"
    sent = send_reminders(use_cases, FileChannel(outbox), actor=actor)
    write_rows(
        [{"to": s.to, "subject": s.subject, "items": s.items} for s in sent.sent],
        "table",
        columns=(("to", "Người nhận"), ("subject", "Tiêu đề"), ("items", "Số mục")),
    )
    tell(f"thư (.eml) trong {outbox}")

    tell(message("demo.step", language, title="6. Báo cáo đơn vị quá hạn (DOCX, XLSX)"))
    from tracker.export import docx as docx_export
    from tracker.export import xlsx as xlsx_export
    from tracker.export.report import Office, build_report

    office = replace(
        Office.from_config(app_ctx.config),
        parent="ỦY BAN NHÂN DÂN HUYỆN AN HÒA",
        place="An Hòa",
        signer_authority="KT. CHÁNH VĂN PHÒNG",
        signer_title="PHÓ CHÁNH VĂN PHÒNG",
        signer_name="Lê Thị Hạnh",
    )
    # read again: the daily check may have added recurring instances
    report_rows = overdue(use_cases, as_of=as_of)
    report = build_report(report_rows, as_of=as_of, office=office, template="state")
    for module, name in (
        (docx_export, "bao-cao-qua-han.docx"),
        (xlsx_export, "bao-cao-qua-han.xlsx"),
    ):
        module.render(report, folder / name)
        tell(f"đã ghi {folder / name}")
    _two_tiers(app_ctx, folder, actor)
    use_cases.engine.dispose()


def _review_all(app_ctx: AppContext, actor: str) -> int:
    """The secretariat reads the drafts against the text and confirms them: the model
    is not sure enough of any task to confirm it alone (review.confidence_threshold)."""
    from tracker.app.review import list_drafts, review_accept

    use_cases = app_ctx.app()
    drafts = list_drafts(use_cases)
    for draft in drafts:
        review_accept(use_cases, draft.task_id, today=app_ctx.today(), actor=actor)
    return len(drafts)


def _two_tiers(app_ctx: AppContext, folder: Path, actor: str) -> None:
    """Step 7: the same area in a two-tier province (since 1 July 2025)."""
    from datetime import date

    from tracker.app.documents import ingest_documents
    from tracker.app.tasks import list_assignments, overdue
    from tracker.app.units import import_units, list_units, merge_units, retire_unit
    from tracker.demo import (
        MERGERS,
        REFORM_AS_OF,
        REFORM_ON,
        RETIREMENTS,
        copy_reform_samples,
    )
    from tracker.extract.load import load_document
    from tracker.messages import message
    from tracker.store.unitfile import read_units

    use_cases = app_ctx.app()
    on = date.fromisoformat(REFORM_ON)
    tell(
        message(
            "demo.step",
            app_ctx.language,
            title="7. Từ 01/7/2025: chính quyền địa phương hai cấp (tỉnh; xã, phường, đặc khu)",
        )
    )
    document_path, units_path = copy_reform_samples(folder)
    units = read_units(units_path)
    import_units(use_cases, units, source=units_path.name, actor=actor)
    tell(f"danh mục tỉnh Sông Mây: {len(units)} đơn vị ({units_path.name})")
    for merged, into in MERGERS:
        done = merge_units(use_cases, merged, into, on=on, actor=actor)
        tell(
            f"sáp nhập {' + '.join(merged)} → {done.into}: chuyển {done.moved} lượt giao, "
            f"gộp {done.merged} lượt trùng"
        )
    for name, successor in RETIREMENTS:
        done = retire_unit(use_cases, name, successor=successor, on=on, actor=actor)
        tell(f"{name} thôi hoạt động, kế thừa: {done.into} ({done.children} đơn vị trực thuộc)")
    write_rows(
        [
            {"name": u.name, "kind": u.kind, "parent": u.parent, "state": u.successor or ""}
            for u in list_units(use_cases)
        ],
        "table",
        columns=(
            ("name", "Đơn vị"),
            ("kind", "Loại"),
            ("parent", "Cấp trên"),
            ("state", "Đã sáp nhập vào / kế thừa"),
        ),
    )
    tell(f"việc cũ còn nợ, nay của đơn vị kế thừa (tính đến {on:%d/%m/%Y}):")
    carried = [r for r in overdue(use_cases, as_of=on) if r.row.document == "85/TB-VP"]
    write_rows(
        [assignment_row(r) for r in carried],
        "table",
        columns=(
            ("task_id", "Mã NV"),
            ("unit", "Đơn vị kế thừa"),
            ("action", "Nhiệm vụ"),
            ("deadline", "Hạn"),
            ("days_overdue", "Số ngày quá hạn"),
        ),
    )
    document = load_document(document_path)
    (stored,) = ingest_documents(use_cases, [document], actor=actor)
    _review_all(app_ctx, actor)
    as_of = date.fromisoformat(REFORM_AS_OF)
    tell(
        f"văn bản của UBND tỉnh ({document.name}): {stored.tasks} nhiệm vụ, "
        f"{stored.assignments} lượt giao; 'các xã, phường, đặc khu' là các đơn vị cấp xã "
        f"của tỉnh (tính đến {as_of:%d/%m/%Y}):"
    )
    rows = list_assignments(use_cases, as_of=as_of, document="412/UBND-NNMT")
    write_rows(
        [assignment_row(r) for r in rows if r.row.role == "lead"],
        "table",
        columns=OVERDUE_COLUMNS[:4],
    )
