"""Reading a unit registry file (docs/contract.md): CSV ``name,kind,parent,aliases,email``
with aliases separated by ";", an Excel workbook (.xlsx) whose first sheet has the same
header row and columns, or TOML with a ``[[unit]]`` table per unit.

Errors name the file and the line; nothing is returned half-read. Imports
``errors`` and ``store.writes``.
"""

from __future__ import annotations

import csv
import io
import tomllib
import zipfile
from pathlib import Path
from typing import Any

from tracker.errors import BadInput
from tracker.store.writes import UnitInput

COLUMNS = ("name", "kind", "parent", "aliases", "email")


def read_units(path: Path) -> list[UnitInput]:
    """The rows of a units file (.csv or .toml)."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise BadInput(f"tệp '{path}': không tồn tại") from None
    except OSError as error:
        raise BadInput(f"tệp '{path}': không đọc được ({error.strerror})") from None
    if path.suffix.lower() == ".xlsx":
        return _xlsx(path, raw)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise BadInput(f"tệp '{path}': không phải UTF-8") from None
    if path.suffix.lower() == ".toml":
        return _toml(path, text)
    return _csv(path, text)


def _xlsx(path: Path, raw: bytes) -> list[UnitInput]:
    """The first sheet: a header row ``name,kind,parent,aliases,email``, a unit per row."""
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        book = load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, ValueError, OSError):
        raise BadInput(f"tệp '{path}': không phải tệp Excel .xlsx đọc được") from None
    try:
        sheet = book.worksheets[0]
        rows = sheet.iter_rows(values_only=True)
        header = tuple(_cell(v) for v in next(rows, ()))
        while header and not header[-1]:
            header = header[:-1]
        if not header or header[0] != "name" or set(header) - set(COLUMNS) or "kind" not in header:
            raise BadInput(f"tệp '{path}': dòng đầu của trang tính phải là {', '.join(COLUMNS)}")
        units: list[UnitInput] = []
        for number, values in enumerate(rows, start=2):
            cells = [_cell(v) for v in values]
            if not any(cells):
                continue  # blank rows between groups of units
            if any(cells[len(header) :]):
                raise BadInput(f"tệp '{path}' dòng {number}: thừa cột")
            units.append(_row(dict(zip(header, cells, strict=False)), number))
    finally:
        book.close()
    if not units:
        raise BadInput(f"tệp '{path}': không có đơn vị nào")
    return units


def _cell(value: object) -> str:
    return "" if value is None else str(value).strip()


def _csv(path: Path, text: str) -> list[UnitInput]:
    reader = csv.DictReader(io.StringIO(text))
    header = tuple(h.strip() for h in (reader.fieldnames or ()))
    if not header or header[0] != "name" or set(header) - set(COLUMNS) or "kind" not in header:
        raise BadInput(f"tệp '{path}': dòng tiêu đề phải là {','.join(COLUMNS)}")
    rows: list[UnitInput] = []
    for number, record in enumerate(reader, start=2):
        values = {k.strip(): (v or "").strip() for k, v in record.items() if k is not None}
        if None in record:
            raise BadInput(f"tệp '{path}' dòng {number}: thừa cột")
        rows.append(_row(values, number))
    if not rows:
        raise BadInput(f"tệp '{path}': không có đơn vị nào")
    return rows


def _toml(path: Path, text: str) -> list[UnitInput]:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise BadInput(f"tệp '{path}': TOML không hợp lệ: {error}") from None
    units = data.get("unit")
    if set(data) - {"unit"} or not isinstance(units, list) or not units:
        raise BadInput(f"tệp '{path}': cần các bảng [[unit]]")
    rows = []
    for number, entry in enumerate(units, start=1):
        unknown = set(entry) - set(COLUMNS)
        if unknown:
            raise BadInput(f"tệp '{path}' [[unit]] #{number}: khóa không hợp lệ {sorted(unknown)}")
        values: dict[str, Any] = dict(entry)
        if isinstance(values.get("aliases"), list):
            values["aliases"] = ";".join(str(a) for a in values["aliases"])
        rows.append(_row({k: str(v) for k, v in values.items()}, number))
    return rows


def _row(values: dict[str, str], line: int) -> UnitInput:
    aliases = tuple(a.strip() for a in values.get("aliases", "").split(";") if a.strip())
    return UnitInput(
        name=values.get("name", ""),
        kind=values.get("kind", ""),
        parent=values.get("parent") or None,
        aliases=aliases,
        email=values.get("email") or None,
        line=line,
    )
