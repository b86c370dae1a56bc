"""Vietnamese for the words Typer and Click print by themselves: the usage line
("Cách dùng:"), the help panels' titles, "[mặc định: …]", the ``--help`` option's own
line, and usage errors (an unknown option, a missing argument, a value of the wrong
type …).

The Click that Typer vendors builds these texts without gettext, so they are set where
they live: ``install()`` replaces the usage line and the help option's text on Click's
``Command`` (cheap), and sets the rich help module's words when that module is first
imported (an import hook: ``tracker tasks`` must not pay for importing rich, which only
help screens need). Errors are worded from each exception's own fields
(``error_text``), the same line for ``tracker`` the console script and for Typer's
standalone mode; ``tests/cli/test_vietnamese.py`` keeps each of them Vietnamese.
"""

from __future__ import annotations

import importlib.abc
import importlib.machinery
import re
import sys
from collections.abc import Sequence
from types import ModuleType
from typing import Any

USAGE = "Cách dùng: "
HELP_OPTION = "Hiện hướng dẫn này rồi thoát."
USAGE_PIECES = {
    "[OPTIONS]": "[TÙY_CHỌN]",
    "COMMAND [ARGS]...": "LỆNH [THAM_SỐ]...",
}
RICH_WORDS = {
    "ARGUMENTS_PANEL_TITLE": "Tham số",
    "OPTIONS_PANEL_TITLE": "Tùy chọn",
    "COMMANDS_PANEL_TITLE": "Lệnh",
    "ERRORS_PANEL_TITLE": "Lỗi",
    "ABORTED_TEXT": "Đã dừng.",
    "RICH_HELP": "Xem [blue]'{command_path} {help_option}'[/] để biết cách dùng.",
    "DEFAULT_STRING": "[mặc định: {}]",
    "ENVVAR_STRING": "[biến môi trường: {}]",
    "REQUIRED_LONG_STRING": "[bắt buộc]",
    "DEPRECATED_STRING": "(không dùng nữa) ",
}

# Messages Click and Typer build as plain strings, and the inner messages of a value
# that does not convert (pydantic's, in Typer ≥ 0.2x): pattern → Vietnamese.
MESSAGES: tuple[tuple[str, str], ...] = (
    (r"Got unexpected extra argument(?:s|\(s\))? \((?P<x>.*)\)", "thừa tham số: {x}"),
    (r"Missing command\.?", "thiếu lệnh"),
    (r"No such command '?(?P<x>[^']*)'?\.?", "không có lệnh '{x}'"),
    (r"Option '?(?P<x>[^' ]+)'? requires an argument\.?", "tùy chọn {x} cần một giá trị"),
    (r"Option '?(?P<x>[^' ]+)'? requires (?P<n>\d+) arguments\.?", "tùy chọn {x} cần {n} giá trị"),
    (r"Option '?(?P<x>[^' ]+)'? does not take a value\.?", "tùy chọn {x} không nhận giá trị"),
    (r"Argument '?(?P<x>[^' ]+)'? takes (?P<n>\d+) values\.?", "tham số {x} cần {n} giá trị"),
    (r"Input should be a valid integer.*", "phải là một số nguyên"),
    (r"Input should be a valid number.*", "phải là một số"),
    (r"Input should be a valid boolean.*", "phải là có hoặc không (true/false)"),
    (r"Input should be a valid (date|datetime).*", "phải là một ngày"),
    (r"Input should be a valid path.*", "phải là một đường dẫn"),
    (r"Input should be a valid string.*", "phải là một chuỗi"),
    (r"Input should be (?P<x>.*)", "phải là {x}"),
    (r"'(?P<v>.*)' is not a valid (integer|int)\.?", "'{v}' không phải số nguyên"),
    (r"'(?P<v>.*)' is not one of (?P<x>.*)\.?", "'{v}' không thuộc {x}"),
    (r"Value must be an iterable\.?", "cần một danh sách giá trị"),
    (r"Path '(?P<v>.*)' does not exist\.?", "đường dẫn '{v}' không tồn tại"),
)
KINDS = {"argument": "tham số", "option": "tùy chọn", "parameter": "tham số"}
# the value types help shows after an option ("<str>"): in Vietnamese; a flag shows none
TYPES = {
    "str": "chữ",
    "int": "số",
    "float": "số",
    "path": "đường dẫn",
    "file": "tệp",
    "directory": "thư mục",
    "datetime": "ngày giờ",
}


def type_label(label: str) -> str:
    """ "<str>" → "<chữ>", "<list[int]>" → "<số>", "<bool>" → "" (a flag takes no value)."""
    inner = label.strip()
    if not (inner.startswith("<") and inner.endswith(">")):
        return label
    inner = inner[1:-1].lower()
    if inner.startswith("list[") and inner.endswith("]"):
        inner = inner[5:-1]
    if inner == "bool":
        return ""
    return f"<{TYPES[inner]}>" if inner in TYPES else label


def translate(text: str) -> str:
    """A message of Click's or Typer's in Vietnamese (unchanged when no pattern knows it)."""
    text = text.strip()
    for pattern, wording in MESSAGES:
        match = re.fullmatch(pattern, text, flags=re.DOTALL)
        if match:
            return wording.format(**match.groupdict())
    return text


def _hint(value: Sequence[str] | str | None) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    return " / ".join(repr(v) for v in value)


def _param_hint(error: Any) -> str:
    if getattr(error, "param_hint", None) is not None:
        return _hint(error.param_hint)
    param = getattr(error, "param", None)
    return str(param.get_error_hint()) if param is not None else ""


def error_text(error: BaseException) -> str:
    """One Vietnamese line for a usage error of Click or Typer, from its own fields."""
    kind = type(error).__name__
    message = str(getattr(error, "message", "") or "")
    if kind == "NoSuchOption":
        text = f"không có tùy chọn {error.option_name}"  # type: ignore[attr-defined]  # Click's field
        possible = sorted(getattr(error, "possibilities", None) or ())
        return f"{text} (có phải: {', '.join(possible)}?)" if possible else text
    if kind == "MissingParameter":
        param = getattr(error, "param", None)
        what = getattr(error, "param_type", None) or (param.param_type_name if param else "")
        hint = _param_hint(error)
        text = f"thiếu {KINDS.get(what, 'tham số')} {hint}".rstrip()
        return f"{text}: {translate(message)}" if message else text
    if kind == "BadParameter":
        hint = _param_hint(error)
        where = f" cho {hint}" if hint else ""
        return f"giá trị không hợp lệ{where}: {translate(message)}"
    if kind == "FileError":
        name = getattr(error, "ui_filename", "")
        return f"không mở được tệp '{name}': {translate(message)}"
    return translate(message or str(error))


def help_hint(error: BaseException) -> str:
    """Where to read more: "xem 'tracker units add --help'" (the failing command's help)."""
    ctx = getattr(error, "ctx", None)
    path = getattr(ctx, "command_path", None) or "tracker"
    return f"xem '{path} --help'"


def error_line(error: BaseException) -> str:
    """The one line a usage error prints: message, then where help is."""
    text = " ".join(error_text(error).split())
    return f"Lỗi: {text} ({help_hint(error)})"


def _rich_format_error(error: Any) -> None:
    """Typer's standalone error printer, replaced: the same one line as ``tracker``'s."""
    if type(error).__name__ == "NoArgsIsHelpError":  # the help was shown already
        return
    from tracker.cli.output import say

    say(error_line(error))


def _vietnamese_rich(module: ModuleType) -> None:
    for name, text in RICH_WORDS.items():
        if hasattr(module, name):
            setattr(module, name, text)
    module.rich_format_error = _rich_format_error  # type: ignore[attr-defined]  # the printer


class _PatchingLoader(importlib.abc.Loader):
    """Loads a module as usual, then gives it its Vietnamese words."""

    def __init__(self, inner: importlib.abc.Loader) -> None:
        self.inner = inner

    def create_module(self, spec: importlib.machinery.ModuleSpec) -> ModuleType | None:
        return self.inner.create_module(spec)

    def exec_module(self, module: ModuleType) -> None:
        self.inner.exec_module(module)
        _vietnamese_rich(module)

    def __getattr__(self, name: str) -> Any:  # get_source, get_filename … for tracebacks
        return getattr(self.inner, name)


class _RichHook(importlib.abc.MetaPathFinder):
    """Finds ``typer.rich_utils`` like Python would, with a loader that patches it."""

    target = "typer.rich_utils"

    def find_spec(
        self, fullname: str, path: Sequence[str] | None, target: ModuleType | None = None
    ) -> importlib.machinery.ModuleSpec | None:
        if fullname != self.target:
            return None
        spec = importlib.machinery.PathFinder.find_spec(fullname, path)
        if spec is None or spec.loader is None:
            return None
        spec.loader = _PatchingLoader(spec.loader)
        return spec


def _format_usage(self: Any, ctx: Any, formatter: Any) -> None:
    pieces = [USAGE_PIECES.get(piece, piece) for piece in self.collect_usage_pieces(ctx)]
    formatter.write_usage(ctx.command_path, " ".join(pieces), prefix=USAGE)


def install() -> None:
    """Put the Vietnamese words in place (idempotent)."""
    from typer import _click

    command: Any = _click.Command
    if getattr(command, "__vietnamese__", False):
        return
    command.format_usage = _format_usage
    original_help_option = command.get_help_option

    def get_help_option(self: Any, ctx: Any) -> Any:
        option = original_help_option(self, ctx)
        if option is not None:
            option.help = HELP_OPTION
        return option

    command.get_help_option = get_help_option
    command.__vietnamese__ = True

    from typer.core import _TyperParameter

    parameter: Any = _TyperParameter
    original_type = parameter.display_type

    def display_type(self: Any, ctx: Any) -> str:
        return type_label(str(original_type(self, ctx)))

    parameter.display_type = display_type
    if _RichHook.target in sys.modules:
        _vietnamese_rich(sys.modules[_RichHook.target])
    elif not any(isinstance(finder, _RichHook) for finder in sys.meta_path):
        sys.meta_path.insert(0, _RichHook())
