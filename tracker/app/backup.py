"""Use case: back the whole database up (``tracker db backup`` and the scheduler's
daily backup job).

It takes the configuration, not a ``Context``: a backup reads the database as it is,
so it must not open an engine that upgrades the schema first (the backup before
``tracker db upgrade`` is the one that matters).

Imports ``config`` and ``store.backup``.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from tracker.config import Config
from tracker.store.backup import (
    BackupResult,
    backup,
    backup_folder,
    backup_to_folder,
    default_name,
)


def back_up(config: Config, *, now: datetime, output: Path | None = None) -> BackupResult:
    """A backup into ``output`` (a file, never overwritten, or a folder), or into
    ``backup.folder`` keeping the newest ``backup.keep`` of ours."""
    url, timezone = config.database_url, config.timezone
    if output is None:
        keep = int(config.get("backup", "keep"))
        return backup_to_folder(url, backup_folder(config), now=now, timezone=timezone, keep=keep)
    target = output / default_name(url, now, timezone) if output.is_dir() else output
    path = backup(url, target)
    return BackupResult(path, path.stat().st_size)
