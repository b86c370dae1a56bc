"""User-facing strings in Vietnamese and English: one key per message.

Identifiers stay English; what a secretariat reads is Vietnamese by default
(``general.language``). Imports nothing from the package.
"""

from __future__ import annotations

from typing import Any

MESSAGES: dict[str, dict[str, str]] = {
    "error": {"vi": "Lỗi: {detail}", "en": "Error: {detail}"},
    "init.config_written": {"vi": "Đã tạo tệp cấu hình {path}", "en": "Wrote {path}"},
    "init.config_exists": {
        "vi": "Tệp cấu hình {path} đã có; giữ nguyên (dùng --force để ghi đè)",
        "en": "{path} exists; left unchanged (use --force to overwrite)",
    },
    "db.ready": {
        "vi": "Cơ sở dữ liệu {url} ở phiên bản {revision}",
        "en": "Database {url} is at revision {revision}",
    },
    "db.backup": {
        "vi": "Đã sao lưu cơ sở dữ liệu vào {path}",
        "en": "Backed up the database to {path}",
    },
    "extract.summary": {
        "vi": "{doc}: {tasks} nhiệm vụ (ngày ban hành: {issued})",
        "en": "{doc}: {tasks} tasks (issued: {issued})",
    },
    "load.ocr": {
        "vi": "{doc}: đọc bằng nhận dạng chữ (OCR), độ tin cậy trung bình {confidence}%; "
        "mọi nhiệm vụ cần duyệt lại",
        "en": "{doc}: read by OCR, mean confidence {confidence}%; every task needs review",
    },
    "load.legacy": {
        "vi": "{doc}: đã chuyển từ bảng mã {encoding} sang Unicode",
        "en": "{doc}: converted from the {encoding} encoding to Unicode",
    },
    "demo.step": {"vi": "== {title} ==", "en": "== {title} =="},
    "demo.database": {"vi": "Cơ sở dữ liệu tạm: {url}", "en": "Temporary database: {url}"},
    "demo.units": {"vi": "Đã nạp {count} đơn vị", "en": "Loaded {count} units"},
    "demo.extracted": {
        "vi": "Trích xuất {tasks} nhiệm vụ từ {doc}",
        "en": "Extracted {tasks} tasks from {doc}",
    },
    "none": {"vi": "(không có)", "en": "(none)"},
}


# Names a person reads for the English keys that data and JSON keep.
STATUS_LABELS = {
    "done_on_time": "hoàn thành đúng hạn",
    "done_late": "hoàn thành quá hạn",
    "open": "đang thực hiện",
    "due_soon": "sắp đến hạn",
    "overdue": "quá hạn",
    "no_deadline": "không có hạn",
}
REVIEW_LABELS = {"draft": "chờ duyệt", "confirmed": "đã duyệt", "rejected": "đã loại"}
ROLE_LABELS = {"lead": "chủ trì", "support": "phối hợp"}
EVENT_LABELS = {
    "created": "tạo",
    "confirmed": "duyệt",
    "rejected": "loại",
    "draft": "trả về chờ duyệt",
    "edited": "sửa",
    "done": "hoàn thành",
    "reopened": "mở lại",
    "extended": "gia hạn",
    "flagged_overdue": "quá hạn",
    "carried": "chuyển sang đơn vị kế thừa",
    "merged": "gộp vào lượt giao của đơn vị kế thừa",
    "unit_added": "thêm đơn vị",
    "unit_updated": "cập nhật đơn vị",
    "unit_renamed": "đổi tên đơn vị",
    "unit_merged": "sáp nhập đơn vị",
    "unit_retired": "đơn vị thôi hoạt động",
    "unit_moved": "chuyển đơn vị trực thuộc",
    "alias_added": "thêm tên khác",
    "ingested": "lưu văn bản",
    "likely_duplicate": "nghi trùng văn bản",
    "document_deleted": "xóa văn bản",
    "document_restored": "khôi phục văn bản",
    "outbox_dropped": "bỏ thư",
    "outbox_retry": "gửi lại thư",
    "scheduler_run": "bộ lập lịch chạy",
}


def label(labels: dict[str, str], key: str | None) -> str:
    """The Vietnamese name of ``key`` in ``labels`` ("—" for none; the key if unknown)."""
    if key is None:
        return "—"
    return labels.get(key, key)


def message(key: str, language: str = "vi", **values: Any) -> str:
    """The message ``key`` in ``language`` (falling back to Vietnamese), formatted."""
    texts = MESSAGES[key]
    return texts.get(language, texts["vi"]).format(**values)
