"""The whole database as JSON Lines and back, lossless (``tracker export all`` /
``tracker import all``).

A dump is one header line, one line per row, and one closing line::

    {"format": "tracker-dump", "version": 1, "schema": "0001", "exported_at": "…"}
    {"table": "documents", "row": {"id": 1, "content_hash": "…", …}}
    …
    {"end": true, "counts": {"documents": 12, "units": 30, …}}

Tables come parents first (the models' foreign-key order); every column is written
under its own name, dates as ``YYYY-MM-DD`` and instants as ISO 8601 in UTC, ids
kept, so a dump loaded into an empty database and dumped again gives the same rows.
Rows stream both ways: neither side holds a table in memory. The closing line's
counts let a load refuse a truncated file. A load goes into an empty database only,
inside the caller's transaction, so a bad file writes nothing.

Imports ``errors`` and ``store.models``.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from datetime import date, datetime
from typing import Any, TextIO

from sqlalchemy import Date, DateTime, Table, func, insert, select, text, update
from sqlalchemy.exc import DataError, IntegrityError
from sqlalchemy.orm import Session

from tracker.errors import BadInput
from tracker.store.models import Base, Unit, UTCDateTime

FORMAT = "tracker-dump"
VERSION = 1
BATCH = 1_000


def tables() -> list[Table]:
    """Our tables, parents before children."""
    return list(Base.metadata.sorted_tables)


def _encoder(table: Table) -> Callable[[Any], dict[str, Any]]:
    columns = [(c.name, isinstance(c.type, (Date, DateTime, UTCDateTime))) for c in table.columns]

    def encode(row: Any) -> dict[str, Any]:
        mapping = row._mapping
        return {
            name: (
                mapping[name].isoformat()
                if temporal and mapping[name] is not None
                else mapping[name]
            )
            for name, temporal in columns
        }

    return encode


def dump(session: Session, out: TextIO, *, schema: str, now: datetime) -> dict[str, int]:
    """Write every row of every table to ``out``; returns the row count per table."""
    header = {
        "format": FORMAT,
        "version": VERSION,
        "schema": schema,
        "exported_at": now.isoformat(),
    }
    out.write(json.dumps(header, ensure_ascii=False) + "\n")
    counts: dict[str, int] = {}
    for table in tables():
        encode = _encoder(table)
        count = 0
        query = select(table).order_by(*table.primary_key.columns)
        for row in session.execute(query).yield_per(BATCH):
            line = {"table": table.name, "row": encode(row)}
            out.write(json.dumps(line, ensure_ascii=False, separators=(",", ":")) + "\n")
            count += 1
        counts[table.name] = count
    out.write(json.dumps({"end": True, "counts": counts}) + "\n")
    return counts


def row_counts(session: Session) -> dict[str, int]:
    """Rows per table."""
    return {t.name: int(session.scalar(select(func.count()).select_from(t)) or 0) for t in tables()}


class _Decoder:
    """Turns a row of the dump back into column values, naming what is wrong."""

    def __init__(self, table: Table) -> None:
        self.table = table
        self.columns = {c.name: c for c in table.columns}

    def __call__(self, row: object) -> dict[str, Any]:
        if not isinstance(row, dict):
            raise ValueError("dòng dữ liệu không phải một đối tượng JSON")
        unknown = set(row) - set(self.columns)
        if unknown:
            raise ValueError(f"bảng {self.table.name} không có cột {sorted(unknown)[0]!r}")
        values: dict[str, Any] = {}
        for name, value in row.items():
            kind = self.columns[name].type
            if value is not None and isinstance(kind, (DateTime, UTCDateTime)):
                parsed = datetime.fromisoformat(value)
                if parsed.tzinfo is None:
                    raise ValueError(f"cột {name}: thời điểm {value!r} thiếu múi giờ")
                value = parsed
            elif value is not None and isinstance(kind, Date):
                value = date.fromisoformat(value)
            values[name] = value
        return values


def load(session: Session, lines: Iterable[str], *, source: str, schema: str) -> dict[str, int]:
    """Insert a dump into an empty database; returns the row count per table.

    Raises ``BadInput`` (naming ``source`` and the line) for anything that is not a
    complete dump of this schema, and when the database already holds data.
    """
    present = {name: n for name, n in row_counts(session).items() if n}
    if present:
        listed = ", ".join(f"{n} dòng trong {name}" for name, n in present.items())
        raise BadInput(
            f"cơ sở dữ liệu đích đã có dữ liệu ({listed}); 'tracker import all' chỉ nạp vào "
            "cơ sở dữ liệu trống"
        )
    by_name = {t.name: t for t in tables()}
    order = [t.name for t in tables()]
    decoders: dict[str, _Decoder] = {}
    counts: dict[str, int] = dict.fromkeys(order, 0)
    pending: list[dict[str, Any]] = []
    current: str | None = None
    parents: list[tuple[int, int]] = []  # units whose parent is set after all units are in
    closing: dict[str, Any] | None = None
    header_seen = False
    number = 0

    def flush() -> None:
        if pending and current is not None:
            session.execute(insert(by_name[current]), pending)
            pending.clear()
        if current == Unit.__tablename__ and parents:
            for unit_id, parent_id in parents:
                session.execute(update(Unit).where(Unit.id == unit_id).values(parent_id=parent_id))
            parents.clear()

    try:
        for line in lines:
            number += 1
            if not line.strip():
                continue
            if closing is not None:
                raise ValueError("có dữ liệu sau dòng kết thúc")
            item = json.loads(line)
            if not header_seen:
                _check_header(item, schema)
                header_seen = True
                continue
            if not isinstance(item, dict):
                raise ValueError("dòng không phải một đối tượng JSON")
            if item.get("end") is True:
                closing = item
                continue
            name = item.get("table")
            if name not in by_name:
                raise ValueError(f"bảng không có trong lược đồ: {name!r}")
            if name != current:
                if current is not None and order.index(name) < order.index(current):
                    raise ValueError(f"bảng {name} đứng sau bảng {current}: thứ tự không hợp lệ")
                flush()
                current = name
            decode = decoders.setdefault(name, _Decoder(by_name[name]))
            values = decode(item.get("row"))
            if name == Unit.__tablename__ and values.get("parent_id") is not None:
                parents.append((values["id"], values["parent_id"]))
                values["parent_id"] = None
            pending.append(values)
            counts[name] += 1
            if len(pending) >= BATCH:
                flush()
        if not header_seen:
            raise ValueError("tệp rỗng")
        flush()
        session.flush()
    except (ValueError, TypeError, KeyError, json.JSONDecodeError) as error:
        where = f"{source}:{number}" if number else source
        raise BadInput(f"{where}: {error}") from None
    except (IntegrityError, DataError) as error:  # a key clash, a value the column refuses
        reason = str(error.orig).splitlines()[0] if error.orig else type(error).__name__
        raise BadInput(f"{source}:{number}: dữ liệu không nhất quán ({reason})") from None
    if closing is None:
        raise BadInput(f"{source}: tệp không đầy đủ (thiếu dòng kết thúc): không nạp gì")
    expected = closing.get("counts")
    if expected != counts:
        raise BadInput(f"{source}: số dòng không khớp dòng kết thúc ({expected} ≠ {counts})")
    move_sequences(session)
    return counts


def _check_header(item: object, schema: str) -> None:
    if not isinstance(item, dict) or item.get("format") != FORMAT:
        raise ValueError("không phải tệp do 'tracker export all' tạo ra")
    if item.get("version") != VERSION:
        raise ValueError(
            f"phiên bản định dạng {item.get('version')!r} không hỗ trợ (cần {VERSION})"
        )
    if item.get("schema") != schema:
        raise ValueError(
            f"tệp theo lược đồ {item.get('schema')!r}, phiên bản này dùng {schema!r}: "
            "nạp bằng phiên bản tracker đã xuất tệp, nâng cấp ('tracker db upgrade') rồi xuất lại"
        )


def move_sequences(session: Session) -> None:
    """On PostgreSQL, new rows must get ids after rows inserted with explicit ids
    (a load here, the benchmark's generator)."""
    if session.get_bind().dialect.name != "postgresql":
        return
    for table in tables():
        session.execute(
            text(
                f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "
                f"COALESCE((SELECT max(id) FROM {table.name}), 0) + 1, false)"
            )
        )
