"""Backups of the whole database: ``tracker db backup`` and the scheduler's daily job.

* SQLite: SQLite's online backup API (a consistent copy while other processes read
  and write, WAL included) into a hidden temporary file beside the target, checked
  with ``PRAGMA quick_check``, then renamed into place (mode 0600). The copy is an
  ordinary database file: restoring is copying it back (README).
* PostgreSQL: ``pg_dump --format=custom`` (restored with ``pg_restore``), when the
  PostgreSQL client tools are installed; else one line naming the package. The
  password goes to pg_dump through ``PGPASSWORD``, never its command line.
* Retention: a folder keeps the newest ``backup.keep`` files *named by this module*
  (``tracker-YYYYMMDD-HHMMSS.db`` / ``.dump``); nothing else in it is touched.

A failed backup leaves no partial file. No clock reads: callers pass ``now``.
Imports ``config``, ``errors`` and ``store.engine``.
"""

from __future__ import annotations

import os
import re
import shutil
import sqlite3
import subprocess
from contextlib import closing
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlalchemy.engine import URL

from tracker.config import Config
from tracker.errors import BadInput, DatabaseUnavailable
from tracker.store.engine import _sqlite_file, normalise_url, safe_url

NAME = re.compile(r"^tracker-\d{8}-\d{6}(?:-\d+)?\.(?:db|dump)$")
PG_PACKAGE = "postgresql-client"


@dataclass(frozen=True, slots=True)
class BackupResult:
    """The backup written, its size, and the old backups removed by retention."""

    path: Path
    size: int
    removed: tuple[Path, ...] = ()


def backup_folder(config: Config) -> Path:
    """``backup.folder`` (relative to the config file), else ``backups`` in the user
    data directory, beside the default database."""
    if str(config.get("backup", "folder")):
        return config.resolve_path("backup", "folder")
    from platformdirs import user_data_dir

    return Path(user_data_dir("tracker", appauthor=False)) / "backups"


def _is_postgres(url: URL) -> bool:
    return url.drivername.startswith("postgresql")


def default_name(url: str, now: datetime, timezone: str) -> str:
    """``tracker-20261207-023000.db`` (SQLite) or ``….dump`` (PostgreSQL), local time."""
    suffix = "dump" if _is_postgres(normalise_url(url)) else "db"
    return f"tracker-{now.astimezone(ZoneInfo(timezone)):%Y%m%d-%H%M%S}.{suffix}"


def backup_to_folder(
    url: str, folder: Path, *, now: datetime, timezone: str, keep: int | None
) -> BackupResult:
    """A new backup in ``folder`` (created 0700 if missing); then only the newest
    ``keep`` of our backups stay there (``keep=None``: none removed)."""
    if not folder.exists():
        try:
            folder.mkdir(parents=True, mode=0o700)
        except OSError as error:
            raise BadInput(f"không tạo được thư mục sao lưu {folder}: {error.strerror}") from None
    name = default_name(url, now, timezone)
    target = folder / name
    counter = 1
    while target.exists():  # two backups within one second
        counter += 1
        stem, dot, suffix = name.rpartition(".")
        target = folder / f"{stem}-{counter}{dot}{suffix}"
    path = backup(url, target)
    removed = tuple(prune(folder, keep)) if keep is not None else ()
    return BackupResult(path, path.stat().st_size, removed)


def backup(url: str, target: Path) -> Path:
    """Back the database up into the file ``target`` (refused when it exists)."""
    parsed = normalise_url(url)
    if target.exists() or target.is_symlink():
        raise BadInput(f"tệp {target} đã có; chọn tên khác (bản sao lưu không ghi đè)")
    if not target.parent.is_dir():
        raise BadInput(f"thư mục {target.parent} không tồn tại")
    temp = target.with_name(f".{target.name}.part")
    try:
        if _is_postgres(parsed):
            _pg_dump(parsed, temp)
        else:
            _sqlite_backup(parsed, temp)
        temp.chmod(0o600)
        temp.replace(target)
    except OSError as error:
        raise BadInput(f"không ghi được bản sao lưu {target}: {error.strerror or error}") from None
    finally:
        temp.unlink(missing_ok=True)
    return target


def _sqlite_backup(url: URL, temp: Path) -> None:
    source_path = _sqlite_file(url)
    if source_path is None or not source_path.is_file():
        raise BadInput(f"không có tệp cơ sở dữ liệu để sao lưu: {safe_url(url)}")
    fd = os.open(temp, os.O_CREAT | os.O_TRUNC | os.O_WRONLY, 0o600)
    os.close(fd)
    source_uri = f"{source_path.resolve().as_uri()}?mode=ro"
    try:
        with (
            closing(sqlite3.connect(source_uri, uri=True)) as source,
            closing(sqlite3.connect(temp)) as copy,
        ):
            source.backup(copy)
            copy.execute("PRAGMA journal_mode=DELETE")  # one self-contained file
            (verdict,) = copy.execute("PRAGMA quick_check").fetchone()
    except sqlite3.Error as error:
        raise DatabaseUnavailable(f"không sao lưu được {source_path}: {error}") from None
    if verdict != "ok":
        raise DatabaseUnavailable(f"bản sao lưu của {source_path} không toàn vẹn: {verdict}")


def _pg_dump(url: URL, temp: Path) -> None:
    program = shutil.which("pg_dump")
    if program is None:
        raise BadInput(
            "không tìm thấy pg_dump để sao lưu PostgreSQL: cài gói "
            f"{PG_PACKAGE} (Debian/Ubuntu: apt-get install {PG_PACKAGE})"
        )
    target = url.set(drivername="postgresql", password=None)
    env = dict(os.environ)
    if url.password:
        env["PGPASSWORD"] = str(url.password)
    command = [
        program,
        "--format=custom",
        "--no-owner",
        f"--file={temp}",
        f"--dbname={target.render_as_string(hide_password=False)}",
    ]
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        lines = [line for line in done.stderr.splitlines() if line.strip()]
        reason = " ".join(lines[-1].split()) if lines else f"mã thoát {done.returncode}"
        raise DatabaseUnavailable(f"pg_dump không sao lưu được {safe_url(url)}: {reason}")


def prune(folder: Path, keep: int) -> list[Path]:
    """Remove all but the newest ``keep`` of our backups in ``folder``; returns them."""
    ours = sorted(
        (p for p in folder.iterdir() if NAME.match(p.name) and p.is_file()),
        key=lambda p: (p.stat().st_mtime, p.name),
    )
    removed = ours[: max(len(ours) - keep, 0)]
    for path in removed:
        path.unlink(missing_ok=True)
    return removed
