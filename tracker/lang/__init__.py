"""Language knowledge: loaders for the data files under ``lang/<language>/``.

Tables are TOML, shipped as package data, read with ``importlib.resources`` and
cached once per process. Each file's keys are checked against ``schema.SCHEMAS``;
string values are folded with the same function as document text (NFC, one tone
placement) so a table written "Thị uỷ" matches a text written "Thị ủy". Unknown
keys, missing keys and duplicates after folding are rejected with the file and key
named. Regex fragments are composed by ``{name}`` reference (Recognizers-Text).

Imports only ``lang.normal``, ``lang.schema`` and ``errors``.
"""

from __future__ import annotations

import functools
import re
import tomllib
from dataclasses import dataclass
from importlib import resources
from typing import Any

from tracker.errors import ConfigError
from tracker.lang.normal import fold, key
from tracker.lang.schema import SCHEMAS, Section

_REF = re.compile(r"\{([a-z_][a-z0-9_]*)\}")
_KEEP_AS_WRITTEN = frozenset({"example", "note"})


@dataclass(frozen=True)
class Table:
    """One loaded table file: ``entries[section]`` and ``patterns[section]``."""

    name: str
    entries: dict[str, tuple[dict[str, Any], ...]]
    patterns: dict[str, dict[str, str]]

    def section(self, name: str) -> tuple[dict[str, Any], ...]:
        """The entries of one section (empty when the file has none)."""
        return self.entries.get(name, ())

    def phrases(self, section: str, field: str = "phrase") -> tuple[str, ...]:
        """The folded ``field`` of every entry of ``section``, longest first."""
        values = (str(entry[field]) for entry in self.section(section))
        return tuple(sorted(values, key=len, reverse=True))


class TableError(ConfigError):
    """A language table is malformed (a packaging bug, reported like bad config)."""


def _fold_value(value: Any) -> Any:
    if isinstance(value, str):
        return fold(value)
    if isinstance(value, list):
        return [_fold_value(v) for v in value]
    return value


def _check_entries(file: str, name: str, spec: Section, raw: Any) -> tuple[dict[str, Any], ...]:
    if not isinstance(raw, list):
        raise TableError(f"{file}: [{name}] phải là danh sách [[{name}]]")
    seen: dict[str, int] = {}
    out: list[dict[str, Any]] = []
    for number, entry in enumerate(raw, 1):
        where = f"{file}: [[{name}]] #{number}"
        unknown = set(entry) - spec.required - spec.optional
        if unknown:
            raise TableError(f"{where}: khóa không hợp lệ {sorted(unknown)}")
        missing = spec.required - set(entry)
        if missing:
            raise TableError(f"{where}: thiếu khóa {sorted(missing)}")
        folded = {k: (v if k in _KEEP_AS_WRITTEN else _fold_value(v)) for k, v in entry.items()}
        if spec.unique:
            dedup = key(str(folded[spec.unique]))
            if dedup in seen:
                raise TableError(
                    f"{where}: {spec.unique}={entry[spec.unique]!r} trùng #{seen[dedup]}"
                )
            seen[dedup] = number
        out.append(folded)
    return tuple(out)


def expand_patterns(raw: dict[str, str], *, file: str = "?") -> dict[str, str]:
    """Expand ``{name}`` references between named regex fragments (no cycles)."""
    done: dict[str, str] = {}

    def expand(name: str, stack: tuple[str, ...]) -> str:
        if name in done:
            return done[name]
        if name not in raw:
            raise TableError(
                f"{file}: mẫu {stack[-1] if stack else name!r} tham chiếu {{{name}}} không tồn tại"
            )
        if name in stack:
            raise TableError(f"{file}: mẫu {name!r} tham chiếu vòng: {' → '.join((*stack, name))}")
        value = _REF.sub(
            lambda m: "(?:" + expand(m.group(1), (*stack, name)) + ")", fold(raw[name])
        )
        done[name] = value
        return value

    for name in raw:
        expand(name, ())
    return done


def parse_table(name: str, data: dict[str, Any], *, file: str | None = None) -> Table:
    """Validate a parsed table file against its schema and fold its text."""
    file = file or f"{name}.toml"
    schema = SCHEMAS.get(name)
    if schema is None:
        raise TableError(f"{file}: không có lược đồ cho bảng {name!r}")
    unknown = set(data) - set(schema)
    if unknown:
        raise TableError(f"{file}: mục không hợp lệ {sorted(unknown)}")
    entries: dict[str, tuple[dict[str, Any], ...]] = {}
    patterns: dict[str, dict[str, str]] = {}
    for section, raw in data.items():
        spec = schema[section]
        if spec.shape == "patterns":
            patterns[section] = expand_patterns(raw, file=file)
            for pname, regex in patterns[section].items():
                try:
                    re.compile(regex)
                except re.error as error:
                    raise TableError(
                        f"{file}: mẫu {pname!r} không phải regex hợp lệ: {error}"
                    ) from error
        else:
            entries[section] = _check_entries(file, section, spec, raw)
    return Table(name, entries, patterns)


@functools.cache
def load_table(name: str, language: str = "vi") -> Table:
    """Load, validate and cache ``lang/<language>/<name>.toml``."""
    path = resources.files("tracker.lang").joinpath(language, f"{name}.toml")
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as error:
        raise TableError(f"{language}/{name}.toml: không tìm thấy bảng ngôn ngữ") from error
    except tomllib.TOMLDecodeError as error:
        raise TableError(f"{language}/{name}.toml: TOML không hợp lệ: {error}") from error
    return parse_table(name, data, file=f"{language}/{name}.toml")


def table_names() -> tuple[str, ...]:
    """Every table the schema knows (each must exist as a file)."""
    return tuple(SCHEMAS)
