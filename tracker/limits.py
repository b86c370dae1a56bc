"""Value limits: one set for every face and both databases (issue 16 item 8).

SQLite stores any length and any integer; PostgreSQL refuses a ``VARCHAR(n)``
overflow and an id past ``INTEGER``. Checked here, before any query, a value gets
the same one-line Vietnamese ``BadInput`` (exit 2) on both, and a dump of one
database always loads into the other.

Dates: a day typed by a user (``--as-of``, ``--from``, ``--on`` …) lies between
``EARLIEST_DAY`` and ``HORIZON_YEARS`` after today; a deadline (an extension, a
corrected deadline) at most ``HORIZON_YEARS`` after the document's date; a done
date neither in the future nor before the document. Far dates are typing mistakes
("2204" for "2024") and break calendar arithmetic near year 9999.

Imports ``errors`` only.
"""

from __future__ import annotations

from datetime import date

from tracker.errors import BadInput

# ids are PostgreSQL INTEGER: 1 … 2³¹ − 1
MAX_ID = 2**31 - 1
# the first day a Vietnamese state document can bear (2 September 1945)
EARLIEST_DAY = date(1945, 9, 2)
# how far after today (typed days) or after a document (deadlines) a day may lie
HORIZON_YEARS = 10

# lengths in characters (PostgreSQL counts characters, as Python does)
UNIT_NAME_MAX = 200  # unit names and aliases (units.name is VARCHAR(500))
EMAIL_MAX = 254  # RFC 5321 path limit (units.email is VARCHAR(320))
DOCUMENT_NUMBER_MAX = 100  # số/ký hiệu, e.g. "1838/QĐ-UBND" (events.document_number: 200)
NOTE_MAX = 2_000  # notes, reasons
SEARCH_MAX = 200  # --search, --unit, --document texts
# document header facts as extracted, clipped to their columns (never refused)
HEADER_LIMITS = {
    "file_name": 500,
    "kind": 100,
    "number": 200,
    "issuer": 500,
    "place": 200,
    "mail_from": 500,
}


def years_after(day: date, years: int = HORIZON_YEARS) -> date:
    """The same day ``years`` later (29 February → 28 February)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def check_id(value: int, what: str = "nhiệm vụ") -> int:
    """A task or document id: 1 … 2³¹ − 1."""
    if not 1 <= value <= MAX_ID:
        raise BadInput(f"mã {what} không hợp lệ: {value} (từ 1 đến {MAX_ID})")
    return value


def check_text(value: str | None, *, label: str, limit: int) -> str | None:
    """A free text no longer than ``limit`` characters (None passes)."""
    if value is not None and len(value) > limit:
        raise BadInput(f"{label} quá dài: {len(value)} ký tự (tối đa {limit})")
    return value


def check_day(day: date, *, today: date, label: str = "ngày") -> date:
    """A day typed by a user: from 2/9/1945 to ``HORIZON_YEARS`` after today."""
    latest = years_after(today)
    if not EARLIEST_DAY <= day <= latest:
        raise BadInput(
            f"{label} {day:%d/%m/%Y} nằm ngoài khoảng cho phép "
            f"({EARLIEST_DAY:%d/%m/%Y} – {latest:%d/%m/%Y})"
        )
    return day


def check_deadline(day: date, *, issued: date | None, fallback: date, label: str = "hạn") -> date:
    """A new deadline: not before the document, at most ``HORIZON_YEARS`` after it
    (after ``fallback``, e.g. the day it is granted, when the document has no date)."""
    anchor = issued or fallback
    latest = years_after(anchor)
    if day > latest:
        raise BadInput(
            f"{label} {day:%d/%m/%Y} quá xa: tối đa {HORIZON_YEARS} năm sau ngày văn bản "
            f"({latest:%d/%m/%Y})"
        )
    if issued is not None and day < issued:
        raise BadInput(f"{label} {day:%d/%m/%Y} trước ngày văn bản {issued:%d/%m/%Y}")
    return day


def check_past_day(day: date, *, today: date, issued: date | None, label: str) -> date:
    """A day something happened (done, granted): not after today, not before the document."""
    if day > today:
        raise BadInput(f"{label} {day:%d/%m/%Y} là ngày trong tương lai (hôm nay {today:%d/%m/%Y})")
    if issued is not None and day < issued:
        raise BadInput(f"{label} {day:%d/%m/%Y} trước ngày văn bản {issued:%d/%m/%Y}")
    return day


def clip(value: str | None, limit: int) -> str | None:
    """Extracted text cut to its column (a header line is never worth refusing a document)."""
    if value is None or len(value) <= limit:
        return value
    return value[: limit - 1] + "…"


def like_pattern(text: str) -> str:
    """``%text%`` for LIKE with ``escape="\\\\"``: ``%`` and ``_`` match themselves."""
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"
