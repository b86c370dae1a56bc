"""CLI fixtures: a workspace (database URL, the sample files, a runner that always
passes ``--db``), with the sample registry imported and, for ``ingested``, the sample
document stored. Parametrised over SQLite and PostgreSQL through ``db_url``."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import func, select
from typer.testing import CliRunner

from tracker.cli import app
from tracker.demo import copy_samples
from tracker.store.engine import make_engine
from tracker.store.models import Assignment, Document, Event, Task, Unit


class Workspace:
    """A database URL, the sample files and a runner that always passes ``--db``."""

    def __init__(self, url: str, folder: Path) -> None:
        self.url = url
        self.document, self.units = copy_samples(folder)
        self.runner = CliRunner()

    def run(self, *args: str):
        return self.runner.invoke(app, [*args, "--db", self.url])

    def jsonl(self, *args: str) -> list[dict]:
        result = self.run(*args, "--format", "jsonl")
        assert result.exit_code == 0, result.stderr
        return [json.loads(line) for line in result.stdout.splitlines()]

    def count(self, model) -> int:
        engine = make_engine(self.url)
        with engine.connect() as connection:
            value = connection.execute(select(func.count()).select_from(model)).scalar_one()
        engine.dispose()
        return value

    def counts(self) -> tuple[int, ...]:
        return tuple(self.count(m) for m in (Document, Task, Assignment, Event, Unit))


@pytest.fixture
def ws(db_url, tmp_path) -> Workspace:
    workspace = Workspace(db_url, tmp_path)
    created = workspace.run("db", "upgrade")  # only init and db upgrade create a database
    assert created.exit_code == 0, created.stderr
    result = workspace.run("units", "import", str(workspace.units))
    assert result.exit_code == 0, result.stderr
    return workspace


@pytest.fixture
def ingested(ws) -> Workspace:
    # confirmed: these tests track work; the review decision is tested on its own
    rows = ws.jsonl("ingest", str(ws.document), "--confirm")
    assert rows == [
        {
            "doc": "thong_bao_ket_luan.txt",
            "document_id": 1,
            "tasks": 8,
            "duplicate": False,
            "drafts": 0,
            "assignments": 18,
            "likely_duplicate_of": None,
        },
    ]
    return ws
