"""Domain errors, each with the exit code the CLI gives it.

The core raises these; only ``tracker.cli`` turns them into one stderr line and an
exit code (docs/contract.md: 2 = bad usage or input, 3 = database/server unreachable or
migration refused). Must not import Typer/Click or anything else from the package.
"""

from __future__ import annotations


class TrackerError(Exception):
    """Base of every error a user can cause or meet; ``str()`` is the one-line message."""

    exit_code: int = 2


class BadInput(TrackerError):
    """Unreadable file, bad encoding, invalid date, unknown unit or task."""

    exit_code = 2


class ConfigError(TrackerError):
    """Invalid configuration: the message names the key (and file)."""

    exit_code = 2


class DatabaseUnavailable(TrackerError):
    """The database (or another server) could not be reached."""

    exit_code = 3


class DatabaseBusy(DatabaseUnavailable):
    """Another process held the write lock longer than the busy timeout."""


class DatabaseReadOnly(DatabaseUnavailable):
    """The database can be read but not written (file mode, read-only file system)."""


class MigrationRequired(TrackerError):
    """The database schema is behind and upgrading it was refused."""

    exit_code = 3
