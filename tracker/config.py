"""Configuration: the ``CONFIG_SPEC`` table, ``load_config()`` and the frozen ``Config``.

Precedence (documented once, here and in the README), highest first:

1. command-line flags (``--db``; ``--as-of`` is not configuration),
2. environment: ``TRACKER_DATABASE_URL`` (database URL), ``TRACKER_CONFIG`` (which
   file), ``TRACKER_SMTP_PASSWORD`` (the only place a secret may come from),
3. the file: ``--config PATH``, else ``$TRACKER_CONFIG``, else ``./config.toml``,
4. built-in defaults (the ``default`` column of ``CONFIG_SPEC``).

``CONFIG_SPEC`` lists every key with its type, default, description and validator;
the top-level ``config.toml`` is rendered from it (``render_config_toml``) and a test
keeps the two equal. Unknown keys, wrong types and bad values raise ``ConfigError``
naming the key and the file. Nothing reads configuration at import time.

Imports only ``errors`` from the package.
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import time
from pathlib import Path
from typing import Any, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from tracker.errors import ConfigError

ENV_CONFIG = "TRACKER_CONFIG"
ENV_DATABASE_URL = "TRACKER_DATABASE_URL"
ENV_SMTP_PASSWORD = "TRACKER_SMTP_PASSWORD"
DEFAULT_FILE = "config.toml"


def default_database_url() -> str:
    """An SQLite file in the user's data directory (platformdirs)."""
    from platformdirs import user_data_dir

    return f"sqlite:///{Path(user_data_dir('tracker', appauthor=False)) / 'tracker.db'}"


# --- validators: return None when the value is fine, else the reason (Vietnamese) ---


def _timezone(value: Any) -> str | None:
    try:
        ZoneInfo(str(value))
    except (ZoneInfoNotFoundError, ValueError):
        return f"múi giờ không tồn tại: {value!r}"
    return None


def _one_of(*allowed: str) -> Callable[[Any], str | None]:
    def check(value: Any) -> str | None:
        return None if value in allowed else f"phải là một trong {', '.join(allowed)}"

    return check


def _range(low: float, high: float) -> Callable[[Any], str | None]:
    def check(value: Any) -> str | None:
        return None if low <= value <= high else f"phải nằm trong khoảng {low}…{high}"

    return check


def _clock(value: Any) -> str | None:
    try:
        time.fromisoformat(str(value))
    except ValueError:
        return f"giờ không hợp lệ: {value!r} (dạng HH:MM)"
    return None


def _clock_or_off(value: Any) -> str | None:
    return None if value == "" else _clock(value)


def _ladder(value: Any) -> str | None:
    if any(not isinstance(v, int) or isinstance(v, bool) or v < 0 for v in value):
        return "phải là danh sách số ngày làm việc không âm, ví dụ [5, 3, 1, 0]"
    return None


def _weekday(value: Any) -> str | None:
    days = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
    return None if value in days else f"phải là một trong {', '.join(days)}"


def _addresses(value: Any) -> str | None:
    from tracker.notify.address import address_problem

    for item in value:
        problem = address_problem(str(item))
        if problem is not None:
            return f"có địa chỉ thư không hợp lệ {item!r} ({problem})"
    return None


def _sender(value: Any) -> str | None:
    from tracker.notify.address import address_problem

    problem = address_problem(str(value), allow_localhost=True)
    return None if problem is None else f"không phải địa chỉ thư hợp lệ {value!r} ({problem})"


def _periods(value: Any) -> str | None:
    kinds = ("month", "quarter", "half", "year")
    if any(v not in kinds for v in value):
        return f"chỉ gồm các kỳ {', '.join(kinds)}"
    return None


def _database_url(value: Any) -> str | None:
    text = str(value)
    if text == "" or text.startswith(("sqlite:", "postgresql", "postgres:")):
        return None
    return "chỉ hỗ trợ sqlite:///… hoặc postgresql+psycopg://…"


@dataclass(frozen=True)
class Option:
    """One configuration key: where it lives, its type, default and meaning."""

    section: str
    key: str
    value_type: type
    default: Any
    description: str
    validate: Callable[[Any], str | None] | None = None
    item_type: type | None = None  # for lists

    @property
    def name(self) -> str:
        """``section.key`` as users write it in messages."""
        return f"{self.section}.{self.key}"


CONFIG_SPEC: tuple[Option, ...] = (
    Option(
        "database",
        "url",
        str,
        "",
        "Database URL; empty means an SQLite file in the user data directory. "
        "Overridden by TRACKER_DATABASE_URL and --db.",
        _database_url,
    ),
    Option(
        "database",
        "auto_upgrade",
        bool,
        True,
        "Upgrade the schema automatically when a command opens an older database.",
    ),
    Option(
        "general",
        "timezone",
        str,
        "Asia/Ho_Chi_Minh",
        "Time zone that decides 'today' and the scheduler's clock.",
        _timezone,
    ),
    Option(
        "general",
        "language",
        str,
        "vi",
        "Language of messages and reports: vi or en.",
        _one_of("vi", "en"),
    ),
    Option(
        "input",
        "max_file_mb",
        int,
        20,
        "Refuse input documents larger than this (MB).",
        _range(1, 1024),
    ),
    Option(
        "input",
        "max_unpacked_mb",
        int,
        200,
        "Refuse a .docx whose parts unpack to more than this (MB): a zip bomb.",
        _range(1, 4096),
    ),
    Option(
        "input",
        "max_pages",
        int,
        300,
        "Refuse a PDF or scan with more pages than this.",
        _range(1, 10000),
    ),
    Option(
        "intake",
        "folder",
        str,
        "",
        "Drop folder the scheduler ingests from (empty: none); relative to the config file.",
    ),
    Option(
        "intake",
        "every_minutes",
        int,
        5,
        "How often the scheduler looks into the drop folder (minutes).",
        _range(1, 1440),
    ),
    Option(
        "intake",
        "settle_seconds",
        int,
        60,
        "A dropped file is taken once it has not changed for this many seconds.",
        _range(0, 86400),
    ),
    Option(
        "office",
        "name",
        str,
        "VĂN PHÒNG HĐND VÀ UBND HUYỆN",
        "The office that issues reports (lower line of the header).",
    ),
    Option(
        "office",
        "parent",
        str,
        "ỦY BAN NHÂN DÂN HUYỆN",
        "Its parent body (upper line of the header).",
    ),
    Option(
        "office", "place", str, "Thọ Xuân", "Place name of the date line ('…, ngày … tháng …')."
    ),
    Option(
        "office",
        "number_suffix",
        str,
        "VP",
        "Symbol suffix of report numbers: 'BC-VP' (state) or 'BC/HU' (Party).",
    ),
    Option(
        "office",
        "template",
        str,
        "state",
        "Report layout: state (Nghị định 30/2020) or party (Hướng dẫn 36-HD/VPTW).",
        _one_of("state", "party"),
    ),
    Option("office", "signer_title", str, "CHÁNH VĂN PHÒNG", "Title above the signature."),
    Option("office", "signer_name", str, "", "Name of the signer (may be empty)."),
    Option(
        "office",
        "signer_authority",
        str,
        "",
        "Authority line above the signer's title, e.g. 'KT. CHÁNH VĂN PHÒNG' when a deputy "
        "signs or 'T/M BAN THƯỜNG VỤ' (empty: the title alone).",
    ),
    Option(
        "office",
        "recipients",
        list,
        ["Thường trực UBND huyện", "Lưu: VT"],
        "The 'Nơi nhận' list of reports.",
        item_type=str,
    ),
    Option(
        "deadlines",
        "before_means",
        str,
        "inclusive",
        "'trước ngày X': inclusive = by the end of X; exclusive = by the end of X-1.",
        _one_of("inclusive", "exclusive"),
    ),
    Option(
        "deadlines",
        "roll_forward",
        bool,
        False,
        "true: a deadline on a weekend or public holiday moves to the next working day "
        "(Civil Code 2015 art. 148); false: deadlines count as written.",
    ),
    Option(
        "deadlines",
        "due_soon_days",
        int,
        3,
        "An open assignment is 'due_soon' within this many working days of its deadline.",
        _range(0, 60),
    ),
    Option(
        "review",
        "confidence_threshold",
        float,
        0.95,
        "Tasks below this confidence wait for review as drafts (default: the shipped "
        "model's 95%-right level, which no task reaches yet: every task is reviewed).",
        _range(0.0, 1.0),
    ),
    Option(
        "reminders",
        "ladder",
        list,
        [5, 3, 1, 0],
        "Working days before the deadline when a reminder is sent (0 = on the day).",
        _ladder,
        item_type=int,
    ),
    Option(
        "reminders",
        "overdue_every_days",
        int,
        7,
        "After the deadline, remind an overdue unit on its first late day, then every this "
        "many days (0 = never).",
        _range(0, 365),
    ),
    Option(
        "reminders",
        "supervisors",
        list,
        [],
        "E-mail addresses that receive the escalation list of overdue units (all of them; "
        "the only recipients for a task with no report-to unit).",
        _addresses,
        item_type=str,
    ),
    Option("schedule", "check_time", str, "07:00", "Daily time of 'tracker check'.", _clock),
    Option("schedule", "send_time", str, "07:15", "Daily time of 'tracker send'.", _clock),
    Option(
        "schedule",
        "digest_weekday",
        str,
        "mon",
        "Day of the weekly digest to supervisors.",
        _weekday,
    ),
    Option("schedule", "digest_time", str, "08:00", "Time of the weekly digest.", _clock),
    Option(
        "schedule",
        "report_time",
        str,
        "07:30",
        "Daily time at which the periodic report due that day (if any) is mailed.",
        _clock,
    ),
    Option(
        "reports",
        "periods",
        list,
        ["month", "quarter", "half", "year"],
        "Periodic reports mailed to reminders.supervisors (as PDF) on the first working day "
        "after each period: month, quarter, half, year; a larger period ending the same day "
        "replaces the smaller ones; [] sends none.",
        _periods,
        item_type=str,
    ),
    Option(
        "notify",
        "channel",
        str,
        "file",
        "'file' writes .eml files into the outbox folder; 'smtp' sends them.",
        _one_of("file", "smtp"),
    ),
    Option("notify", "outbox", str, "outbox", "Outbox folder, relative to the config file."),
    Option("notify", "sender", str, "tracker@localhost", "From address of messages.", _sender),
    Option(
        "notify",
        "max_attempts",
        int,
        5,
        "A message the server refuses is tried this many times, then marked failed "
        "(see 'tracker outbox list').",
        _range(1, 100),
    ),
    Option(
        "notify",
        "retry_minutes",
        int,
        15,
        "Wait before the first retry of a refused message; doubled after each try (max 1 day).",
        _range(1, 1440),
    ),
    Option("smtp", "host", str, "localhost", "SMTP server."),
    Option("smtp", "port", int, 587, "SMTP port.", _range(1, 65535)),
    Option(
        "smtp",
        "security",
        str,
        "starttls",
        "starttls, ssl or none.",
        _one_of("starttls", "ssl", "none"),
    ),
    Option(
        "smtp", "user", str, "", "SMTP user; the password comes only from TRACKER_SMTP_PASSWORD."
    ),
    Option(
        "smtp",
        "timeout",
        int,
        30,
        "Seconds before an SMTP connection attempt fails.",
        _range(1, 600),
    ),
    Option(
        "backup",
        "folder",
        str,
        "",
        "Folder of backups (tracker db backup, the daily job), relative to the config file; "
        "empty: 'backups' in the user data directory.",
    ),
    Option(
        "backup",
        "time",
        str,
        "02:30",
        "Daily time of the scheduler's backup; empty: no scheduled backup.",
        _clock_or_off,
    ),
    Option(
        "backup",
        "keep",
        int,
        14,
        "How many backups the folder keeps (the oldest beyond this are removed).",
        _range(1, 3650),
    ),
    Option(
        "units",
        "file",
        str,
        "",
        "Unit registry (CSV or TOML) loaded by 'tracker units import' when no file is given.",
    ),
)

_BY_NAME = {(o.section, o.key): o for o in CONFIG_SPEC}


@dataclass(frozen=True)
class Config:
    """The whole configuration, resolved (defaults, file, environment, flags)."""

    values: dict[tuple[str, str], Any]
    path: Path | None = None
    smtp_password: str | None = field(default=None, repr=False)

    def get(self, section: str, key: str) -> Any:
        """The value of ``section.key`` (a key must exist in ``CONFIG_SPEC``)."""
        return self.values[(section, key)]

    @property
    def base_dir(self) -> Path:
        """Folder that relative paths in the file are resolved against."""
        return self.path.parent if self.path else Path.cwd()

    def resolve_path(self, section: str, key: str) -> Path:
        """A path option, relative to the config file's folder."""
        value = Path(str(self.get(section, key))).expanduser()
        return value if value.is_absolute() else self.base_dir / value

    @property
    def database_url(self) -> str:
        """The effective database URL."""
        return str(self.get("database", "url")) or default_database_url()

    @property
    def timezone(self) -> str:
        """IANA time zone name."""
        return str(self.get("general", "timezone"))

    @property
    def before_means(self) -> Literal["inclusive", "exclusive"]:
        """How 'trước ngày X' is read."""
        return "exclusive" if self.get("deadlines", "before_means") == "exclusive" else "inclusive"


def _check_type(option: Option, value: Any, where: str) -> Any:
    expected = option.value_type
    if expected is float and isinstance(value, int) and not isinstance(value, bool):
        value = float(value)
    if expected is int and isinstance(value, bool):
        raise ConfigError(f"{where}: khóa {option.name} phải là số nguyên, không phải {value!r}")
    if not isinstance(value, expected):
        kind = {str: "chuỗi", int: "số nguyên", float: "số", bool: "true/false", list: "danh sách"}
        wanted = kind.get(expected, expected.__name__)
        raise ConfigError(f"{where}: khóa {option.name} phải là {wanted}, không phải {value!r}")
    items: list[Any] = value if isinstance(value, list) else []
    if option.item_type is not None and any(not isinstance(v, option.item_type) for v in items):
        raise ConfigError(f"{where}: khóa {option.name} có phần tử sai kiểu")
    if option.validate is not None:
        reason = option.validate(value)
        if reason:
            raise ConfigError(f"{where}: khóa {option.name} {reason}")
    return value


def _read_file(path: Path) -> dict[str, Any]:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as error:
        raise ConfigError(f"không tìm thấy tệp cấu hình {path}") from error
    except (OSError, UnicodeDecodeError) as error:
        raise ConfigError(f"không đọc được tệp cấu hình {path}: {error}") from error
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"{path}: TOML không hợp lệ: {error}") from error


def _apply_file(values: dict[tuple[str, str], Any], data: dict[str, Any], path: Path) -> None:
    for section, table in data.items():
        if not isinstance(table, dict):
            raise ConfigError(f"{path}: khóa không hợp lệ {section!r} (cần một bảng [{section}])")
        for key_name, value in table.items():
            if section == "smtp" and key_name == "password":
                raise ConfigError(
                    f"{path}: khóa smtp.password không được phép; mật khẩu chỉ lấy từ "
                    f"biến môi trường {ENV_SMTP_PASSWORD}"
                )
            option = _BY_NAME.get((section, key_name))
            if option is None:
                raise ConfigError(f"{path}: khóa không hợp lệ {section}.{key_name}")
            values[(section, key_name)] = _check_type(option, value, str(path))


def find_config_file(explicit: str | Path | None) -> Path | None:
    """The file to read: ``--config``, else ``$TRACKER_CONFIG``, else ``./config.toml``."""
    if explicit:
        return Path(explicit).expanduser()
    env = os.environ.get(ENV_CONFIG)
    if env:
        return Path(env).expanduser()
    local = Path.cwd() / DEFAULT_FILE
    return local if local.is_file() else None


def load_config(path: str | Path | None = None, *, database_url: str | None = None) -> Config:
    """Resolve the configuration by the documented precedence.

    ``path`` is ``--config``; ``database_url`` is ``--db``.
    """
    values = {(o.section, o.key): o.default for o in CONFIG_SPEC}
    file = find_config_file(path)
    if file is not None:
        _apply_file(values, _read_file(file), file)
        file = file.resolve()
    env_url = os.environ.get(ENV_DATABASE_URL)
    for source, url in ((ENV_DATABASE_URL, env_url), ("--db", database_url)):
        if url:
            values[("database", "url")] = _check_type(_BY_NAME[("database", "url")], url, source)
    return Config(values=values, path=file, smtp_password=os.environ.get(ENV_SMTP_PASSWORD) or None)


def _toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    if isinstance(value, list):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    return repr(value)


def render_config_toml(*, database_url: str | None = None) -> str:
    """The documented default configuration file, generated from ``CONFIG_SPEC``;
    ``database_url`` (``tracker init --db``) replaces the default of ``database.url``."""
    lines = [
        "# tracker configuration: every key, its default, and what it does.",
        "# Precedence: command-line flags > environment (TRACKER_DATABASE_URL,",
        "# TRACKER_CONFIG, TRACKER_SMTP_PASSWORD) > this file > built-in defaults.",
        "# Secrets are never read from this file: set TRACKER_SMTP_PASSWORD.",
    ]
    section = None
    for option in CONFIG_SPEC:
        if option.section != section:
            section = option.section
            lines += ["", f"[{section}]"]
        lines.append(f"# {option.description}")
        value = option.default
        if database_url is not None and option.name == "database.url":
            value = database_url
        lines.append(f"{option.key} = {_toml_value(value)}")
    return "\n".join(lines) + "\n"
