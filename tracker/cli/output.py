"""Writers for command output: table, json, jsonl. Data to stdout, talk to stderr.

``--format jsonl`` prints one JSON object per line and nothing else on stdout.
This is the only module that prints.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import sys
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, Literal, TextIO

Format = Literal["table", "json", "jsonl"]
FORMATS: tuple[str, ...] = ("table", "json", "jsonl")


def say(text: str) -> None:
    """A message for the person at the terminal (stderr)."""
    print(text, file=sys.stderr)


def tell(text: str) -> None:
    """A line of a walk-through such as the demo: stdout, in order with its tables."""
    print(text, file=sys.stdout, flush=True)


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


_ISO_DAY = re.compile(r"(?P<y>\d{4})-(?P<m>\d{2})-(?P<d>\d{2})")


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _cell(value: Any, limit: int = 400) -> str:
    if value is None:
        return "—"
    if isinstance(value, list | tuple):
        value = "; ".join(str(v) for v in value)
    text = " ".join(str(value).split())
    iso = _ISO_DAY.fullmatch(text)
    if iso:
        # a person reads days as the office writes them: 25/03/2024 (JSON keeps ISO)
        return f"{iso['d']}/{iso['m']}/{iso['y']}"
    return text if len(text) <= limit else text[: limit - 1] + "…"


GAP = 2  # spaces between columns
NARROWEST = 6  # a column is never squeezed below this (or its natural width)


def terminal_width(out: TextIO) -> int | None:
    """The columns a table may take: ``COLUMNS`` when set, else the terminal's width when
    ``out`` is a terminal; None (no limit) when the table goes to a file or a pipe,
    where one line per row is what grep and friends expect."""
    if os.environ.get("COLUMNS", "").strip().isdigit():
        return max(int(os.environ["COLUMNS"]), 20)
    isatty = getattr(out, "isatty", None)
    if isatty is None or not isatty():
        return None
    return max(shutil.get_terminal_size(fallback=(100, 24)).columns, 20)


def fit_widths(natural: Sequence[int], floors: Sequence[int], available: int) -> list[int]:
    """Column widths that fit ``available`` columns: the widest column gives way first,
    none below its floor (a table of floors wider than the screen stays that wide)."""
    widths = list(natural)
    excess = sum(widths) + GAP * (len(widths) - 1) - available
    while excess > 0:
        shrinkable = [i for i, w in enumerate(widths) if w > floors[i]]
        if not shrinkable:
            break
        widest = max(shrinkable, key=lambda i: widths[i])
        widths[widest] -= 1
        excess -= 1
    return widths


def wrap(text: str, width: int) -> list[str]:
    """``text`` in lines of at most ``width`` display columns, broken at spaces (a word
    longer than the line is cut)."""
    lines: list[str] = []
    line = ""
    for word in text.split(" "):
        while _width(word) > width:  # a word longer than the column: cut it
            if line:
                lines.append(line)
                line = ""
            cut = width
            while _width(word[:cut]) > width:
                cut -= 1
            lines.append(word[:cut])
            word = word[cut:]
        if not line:
            line = word
        elif _width(line) + 1 + _width(word) <= width:
            line = f"{line} {word}"
        else:
            lines.append(line)
            line = word
    lines.append(line)
    return lines


def _write_table(
    rows: list[Mapping[str, Any]], columns: Sequence[tuple[str, str]], out: TextIO
) -> None:
    if not columns and rows:
        columns = [(k, k) for k in rows[0]]
    cells = [[_cell(row.get(k)) for k, _ in columns] for row in rows]
    heads = [h for _, h in columns]
    natural = [max([_width(h)] + [_width(r[i]) for r in cells]) for i, h in enumerate(heads)]
    floors = [
        min(natural[i], max([NARROWEST] + [_width(word) for word in h.split()]))
        for i, h in enumerate(heads)
    ]
    available = terminal_width(out)
    widths = natural if available is None else fit_widths(natural, floors, available)

    def lines(values: Sequence[str]) -> list[str]:
        wrapped = [wrap(v, w) for v, w in zip(values, widths, strict=True)]
        height = max(len(c) for c in wrapped)
        return [
            (" " * GAP)
            .join(
                (c[n] if n < len(c) else "") + " " * (w - _width(c[n] if n < len(c) else ""))
                for c, w in zip(wrapped, widths, strict=True)
            )
            .rstrip()
            for n in range(height)
        ]

    for text in lines(heads):
        out.write(text + "\n")
    out.write((" " * GAP).join("-" * w for w in widths) + "\n")
    for row in cells:
        for text in lines(row):
            out.write(text + "\n")
