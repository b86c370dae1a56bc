"""The drop folder (``[intake] folder``): files put there are ingested and moved away.

Each run (the scheduler's ``intake-folder`` job every ``intake.every_minutes``, or
``tracker intake run``):

1. takes the files directly in the folder that have not changed for
   ``intake.settle_seconds`` (a file still being copied keeps changing its size and
   time) — hidden files and partial downloads (``~$x.docx``, ``.part``, ``.tmp``) never;
2. claims each by renaming it into ``processing/`` (a rename is atomic: of two
   schedulers or a scheduler and a person, one gets the file) and holds a lock on it
   while working (a file left in ``processing/`` by a run that died is taken again,
   once no one holds its lock);
3. ingests it through the same use case as ``tracker ingest``
   (``app.documents.ingest_documents``: one transaction per document, events naming
   the actor; the same content again is a duplicate, so a retry never stores twice);
4. moves it to ``done/``, or to ``failed/`` with ``<name>.error.txt`` holding the
   one-line reason; a name already there gets " (2)", " (3)" ….

Nothing is lost (a file is always in the folder, ``processing/``, ``done/`` or
``failed/``) and nothing is stored twice. No clock is read here: the context's.

Imports ``app.context``, ``app.documents``, ``load`` and ``errors``.
"""

from __future__ import annotations

import contextlib
import fcntl
import logging
import os
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from tracker.app.context import Context
from tracker.app.documents import ingest_documents
from tracker.errors import TrackerError
from tracker.load import limits_from_config, load_files

if TYPE_CHECKING:
    from tracker.config import Config

log = logging.getLogger("tracker.dropfolder")
PROCESSING, DONE, FAILED = "processing", "done", "failed"
_PARTIAL = (".part", ".partial", ".tmp", ".crdownload", ".download", ".swp")


@dataclass(frozen=True, slots=True)
class Outcome:
    """What happened to one dropped file."""

    name: str
    status: str  # "done" or "failed"
    documents: int = 0
    tasks: int = 0
    duplicates: int = 0
    error: str | None = None


def folder_of(config: Config) -> Path | None:
    """The configured drop folder (relative to the config file), or None."""
    if not str(config.get("intake", "folder")):
        return None
    return config.resolve_path("intake", "folder")


def _ready(folder: Path, *, now: datetime, settle_seconds: int) -> list[Path]:
    files = []
    for entry in sorted(folder.iterdir()):
        name = entry.name
        if name.startswith((".", "~$")) or name.lower().endswith(_PARTIAL):
            continue
        try:
            info = entry.lstat()
        except FileNotFoundError:
            continue
        if not entry.is_file() or entry.is_symlink():
            continue
        if now.timestamp() - info.st_mtime < settle_seconds:
            continue  # still being written
        files.append(entry)
    return files


def _free_name(folder: Path, name: str) -> Path:
    target = folder / name
    stem, suffix = Path(name).stem, Path(name).suffix
    number = 2
    while target.exists():
        target = folder / f"{stem} ({number}){suffix}"
        number += 1
    return target


@contextlib.contextmanager
def _locked(path: Path) -> Iterator[bool]:
    """Hold an exclusive lock on ``path``; yields False when another run holds it."""
    try:
        handle = open(path, "rb")  # noqa: SIM115  # kept open for the lock's lifetime
    except FileNotFoundError:
        yield False
        return
    with handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            yield False
            return
        try:
            yield True
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _claim(folder: Path, files: list[Path]) -> list[Path]:
    """Move ready files into processing/ (atomically); with what an earlier run left."""
    processing = folder / PROCESSING
    claimed = sorted(p for p in processing.iterdir() if p.is_file())
    for path in files:
        target = _free_name(processing, path.name)
        try:
            os.rename(path, target)
        except FileNotFoundError:
            continue  # another run took it first
        claimed.append(target)
    return claimed


def _finish(folder: Path, path: Path, outcome: Outcome) -> None:
    target = _free_name(folder / outcome.status, path.name)
    if outcome.error is not None:
        note = target.with_name(target.name + ".error.txt")
        note.write_text(outcome.error + "\n", encoding="utf-8")
    os.rename(path, target)


def _ingest_one(ctx: Context, path: Path, *, actor: str) -> Outcome:
    try:
        documents = load_files([path], limits=limits_from_config(ctx.config))
        results = ingest_documents(ctx, documents, actor=actor)
    except TrackerError as error:
        detail = " ".join(str(error).split())
        return Outcome(path.name, FAILED, error=detail)
    return Outcome(
        path.name,
        DONE,
        documents=len(results),
        tasks=sum(r.tasks for r in results if not r.duplicate),
        duplicates=sum(r.duplicate for r in results),
    )


def run_once(ctx: Context, *, actor: str) -> list[Outcome]:
    """Ingest what is ready in the drop folder; returns one outcome per file handled.

    ``actor``: who runs it ("scheduler:intake-folder", "cli:<login>"), named on the
    events of what is stored."""
    folder = folder_of(ctx.config)
    if folder is None:
        return []
    for sub in (PROCESSING, DONE, FAILED):
        (folder / sub).mkdir(parents=True, exist_ok=True)
    settle = int(ctx.config.get("intake", "settle_seconds"))
    outcomes: list[Outcome] = []
    for path in _claim(folder, _ready(folder, now=ctx.now(), settle_seconds=settle)):
        with _locked(path) as mine:
            if not mine or not path.exists():
                continue  # another run is working on it
            outcome = _ingest_one(ctx, path, actor=actor)
            _finish(folder, path, outcome)
        log.info("%s: %s", path.name, outcome.error or outcome.status)
        outcomes.append(outcome)
    return outcomes
