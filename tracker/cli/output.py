"""Writers for command output: table, json, jsonl. Data to stdout, talk to stderr.

``--format jsonl`` prints one JSON object per line and nothing else on stdout.
This is the only module that prints.
"""

from __future__ import annotations

import json
import sys
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, Literal, TextIO

Format = Literal["table", "json", "jsonl"]
FORMATS: tuple[str, ...] = ("table", "json", "jsonl")


def say(text: str) -> None:
    """A message for the person at the terminal (stderr)."""
    print(text, file=sys.stderr)


def write_rows(
    rows: Iterable[Mapping[str, Any]],
    fmt: str,
    *,
    columns: Sequence[tuple[str, str]] = (),
    out: TextIO | None = None,
) -> int:
    """Write ``rows`` in ``fmt``; ``columns`` maps keys to headings for tables.

    Returns the number of rows written. jsonl streams row by row.
    """
    out = out or sys.stdout
    if fmt == "jsonl":
        count = 0
        for row in rows:
            out.write(json.dumps(row, ensure_ascii=False) + "\n")
            count += 1
        return count
    materialised = list(rows)
    if fmt == "json":
        out.write(json.dumps(materialised, ensure_ascii=False, indent=2) + "\n")
        return len(materialised)
    _write_table(materialised, columns, out)
    return len(materialised)


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _cell(value: Any, limit: int = 60) -> str:
    if value is None:
        return "—"
    if isinstance(value, list | tuple):
        value = "; ".join(str(v) for v in value)
    text = " ".join(str(value).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _write_table(
    rows: list[Mapping[str, Any]], columns: Sequence[tuple[str, str]], out: TextIO
) -> None:
    if not columns and rows:
        columns = [(k, k) for k in rows[0]]
    cells = [[_cell(row.get(k)) for k, _ in columns] for row in rows]
    heads = [h for _, h in columns]
    widths = [max([_width(h)] + [_width(r[i]) for r in cells]) for i, h in enumerate(heads)]

    def line(values: Sequence[str]) -> str:
        return "  ".join(
            v + " " * (w - _width(v)) for v, w in zip(values, widths, strict=True)
        ).rstrip()

    out.write(line(heads) + "\n")
    out.write(line(["-" * w for w in widths]) + "\n")
    for row in cells:
        out.write(line(row) + "\n")
