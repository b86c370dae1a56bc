"""``tracker documents list|show|delete|restore``: the stored documents, and taking a
wrong ingest back (nothing is destroyed; ``restore`` undoes it)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any

import typer

from tracker.cli import AsOfOption, ConfigOption, DbOption, app, catch_errors, context
from tracker.cli.output import FORMATS, say, write_rows

if TYPE_CHECKING:
    from tracker.app.documents import DocumentSummary

documents_app = typer.Typer(
    help=(
        "Văn bản đã lưu: xem danh sách, xem một văn bản, xóa văn bản lưu nhầm và khôi phục.\n\n"
        "Ví dụ: tracker documents list"
    ),
    no_args_is_help=True,
)
app.add_typer(documents_app, name="documents")

DocumentId = Annotated[
    int, typer.Argument(help="Mã văn bản (cột 'Mã' của 'tracker documents list').")
]
FormatOption = Annotated[
    str, typer.Option("--format", help="Dạng đầu ra: table (bảng), json hoặc jsonl.")
]
COLUMNS = (
    ("document_id", "Mã"),
    ("number", "Số/ký hiệu"),
    ("issued", "Ngày"),
    ("issuer", "Cơ quan ban hành"),
    ("doc", "Tệp"),
    ("tasks", "Nhiệm vụ"),
    ("drafts", "Chờ duyệt"),
    ("state", "Tình trạng"),
)


def _check_format(fmt: str) -> None:
    from tracker.errors import BadInput

    if fmt not in FORMATS:
        raise BadInput(f"định dạng không hỗ trợ: {fmt!r} (chọn {', '.join(FORMATS)})")


def _row(d: DocumentSummary) -> dict[str, Any]:
    return {
        "document_id": d.document_id,
        "doc": d.doc,
        "number": d.number,
        "kind": d.kind,
        "issuer": d.issuer,
        "issued": d.issued.isoformat() if d.issued else None,
        "title": d.title,
        "ingested_at": d.ingested_at.isoformat(),
        "tasks": d.tasks,
        "drafts": d.drafts,
        "deleted_at": d.deleted_at.isoformat() if d.deleted_at else None,
    }


def _table(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{**r, "state": "đã xóa" if r["deleted_at"] else "đang theo dõi"} for r in rows]


@documents_app.command("list")
@catch_errors
def list_command(
    ctx: typer.Context,
    include_deleted: Annotated[bool, typer.Option("--all", help="Cả các văn bản đã xóa.")] = False,
    fmt: FormatOption = "table",
    config: ConfigOption = None,
    db: DbOption = None,
) -> None:
    """Danh sách văn bản đã lưu, mới nhất trước: số/ký hiệu, ngày, cơ quan ban hành,
    số nhiệm vụ.

    Ví dụ: tracker documents list --all --format jsonl
    """
    from tracker.app.documents import list_documents

    _check_format(fmt)
    app_ctx = context(ctx, config, db)
    rows = [_row(d) for d in list_documents(app_ctx.app(), include_deleted=include_deleted)]
    write_rows(_table(rows) if fmt == "table" else rows, fmt, columns=COLUMNS)


@documents_app.command("show")
@catch_errors
def show_command(
    ctx: typer.Context,
    document_id: DocumentId,
    fmt: FormatOption = "table",
    config: ConfigOption = None,
    db: DbOption = None,
) -> None:
    """Một văn bản: thông tin, các nhiệm vụ và lịch sử (lưu, nghi trùng, xóa, khôi phục).

    Ví dụ: tracker documents show 3
    """
    from tracker.app.documents import show_document
    from tracker.messages import EVENT_LABELS, REVIEW_LABELS, label

    _check_format(fmt)
    app_ctx = context(ctx, config, db)
    detail = show_document(app_ctx.app(), document_id)
    tasks = [
        {
            "task_id": t.task_id,
            "action": t.action,
            "owners": list(t.owners),
            "deadline": t.deadline.isoformat() if t.deadline else None,
            "review": t.review,
        }
        for t in detail.tasks
    ]
    events = [
        {"at": e.at.isoformat(), "kind": e.kind, "actor": e.actor, "detail": e.detail}
        for e in detail.events
    ]
    origin = detail.origin
    origin_row = {
        "place": origin.place,
        "abstract": origin.abstract,
        "recipients": list(origin.recipients),
        "source_kind": origin.source_kind,
        "ocr_confidence": origin.ocr_confidence,
        "mail_from": origin.mail_from,
        "mail_subject": origin.mail_subject,
    }
    if fmt != "table":
        row = {**_row(detail.summary), **origin_row, "tasks": tasks, "events": events}
        write_rows([row], fmt)
        return
    summary = _table([_row(detail.summary)])[0]
    for key, name in (*COLUMNS[:5], ("title", "Trích yếu"), ("state", "Tình trạng")):
        say(f"{name}: {summary[key] if summary[key] is not None else '—'}")
    for line in _origin_lines(origin):
        say(line)
    write_rows(
        [{**t, "review": label(REVIEW_LABELS, str(t["review"]))} for t in tasks],
        "table",
        columns=(
            ("task_id", "Mã NV"),
            ("owners", "Chủ trì"),
            ("action", "Nhiệm vụ"),
            ("deadline", "Hạn"),
            ("review", "Duyệt"),
        ),
    )
    for e in detail.events:
        note = f": {e.detail}" if e.detail else ""
        say(f"{e.at:%d/%m/%Y} {label(EVENT_LABELS, e.kind)} ({e.actor or '—'}){note}")


SOURCE_VI = {"text": "tệp văn bản", "pdf": "lớp chữ của PDF", "ocr": "nhận dạng chữ (OCR)"}


def _origin_lines(origin: Any) -> list[str]:
    """The header and source lines a person reads (only what is known)."""
    lines = []
    if origin.place:
        lines.append(f"Nơi ban hành: {origin.place}")
    if origin.source_kind:
        source = SOURCE_VI.get(origin.source_kind, origin.source_kind)
        if origin.ocr_confidence is not None:
            source += f", độ tin cậy trung bình {origin.ocr_confidence:.0f}%"
        lines.append(f"Nguồn: {source}")
    if origin.mail_from or origin.mail_subject:
        lines.append(f"Thư gửi đến: {origin.mail_from or '—'} — {origin.mail_subject or '—'}")
    if origin.recipients:
        lines.append("Nơi nhận: " + "; ".join(origin.recipients))
    return lines


@documents_app.command("delete")
@catch_errors
def delete_command(
    ctx: typer.Context,
    document_id: DocumentId,
    reason: Annotated[str | None, typer.Option("--reason", help="Lý do (ghi vào lịch sử).")] = None,
    as_of: AsOfOption = None,
    config: ConfigOption = None,
    db: DbOption = None,
) -> None:
    """Xóa một văn bản lưu nhầm: các nhiệm vụ của nó rời mọi danh sách, báo cáo, nhắc việc
    và thống kê. Không gì bị hủy: 'tracker documents restore' khôi phục lại.

    Ví dụ: tracker documents delete 3 --reason "lưu trùng bản scan"
    """
    from tracker.app.documents import delete_document

    app_ctx = context(ctx, config, db)
    gone = delete_document(
        app_ctx.app(),
        document_id,
        today=app_ctx.as_of(as_of),
        reason=reason,
        actor=app_ctx.actor,
    )
    say(
        f"Đã xóa văn bản mã {gone.document_id} ({gone.number or gone.doc}): "
        f"{gone.tasks} nhiệm vụ không còn được theo dõi; khôi phục: "
        f"tracker documents restore {gone.document_id}"
    )


@documents_app.command("restore")
@catch_errors
def restore_command(
    ctx: typer.Context,
    document_id: DocumentId,
    as_of: AsOfOption = None,
    config: ConfigOption = None,
    db: DbOption = None,
) -> None:
    """Khôi phục một văn bản đã xóa: các nhiệm vụ của nó được theo dõi lại như trước.

    Ví dụ: tracker documents restore 3
    """
    from tracker.app.documents import restore_document

    app_ctx = context(ctx, config, db)
    back = restore_document(
        app_ctx.app(), document_id, today=app_ctx.as_of(as_of), actor=app_ctx.actor
    )
    say(
        f"Đã khôi phục văn bản mã {back.document_id} ({back.number or back.doc}): "
        f"{back.tasks} nhiệm vụ được theo dõi lại"
    )
