"""``tracker extract``: parse documents into task rows; touches no database."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from tracker.cli import ConfigOption, DbOption, app, catch_errors, context
from tracker.cli.output import FORMATS, say, write_rows
from tracker.cli.rows import task_row

TABLE_COLUMNS = (
    ("owners", "Đơn vị chủ trì"),
    ("action", "Nhiệm vụ"),
    ("deadline", "Hạn"),
    ("deadline_text", "Căn cứ hạn"),
    ("report_to", "Báo cáo về"),
    ("confidence", "Độ tin cậy"),
)


@app.command("extract")
@catch_errors
def extract_command(
    ctx: typer.Context,
    files: Annotated[
        list[Path],
        typer.Argument(help="Văn bản: .txt, .html, .docx, .doc, .pdf, bản quét, thư .eml."),
    ],
    fmt: Annotated[
        str, typer.Option("--format", help="Dạng đầu ra: table (bảng), json hoặc jsonl.")
    ] = "table",
    issued: Annotated[
        str | None, typer.Option("--issued", help="Ngày ban hành (thay ngày đọc được).")
    ] = None,
    config: ConfigOption = None,
    db: DbOption = None,
) -> None:
    """Trích xuất nhiệm vụ từ văn bản (chỉ đọc, không dùng cơ sở dữ liệu).

    Bản quét (PDF không có lớp chữ, .png, .jpg, .tif) được đọc bằng nhận dạng chữ (OCR):
    các dòng của nó có "source": "ocr" và độ tin cậy trung bình.

    Ví dụ: tracker extract thong-bao-ket-luan.txt --format jsonl
    """
    from tracker.errors import BadInput
    from tracker.extract import extract
    from tracker.load import limits_from_config, load_files
    from tracker.messages import message

    if fmt not in FORMATS:
        raise BadInput(f"định dạng không hỗ trợ: {fmt!r} (chọn {', '.join(FORMATS)})")
    app_ctx = context(ctx, config, db)
    issued_date = app_ctx.day(issued, "--issued") if issued else None
    # Validate every file before printing anything: bad input writes nothing.
    documents = load_files(files, limits=limits_from_config(app_ctx.config), progress=say)
    rows: list[dict[str, object]] = []
    for document in documents:
        if document.source == "ocr":
            confidence = f"{document.ocr_confidence or 0:.0f}"
            say(message("load.ocr", app_ctx.language, doc=document.name, confidence=confidence))
        if document.legacy:
            say(
                message(
                    "load.legacy", app_ctx.language, doc=document.name, encoding=document.legacy
                )
            )
        result = extract(document.text, issued=issued_date)
        issued_text = result.facts.issued.isoformat() if result.facts.issued else "?"
        say(
            message(
                "extract.summary",
                app_ctx.language,
                doc=document.name,
                tasks=len(result.tasks),
                issued=issued_text,
            )
        )
        extra: dict[str, object] = {"source": document.source}
        if document.ocr_confidence is not None:
            extra["ocr_confidence"] = document.ocr_confidence
        rows.extend({**task_row(document.name, task), **extra} for task in result.tasks)
    write_rows(rows, fmt, columns=TABLE_COLUMNS)
